"""``Trainer``: the training loop, once, for every model.

Each step is the four lines every PyTorch user knows::

    optimizer.zero_grad()
    loss = loss_fn(model(X_batch), y_batch)
    loss.backward()
    optimizer.step()

around which the trainer adds what a real run needs: shuffled mini-batches from a seeded
generator, the epoch's loss and metrics, validation, progress, callbacks (early stopping,
checkpoints), a learning-rate schedule stepped after each epoch, a stop with advice when the
loss becomes NaN or explodes, a clean stop on Ctrl-C, and resuming from a checkpoint bit for
bit.

Reproducibility: ``fit`` seeds :func:`descenso.manual_seed` (dropout's generator) with
``seed`` and shuffles with a separate generator derived from the same seed, so the same seed
gives bit-identical weights and history (apart from the ``time`` column). Initialise the
model's weights under your own ``manual_seed`` before making the trainer.

Memory stays flat across epochs: the loop keeps each batch's loss as a Python float, and
nothing of a batch's graph outlives its step.

>>> import numpy as np
>>> from descenso import nn, optim
>>> from descenso.autograd import manual_seed
>>> manual_seed(0)
>>> X = np.random.default_rng(0).normal(size=(64, 3))
>>> y = X @ np.array([1.0, -2.0, 0.5])
>>> model = nn.Linear(3, 1)
>>> trainer = Trainer(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.1), epochs=20,
...                   batch_size=16, verbose="quiet")
>>> history = trainer.fit((X, y))
>>> history["loss"][-1] < 1e-3 and trainer.evaluate((X, y))["r2"] > 0.999
True
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path
from typing import IO, Any

import numpy as np

from descenso.autograd import Tensor, from_numpy, manual_seed, no_grad
from descenso.errors import ConfigError, TrainingDiverged
from descenso.i18n import gettext as _
from descenso.io.checkpoint import load_checkpoint, save_checkpoint
from descenso.nn import BCEWithLogitsLoss, CrossEntropyLoss, Module
from descenso.threads import single_threaded_blas
from descenso.train.batches import prepare_arrays
from descenso.train.callbacks import Callback, ModelCheckpoint
from descenso.train.divergence import DivergenceStop
from descenso.train.evaluation import (
    PREDICT_BATCH_SIZE,
    TASKS,
    check_metrics,
    compute_metric,
    predict_in_batches,
)
from descenso.train.history import History
from descenso.train.interruption import DeferredInterrupt, TrainingInterrupted
from descenso.train.progress import ProgressLogger
from descenso.train.resume import restore_trainer, shuffle_generator, trainer_state
from descenso.utils.data import DataLoader, TensorDataset

__all__ = ["Trainer"]


def _positive_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ConfigError(
            _("{name} must be a positive integer, got {value!r}").format(name=name, value=value))
    return int(value)


def _check_scheduler(scheduler, optimizer) -> None:
    if scheduler is None:
        return
    for method in ("step", "state_dict", "load_state_dict"):
        if not callable(getattr(scheduler, method, None)):
            raise ConfigError(
                _("scheduler must be a learning-rate scheduler such as optim.lr_scheduler."
                  "CosineAnnealingLR(optimizer, T_max=epochs), got {kind}").format(
                    kind=type(scheduler).__name__))
    if getattr(scheduler, "optimizer", None) is not optimizer:
        raise ConfigError(_("the scheduler was made for another optimizer; create it from the "
                            "trainer's optimizer: CosineAnnealingLR(optimizer, T_max=epochs)"))


class Trainer:
    """Train ``model`` on arrays with mini-batch gradient descent.

    Parameters
    ----------
    model : Module
        Any model: a single ``Linear`` (linear or logistic regression) or a ``Sequential``.
    loss : Module
        A loss such as ``MSELoss()`` or ``CrossEntropyLoss()`` (with ``reduction="mean"``).
    optimizer : Optimizer
        Made from ``model.parameters()``.
    epochs : int
        Passes over the training data.
    batch_size : int, default 32
    callbacks : sequence of Callback, default ()
        For example ``EarlyStopping()`` and ``ModelCheckpoint(folder)``; called in increasing
        ``Callback.order`` (checkpoints last), ties in the order given, then the progress
        display.
    seed : int, default 0
        Seeds the shuffling and dropout (see the module docstring).
    metrics : sequence of str, optional
        Names from ``"accuracy"`` (classification) or ``"r2"``, ``"mae"``, ``"mse"``,
        ``"rmse"`` (regression). Default: ``("accuracy",)`` or ``("r2",)``.
    verbose : {"auto", "bar", "epochs", "quiet"}, default "auto"
        How progress is shown (see :mod:`descenso.train.progress`).
    shuffle : bool, default True
        Shuffle the training rows every epoch.
    task : {"regression", "classification"}, optional
        Default: classification for ``CrossEntropyLoss`` and ``BCEWithLogitsLoss``, else
        regression.
    stream : text stream, optional
        Where progress goes (default ``sys.stderr``).
    scheduler : LRScheduler, optional
        A learning-rate schedule made from ``optimizer`` (for example
        ``optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)``). Its ``step()`` is
        called once after every epoch (after validation, before the callbacks' ``on_epoch_end``,
        so checkpoints hold the rate of the next epoch), and its state is checkpointed.

    Attributes
    ----------
    history : History
        Filled by :meth:`fit`.
    epoch : int
        The epoch under way, or the last one run (1-based).
    global_step : int
        Optimizer steps taken since the start of training (resumes included).
    stop_training : bool
        Set it to True from a callback to stop after the current epoch.
    steps_per_epoch : int
    log_names : tuple of str
        The history columns that callbacks can monitor (``loss``, ``val_loss``, ...).
    """

    def __init__(self, model, loss, optimizer, epochs: int, batch_size: int = 32,
                 callbacks=(), seed: int = 0, metrics=None, verbose: str = "auto",
                 shuffle: bool = True, task: str | None = None, stream: IO[str] | None = None,
                 scheduler=None):
        if not isinstance(model, Module):
            raise ConfigError(_("model must be a descenso.nn.Module, got {kind}").format(
                    kind=type(model).__name__))
        if not callable(loss):
            raise ConfigError(_("loss must be a loss module such as nn.MSELoss()"))
        for method in ("zero_grad", "step", "state_dict", "load_state_dict"):
            if not callable(getattr(optimizer, method, None)):
                raise ConfigError(
                    _("optimizer must be a descenso optimizer such as optim.SGD(model.parameters"
                      "(), lr=0.01), got {kind}").format(kind=type(optimizer).__name__))
        _check_scheduler(scheduler, optimizer)
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ConfigError(
                _("seed must be a non-negative integer, got {value!r}").format(value=seed))
        if task is None:
            task = ("classification" if isinstance(loss, (CrossEntropyLoss, BCEWithLogitsLoss))
                    else "regression")
        if task not in TASKS:
            raise ConfigError(
                _("task must be 'regression' or 'classification', got {value!r}").format(
                    value=task))
        callbacks = list(callbacks)
        for callback in callbacks:
            if not isinstance(callback, Callback):
                raise ConfigError(
                    _("callbacks must be Callback instances, got {value!r}; did you forget "
                      "the parentheses, as in EarlyStopping()?").format(value=callback))
        self.model = model
        self.loss_fn = loss
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.epochs = _positive_int("epochs", epochs)
        self.batch_size = _positive_int("batch_size", batch_size)
        self.seed = int(seed)
        self.task = task
        self.metrics = check_metrics(metrics, task)
        self.shuffle = bool(shuffle)
        # In increasing Callback.order, ties as given: ModelCheckpoint (order 1) after the
        # callbacks whose state it saves.
        self.callbacks = sorted(callbacks, key=lambda callback: callback.order)
        self._divergence = DivergenceStop()
        self._progress = ProgressLogger(verbose, stream)
        self._integer_labels = isinstance(loss, CrossEntropyLoss)
        self._shuffle_rng = shuffle_generator(self.seed)
        self.history = History()
        self.epoch = 0
        self.epochs_done = 0
        self.global_step = 0
        self.stop_training = False
        self.steps_per_epoch = 0
        self.log_names: tuple[str, ...] = ()
        self._n_train = 0
        self._batches_done = 0

    # ------------------------------------------------------------------ training

    def fit(self, train, val=None, *, resume_from: str | os.PathLike[str] | None = None) -> History:
        """Train on ``train = (X, y)``, validating on ``val`` after every epoch.

        Parameters
        ----------
        train, val : tuple (X, y)
            X of shape (n_samples, n_features) (or more dimensions, for a model that flattens),
            y of shape (n_samples,) (class labels or a single target) or (n_samples, n_outputs).
        resume_from : path, optional
            A checkpoint written by :class:`ModelCheckpoint`: training continues after its
            last completed epoch, with its weights, optimizer state, random generator states,
            callback states and history, and ends with exactly the weights of a run that was
            never interrupted. The trainer must be built like the original one (same model,
            optimizer, batch size, seed, data).

        Returns
        -------
        History

        Raises
        ------
        TrainingDiverged
            The loss became NaN or infinite, or grew past 1000 times its first value (see
            :class:`DivergenceStop`; ``step`` says when). Its ``history`` and
            ``checkpoint`` attributes hold the completed epochs and the last checkpoint of
            finite weights (or None). The model keeps the last finite weights (those that
            produced the bad loss), or the best ones when :class:`EarlyStopping` is used.
        TrainingInterrupted
            Ctrl-C (or a ``KeyboardInterrupt``): the trainer stops after the current batch and
            re-raises this ``KeyboardInterrupt`` subclass, with ``history`` (completed epochs,
            ``interrupted=True``) and ``checkpoint`` (the last one, taken at the end of the last
            completed epoch, or None). Exit with code 130 after reporting.
        """
        X, y = prepare_arrays(self.model, train, self.task, self._integer_labels, _("train"))
        val_arrays = None if val is None else prepare_arrays(
            self.model, val, self.task, self._integer_labels, _("validation"))
        self._n_train = len(X)
        self.steps_per_epoch = math.ceil(len(X) / self.batch_size)
        names = ("loss", *self.metrics)
        self.log_names = names + (tuple(f"val_{name}" for name in names) if val is not None
                                  else ())
        if resume_from is not None:
            restore_trainer(self, load_checkpoint(resume_from), resume_from)
        else:
            self._start_fresh()
        # After a resume restored the shuffling generator: the loader draws from that one.
        loader = DataLoader(TensorDataset(X, y), batch_size=self.batch_size,
                            shuffle=self.shuffle, generator=self._shuffle_rng)
        callbacks = [*self.callbacks, self._progress]  # the progress line shows the outcome
        with DeferredInterrupt() as interrupt, single_threaded_blas(), np.errstate(
                over="ignore", invalid="ignore", divide="ignore"):
            try:
                self._divergence.on_train_begin(self)
                for callback in callbacks:
                    callback.on_train_begin(self)
                while not self.stop_training and self.epochs_done < self.epochs:
                    self._run_epoch(loader, val_arrays, callbacks, interrupt)
                self.history.stop_reason = ("early_stopping" if self.stop_training
                                            else "completed")
            except KeyboardInterrupt:
                self._finish(callbacks, "interrupted")
                raise self._interrupted() from None
            except TrainingDiverged as error:
                self._finish(callbacks, "diverged")
                raise self._diverged(error) from None
            self._finish(callbacks, self.history.stop_reason)
        return self.history

    def _start_fresh(self) -> None:
        manual_seed(self.seed)
        self._shuffle_rng = shuffle_generator(self.seed)
        self.history = History()
        self.epoch = self.epochs_done = self.global_step = 0
        self.stop_training = False

    def _run_epoch(self, loader: DataLoader, val_arrays, callbacks, interrupt) -> None:
        epoch = self.epochs_done + 1
        self.epoch = epoch
        self._batches_done = 0
        started = time.perf_counter()
        for callback in callbacks:
            callback.on_epoch_begin(self, epoch)
        collect = bool(self.metrics)
        outputs: list[np.ndarray] = []
        targets: list[np.ndarray] = []
        loss_sum = 0.0
        self.model.train()
        for batch, (xb, yb) in enumerate(loader):
            value, output = self._train_step(xb, yb, batch)
            loss_sum += value * len(xb)
            if collect:
                outputs.append(output)
                targets.append(yb.data)
            self._batches_done = batch + 1
            for callback in callbacks:
                callback.on_batch_end(self, batch, value)
            if interrupt.requested:
                raise KeyboardInterrupt
        logs: dict[str, Any] = {"epoch": epoch, "loss": loss_sum / self._n_train}
        if collect:
            all_outputs, all_targets = np.concatenate(outputs), np.concatenate(targets)
            del outputs, targets
            for name in self.metrics:
                logs[name] = compute_metric(name, all_targets, all_outputs)
            del all_outputs, all_targets
        if val_arrays is not None:
            for name, value in self._evaluate_arrays(*val_arrays).items():
                logs[f"val_{name}"] = value
        logs["time"] = time.perf_counter() - started
        self.history.append(logs)
        self.epochs_done = epoch
        if self.scheduler is not None:
            self.scheduler.step()
        self._divergence.on_epoch_end(self, epoch, logs)
        for callback in callbacks:
            callback.on_epoch_end(self, epoch, logs)
        if interrupt.requested:
            raise KeyboardInterrupt

    def _train_step(self, xb: Tensor, yb: Tensor, batch: int) -> tuple[float, np.ndarray]:
        # A separate method so the batch's graph (output, loss) is freed when it returns.
        self.global_step += 1
        self.optimizer.zero_grad()
        output = self.model(xb)
        loss = self.loss_fn(output, yb)
        value = float(loss.data)
        self._divergence.check_batch(self, batch, value)  # before the step: weights stay finite
        loss.backward()
        self.optimizer.step()
        return value, output.data

    def _finish(self, callbacks, reason: str) -> None:
        self.history.stop_reason = reason
        self.history.interrupted = reason == "interrupted"
        for callback in callbacks:
            callback.on_train_end(self)

    def _last_checkpoint(self) -> ModelCheckpoint | None:
        for callback in self.callbacks:
            if isinstance(callback, ModelCheckpoint) and callback.last_path is not None:
                return callback
        return None

    def _interrupted(self) -> TrainingInterrupted:
        saver = self._last_checkpoint()
        message = _("training interrupted in epoch {epoch} after {batches} of {total} "
                    "batches").format(epoch=self.epoch, batches=self._batches_done,
                                      total=self.steps_per_epoch)
        if saver is not None:
            message += "; " + _("resume from {path} (saved after epoch {done})").format(
                path=saver.last_path, done=saver.last_epoch)
        return TrainingInterrupted(message, self.history,
                                   None if saver is None else saver.last_path, self.epoch,
                                   self._batches_done)

    def _diverged(self, error: TrainingDiverged) -> TrainingDiverged:
        saver = self._last_checkpoint()
        checkpoint = None if saver is None else saver.last_path
        message = str(error)
        if checkpoint is not None:
            message += ". " + _("The last checkpoint with finite weights is {path}").format(
                path=checkpoint)
        diverged = TrainingDiverged(message, step=error.step)
        diverged.history = self.history
        diverged.checkpoint = checkpoint
        return diverged

    # ------------------------------------------------------------------ using the model

    def evaluate(self, data, batch_size: int | None = None) -> dict[str, float]:
        """The loss and metrics of the model on ``data = (X, y)``, in eval mode.

        Returns
        -------
        dict
            ``{"loss": ..., "accuracy": ...}`` (the trainer's metrics).
        """
        X, y = prepare_arrays(self.model, data, self.task, self._integer_labels, _("evaluation"))
        with single_threaded_blas():
            return self._evaluate_arrays(X, y, batch_size)

    def _evaluate_arrays(self, X, y, batch_size: int | None = None) -> dict[str, float]:
        outputs = predict_in_batches(self.model, X, batch_size or PREDICT_BATCH_SIZE)
        with no_grad():
            loss = float(self.loss_fn(from_numpy(outputs), from_numpy(y)).data)
        results = {"loss": loss}
        for name in self.metrics:
            results[name] = compute_metric(name, y, outputs)
        return results

    def predict(self, X, batch_size: int | None = None) -> np.ndarray:
        """The model's raw outputs for ``X`` (n_samples, ...), in eval mode, without a graph.

        Returns
        -------
        ndarray of shape (n_samples, n_outputs): values for regression, logits for
        classification (the class is ``argmax(axis=1)``).
        """
        X = np.asarray(X)
        if X.dtype.kind not in "biuf" or X.ndim == 0:
            raise ConfigError(
                _("predict needs an array of numbers of shape (n_samples, ...), got dtype "
                  "{dtype} and shape {shape}").format(dtype=X.dtype, shape=X.shape))
        size = PREDICT_BATCH_SIZE if batch_size is None else _positive_int("batch_size",
                                                                           batch_size)
        with single_threaded_blas():
            return predict_in_batches(self.model, X, size)

    # ------------------------------------------------------------------ checkpoints

    def state_dict(self) -> dict[str, Any]:
        """Everything a checkpoint stores (see :mod:`descenso.train.resume`)."""
        return trainer_state(self)

    def save_checkpoint(self, path: str | os.PathLike[str]) -> Path:
        """Write a resumable checkpoint to ``path`` (atomically) and return the path."""
        save_checkpoint(path, trainer_state(self))
        return Path(path)
