"""``neuron``: one neuron's fit is a straight line with at most one kink; an MLP bends.

What is asserted: on a regular grid of 401 points over [0, 10] (the lesson's data: 50 points
of x in [0, 10]), the second differences of each single neuron's prediction are zero (below
float32 rounding) everywhere except at most two adjacent grid points, which straddle the kink at ``x = -b/w`` where the activation
switches between its two linear pieces. So the prediction is piecewise linear with at most one
kink: a straight line wherever the neuron is active. The MLP's second differences are not zero
(it bends), and its L1 loss is at least 3x lower than the better single neuron's (on the
lesson's convex half-parabola a line already does fairly well).
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


def test_it_is_the_lessons_experiment(demo_result):
    numbers = demo_result("neuron").numbers
    assert numbers["n"] == 50 and numbers["grid"][0] == 0.0 and numbers["grid"][-1] == 10.0


def test_the_network_bends_and_its_loss_is_at_least_three_times_lower(demo_result):
    numbers = demo_result("neuron").numbers
    assert len(_bent_points(numbers["curves"]["mlp"])) > 100
    losses = numbers["losses"]
    assert 3 * losses["mlp"] <= min(losses["relu"], losses["leaky_relu"])
    assert numbers["loss_ratio"] >= 3


def test_the_network_fits_the_parabola(demo_result):
    numbers = demo_result("neuron").numbers
    grid = np.array(numbers["grid"])
    inside = (grid >= 1.0) & (grid <= 9.0)  # away from the ends of the data
    deviation = np.abs(np.array(numbers["curves"]["mlp"])[inside] - grid[inside] ** 2)
    # the noise on x (sigma 0.5) moves y = x² by about 2 x 0.5 = x: the fit stays within
    # 1.5 of those standard deviations (plus 2 for the noise on y) of the parabola
    assert (deviation <= 2.0 + 1.5 * grid[inside]).all()
