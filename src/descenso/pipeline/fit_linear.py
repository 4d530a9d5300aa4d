"""Linear models for ``descenso fit``: the :class:`~descenso.linear.LinearRegression`
estimator with the solver asked for (``normal``, ``gd`` or ``sgd``), and for a table's classes
the :class:`~descenso.linear.LogisticRegression` (full-batch gradient descent, ``lr="auto"``).

Gradient descent stops when a step lowers the training loss by less than ``tol = 1e-8``
times the loss, or after ``--iterations`` steps; the diagnosis then says whether it reached
the least-squares optimum. The fitted weights are saved as an ``nn.Linear(d, 1)`` (``weight``
of shape (1, d), ``bias`` of shape (1,), float64), which predicts exactly as the estimator; a
classifier's as an ``nn.Linear(d, K)`` whose logits give the estimator's probabilities.
"""

from __future__ import annotations

import numpy as np

from descenso import nn
from descenso.i18n import gettext as _
from descenso.linear import LinearRegression, LogisticRegression
from descenso.pipeline.console import Console
from descenso.pipeline.models import linear_module
from descenso.pipeline.options import FitOptions
from descenso.pipeline.trained import TrainedModel

__all__ = ["TOLERANCE", "fit_linear_regression", "fit_logistic_regression"]

TOLERANCE = 1e-8
_ABSENT_CLASS_LOGIT = -1e4


def fit_linear_regression(options: FitOptions, X_train: np.ndarray, y_train: np.ndarray,
                          console: Console) -> TrainedModel:
    """Fit ``X_train`` (n, d) to ``y_train`` (n,) as ``options`` (resolved) say.

    Raises
    ------
    TrainingDiverged
        When gradient descent blows up (the step number and advice are in the message).
    """
    solver = options.solver
    estimator = LinearRegression(
        solver=solver, loss=options.loss, lr=options.lr if options.lr is not None else 0.01,
        max_iter=options.iterations or 1, tol=TOLERANCE, batch_size=options.batch_size or 32,
        epochs=options.epochs or 1, seed=options.seed,
        verbose=not console.quiet and solver != "normal",
    )
    estimator.fit(X_train, y_train)
    _say_result(estimator, console)
    module = linear_module(estimator.coef_, estimator.intercept_)
    training = {"solver": solver, "n_iter": int(estimator.n_iter_),
                "converged": bool(estimator.converged_), "tol": TOLERANCE,
                "lr": None if estimator.lr_ is None else float(estimator.lr_)}
    history = {} if solver == "normal" else {"loss": [float(v) for v in estimator.history_]}
    return TrainedModel(
        module=module,
        predict=lambda X: estimator.predict(X).reshape(-1, 1),
        history=history,
        history_unit="epoch" if solver == "sgd" else "iteration",
        training=training,
        estimator=estimator,
    )


def fit_logistic_regression(options: FitOptions, X_train: np.ndarray, y_train: np.ndarray,
                            n_classes: int, console: Console) -> TrainedModel:
    """Fit class indices ``y_train`` (n,) in ``0 .. n_classes - 1`` from ``X_train`` (n, d).

    The module is an ``nn.Linear(d, n_classes)`` of logits. Two classes have one logit ``z``
    in the estimator; the module's are ``(0, z)``, whose softmax is ``(1 - σ(z), σ(z))``.
    """
    estimator = LogisticRegression(
        lr=options.lr, max_iter=options.iterations, verbose=not console.quiet)
    estimator.fit(X_train, y_train)
    _say_result(estimator, console)
    d = X_train.shape[1]
    weight = np.zeros((n_classes, d), np.float64)
    # A class absent from the training rows can never be predicted: a very low logit.
    bias = np.full(n_classes, _ABSENT_CLASS_LOGIT, np.float64)
    present = estimator.classes_.astype(np.intp)
    if estimator.coef_.shape[0] == 1:
        weight[present[1]], bias[present[1]] = estimator.coef_[0], estimator.intercept_[0]
        bias[present[0]] = 0.0
    else:
        weight[present], bias[present] = estimator.coef_, estimator.intercept_
    module = nn.Linear(d, n_classes, dtype=np.float64)
    module.load_state_dict({"weight": weight, "bias": bias})
    training = {"solver": "gd", "n_iter": int(estimator.n_iter_),
                "converged": bool(estimator.converged_), "tol": estimator.tol,
                "lr": float(estimator.lr_), "penalty": estimator.penalty, "C": estimator.C}
    return TrainedModel(
        module=module,
        predict=lambda X: X @ weight.T + bias,
        history={"loss": [float(v) for v in estimator.history_]},
        history_unit="iteration",
        training=training,
        estimator=estimator,
    )


def _say_result(estimator, console: Console) -> None:
    if getattr(estimator, "solver", "gd") == "normal":
        console.info(_("solved the normal equations (least squares) in one step"))
        return
    unit = _("epochs") if getattr(estimator, "solver", "gd") == "sgd" else _("steps")
    if estimator.converged_:
        text = _("converged after {n} {unit} (lr {lr:.4g}): the loss stopped improving by "
                 "more than tol {tol:g}")
    else:
        text = _("stopped after {n} {unit} (lr {lr:.4g}) without converging (tol {tol:g})")
    console.info(text.format(n=estimator.n_iter_, unit=unit, lr=estimator.lr_,
                             tol=estimator.tol))
