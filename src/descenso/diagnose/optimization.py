"""Question 1, optimization: did training stop short of what this model can do?

For linear regression the answer is exact: the least-squares optimum of the same rows is the
best any linear model can do on them (:func:`descenso.diagnose.check_convergence`), so the
*optimality gap* is the training error above it. Logistic regression is compared with its
optimum found by Newton's method (:func:`descenso.diagnose.check_log_loss_convergence`).
For a network no optimum is known; the evidence is the training loss itself: if it was still
falling at the end, a longer run would reach a lower loss.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from descenso.diagnose.convergence import check_convergence, check_log_loss_convergence
from descenso.diagnose.errors_per_row import is_classifier
from descenso.diagnose.finding import Finding

__all__ = ["check_optimization", "still_falling"]

#: the last part of the training curve that is compared with the part before it
_TAIL = 0.1


def check_optimization(model, X_train, y_train, baseline: float, *,
                       history: Sequence[float] | None = None,
                       optimality_gap: float = 0.01, still_falling_drop: float = 0.01) -> Finding:
    """The optimization finding; ``value`` is the excess training error over ``baseline``.

    Parameters
    ----------
    model : fitted estimator
    X_train : ndarray of shape (n_samples, n_features)
    y_train : ndarray of shape (n_samples,)
    baseline : float, the baseline error (see :mod:`descenso.diagnose.finding`)
    history : sequence of float, optional
        Training loss after each epoch or step, for models without a known optimum.
    optimality_gap : float
        Relative excess over the optimum that still counts as converged (0.01: 1 %).
    still_falling_drop : float
        Relative fall of the loss over the last tenth of training that counts as "still
        falling".
    """
    if _is_linear_regression(model) and getattr(model, "solver", None) == "normal":
        # Solved in closed form: the model is the least-squares optimum itself.
        mse = float(np.mean((np.asarray(y_train, float) - model.predict(X_train)) ** 2))
        return _against_optimum(True, 0.0, mse, mse, baseline, n_iter=0, lr=None, auto_lr=None,
                                step_ratio=None, solver="normal")
    if _is_linear_regression(model):
        report = check_convergence(model, X_train, y_train, optimality_gap)
        return _against_optimum(report.converged, report.gap, report.train_mse,
                                report.optimal_mse, baseline, n_iter=report.n_iter, lr=report.lr,
                                auto_lr=report.auto_lr, step_ratio=report.step_ratio,
                                solver=report.solver)
    if is_classifier(model) and hasattr(model, "objective"):  # descenso's LogisticRegression
        report = check_log_loss_convergence(model, X_train, y_train, optimality_gap)
        if report.gap is not None:
            return _against_optimum(report.converged, report.gap, report.train_loss,
                                    report.optimal_loss, baseline, n_iter=report.n_iter,
                                    lr=report.lr)
    if history is None:
        history = getattr(model, "loss_curve_", None)
    if history is not None and len(history) >= 2:
        drop = still_falling(history)
        return Finding("optimization", problem=bool(drop > still_falling_drop),
                       value=drop * float(np.asarray(history)[-1]) / baseline,
                       evidence={"kind": "curve", "drop": drop,
                                 "history": np.asarray(history, dtype=np.float64)})
    return Finding("optimization", problem=None)


def still_falling(history: Sequence[float]) -> float:
    """Relative fall of the training loss over the last tenth of the run (at least 2 points).

    Compares the mean of the last tenth of the curve with the mean of the tenth before it:
    0.05 means the loss fell 5 % in the last tenth of training, so it had not levelled off.

    >>> round(still_falling([4.0, 2.0, 1.0, 0.5, 0.25, 0.125]), 3)
    0.75
    >>> still_falling([1.0, 0.5, 0.4, 0.4, 0.4, 0.4])
    0.0
    """
    curve = np.asarray(history, dtype=np.float64)
    curve = curve[np.isfinite(curve)]
    width = max(2, int(round(len(curve) * _TAIL)))
    if len(curve) < 2 * width:
        width = max(1, len(curve) // 2)
    last = curve[-width:].mean()
    before = curve[-2 * width:-width].mean()
    if before <= 0:
        return 0.0
    return float(max(before - last, 0.0) / before)


def _against_optimum(converged: bool, gap: float, train: float, optimal: float, baseline: float,
                     **details) -> Finding:
    """The finding when the optimum is known: ``value`` is the excess training error over it."""
    return Finding("optimization", problem=not converged,
                   value=max(train - optimal, 0.0) / baseline,
                   evidence={"kind": "optimum", "gap": gap, "train_error": train,
                             "optimal_error": optimal, **details})


def _is_linear_regression(model) -> bool:
    return (not is_classifier(model) and hasattr(model, "coef_")
            and getattr(model, "loss", "mse") == "mse")
