"""What a checkpoint holds, and how a trainer resumes from it bit for bit.

Checkpoints are taken at epoch boundaries (see :class:`~descenso.train.ModelCheckpoint`).
Resuming must reproduce the rest of the run exactly, so a checkpoint stores everything that
the remaining epochs depend on:

- the weights (``model.state_dict()``), the optimizer's state (moments, step counts, the
  current learning rate) and the learning-rate scheduler's (its epoch count);
- both random generators: the one that shuffles the rows (drawn at the start of each epoch)
  and :func:`descenso.default_generator` (dropout masks), as their PCG64 states;
- the counters (epochs done, steps taken, whether a callback asked to stop);
- the history so far, and the state of each callback that keeps one (early stopping's best
  value and best weights, for instance, and the divergence check's first loss);
- the settings that must not change (batch size, seed, shuffling, number of training rows,
  task, metrics and the kind of scheduler), so a resume with other settings is refused instead of silently
  producing a different model.

The arrays go into safetensors and the rest into JSON (:mod:`descenso.io.checkpoint`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from descenso._version import __version__
from descenso.autograd import default_generator
from descenso.errors import ConfigError, ModelFileError
from descenso.i18n import gettext as _
from descenso.train.callbacks import Callback
from descenso.train.history import History

__all__ = ["restore_trainer", "shuffle_generator", "trainer_state"]


def shuffle_generator(seed: int) -> np.random.Generator:
    """The generator that shuffles the rows: a stream of its own, not ``manual_seed(seed)``'s.

    >>> bool(shuffle_generator(0).permutation(5).tolist() == shuffle_generator(0).permutation(5).tolist())
    True
    """
    return np.random.default_rng([seed, 1])


def _callback_states(trainer) -> list[tuple[Callback, dict[str, Any]]]:
    """The callbacks whose state a checkpoint keeps (``state_dict()`` is not None), with it."""
    states = ((callback, callback.state_dict()) for callback in trainer.callbacks)
    return [(callback, state) for callback, state in states if state is not None]


def _settings(trainer) -> dict[str, Any]:
    scheduler = None if trainer.scheduler is None else type(trainer.scheduler).__name__
    return {"batch_size": trainer.batch_size, "seed": trainer.seed, "shuffle": trainer.shuffle,
            "n_train": trainer._n_train, "task": trainer.task, "metrics": list(trainer.metrics),
            "scheduler": scheduler}


def trainer_state(trainer) -> dict[str, Any]:
    """The checkpoint of ``trainer`` now: nested dicts of JSON values and NumPy arrays."""
    return {
        "descenso_version": __version__,
        "epoch": trainer.epochs_done,
        "global_step": trainer.global_step,
        "stop_training": trainer.stop_training,
        "config": _settings(trainer),
        "model": trainer.model.state_dict(),
        "optimizer": trainer.optimizer.state_dict(),
        "scheduler": None if trainer.scheduler is None else trainer.scheduler.state_dict(),
        "divergence": trainer._divergence.state_dict(),
        "rng": {"shuffle": trainer._shuffle_rng.bit_generator.state,
                "default": default_generator().bit_generator.state},
        "history": trainer.history.state_dict(),
        "callbacks": [{"type": type(callback).__name__, "state": state}
                      for callback, state in _callback_states(trainer)],
    }


def restore_trainer(trainer, state: dict[str, Any], path) -> None:
    """Put ``trainer`` (and its model, optimizer, callbacks) back into the checkpointed ``state``.

    Raises
    ------
    ConfigError
        When the trainer's settings or stateful callbacks differ from the checkpoint's.
    ModelFileError
        When the checkpoint is incomplete or its weights do not fit the model.
    """
    try:
        saved, saved_callbacks = state["config"], state["callbacks"]
        types = [entry["type"] for entry in saved_callbacks]
        mine = _settings(trainer)
        different = [key for key in mine if saved.get(key) != mine[key]]
        if different:
            details = ", ".join(f"{key}: {saved.get(key)!r} != {mine[key]!r}"
                                for key in different)
            raise ConfigError(
                _("checkpoint {path} was made with different settings ({details}); resume with "
                  "the same data, batch size, seed, metrics and learning-rate schedule").format(
                    path=path, details=details))
        stateful = [callback for callback, _state in _callback_states(trainer)]
        if types != [type(callback).__name__ for callback in stateful]:
            raise ConfigError(_("checkpoint {path} was made with the callbacks {saved}; pass the "
                                "same callbacks to resume").format(path=path, saved=types))
        trainer.model.load_state_dict(state["model"])
        trainer.optimizer.load_state_dict(state["optimizer"])
        if trainer.scheduler is not None:
            trainer.scheduler.load_state_dict(state["scheduler"])
        if state.get("divergence") is not None:  # checkpoints of descenso 0.1 lack it
            trainer._divergence.load_state_dict(state["divergence"])
        trainer._shuffle_rng = shuffle_generator(trainer.seed)
        trainer._shuffle_rng.bit_generator.state = state["rng"]["shuffle"]
        default_generator().bit_generator.state = state["rng"]["default"]
        for callback, entry in zip(stateful, saved_callbacks):
            callback.load_state_dict(entry["state"])
        trainer.history = History.from_state_dict(state["history"])
        trainer.epoch = trainer.epochs_done = int(state["epoch"])
        trainer.global_step = int(state["global_step"])
        trainer.stop_training = bool(state["stop_training"])
    except (KeyError, TypeError) as error:
        raise ModelFileError(
            _("checkpoint {path} is incomplete (missing {what}); resume from a checkpoint "
              "written by ModelCheckpoint").format(path=path, what=error)) from None
