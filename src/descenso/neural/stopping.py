"""scikit-learn's stopping rule for its multilayer perceptrons, as a Trainer callback.

After every epoch the monitored value (the training loss, or with ``early_stopping`` the
validation score) is compared with the best so far: an epoch that does not improve it by more
than ``tol`` counts as one without improvement, any better value becomes the new best, and
training stops once more than ``n_iter_no_change`` epochs in a row went without improvement.
This differs from :class:`~descenso.train.EarlyStopping` (which only moves its best on an
improvement larger than ``min_delta``) so that descenso's MLPs run as many epochs as
scikit-learn's on the same data.

With the validation score, the weights of the best epoch are put back when training ends, as
scikit-learn does; with the training loss the last weights are kept.
"""

from __future__ import annotations

import math

import numpy as np

from descenso.train import Callback

__all__ = ["NoImprovementStop"]


class NoImprovementStop(Callback):
    """Stop after more than ``n_iter_no_change`` epochs without an improvement of ``tol``.

    Parameters
    ----------
    monitor : {"loss", "val_accuracy", "val_r2"}
        Lower is better for "loss", higher for the scores.
    tol : float
    n_iter_no_change : int
    """

    def __init__(self, monitor: str, tol: float, n_iter_no_change: int):
        self.monitor = monitor
        self.tol = float(tol)
        self.n_iter_no_change = int(n_iter_no_change)
        self.sign = 1.0 if monitor == "loss" else -1.0  # compare as "lower is better"
        self.best = math.inf
        self.count = 0
        self._best_weights: dict[str, np.ndarray] | None = None

    def on_train_begin(self, trainer) -> None:
        self.best, self.count, self._best_weights = math.inf, 0, None

    def on_epoch_end(self, trainer, epoch: int, logs: dict[str, float]) -> None:
        value = self.sign * float(logs[self.monitor])
        self.count = self.count + 1 if value > self.best - self.tol else 0
        if value < self.best:
            self.best = value
            if self.monitor != "loss":
                self._best_weights = {name: np.array(array, copy=True)
                                      for name, array in trainer.model.state_dict().items()}
        if self.count > self.n_iter_no_change:
            trainer.stop_training = True

    def on_train_end(self, trainer) -> None:
        if self._best_weights is not None:
            trainer.model.load_state_dict(self._best_weights)
