"""``neuron``: one neuron's fit is a straight line with at most one kink; an MLP bends.

What is asserted: on a regular grid of 401 points over [-10, 10], the second differences of
each single neuron's prediction are zero (below float32 rounding) everywhere except at most
two adjacent grid points, which straddle the kink at ``x = -b/w`` where the activation
switches between its two linear pieces. So the prediction is piecewise linear with at most one
kink: a straight line wherever the neuron is active. The MLP's second differences are not zero
(it bends), and its L1 loss is at least 5x lower than the better single neuron's.
"""

from __future__ import annotations

import numpy as np
import pytest

TOLERANCE = 1e-3  # float32 predictions of size <= 100 round at about 1e-5


def _bent_points(curve) -> np.ndarray:
    return np.flatnonzero(np.abs(np.diff(np.asarray(curve), 2)) > TOLERANCE)


@pytest.mark.parametrize("name", ["relu", "leaky_relu"])
def test_single_neuron_prediction_is_a_line_with_at_most_one_kink(demo_result, name):
    numbers = demo_result("neuron").numbers
    grid = np.array(numbers["grid"])
    bent = _bent_points(numbers["curves"][name])
    assert len(bent) <= 2 and (len(bent) < 2 or bent[1] == bent[0] + 1)
    if len(bent):
        # the bend is where w x + b = 0 (second difference i looks at grid points i..i+2)
        kink = -numbers[f"{name}_bias"] / numbers[f"{name}_weight"]
        assert grid[bent[0]] <= kink <= grid[bent[-1] + 2]
    # and where the neuron is active (w x + b > 0 on all three points) it is exactly linear
    active = numbers[f"{name}_weight"] * grid + numbers[f"{name}_bias"] > 0
    linear_window = active[:-2] & active[1:-1] & active[2:]
    assert linear_window.sum() > 100
    assert np.abs(np.diff(numbers["curves"][name], 2))[linear_window].max() < TOLERANCE


def test_the_network_bends_and_its_loss_is_at_least_five_times_lower(demo_result):
    numbers = demo_result("neuron").numbers
    assert len(_bent_points(numbers["curves"]["mlp"])) > 100
    losses = numbers["losses"]
    assert 5 * losses["mlp"] <= min(losses["relu"], losses["leaky_relu"])
    assert numbers["loss_ratio"] >= 5


def test_the_network_fits_the_parabola(demo_result):
    numbers = demo_result("neuron").numbers
    grid = np.array(numbers["grid"])
    inside = np.abs(grid) <= 9.0  # away from the ends of the data
    assert np.abs(np.array(numbers["curves"]["mlp"])[inside] - grid[inside] ** 2).max() < 5.0
