"""``surface``: the error grids and the path gradient descent takes on them."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.autograd import tensor
from descenso.demos.surface import START, descend, error_grid


def test_error_grid_matches_a_direct_computation(rng):
    x, y = rng.standard_normal(7), rng.standard_normal(7)
    m, b = np.meshgrid(np.linspace(-5, 5, 4), np.linspace(-5, 5, 3))
    for kind, reduce in (("abs", lambda r: np.mean(np.abs(r))), ("squared",
                                                               lambda r: np.mean(r**2))):
        expected = [[reduce(m[i, j] * x + b[i, j] - y) for j in range(4)] for i in range(3)]
        np.testing.assert_allclose(error_grid(x, y, m, b, kind), expected, rtol=1e-13)


def test_one_point_has_zero_error_along_a_whole_line():
    m = np.linspace(-1, 2, 7)
    b = 4.0 - 4.0 * m
    values = error_grid(np.array([4.0]), np.array([4.0]), m[None, :], b[None, :], "squared")
    np.testing.assert_allclose(values, 0.0, atol=1e-24)


def test_descend_follows_plain_gradient_descent(rng):
    x, y = rng.standard_normal(20), rng.standard_normal(20)
    x_tensor, y_tensor = tensor(x), tensor(y)
    path = descend(lambda m, b: ((m * x_tensor + b - y_tensor) ** 2).mean(), START, 0.1, 15)
    m, b = START
    expected = [(m, b)]
    for _step in range(15):
        residual = m * x + b - y
        m, b = m - 0.1 * np.mean(2 * residual * x), b - 0.1 * np.mean(2 * residual)
        expected.append((m, b))
    np.testing.assert_allclose(path, expected, rtol=1e-12)


def test_paths_reach_the_valley_or_head_for_the_bottom(demo_result):
    numbers = demo_result("surface").numbers
    # squared error of one point: the residual halves each step (lr = 0.5 / curvature)
    assert numbers["surface_point_squared_final_error"] < 1e-12
    m, b = numbers["surface_point_squared_end"]
    assert 4 * m + b == pytest.approx(4.0, abs=1e-6)
    # absolute error: steps of fixed size lr * 17 = 0.85 in the residual, so it ends near 0
    assert numbers["surface_point_abs_final_error"] <= 0.85
    for stem in ("surface_data_mae", "surface_data_mse"):
        assert numbers[f"{stem}_final_error"] < 0.2 * numbers[f"{stem}_start_error"]


def test_the_lesson_says_what_its_paths_show(demo_result):
    result = demo_result("surface")
    numbers = result.numbers
    # the MAE path's steps do shrink (the surface's faces change as the line crosses points)
    assert numbers["mae_first_step"] > 4 * numbers["mae_last_step"]
    assert f"{numbers['mae_first_step']:.2f}" in result.text
    # both paths stop short of the lowest point, and the lesson says how far
    for stem in ("surface_data_mae", "surface_data_mse"):
        assert numbers[f"{stem}_distance"] > 0.3
        assert f"{numbers[f'{stem}_distance']:.2f}" in result.text
    # the text's central point: m moves the error faster than b (curvature mean(x²) vs 1)
    assert numbers["curvature_ratio"] > 2 and numbers["slope_ratio"] > 1
    assert "m moves the error faster than b" in result.text
