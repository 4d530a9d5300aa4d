"""Synthetic problems whose trouble is known, for testing the three-question diagnosis.

Each problem is built from a seed and has a known answer: "good fit", "optimization", "bias" or
"variance". Linear data fitted by a converged linear model is a good fit; the same data fitted
by gradient descent stopped early is an optimization problem; curved data fitted by a line is
bias; many features (or a high-degree polynomial) on few rows is variance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from descenso.linear import LinearRegression


@dataclass(frozen=True)
class Problem:
    name: str
    truth: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    model: object


def _split(X, y, n_train):
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def linear(seed, n, d, noise, solver="normal", **fit):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 2.0, size=d)
    w = rng.normal(size=d)
    y = X @ w + 1.5 + rng.normal(0, noise, n)
    X_train, y_train, X_val, y_val = _split(X, y, int(0.7 * n))
    model = LinearRegression(solver=solver, **fit).fit(X_train, y_train)
    return X_train, y_train, X_val, y_val, model


CURVES = {
    "square": lambda x: x[:, 0] ** 2,
    "sine": lambda x: np.sin(2 * x[:, 0]) + 0.3 * x[:, 0],
    "abs": lambda x: np.abs(x[:, 0]),
    "exp": lambda x: np.exp(x[:, 0]),
    "product": lambda x: x[:, 0] * x[:, 1] + x[:, 0],
    "step": lambda x: (x[:, 0] > 0).astype(float) * 2 + 0.2 * x[:, 1],
    "cubic": lambda x: x[:, 0] ** 3 - x[:, 0],
    "square+linear": lambda x: x[:, 0] ** 2 + x[:, 1] - x[:, 2],
}


def curved(seed, n, kind, noise):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, size=(n, 3))
    signal = CURVES[kind](X)
    y = signal + rng.normal(0, noise * signal.std(), n)
    X_train, y_train, X_val, y_val = _split(X, y, int(0.7 * n))
    return X_train, y_train, X_val, y_val, LinearRegression().fit(X_train, y_train)


def wide(seed, n_train, d, noise, n_val=200):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_train + n_val, d))
    y = X @ rng.normal(size=d) * 0.3 + rng.normal(0, noise, n_train + n_val)
    X_train, y_train, X_val, y_val = _split(X, y, n_train)
    return X_train, y_train, X_val, y_val, LinearRegression().fit(X_train, y_train)


def polynomial(seed, n_train, degree, noise, n_val=200):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=n_train + n_val)
    y = np.sin(3 * x) + rng.normal(0, noise, x.size)
    X = np.column_stack([x ** k for k in range(1, degree + 1)])
    X_train, y_train, X_val, y_val = _split(X, y, n_train)
    return X_train, y_train, X_val, y_val, LinearRegression().fit(X_train, y_train)


def problems() -> list[Problem]:
    cases = []
    seed = 100
    for n, d, noise in [(200, 1, 0.5), (300, 3, 1.0), (500, 5, 2.0), (1000, 8, 1.0),
                        (400, 2, 0.2), (250, 4, 3.0), (600, 6, 0.5), (800, 3, 5.0),
                        (150, 2, 1.0), (1000, 1, 1.0)]:
        seed += 1
        cases.append(Problem(f"linear n={n} d={d} noise={noise}", "good fit",
                             *linear(seed, n, d, noise)))
    for n, d, noise in [(300, 3, 1.0), (500, 4, 0.5)]:
        seed += 1
        cases.append(Problem(f"linear by gd auto n={n} d={d}", "good fit",
                             *linear(seed, n, d, noise, solver="gd", lr="auto",
                                     max_iter=5000, tol=1e-12)))
    for n, d, noise, lr, steps in [(300, 3, 1.0, 0.001, 100), (500, 5, 0.5, 0.0005, 300),
                                   (400, 2, 0.3, 0.01, 20), (1000, 4, 1.0, 0.002, 50),
                                   (200, 1, 0.5, 0.0001, 1000), (600, 6, 2.0, 0.003, 40),
                                   (300, 3, 0.1, 0.02, 5), (800, 8, 1.0, 0.001, 200)]:
        seed += 1
        cases.append(Problem(f"gd lr={lr} steps={steps} n={n} d={d}", "optimization",
                             *linear(seed, n, d, noise, solver="gd", lr=lr, max_iter=steps,
                                     tol=None)))
    for kind in CURVES:
        for n, noise in [(400, 0.3), (800, 0.6)]:
            seed += 1
            cases.append(Problem(f"line on {kind} n={n} noise={noise}", "bias",
                                 *curved(seed, n, kind, noise)))
    for n_train, d, noise in [(30, 20, 1.0), (40, 30, 0.5), (25, 15, 1.0), (60, 45, 1.0),
                              (50, 40, 0.3), (35, 25, 2.0)]:
        seed += 1
        cases.append(Problem(f"{d} features on {n_train} rows", "variance",
                             *wide(seed, n_train, d, noise)))
    for n_train, degree, noise in [(20, 15, 0.2), (25, 18, 0.1), (20, 12, 0.3), (18, 14, 0.2)]:
        seed += 1
        cases.append(Problem(f"degree {degree} on {n_train} rows", "variance",
                             *polynomial(seed, n_train, degree, noise)))
    return cases
