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
from descenso.i18n import gettext as _
from descenso.linear.gradient_descent import DescentResult
from descenso.linear.step_size import curvature
from descenso.linear.stopping import diverged_error, is_converged, is_diverged

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
    step = bend.auto_lr if lr == "auto" else float(lr)
    model = _zero_linear(X.shape[1], fit_intercept, X.dtype)
    loss_fn = nn.MSELoss()
    optimizer = optim.SGD(model.parameters(), lr=step)
    inputs = from_numpy(np.ascontiguousarray(X))
    target = from_numpy(np.ascontiguousarray(y[:, None]))
    history = np.empty(max_iter + 1, np.float64)
    converged = False
    k = 0
    every = max(1, max_iter // 10)
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(max_iter + 1):
            optimizer.zero_grad()
            value = loss_fn(model(inputs), target)
            history[k] = float(value.data)
            if is_diverged(history[k], history[0]):
                raise diverged_error(k, history[k], history[0], step, bend.stability_limit)
            if verbose and k > 0 and (k % every == 0 or k == max_iter):
                print(_("iteration {k}/{total}  loss {loss:.6g}").format(
                    k=k, total=max_iter, loss=history[k]))
            if k >= 1 and is_converged(history[k - 1], history[k], tol):
                converged = True
                break
            if k == max_iter:
                break
            value.backward()
            optimizer.step()
    coef = model.weight.data[0].copy()
    intercept = float(model.bias.data[0]) if fit_intercept else 0.0
    return DescentResult(coef=coef, intercept=intercept, n_iter=k,
                         history=history[:k + 1].copy(), converged=converged, lr=step)


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
