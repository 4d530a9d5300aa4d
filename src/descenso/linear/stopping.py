"""When gradient descent stops: converged, diverged, or out of iterations.

``history[k]`` is the training loss after ``k`` updates (``history[0]`` at the starting
weights). Training

- **converges** at the first ``k >= 1`` where the step lowered the loss by less than
  ``tol`` times the loss: ``0 <= history[k-1] - history[k] <= tol * history[k]``;
- **diverges** at the first ``k`` where the loss is NaN or infinite or more than
  ``DIVERGENCE_FACTOR`` times the starting loss (the Trainer's rule,
  :func:`descenso.train.divergence.is_diverged`), and then raises
  :class:`~descenso.errors.TrainingDiverged`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from descenso.advice import option
from descenso.errors import TrainingDiverged
from descenso.i18n import gettext as _
from descenso.train.divergence import DIVERGENCE_FACTOR, is_diverged

__all__ = ["descend", "diverged_error", "first_convergence", "first_divergence", "is_converged",
           "report"]


def is_converged(previous: float, loss: float, tol: float | None) -> bool:
    """One step: it lowered the loss, but by no more than ``tol`` times the loss."""
    return tol is not None and 0 <= previous - loss <= tol * loss


def first_divergence(history: np.ndarray, start_loss: float) -> int | None:
    """Index of the first diverged loss in ``history`` (any 1-D slice), or None."""
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(history) | (history > DIVERGENCE_FACTOR * start_loss)
    hits = np.flatnonzero(bad)
    return int(hits[0]) if hits.size else None


def first_convergence(history: np.ndarray, tol: float | None) -> int | None:
    """First ``k >= 1`` of ``history`` at which the step was smaller than ``tol``, or None."""
    if tol is None or history.shape[0] < 2:
        return None
    decrease = history[:-1] - history[1:]
    hits = np.flatnonzero((decrease >= 0) & (decrease <= tol * history[1:]))
    return int(hits[0]) + 1 if hits.size else None


def diverged_error(step: int, loss: float, start_loss: float, lr: float,
                   limit: float | None = None) -> TrainingDiverged:
    """The error to raise, saying where it happened and what to try."""
    message = _("training diverged at step {step}: the loss went from {start:.4g} to "
                "{loss:.4g}").format(step=step, start=start_loss, loss=loss)
    if limit is not None:
        message += _("; lr={lr:g} while the stability limit for this data is 2/L = {limit:.4g}").format(
            lr=lr, limit=limit)
    message += _("; lower {lr}, use {auto}, or standardize the features").format(
        lr=option("lr"), auto=option("lr", "auto"))
    return TrainingDiverged(message, step=step)


def descend(loss: Callable[[], float], step: Callable[[], None], *, lr: float, max_iter: int,
            tol: float | None, verbose: bool = False,
            limit: Callable[[], float | None] = lambda: None) -> tuple[np.ndarray, bool]:
    """The loop of every full-batch solver: ``loss()`` is the training loss at the current
    weights, ``step()`` takes one step from them; at most ``max_iter`` steps.

    Returns ``(history, converged)``, ``history`` of shape (n_iter + 1,). Raises
    ``TrainingDiverged`` naming ``lr`` and the stability limit ``limit()`` (None: not known).
    """
    history = np.empty(max_iter + 1, np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(max_iter + 1):
            history[k] = loss()
            if is_diverged(history[k], history[0]):
                raise diverged_error(k, history[k], history[0], lr, limit())
            if verbose:
                report(history, k, k, max_iter)
            if k >= 1 and is_converged(history[k - 1], history[k], tol):
                return history[:k + 1].copy(), True
            if k < max_iter:
                step()
    return history, False


def report(history: np.ndarray, first: int, last: int, max_iter: int) -> None:
    """Print the loss about ten times over the run."""
    every = max(1, max_iter // 10)
    for k in range(first, last + 1):
        if k > 0 and (k % every == 0 or k == max_iter):
            print(_("iteration {k}/{total}  loss {loss:.6g}").format(
                k=k, total=max_iter, loss=history[k]))
