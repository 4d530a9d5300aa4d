"""Synthetic lesson datasets: reproducible by seed, with the statistics they promise."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.datasets import make_line, make_linear, make_polynomial, make_sine
from descenso.errors import ConfigError

GENERATORS = [
    lambda seed: make_line(seed=seed),
    lambda seed: make_polynomial(seed=seed),
    lambda seed: make_linear(seed=seed),
    lambda seed: make_sine(noise=0.1, seed=seed),
]


@pytest.mark.parametrize("generate", GENERATORS)
def test_same_seed_same_bits_other_seed_other_data(generate):
    a, b, c = generate(7), generate(7), generate(8)
    assert a.X.tobytes() == b.X.tobytes() and a.y.tobytes() == b.y.tobytes()
    assert a.y.tobytes() != c.y.tobytes()
    assert a.X.dtype == a.y.dtype == np.float64
    assert a.X.ndim == 2 and a.y.shape == (a.n_samples,)


def test_line_defaults_and_noise_on_both_axes():
    ds = make_line(seed=0)
    assert ds.X.shape == (100, 1) and ds.feature_names == ["x"] and ds.target_name == "y"
    n, m, b, sigma, range_ = 200_000, 0.5, 1.0, 2.0, 50.0
    big = make_line(n=n, m=m, b=b, sigma=sigma, range_=range_, seed=1)
    x_true = np.linspace(0, range_, n)
    x_noise = big.X[:, 0] - x_true
    y_noise = big.y - (m * x_true + b)
    for noise in (x_noise, y_noise):
        assert abs(noise.mean()) < 0.03 and abs(noise.std() - sigma) < 0.02
    assert abs(np.corrcoef(x_noise, y_noise)[0, 1]) < 0.01
    rng = np.random.default_rng(1)  # the documented order of draws: x noise, then y noise
    np.testing.assert_allclose(x_noise, rng.normal(0, sigma, n), rtol=0, atol=1e-12)
    np.testing.assert_allclose(y_noise, rng.normal(0, sigma, n), rtol=0, atol=1e-12)


def test_polynomial_is_x_squared_by_default_and_takes_the_highest_power_first():
    ds = make_polynomial(n=100_000, sigma=0.5, range_=10, seed=2)
    x_true = np.linspace(0, 10, 100_000)
    residual = ds.y - x_true**2
    assert abs(residual.mean()) < 0.01 and abs(residual.std() - 0.5) < 0.01
    cubic = make_polynomial((0.5, 0.0, -2.0, 1.0), n=5, sigma=0.0, range_=4.0)
    x = np.linspace(0, 4, 5)
    np.testing.assert_allclose(cubic.y, 1 - 2 * x + 0.5 * x**3, rtol=1e-15)
    np.testing.assert_array_equal(cubic.X[:, 0], x)


def test_linear_recovers_the_classic_weights():
    ds = make_linear(n=100_000, seed=3)
    assert ds.X.shape == (100_000, 2) and ds.feature_names == ["x1", "x2"]
    assert abs(ds.X.mean()) < 0.01 and abs(ds.X.std() - 1) < 0.01
    design = np.column_stack([ds.X, np.ones(ds.n_samples)])
    solution = np.linalg.lstsq(design, ds.y, rcond=None)[0]
    np.testing.assert_allclose(solution, [2.0, -3.4, 4.2], atol=2e-4)
    assert abs((ds.y - design @ solution).std() - 0.01) < 2e-4


def test_sine():
    ds = make_sine()
    assert ds.X.shape == (2000, 1)
    assert ds.X[0, 0] == -np.pi and ds.X[-1, 0] == np.pi
    np.testing.assert_array_equal(ds.y, np.sin(ds.X[:, 0]))


@pytest.mark.parametrize("call, message", [
    (lambda: make_line(n=1), "n must be a whole number >= 2, got 1"),
    (lambda: make_line(sigma=-1), "sigma must be a finite number >= 0, got -1.0"),
    (lambda: make_line(range_=0), "range_ must be a finite number > 0, got 0.0"),
    (lambda: make_polynomial(()),
     "coefficients must be a non-empty list of finite numbers, got []"),
    (lambda: make_linear(w=[1, np.nan]),
     "w must be a non-empty list of finite numbers, got [1.0, nan]"),
    (lambda: make_sine(noise=float("inf")), "noise must be a finite number >= 0, got inf"),
])
def test_invalid_arguments(call, message):
    with pytest.raises(ConfigError) as caught:
        call()
    assert str(caught.value) == message
