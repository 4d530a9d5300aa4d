"""Did gradient descent reach the optimum of a linear model, and was its step sensible?

A linear model trained by gradient descent can stop far from the best weights it could have
had, and then its low score says nothing about linear models, only about the training run.
For regression this compares the training MSE with the exact least-squares optimum on the same
rows (the *optimality gap*) and the learning rate with the stability limit ``2/L`` of
:mod:`descenso.linear.step_size`. For logistic / softmax regression the training objective is
compared with its exact optimum, found by Newton's method in float64
(:func:`descenso.linear.newton.newton_cg`); the gap is ``loss / optimal_loss - 1``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from descenso.advice import option
from descenso.i18n import gettext as _
from descenso.linear.newton import newton_cg
from descenso.linear.normal_equations import least_squares
from descenso.linear.step_size import curvature

__all__ = ["ConvergenceReport", "LogLossConvergence", "check_convergence",
           "check_log_loss_convergence", "convergence_advice", "stopped_short_advice"]

#: an excess MSE below this fraction of var(y) counts as converged even when the optimum is 0
_NEGLIGIBLE_EXCESS = 1e-9


@dataclass(frozen=True)
class ConvergenceReport:
    """How far training stopped from the optimum.

    Attributes
    ----------
    converged : bool, training MSE within ``optimality_gap`` of the optimum
    gap : float, ``train_mse / optimal_mse - 1`` (0.37 means 37 % above the optimum)
    train_mse, optimal_mse : float
    r2_train, optimal_r2_train : float, R² of the fitted and the optimal weights on the
        training rows
    n_iter : int or None, steps (or epochs) run; stopped_by_tol : bool or None
    lr : float or None, the learning rate used
    stability_limit, auto_lr : float or None (full-batch solvers)
    step_ratio : float or None, ``stability_limit / lr``: how many times smaller than the
        largest stable step the learning rate was
    rank, n_features : int, rank of the centred design matrix and number of features
    solver : str or None, the model's solver
    """

    converged: bool
    gap: float
    train_mse: float
    optimal_mse: float
    r2_train: float
    optimal_r2_train: float
    n_iter: int | None = None
    stopped_by_tol: bool | None = None
    lr: float | None = None
    stability_limit: float | None = None
    auto_lr: float | None = None
    step_ratio: float | None = None
    rank: int = 0
    n_features: int = 0
    solver: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def stopped_short_advice(stopped_by_tol: bool) -> str:
    """What to change when descent stopped short of the optimum (regression and log-loss alike):
    the tolerance stopped it, or it ran out of steps."""
    if stopped_by_tol:
        return _("advice: the tolerance stopped training before the optimum; use "
                 "{auto}").format(auto=option("lr", "auto"))
    return _("advice: raise {max_iter} or use {auto}").format(max_iter=option("max_iter"),
                                                              auto=option("lr", "auto"))


def convergence_advice(report: ConvergenceReport) -> list[str]:
    """What to change when descent stopped short (the step against its stable limit, the flag
    to raise) and whether the weights are unique: the lines beside the optimality gap."""
    lines = []
    if report.step_ratio is not None and report.step_ratio > 1 and not report.converged:
        lines.append(
            _("step: lr={lr:g} is {ratio:.0f}x smaller than the stability limit 2/L = "
              "{limit:.4g}; {auto} would use {auto_lr:.4g}").format(
                lr=report.lr, ratio=report.step_ratio, limit=report.stability_limit,
                auto=option("lr", "auto"), auto_lr=report.auto_lr)
        )
    if not report.converged:
        lines.append(stopped_short_advice(report.stopped_by_tol))
    if report.rank < report.n_features:
        lines.append(
            _("the features are linearly dependent (rank {rank} of {n} after centring, as with "
              "one-hot columns and an intercept): their weights are not unique, but the "
              "predictions are").format(rank=report.rank, n=report.n_features)
        )
    return lines


def check_convergence(model, X_train, y_train, optimality_gap: float = 0.01) -> ConvergenceReport:
    """Compare a fitted linear model with the least-squares optimum on its training rows.

    ``model`` needs ``predict`` and ``fit_intercept``; ``n_iter_``, ``converged_``, ``lr_`` and
    ``solver`` are read when present. Shapes: ``X_train`` (n, d), ``y_train`` (n,).

    >>> from descenso.linear import LinearRegression
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> y = np.array([1.0, 3.0, 2.0, 5.0])
    >>> model = LinearRegression(solver="gd", lr=0.01, max_iter=10).fit(X, y)
    >>> report = check_convergence(model, X, y)
    >>> report.converged, round(report.gap, 2), round(report.step_ratio)
    (False, 2.41, 24)
    """
    X = np.asarray(X_train, dtype=np.float64)
    y = np.asarray(y_train, dtype=np.float64).ravel()
    fit_intercept = bool(getattr(model, "fit_intercept", True))
    optimum = least_squares(X, y, fit_intercept)
    optimal_mse = float(np.mean((y - X @ optimum.coef - optimum.intercept) ** 2))
    train_mse = float(np.mean((y - model.predict(X)) ** 2))
    total = float(np.mean((y - y.mean()) ** 2))
    excess = train_mse - optimal_mse
    gap = excess / optimal_mse if optimal_mse > 0 else (0.0 if excess <= 0 else float("inf"))
    converged = gap <= optimality_gap or excess <= _NEGLIGIBLE_EXCESS * total
    lr = getattr(model, "lr_", None)
    limit = auto = ratio = None
    if getattr(model, "solver", None) in ("gd", "autograd"):
        bend = curvature(X, fit_intercept)
        limit, auto = bend.stability_limit, bend.auto_lr
        ratio = limit / lr if lr else None
    return ConvergenceReport(
        converged=bool(converged),
        gap=float(max(gap, 0.0)),
        train_mse=train_mse,
        optimal_mse=optimal_mse,
        r2_train=_r2(train_mse, total),
        optimal_r2_train=_r2(optimal_mse, total),
        n_iter=getattr(model, "n_iter_", None),
        stopped_by_tol=getattr(model, "converged_", None),
        lr=lr,
        stability_limit=limit,
        auto_lr=auto,
        step_ratio=ratio,
        rank=optimum.rank,
        n_features=X.shape[1],
        solver=getattr(model, "solver", None),
    )


def _r2(mse: float, total: float) -> float:
    if total == 0.0:
        return 1.0 if mse == 0.0 else 0.0
    return 1.0 - mse / total


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
