"""Networks (and minibatch classifiers) for ``descenso fit``: a model trained by the
:class:`~descenso.train.Trainer`.

Everything is built and checked first (:class:`NetworkRun`), before the output folder exists,
so a bad option leaves nothing behind. Training then keeps a resumable checkpoint of every
epoch and writes it into ``<out>/checkpoints/`` at most every :data:`CHECKPOINT_SECONDS`
seconds, after the last epoch, and on Ctrl-C or divergence; with ``--patience`` early stopping ends on the best
epoch's weights; ``--lr-schedule`` lowers the learning rate after each epoch.
"""

from __future__ import annotations

import os

import numpy as np

from descenso.pipeline.console import Console
from descenso.pipeline.models import build_loss, build_network, build_optimizer, build_scheduler
from descenso.pipeline.options import FitOptions
from descenso.pipeline.trained import TrainedModel
from descenso.train import EarlyStopping, History, ModelCheckpoint, Trainer

__all__ = ["CHECKPOINT_SECONDS", "NetworkRun"]

#: a killed process loses at most this much training; Ctrl-C loses nothing but the epoch
#: under way. Writing every epoch took 80-90 % of the time of a small table's run.
CHECKPOINT_SECONDS = 30.0


class NetworkRun:
    """A trainer ready to fit: model, loss, optimizer and callbacks built from ``options``.

    Parameters
    ----------
    options : FitOptions
        Resolved.
    n_features : int
        Inputs per row (784 for images).
    n_outputs : int
        1 for regression, the number of classes for classification.
    images : bool
        Prepend ``Flatten`` so the model takes (n, 28, 28) images.
    checkpoint_dir : path
        Where ``checkpoint-last.safetensors`` and ``checkpoint-best.safetensors`` go (created
        when training starts).
    console : Console
        ``--quiet`` hides the progress.
    """

    def __init__(self, options: FitOptions, n_features: int, n_outputs: int, images: bool,
                 checkpoint_dir: str | os.PathLike[str], console: Console):
        self.options = options
        model = build_network(options, n_features, n_outputs, images)
        callbacks = [ModelCheckpoint(checkpoint_dir, every_seconds=CHECKPOINT_SECONDS)]
        if options.patience is not None:
            callbacks.insert(0, EarlyStopping(monitor="val_loss", patience=options.patience))
        optimizer = build_optimizer(options, model)
        self.trainer = Trainer(
            model, build_loss(options), optimizer, epochs=options.epochs,
            batch_size=options.batch_size, callbacks=callbacks, seed=options.seed,
            verbose="quiet" if console.quiet else "auto", task=options.task,
            scheduler=build_scheduler(options, optimizer),
        )

    @property
    def model(self):
        """The network being trained."""
        return self.trainer.model

    @property
    def history(self) -> History:
        """The epochs completed so far."""
        return self.trainer.history

    def fit(self, train: tuple[np.ndarray, np.ndarray], val: tuple[np.ndarray, np.ndarray],
            resume_from: str | None = None) -> TrainedModel:
        """Train on preprocessed ``train = (X, y)``, validating on ``val`` every epoch.

        Raises
        ------
        TrainingDiverged, TrainingInterrupted
            As :meth:`Trainer.fit` does.
        """
        history = self.trainer.fit(train, val=val, resume_from=resume_from)
        return self.result(history)

    def result(self, history: History) -> TrainedModel:
        """The trained (or partly trained) model as a :class:`TrainedModel`."""
        training = {
            "epochs_run": len(history),
            "stop_reason": history.stop_reason,
            "best_epoch": history.best_epoch,
            "steps": int(self.trainer.global_step),
        }
        curves = {name: [float(value) for value in values]
                  for name, values in history.as_dict().items()
                  if name not in ("epoch", "time")}
        return TrainedModel(
            module=self.trainer.model,
            predict=self.trainer.predict,
            history=curves,
            history_unit="epoch",
            training=training,
            table=history.as_dict(),
        )
