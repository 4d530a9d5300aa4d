"""When training has diverged: the one rule, for the Trainer and for linear regression.

A loss has diverged when it is NaN or infinite, or more than :data:`DIVERGENCE_FACTOR` (1000)
times a reference loss taken at the start (the first batch's for the Trainer, the loss at the
zero starting weights for :class:`~descenso.linear.LinearRegression`'s gradient descent).
"""

from __future__ import annotations

import math
from typing import Any

from descenso.errors import TrainingDiverged
from descenso.i18n import gettext as _

__all__ = ["DIVERGENCE_FACTOR", "DivergenceStop", "is_diverged"]

DIVERGENCE_FACTOR = 1000.0


def is_diverged(loss: float, reference: float | None) -> bool:
    """``loss`` is NaN, infinite, or more than ``DIVERGENCE_FACTOR`` times ``reference``
    (no reference yet: only NaN and infinity count).

    >>> is_diverged(float("nan"), 1.0), is_diverged(1000.0, 1.0), is_diverged(1001.0, 1.0)
    (True, False, True)
    """
    return not math.isfinite(loss) or (reference is not None
                                       and loss > DIVERGENCE_FACTOR * reference)


class DivergenceStop:
    """Raise :class:`~descenso.errors.TrainingDiverged` when the loss explodes.

    Every trainer runs one itself (it is not in the callbacks list): ``on_train_begin`` and
    ``on_epoch_end`` before the callbacks', :meth:`check_batch` inside each step. A batch's
    loss has diverged when it is NaN or infinite, or more than :data:`DIVERGENCE_FACTOR`
    (1000) times the loss of the run's first batch (:func:`is_diverged`, the rule
    :class:`~descenso.linear.LinearRegression` applies too): a far too large learning rate can
    grow the loss by orders of magnitude per step while it stays finite (Adam with ``lr=1e6``
    reaches 1e26). The first batch, at the random starting weights, is about as bad as a
    working run gets: a loss that starts huge and falls never nears 1000 times its start.

    :meth:`check_batch` runs after the loss is computed and before the optimizer moves the
    weights, so the model keeps the weights that produced the bad loss and every checkpoint
    holds finite weights. At the end of an epoch the validation loss is checked for NaN and
    infinity too. The reference loss is checkpointed, so a resumed run stops where the
    original would.

    >>> class FakeTrainer:
    ...     global_step, epoch = 3, 1
    >>> DivergenceStop().check_batch(FakeTrainer(), 2, float("inf"))
    Traceback (most recent call last):
    ...
    descenso.errors.TrainingDiverged: the loss became inf at step 3 (epoch 1, batch 3): training diverged. Lower the learning rate (try 10 times smaller) and standardize the inputs (and, for regression, the target)
    >>> stop = DivergenceStop()
    >>> stop.check_batch(FakeTrainer(), 0, 2.5)       # the first loss: the reference
    >>> stop.check_batch(FakeTrainer(), 2, 2600.0)
    Traceback (most recent call last):
    ...
    descenso.errors.TrainingDiverged: the loss grew from 2.5 to 2600 (more than 1000 times its first value) at step 3 (epoch 1, batch 3): training diverged. Lower the learning rate (try 10 times smaller) and standardize the inputs (and, for regression, the target)
    """


    def __init__(self):
        self.first_loss: float | None = None

    def on_train_begin(self, trainer) -> None:
        if trainer.epochs_done == 0:  # a new run (a resumed one has its state restored)
            self.first_loss = None

    def check_batch(self, trainer, batch: int, loss: float) -> None:
        """Raise if ``loss`` (of batch ``batch``, 0-based) is not finite or has exploded."""
        if not is_diverged(loss, self.first_loss):
            if self.first_loss is None and loss > 0:  # a zero first loss gives no scale
                self.first_loss = loss
            return
        where = {"step": trainer.global_step, "epoch": trainer.epoch, "batch": batch + 1}
        if math.isfinite(loss):
            what = _("the loss grew from {start:.4g} to {loss:.4g} (more than {factor:g} times its "
                     "first value) at step {step} (epoch {epoch}, batch {batch}): training "
                     "diverged").format(start=self.first_loss, loss=loss,
                                        factor=DIVERGENCE_FACTOR, **where)
        else:
            what = _("the loss became {value} at step {step} (epoch {epoch}, batch {batch}): "
                     "training diverged").format(value=loss, **where)
        raise _diverged(what, trainer)

    def on_epoch_end(self, trainer, epoch: int, logs: dict[str, float]) -> None:
        for name, value in logs.items():
            if name.endswith("loss") and not math.isfinite(value):
                raise _diverged(_("{name} became {value} at the end of epoch {epoch} (step "
                                  "{step}): training diverged").format(
                    name=name, value=value, epoch=epoch, step=trainer.global_step), trainer)

    def state_dict(self) -> dict[str, Any]:
        return {"first_loss": self.first_loss}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        first = state["first_loss"]
        self.first_loss = None if first is None else float(first)


def _diverged(what: str, trainer) -> TrainingDiverged:
    """``what`` happened, then the one advice for every divergence of the trainer."""
    return TrainingDiverged(what + ". " + _("Lower the learning rate (try 10 times smaller) and "
                                            "standardize the inputs (and, for regression, the "
                                            "target)"), step=trainer.global_step)
