"""Synthetic datasets of the classic lessons: a noisy line, a noisy polynomial, a linear model
with Gaussian features, and a sine.

Every generator returns a :class:`~descenso.data.TabularDataset` (``X`` of shape (n, d),
``y`` of shape (n,), float64) and takes a ``seed``: the same seed gives bit-identical data.
Noise is drawn from ``numpy.random.default_rng(seed)`` in the order the docstrings state.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from descenso.data.dataset import TabularDataset
from descenso.errors import ConfigError
from descenso.i18n import N_
from descenso.i18n import gettext as _
from descenso.validation import check_whole_number

__all__ = ["make_line", "make_linear", "make_polynomial", "make_sine"]


def _finite(value, name: str, positive: bool = False) -> float:
    """``value`` as a float, refused unless finite and >= 0 (> 0 when ``positive``)."""
    value = float(value)
    if not np.isfinite(value) or value < 0 or (positive and value == 0):
        message = (_("{name} must be a finite number > 0, got {value!r}") if positive
                   else _("{name} must be a finite number >= 0, got {value!r}"))
        raise ConfigError(message.format(name=name, value=value))
    return value


def _finite_vector(values, name: str) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1 or values.size == 0 or not np.isfinite(values).all():
        raise ConfigError(_("{name} must be a non-empty list of finite numbers, got "
                            "{value!r}").format(name=name, value=values.tolist()))
    return values


def _noisy_curve(n, sigma, range_, seed, curve) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x_true = np.linspace(0.0, range_, n)
    x = x_true + rng.normal(0.0, sigma, n)
    y = curve(x_true) + rng.normal(0.0, sigma, n)
    return x, y


def make_line(n: int = 100, m: float = 0.5, b: float = 0.0, sigma: float = 2.0,
              range_: float = 50.0, seed: int | None = None) -> TabularDataset:
    """Points of the line ``y = m x + b`` with Gaussian noise on both x and y.

    ``x_true = linspace(0, range_, n)``; then ``x = x_true + N(0, sigma)`` and
    ``y = m * x_true + b + N(0, sigma)``, the x noise drawn first: both coordinates are
    measured with error, as in the lesson on fitting a line by hand.

    Returns a TabularDataset: ``X`` (n, 1) the noisy x, ``y`` (n,) the noisy y.

    >>> ds = make_line(n=5, sigma=0.0)
    >>> ds.X.ravel().tolist(), ds.y.tolist()
    ([0.0, 12.5, 25.0, 37.5, 50.0], [0.0, 6.25, 12.5, 18.75, 25.0])
    """
    n, sigma = check_whole_number(n, "n", 2), _finite(sigma, "sigma")
    range_ = _finite(range_, "range_", True)
    x, y = _noisy_curve(n, sigma, range_, seed, lambda t: m * t + b)
    return TabularDataset(
        x[:, None], y, ["x"], "y", source="line",
        notes=[(N_("noisy line y = {m} x + {b}, noise sigma {sigma} on x and y, "
                   "x in [0, {range_}]"),
                {"m": m, "b": b, "sigma": sigma, "range_": range_})],
    )


def make_polynomial(coefficients: Sequence[float] = (1.0, 0.0, 0.0), n: int = 100,
                    sigma: float = 0.5, range_: float = 10.0,
                    seed: int | None = None) -> TabularDataset:
    """Points of the polynomial ``y = c0 xᵏ + c1 xᵏ⁻¹ + ... + ck`` with Gaussian noise on x and y.

    Coefficients go from the highest power down, as the course text's ``generate_polynomial``
    and ``numpy.polyval`` take them: ``[1, 0, 0]`` is ``y = x²`` (the default), ``[2, 1]`` is
    ``y = 2 x + 1``. ``x_true = linspace(0, range_, n)``, ``x = x_true + N(0, sigma)``,
    ``y = p(x_true) + N(0, sigma)``, the x noise drawn first.

    Returns a TabularDataset: ``X`` (n, 1) the noisy x, ``y`` (n,) the noisy y.

    >>> make_polynomial((2.0, 0.0, 1.0), n=3, sigma=0.0, range_=2.0).y.tolist()
    [1.0, 3.0, 9.0]
    """
    coefficients = _finite_vector(coefficients, "coefficients")
    n, sigma = check_whole_number(n, "n", 2), _finite(sigma, "sigma")
    range_ = _finite(range_, "range_", True)
    x, y = _noisy_curve(n, sigma, range_, seed, lambda t: np.polyval(coefficients, t))
    return TabularDataset(
        x[:, None], y, ["x"], "y", source="polynomial",
        notes=[(N_("noisy polynomial with coefficients {coefficients} (highest power first), "
                   "noise sigma {sigma} on x and y, x in [0, {range_}]"),
                {"coefficients": coefficients.tolist(), "sigma": sigma, "range_": range_})],
    )


def make_linear(n: int = 1000, w: Sequence[float] = (2.0, -3.4), b: float = 4.2,
                noise: float = 0.01, seed: int | None = None) -> TabularDataset:
    """A linear model with Gaussian features: ``y = X w + b + N(0, noise)``.

    ``X ~ N(0, 1)`` of shape (n, len(w)) is drawn first, then the noise (d2l's
    ``synthetic_data``; ``w=[2, -3.4]``, ``b=4.2`` is the classic choice).

    Returns a TabularDataset: ``X`` (n, len(w)), ``y`` (n,), features named ``x1``, ``x2``...

    >>> ds = make_linear(n=4, seed=0)
    >>> ds.X.shape, bool(abs(ds.y - (ds.X @ [2, -3.4] + 4.2)).max() < 0.05)
    ((4, 2), True)
    """
    w = _finite_vector(w, "w")
    n, noise = check_whole_number(n, "n", 2), _finite(noise, "noise")
    rng = np.random.default_rng(seed)
    X = rng.normal(0.0, 1.0, (n, w.size))
    y = X @ w + b + rng.normal(0.0, noise, n)
    return TabularDataset(
        X, y, [f"x{j}" for j in range(1, w.size + 1)], "y", source="linear",
        notes=[(N_("linear model y = X w + b with w = {w}, b = {b}, X ~ N(0, 1), noise sigma "
                   "{noise}"), {"w": w.tolist(), "b": b, "noise": noise})],
    )


def make_sine(n: int = 2000, noise: float = 0.0, seed: int | None = None) -> TabularDataset:
    """``y = sin(x)`` at ``n`` evenly spaced points of [-π, π], plus optional Gaussian noise.

    Returns a TabularDataset: ``X`` (n, 1) = ``linspace(-π, π, n)``, ``y`` (n,).

    >>> ds = make_sine(n=3)
    >>> ds.X.ravel().round(6).tolist(), ds.y.round(6).tolist()
    ([-3.141593, 0.0, 3.141593], [-0.0, 0.0, 0.0])
    """
    n, noise = check_whole_number(n, "n", 2), _finite(noise, "noise")
    x = np.linspace(-np.pi, np.pi, n)
    y = np.sin(x)
    if noise:
        y = y + np.random.default_rng(seed).normal(0.0, noise, n)
    return TabularDataset(
        x[:, None], y, ["x"], "y", source="sine",
        notes=[(N_("y = sin(x) on {n} points of [-pi, pi], noise sigma {noise}"),
                {"n": n, "noise": noise})],
    )
