"""Benchmark: the Abalone learner's 20,000 gradient-descent steps, four ways, in one process.

1. descenso ``LinearRegression(solver="gd")``: the learner's rule through the Gram matrix;
2. the plain NumPy loop a learner writes (``X.T @ (y - X @ w - b)`` every step);
3. PyTorch ``nn.Linear`` + ``optim.SGD`` (float64, zero start, full batch);
4. descenso ``solver="autograd"`` (``nn.Linear`` + ``optim.SGD`` of descenso itself).

All start from zero weights with lr 0.001, so they compute the same iterates; the script
prints wall times, speed-ups and the largest final-weight difference against the plain loop.
It then times ``lr="auto"`` with tolerance stopping until the training R² is within 1e-4 of the
least-squares optimum, against the learner's 20,000 plain steps (which never get there) and
against the time the learner's loop would need to get there with lr 0.001 (its step count
computed exactly from the eigen-decomposition of the Hessian, times the measured time of one
plain step).

Run: ``python benchmarks/linear_gd.py`` (``--skip-torch`` to leave PyTorch out).
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

from descenso.data.split import train_val_test_split
from descenso.data.standardizer import Standardizer
from descenso.datasets.abalone import load_abalone
from descenso.linear import LinearRegression

LR = 0.001
STEPS = 20_000


def best_time(function, repeats: int):
    """Best wall time of ``repeats`` calls, and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def plain_loop(X, y):
    """The loop a learner writes."""
    n = X.shape[0]
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(STEPS):
        y_pred = X @ w + b
        dw = -(2 / n) * X.T @ (y - y_pred)
        db = -(2 / n) * np.sum(y - y_pred)
        w -= LR * dw
        b -= LR * db
    return np.append(w, b)


def torch_warm_up():
    """PyTorch builds its optimizer machinery on first use (seconds); keep that out of the timing."""
    import torch

    layer = torch.nn.Linear(1, 1)
    torch.optim.SGD(layer.parameters(), lr=0.1).step()


def torch_loop(X, y):
    import torch

    layer = torch.nn.Linear(X.shape[1], 1, dtype=torch.float64)
    torch.nn.init.zeros_(layer.weight)
    torch.nn.init.zeros_(layer.bias)
    optimizer = torch.optim.SGD(layer.parameters(), lr=LR)
    inputs, target = torch.from_numpy(X), torch.from_numpy(y[:, None])
    for _ in range(STEPS):
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(layer(inputs), target).backward()
        optimizer.step()
    return np.append(layer.weight.detach().numpy()[0], layer.bias.detach().numpy())


def descenso_fit(X, y, **params):
    model = LinearRegression(**params).fit(X, y)
    return model


def weights(model):
    return np.append(model.coef_, model.intercept_)


def relative_difference(a, b):
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def twenty_thousand_steps(name, X, y, with_torch):
    print(f"\n### {name}: {STEPS:,} steps, lr {LR}, {X.shape[0]} rows x {X.shape[1]} features\n")
    print("| implementation | time (s) | speed-up vs plain loop | max rel. weight diff |")
    print("| --- | ---: | ---: | ---: |")
    plain_seconds, plain_weights = best_time(lambda: plain_loop(X, y), repeats=2)
    print(f"| plain NumPy loop (learner) | {plain_seconds:.3f} | 1.0x | 0 |")
    gd_seconds, gd_model = best_time(
        lambda: descenso_fit(X, y, solver="gd", lr=LR, max_iter=STEPS, tol=None), repeats=5)
    print(f"| descenso gd (Gram path) | {gd_seconds:.3f} | {plain_seconds / gd_seconds:.1f}x | "
          f"{relative_difference(weights(gd_model), plain_weights):.1e} |")
    if with_torch:
        torch_warm_up()
        torch_seconds, torch_weights = best_time(lambda: torch_loop(X, y), repeats=1)
        print(f"| PyTorch nn.Linear + SGD | {torch_seconds:.3f} | "
              f"{plain_seconds / torch_seconds:.2f}x | "
              f"{relative_difference(torch_weights, plain_weights):.1e} |")
    autograd_seconds, autograd_model = best_time(
        lambda: descenso_fit(X, y, solver="autograd", lr=LR, max_iter=STEPS, tol=None),
        repeats=1)
    print(f"| descenso autograd (nn.Linear + optim.SGD) | {autograd_seconds:.3f} | "
          f"{plain_seconds / autograd_seconds:.2f}x | "
          f"{relative_difference(weights(autograd_model), plain_weights):.1e} |")
    return plain_seconds


def steps_to_reach(X, y, lr, r2_margin):
    """Exact number of fixed-``lr`` steps from zero until the training R² is within ``r2_margin``
    of the optimum: in the Hessian's eigenbasis each error component shrinks by ``1 - lr λ``."""
    A = np.hstack([X, np.ones((X.shape[0], 1))])
    n = A.shape[0]
    eigenvalues, vectors = np.linalg.eigh((2 / n) * A.T @ A)
    optimum = np.linalg.lstsq(A, y, rcond=None)[0]
    error = vectors.T @ (np.zeros(A.shape[1]) - optimum)
    visible = eigenvalues > eigenvalues[-1] * 1e-12
    lam, err = eigenvalues[visible], error[visible]
    target = r2_margin * np.mean((y - y.mean()) ** 2)
    low, high = 0, 1
    while _excess(lam, err, lr, high) > target:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if _excess(lam, err, lr, middle) > target else (low, middle)
    return high


def _excess(lam, err, lr, k):
    """Training MSE above the optimum after ``k`` steps: ``Σ λ/2 · (1 - lr λ)^(2k) e²``."""
    return float(np.sum(lam / 2 * (1 - lr * lam) ** (2 * k) * err**2))


def time_to_optimum(name, X, y, plain_seconds):
    optimum = LinearRegression().fit(X, y).score(X, y)
    seconds, model = best_time(
        lambda: descenso_fit(X, y, solver="gd", lr="auto", max_iter=1_000_000), repeats=5)
    learner_steps = steps_to_reach(X, y, LR, r2_margin=1e-4)
    learner_seconds = learner_steps * plain_seconds / STEPS
    print(f"| {name} | {model.n_iter_:,} | {seconds * 1e3:.1f} | "
          f"{optimum - model.score(X, y):.1e} | {plain_seconds / seconds:.0f}x | "
          f"{learner_steps:,} | {learner_seconds:.0f} | {learner_seconds / seconds:,.0f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-torch", action="store_true", help="leave PyTorch out")
    args = parser.parse_args()
    data = load_abalone()
    X_train, _, _, y_train, _, _ = train_val_test_split(data.X, data.y)
    standardized = Standardizer().fit_transform(X_train)
    print(f"Python {platform.python_version()}, NumPy {np.__version__}, "
          f"{os.cpu_count()} CPUs, {platform.machine()}")
    plain = {}
    for name, X in (("raw features", X_train), ("standardized features", standardized)):
        plain[name] = twenty_thousand_steps(name, X, y_train, not args.skip_torch)
    print("\n### lr='auto' + tol (1e-8) until the training R² is within 1e-4 of the optimum\n")
    print("| features | steps | time (ms) | R² below optimum | vs learner's 20,000 plain steps "
          "| learner's steps to optimum (lr 0.001) | their plain-loop time (s, est.) "
          "| sooner than learner |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    time_to_optimum("raw", X_train, y_train, plain["raw features"])
    time_to_optimum("standardized", standardized, y_train, plain["standardized features"])


if __name__ == "__main__":
    main()
