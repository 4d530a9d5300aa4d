"""Did a logistic / softmax regression reach the optimum of its log-loss?

The counterpart of :mod:`descenso.diagnose.convergence` for classifiers: the training
objective where gradient descent stopped is compared with the exact optimum of the same
objective, found by Newton's method in float64 (:func:`descenso.linear.newton.newton_cg`).
The *optimality gap* is ``loss / optimal_loss - 1``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from descenso.diagnose.convergence import stopped_short_advice
from descenso.i18n import gettext as _
from descenso.linear.newton import newton_cg

__all__ = ["LogLossConvergence", "check_log_loss_convergence"]


@dataclass(frozen=True)
class LogLossConvergence:
    """How far a classifier's training stopped from the optimum of its objective.

    Attributes
    ----------
    converged : bool, training objective within ``optimality_gap`` of the optimum
    gap : float or None, ``loss / optimal_loss - 1``; None when there is no optimum
    train_loss : float, the objective (mean log-loss plus penalty) where training stopped
    optimal_loss : float or None, the objective's minimum (None: it has none, e.g. an
        unregularized fit of separable classes)
    n_iter : int, steps taken; stopped_by_tol : bool, whether the tolerance stopped it
    lr, stability_limit : float, the step and ``2 / L`` for the curvature bound ``L``
    """

    converged: bool
    gap: float | None
    train_loss: float
    optimal_loss: float | None
    n_iter: int
    stopped_by_tol: bool
    lr: float
    stability_limit: float

    def to_dict(self) -> dict:
        return asdict(self)

    def text(self) -> list[str]:
        """The diagnosis lines, translated."""
        if self.optimal_loss is None:
            return [_("not converged: the log-loss has no minimum on these rows (the classes "
                      "are separable and nothing penalizes the weights), so they grow without "
                      "bound; keep the L2 penalty")]
        if self.converged:
            return [_("converged: the training objective (log-loss plus L2 penalty) {loss:.4g} "
                      "is within {gap:.2%} of its optimum {optimum:.4g} (after {n} steps)").format(
                loss=self.train_loss, gap=self.gap, optimum=self.optimal_loss, n=self.n_iter)]
        return [_("not converged: after {n} steps the training objective (log-loss plus L2 "
                  "penalty) {loss:.4g} stopped {gap:.1%} above its optimum {optimum:.4g}").format(
            n=self.n_iter, loss=self.train_loss, gap=self.gap, optimum=self.optimal_loss),
            stopped_short_advice(self.stopped_by_tol)]


def check_log_loss_convergence(model, X_train, y_train,
                               optimality_gap: float = 0.01) -> LogLossConvergence:
    """Compare a fitted :class:`~descenso.linear.LogisticRegression` with its exact optimum.

    Shapes: ``X_train`` (n, d) and ``y_train`` (n,), the rows and labels it was fitted on.

    >>> from descenso.linear import LogisticRegression
    >>> X = np.array([[-2.0], [-1.0], [0.5], [1.0], [2.0], [-0.5]])
    >>> y = np.array([0, 0, 0, 1, 1, 1])
    >>> early = LogisticRegression(C=100.0, max_iter=1).fit(X, y)
    >>> report = check_log_loss_convergence(early, X, y)
    >>> report.converged, round(report.gap, 4)
    (False, 0.0295)
    >>> check_log_loss_convergence(LogisticRegression().fit(X, y), X, y).converged
    True
    """
    X = np.asarray(X_train, dtype=np.float64)
    y_index = np.searchsorted(model.classes_, np.asarray(y_train))
    objective = model.objective(X, y_index)
    theta = np.concatenate([model.coef_, model.intercept_[:, None]], axis=1)
    train_loss = objective.value_and_gradient(theta.astype(np.float64))[0]
    optimum = newton_cg(objective, objective.zeros())
    optimal = optimum.value if optimum.converged else None
    gap = None if optimal is None else max(train_loss / optimal - 1.0, 0.0)
    return LogLossConvergence(
        converged=gap is not None and gap <= optimality_gap,
        gap=gap,
        train_loss=float(train_loss),
        optimal_loss=optimal,
        n_iter=int(model.n_iter_),
        stopped_by_tol=bool(model.converged_),
        lr=float(model.lr_),
        stability_limit=2.0 / float(model.lipschitz_),
    )
