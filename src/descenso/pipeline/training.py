"""Training the model a run asks for: the one step from data to a :class:`TrainedModel`.

- Linear regression (``--model linear`` on a regression task) is fitted by the
  :class:`~descenso.linear.LinearRegression` estimator with the solver asked for (``normal``,
  ``gd`` or ``sgd``). Gradient descent stops when a step lowers the training loss by less than
  ``tol = 1e-8`` times the loss, or after ``--iterations`` steps. The fitted weights are saved
  as an ``nn.Linear(d, 1)`` (float64), which predicts exactly as the estimator.
- Logistic / softmax regression of a table's classes (``--model linear``, ``--solver gd``) is
  run to convergence by :class:`~descenso.linear.LogisticRegression`, and saved as an
  ``nn.Linear(d, K)`` whose logits give the estimator's probabilities.
- Every other model (networks, and ``--solver sgd`` classifiers) is built by
  :mod:`descenso.pipeline.models` and trained by the :class:`~descenso.train.Trainer`, which
  keeps a resumable checkpoint of every epoch and writes it into ``<out>/checkpoints/`` at
  most every :data:`CHECKPOINT_SECONDS` seconds, after the last epoch, and on Ctrl-C or
  divergence; with ``--patience`` early stopping ends on the best epoch's weights;
  ``--lr-schedule`` lowers the learning rate after each epoch.

Ctrl-C ends either with :class:`~descenso.train.TrainingInterrupted` carrying the model so far
(``.trained``), which :mod:`descenso.pipeline.fit` saves.
"""

from __future__ import annotations

import numpy as np

from descenso import nn
from descenso.i18n import gettext as _
from descenso.io.checkpoint import load_checkpoint, save_checkpoint
from descenso.linear import LinearRegression, LogisticRegression
from descenso.linear.sgd import SGDState
from descenso.pipeline.models import (
    build_loss,
    build_network,
    build_optimizer,
    build_scheduler,
    linear_module,
)
from descenso.pipeline.resume_check import check_resume, sgd_checkpoint, sgd_start
from descenso.pipeline.run import FitRun
from descenso.pipeline.trained import TrainedModel
from descenso.train import EarlyStopping, ModelCheckpoint, Trainer, TrainingInterrupted

__all__ = ["CHECKPOINTS", "CHECKPOINT_SECONDS", "TOLERANCE", "network_refit", "train"]

TOLERANCE = 1e-8
_ABSENT_CLASS_LOGIT = -1e4
CHECKPOINTS = "checkpoints"
#: a killed process loses at most this much training; Ctrl-C loses nothing but the epoch
#: under way. Writing every epoch took 80-90 % of the time of a small table's run.
CHECKPOINT_SECONDS = 30.0


def train(run: FitRun) -> TrainedModel:
    """Train the model of ``run`` (options resolved, data prepared, folder created).

    Raises
    ------
    TrainingDiverged
        When the loss blows up (the step and advice are in the message).
    TrainingInterrupted
        On Ctrl-C, with ``.trained`` the model so far.
    """
    if run.network:
        return train_network(run)
    if run.options.task == "classification":
        return train_logistic(run)
    return train_linear(run)


def train_network(run: FitRun) -> TrainedModel:
    """Build the network, loss, optimizer and callbacks ``run.options`` name, and train it."""
    options = run.options
    X_train, y_train = run.prepared["train"]
    trainer = _network_trainer(run, int(X_train[0].size), options.batch_size,
                               quiet=run.console.quiet, checkpoints=True)
    if options.resume is not None:
        check_resume(options, trainer.model, load_checkpoint(options.resume), options.resume)
    X_val, y_val = run.prepared["val"]
    try:
        history = trainer.fit((X_train, run.pre.transform_target(y_train)),
                              val=(X_val, run.pre.transform_target(y_val)),
                              resume_from=options.resume)
    except TrainingInterrupted as stop:
        stop.trained = _network_result(trainer, stop.history)
        raise
    return _network_result(trainer, history)


def network_refit(run: FitRun):
    """``refit(X, y)``: the run's network trained afresh, quietly and without checkpoints, on
    other training rows (preprocessed inputs, raw targets), for the learning curves; returns
    the :class:`TrainedModel`."""
    X_val, y_val = run.prepared["val"]

    def refit(X: np.ndarray, y: np.ndarray) -> TrainedModel:
        trainer = _network_trainer(run, int(X[0].size), min(run.options.batch_size, len(y)),
                                   quiet=True, checkpoints=False)
        history = trainer.fit((X, run.pre.transform_target(y)),
                              val=(X_val, run.pre.transform_target(y_val)))
        return _network_result(trainer, history)

    return refit


def _network_trainer(run: FitRun, n_inputs: int, batch_size: int, *, quiet: bool,
                     checkpoints: bool) -> Trainer:
    """A :class:`Trainer` of a fresh network built from ``run.options`` for ``n_inputs``."""
    options = run.options
    n_outputs = len(run.pre.class_names) if options.task == "classification" else 1
    model = build_network(options, n_inputs, n_outputs, run.source.images)
    callbacks = [ModelCheckpoint(run.folder.path / CHECKPOINTS,  # runs last: order 1
                                 every_seconds=CHECKPOINT_SECONDS)] if checkpoints else []
    if options.patience is not None:
        callbacks.append(EarlyStopping(monitor="val_loss", patience=options.patience))
    optimizer = build_optimizer(options, model)
    return Trainer(model, build_loss(options), optimizer, epochs=options.epochs,
                   batch_size=batch_size, callbacks=callbacks, seed=options.seed,
                   verbose="quiet" if quiet else "auto", task=options.task,
                   scheduler=build_scheduler(options, optimizer))


def _network_result(trainer: Trainer, history) -> TrainedModel:
    training = {
        "epochs_run": len(history),
        "stop_reason": history.stop_reason,
        "best_epoch": history.best_epoch,
        "steps": int(trainer.global_step),
    }
    curves = {name: [float(value) for value in values]
              for name, values in history.as_dict().items() if name not in ("epoch", "time")}
    return TrainedModel(module=trainer.model, predict=trainer.predict, history=curves,
                        history_unit="epoch", training=training, table=history.as_dict())


def train_linear(run: FitRun) -> TrainedModel:
    """Fit linear regression with ``run.options.solver``.

    With ``--solver sgd`` the run can be stopped with Ctrl-C and continued like a network's:
    the state after the last complete epoch is saved as ``checkpoints/checkpoint-last.
    safetensors`` and :class:`~descenso.train.TrainingInterrupted` carries the model so far.
    """
    options, console = run.options, run.console
    solver = options.solver
    estimator = LinearRegression(
        solver=solver, loss=options.loss, lr=options.lr if options.lr is not None else 0.01,
        max_iter=options.iterations or 1, tol=TOLERANCE, batch_size=options.batch_size or 32,
        epochs=options.epochs or 1, seed=options.seed,
        verbose=not console.quiet and solver != "normal",
    )
    X_train, y_train = run.prepared["train"]
    if solver != "sgd":
        estimator.fit(X_train, y_train)
    else:
        start = None
        if options.resume is not None:
            start = sgd_start(options, load_checkpoint(options.resume), len(y_train),
                              options.resume)
        latest = [start]
        try:
            estimator.fit(X_train, y_train, sgd_start=start, sgd_on_epoch=latest.append)
        except KeyboardInterrupt:
            raise _sgd_interrupted(run, latest[-1], len(y_train)) from None
    _say_linear_result(estimator, console)
    training = {"solver": solver, "n_iter": int(estimator.n_iter_),
                "converged": bool(estimator.converged_), "tol": TOLERANCE,
                "lr": None if estimator.lr_ is None else float(estimator.lr_)}
    history = {"loss": [float(v) for v in estimator.history_]}
    return TrainedModel(
        module=linear_module(estimator.coef_, estimator.intercept_),
        predict=lambda X: estimator.predict(X).reshape(-1, 1),
        history={} if solver == "normal" else history,
        history_unit="epoch" if solver == "sgd" else "iteration",
        training=training,
        estimator=estimator,
        table=history,  # the closed form's one row: its training loss
    )


def _sgd_interrupted(run: FitRun, state: SGDState | None, n_train: int) -> TrainingInterrupted:
    """Ctrl-C in linear SGD: save the last complete epoch, as the Trainer does for networks."""
    epoch = 1 if state is None else state.epoch + 1
    message = _("training interrupted in epoch {epoch}").format(epoch=epoch)
    path = None
    if state is not None and state.epoch > 0:
        path = run.folder.path / CHECKPOINTS / ModelCheckpoint.LAST_NAME
        path.parent.mkdir(exist_ok=True)
        save_checkpoint(path, sgd_checkpoint(run.options, state, n_train))
        message += "; " + _("resume from {path} (saved after epoch {done})").format(
            path=path, done=state.epoch)
    stop = TrainingInterrupted(message, None, path, epoch, 0)
    if state is not None:
        losses = [float(v) for v in state.history]
        stop.trained = TrainedModel(
            module=linear_module(state.coef, state.intercept),
            predict=lambda X: (X @ state.coef + state.intercept).reshape(-1, 1),
            history={"loss": losses}, history_unit="epoch",
            training={"solver": "sgd", "n_iter": state.epoch, "lr": state.lr},
            table={"loss": losses})
    return stop


def train_logistic(run: FitRun) -> TrainedModel:
    """Fit class indices ``y`` (n,) in ``0 .. K - 1`` from ``X`` (n, d) to convergence.

    The module is an ``nn.Linear(d, K)`` of logits. Two classes have one logit ``z`` in the
    estimator; the module's are ``(0, z)``, whose softmax is ``(1 - σ(z), σ(z))``.
    """
    options, console = run.options, run.console
    X_train, y_train = run.prepared["train"]
    n_classes = len(run.pre.class_names)
    estimator = LogisticRegression(
        lr=options.lr, max_iter=options.iterations, verbose=not console.quiet)
    estimator.fit(X_train, y_train)
    _say_linear_result(estimator, console)
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
    history = {"loss": [float(v) for v in estimator.history_]}
    return TrainedModel(module=module, predict=lambda X: X @ weight.T + bias, history=history,
                        history_unit="iteration", training=training, estimator=estimator,
                        table=history)


def _say_linear_result(estimator, console) -> None:
    solver = getattr(estimator, "solver", "gd")
    if solver == "normal":
        console.info(_("solved the normal equations (least squares) in one step"))
        return
    unit = _("epochs") if solver == "sgd" else _("steps")
    if estimator.converged_:
        text = _("converged after {n} {unit} (lr {lr:.4g}): the loss stopped improving by "
                 "more than tol {tol:g}")
    else:
        text = _("stopped after {n} {unit} (lr {lr:.4g}) without converging (tol {tol:g})")
    console.info(text.format(n=estimator.n_iter_, unit=unit, lr=estimator.lr_,
                             tol=estimator.tol))
