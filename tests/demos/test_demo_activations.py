"""``activations``: autograd's derivatives against the formulas, and where they vanish."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.demos.activations import (
    VANISHING,
    activation_and_derivative,
    vanishing_intervals,
)

X = np.linspace(-4.0, 4.0, 801)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


FORMULAS = {
    "tanh": (np.tanh, lambda x: 1.0 - np.tanh(x) ** 2),
    "sigmoid": (_sigmoid, lambda x: _sigmoid(x) * (1.0 - _sigmoid(x))),
    "relu": (lambda x: np.maximum(x, 0.0), lambda x: (x > 0).astype(float)),
    "leaky_relu": (lambda x: np.where(x > 0, x, 0.1 * x), lambda x: np.where(x > 0, 1.0, 0.1)),
}


@pytest.mark.parametrize("name", list(FORMULAS))
def test_autograd_derivative_matches_the_formula(name):
    values, slopes = activation_and_derivative(name, X)
    function, derivative = FORMULAS[name]
    np.testing.assert_allclose(values, function(X), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(slopes, derivative(X), rtol=1e-12, atol=1e-15)


def test_vanishing_regions_are_where_the_formulas_say():
    # tanh' = 1 - tanh² < 0.05  <=>  |x| > atanh(sqrt(0.95));
    # sigmoid' = s (1 - s) < 0.05  <=>  |x| > log(s / (1 - s)) with s the larger root.
    tanh_edge = np.arctanh(np.sqrt(1.0 - VANISHING))
    s = (1.0 + np.sqrt(1.0 - 4.0 * VANISHING)) / 2.0
    sigmoid_edge = np.log(s / (1.0 - s))
    step = X[1] - X[0]
    for name, edge in (("tanh", tanh_edge), ("sigmoid", sigmoid_edge)):
        (left_start, left_end), (right_start, right_end) = vanishing_intervals(
            X, activation_and_derivative(name, X)[1])
        assert left_start == -4.0 and right_end == 4.0
        assert abs(left_end + edge) <= step and abs(right_start - edge) <= step
    assert vanishing_intervals(X, activation_and_derivative("relu", X)[1]) == [(-4.0, 0.0)]
    assert vanishing_intervals(X, activation_and_derivative("leaky_relu", X)[1]) == []


def test_demo_prints_and_records_the_vanishing_regions(demo_result):
    result = demo_result("activations")
    assert result.numbers["relu_vanishing"] == [(-4.0, 0.0)]
    assert result.numbers["leaky_relu_vanishing"] == []
    assert result.numbers["sigmoid_max_derivative"] == pytest.approx(0.25)
    assert "gradient never vanishes" in result.text
