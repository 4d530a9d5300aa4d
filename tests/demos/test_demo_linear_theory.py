"""``linear-theory``: each claim of the thesis chapter, checked against an independent reference."""

from __future__ import annotations

import math

import numpy as np
import pytest

from descenso.datasets import make_linear
from descenso.demos.linear_theory import (
    TRUE_B,
    TRUE_W,
    closed_form,
    negative_log_likelihood,
    polynomial_errors,
)


def test_closed_form_matches_numpy_least_squares(rng):
    X = rng.standard_normal((50, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 3.0 + 0.1 * rng.standard_normal(50)
    expected = np.linalg.lstsq(np.column_stack([X, np.ones(50)]), y, rcond=None)[0]
    np.testing.assert_allclose(closed_form(X, y), expected, rtol=1e-10, atol=1e-12)


def test_negative_log_likelihood_is_scipys_normal_logpdf(rng):
    stats = pytest.importorskip("scipy.stats")
    residuals = 0.3 * rng.standard_normal(40)
    expected = -stats.norm.logpdf(residuals, scale=0.3).sum()
    assert negative_log_likelihood(residuals, 0.3) == pytest.approx(expected, rel=1e-12)


def test_polynomial_errors_match_numpy_polyfit(rng):
    x, x_val = rng.uniform(-2, 2, 20), rng.uniform(-2, 2, 30)
    y, y_val = np.sin(x), np.sin(x_val)
    errors = polynomial_errors(x, y, x_val, y_val, [0, 1, 4])
    for index, degree in enumerate([0, 1, 4]):
        fit = np.polyfit(x, y, degree)
        assert errors["train"][index] == pytest.approx(np.mean((np.polyval(fit, x) - y) ** 2),
                                                       rel=1e-8)
        assert errors["val"][index] == pytest.approx(
            np.mean((np.polyval(fit, x_val) - y_val) ** 2), rel=1e-8)


def test_the_lesson_checks_each_claim(demo_result):
    numbers = demo_result("linear-theory").numbers
    data = make_linear(2000, w=list(TRUE_W), b=TRUE_B, noise=0.01, seed=0)
    reference = np.linalg.lstsq(np.column_stack([data.X[:1000], np.ones(1000)]), data.y[:1000],
                                rcond=None)[0]
    np.testing.assert_allclose(numbers["closed_form"], reference, rtol=1e-10)
    assert numbers["closed_form_difference"] < 1e-10
    # the one-layer network ends near the closed form, but not on it
    assert 1e-5 < numbers["network_gap"] < 0.05
    # normal noise: the negative log-likelihood is the MSE shifted and scaled, same minimum
    assert numbers["likelihood_identity"] < 1e-12
    assert numbers["nll_argmin"] == numbers["mse_argmin"] == pytest.approx(0.0, abs=1e-12)
    assert numbers["sigma_hat"] == pytest.approx(0.01, rel=0.05)
    # capacity: training error never rises with the degree; validation is U-shaped
    train, val = np.array(numbers["poly_train_mse"]), np.array(numbers["poly_val_mse"])
    assert np.all(np.diff(train) <= 1e-9)
    best = numbers["best_degree"]
    assert best == 3 and val[1] > 2 * val[best] and val[-1] > 2 * val[best]
    assert math.isclose(val.min(), val[best])
