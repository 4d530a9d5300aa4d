"""Linear regression trained through descenso's own framework: Tensor, nn and optim.

The same full-batch gradient descent as ``solver="gd"``, written the way a network is trained::

    model = nn.Linear(n_features, 1)          # weights set to zero, like the learner's
    loss_fn = nn.MSELoss()
    optimizer = optim.SGD(model.parameters(), lr=lr)
    for step in range(max_iter):
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()                       # autograd computes -(2/n) Xᵀ(y - ŷ)
        optimizer.step()                      # w -= lr * grad

Autograd derives the gradient the learner wrote by hand, so the iterates agree with
``solver="gd"`` up to rounding; each step costs O(n d) plus the bookkeeping of the graph.
"""

from __future__ import annotations

import numpy as np

from descenso import nn, optim
from descenso.autograd import from_numpy
from descenso.autograd.random import default_generator
from descenso.linear.gradient_descent import DescentResult
from descenso.linear.step_size import curvature
from descenso.linear.stopping import descend

__all__ = ["autograd_descent"]


def autograd_descent(X: np.ndarray, y: np.ndarray, *, lr, max_iter: int, tol: float | None,
                     loss: str = "mse", fit_intercept: bool = True,
                     verbose: bool = False) -> DescentResult:
    """Full-batch descent on ``X`` (n, d), ``y`` (n,) with ``nn.Linear``, ``nn.MSELoss`` and
    ``optim.SGD``, in ``X``'s dtype. ``lr`` is a float or ``"auto"``.

    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> result = autograd_descent(X, 3 * X[:, 0] + 1, lr="auto", max_iter=500, tol=1e-12)
    >>> result.coef.round(6), round(result.intercept, 6)
    (array([3.]), 1.0)
    """
    bend = curvature(X, fit_intercept)
    step_size = bend.auto_lr if lr == "auto" else float(lr)
    model = _zero_linear(X.shape[1], fit_intercept, X.dtype)
    loss_fn = nn.MSELoss()
    optimizer = optim.SGD(model.parameters(), lr=step_size)
    inputs = from_numpy(np.ascontiguousarray(X))
    target = from_numpy(np.ascontiguousarray(y[:, None]))
    value = None

    def loss() -> float:
        nonlocal value
        optimizer.zero_grad()
        value = loss_fn(model(inputs), target)
        return float(value.data)

    def step() -> None:
        value.backward()
        optimizer.step()

    history, converged = descend(loss, step, lr=step_size, max_iter=max_iter, tol=tol,
                                 verbose=verbose, limit=lambda: bend.stability_limit)
    coef = model.weight.data[0].copy()
    intercept = float(model.bias.data[0]) if fit_intercept else 0.0
    return DescentResult(coef=coef, intercept=intercept, n_iter=history.shape[0] - 1,
                         history=history, converged=converged, lr=step_size)


def _zero_linear(n_features: int, fit_intercept: bool, dtype) -> nn.Linear:
    """``nn.Linear(n_features, 1)`` starting at zero, without moving the global random stream."""
    generator = default_generator()
    state = generator.bit_generator.state
    model = nn.Linear(n_features, 1, bias=fit_intercept, dtype=dtype)
    generator.bit_generator.state = state
    model.weight.data[...] = 0
    if fit_intercept:
        model.bias.data[...] = 0
    return model
