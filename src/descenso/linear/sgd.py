"""Minibatch stochastic gradient descent for linear regression.

Each epoch shuffles the rows with a seeded generator and walks through them in batches of
``batch_size``, taking the learner's step on each batch alone::

    dw = -(2 / B) * X_b.T @ (y_b - X_b @ w - b)        (loss="mse")
    dw = -(1 / B) * X_b.T @ sign(y_b - X_b @ w - b)    (loss="mae")

Many cheap, noisy steps replace one exact, expensive one. ``history[e]`` is the loss on all the
training rows after ``e`` epochs; with a constant step the loss keeps fluctuating near the
optimum instead of settling on it. The same seed gives bit-identical weights.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from descenso.i18n import gettext as _
from descenso.linear.gradient_descent import DescentResult
from descenso.linear.step_size import sgd_auto_lr
from descenso.linear.stopping import diverged_error, is_converged
from descenso.train.divergence import is_diverged

__all__ = ["SGDState", "stochastic_gradient_descent"]


@dataclass
class SGDState:
    """Where a run is after ``epoch`` epochs: enough to continue it bit for bit.

    ``history`` holds ``epoch + 1`` losses; ``rng`` is the shuffling generator's
    ``bit_generator.state``; ``lr`` is the step used (``"auto"`` resolved).
    """

    coef: np.ndarray
    intercept: float
    epoch: int
    history: np.ndarray
    rng: dict[str, Any]
    lr: float


def stochastic_gradient_descent(X: np.ndarray, y: np.ndarray, *, lr, epochs: int,
                                batch_size: int, tol: float | None, seed: int | None,
                                loss: str = "mse", fit_intercept: bool = True,
                                verbose: bool = False, state: SGDState | None = None,
                                on_epoch: Callable[[SGDState], None] | None = None
                                ) -> DescentResult:
    """Run at most ``epochs`` passes over ``X`` (n, d), ``y`` (n,) in shuffled minibatches.

    ``lr`` is a float or ``"auto"`` (a step stable for any batch, see
    :func:`~descenso.linear.step_size.sgd_auto_lr`). ``n_iter`` of the result counts epochs.
    ``state`` continues a run from where it was; ``on_epoch`` is called with the state after
    every epoch (a copy, safe to keep).

    >>> X = np.linspace(0, 1, 50)[:, None]
    >>> result = stochastic_gradient_descent(X, 2 * X[:, 0] - 1, lr=0.5, epochs=200,
    ...                                      batch_size=10, tol=None, seed=0)
    >>> result.coef.round(4), round(result.intercept, 4)
    (array([2.]), -1.0)
    """
    n = X.shape[0]
    step = sgd_auto_lr(X, batch_size, fit_intercept) if lr == "auto" else float(lr)
    rng = np.random.default_rng(seed)
    w = np.zeros(X.shape[1], X.dtype)
    b = X.dtype.type(0.0)
    history = np.empty(epochs + 1, np.float64)
    history[0] = _loss(X, y, w, b, loss)
    first = 1
    if state is not None:
        w[...] = state.coef
        b = X.dtype.type(state.intercept)
        history[:state.epoch + 1] = state.history[:state.epoch + 1]
        rng.bit_generator.state = state.rng
        step, first = state.lr, state.epoch + 1
    converged = False
    epoch = first - 1
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(first, epochs + 1):
            order = rng.permutation(n)
            for start in range(0, n, batch_size):
                batch = order[start:start + batch_size]
                X_batch = X[batch]
                residual = y[batch] - (X_batch @ w + b)
                if loss == "mse":
                    factor = -2 / batch.shape[0]
                else:
                    factor = -1 / batch.shape[0]
                    residual = np.sign(residual)
                w -= step * factor * (X_batch.T @ residual)
                if fit_intercept:
                    b -= step * factor * np.sum(residual)
            history[epoch] = _loss(X, y, w, b, loss)
            if is_diverged(history[epoch], history[0]):
                raise diverged_error(epoch, history[epoch], history[0], step)
            if verbose:
                print(_("epoch {epoch}/{total}  loss {loss:.6g}").format(
                    epoch=epoch, total=epochs, loss=history[epoch]))
            if on_epoch is not None:
                on_epoch(SGDState(w.copy(), float(b), epoch, history[:epoch + 1].copy(),
                                  rng.bit_generator.state, step))
            if is_converged(history[epoch - 1], history[epoch], tol):
                converged = True
                break
    return DescentResult(coef=w, intercept=float(b), n_iter=epoch,
                         history=history[:epoch + 1].copy(), converged=converged, lr=step)


def _loss(X, y, w, b, loss) -> float:
    residual = y - (X @ w + b)
    return float(np.mean(residual**2) if loss == "mse" else np.mean(np.abs(residual)))
