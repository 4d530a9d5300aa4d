"""Before ``descenso fit --resume`` continues a checkpoint: the flags must be the ones it was
made with, and it must not already be past ``--epochs``.

Networks are checkpointed by the Trainer; linear regression with ``--solver sgd`` by
:func:`sgd_checkpoint` when it is interrupted, and continued by :func:`sgd_start`.

The Trainer refuses a mismatched checkpoint too, but in its own terms (state-dict keys and
settings); here each difference is named as the flag the user typed, with the value the
checkpoint was made with, which is read back from the checkpoint itself (the layer sizes from
the weights' shapes, the optimizer from its hyperparameters).
"""

from __future__ import annotations

import numpy as np

from descenso.errors import ConfigError, ModelFileError
from descenso.i18n import gettext as _
from descenso.linear.sgd import SGDState
from descenso.pipeline.options import FitOptions

__all__ = ["check_resume", "sgd_checkpoint", "sgd_start"]

_LINEAR_SGD = "linear-sgd"


def check_resume(options: FitOptions, model, state: dict, path) -> None:
    """Refuse to resume ``state`` (a loaded checkpoint) with ``options`` that differ from it.

    Raises
    ------
    ConfigError
        Naming the first flag whose value differs, and the checkpoint's value; or when the
        checkpoint already holds more epochs than ``--epochs``.
    """
    mine = model.state_dict()
    saved = state.get("model", {})
    if set(saved) != set(mine) or any(saved[key].shape != mine[key].shape for key in mine):
        if _sizes(mine, 4) != _sizes(saved, 4):
            _refuse(path, "--channels", _sizes(mine, 4), _sizes(saved, 4))
        _refuse(path, "--hidden", _sizes(mine, 2, hidden=True), _sizes(saved, 2, hidden=True))
    optimizer = _optimizer_name(state.get("optimizer", {}))
    if optimizer is not None and optimizer != options.optimizer:
        _refuse(path, "--optimizer", options.optimizer, optimizer)
    _check_common(options, state, path)


def _check_common(options: FitOptions, state: dict, path) -> None:
    config = state.get("config", {})
    if config.get("batch_size") not in (None, options.batch_size):
        _refuse(path, "--batch-size", options.batch_size, config["batch_size"])
    if config.get("seed") not in (None, options.seed):
        _refuse(path, "--seed", options.seed, config["seed"])
    epochs_done = int(state.get("epoch", 0))
    if epochs_done > options.epochs:
        raise ConfigError(
            _("checkpoint {path} already holds {done} epochs, more than --epochs {epochs}; "
              "pass --epochs {done} or more to continue it").format(
                path=path, done=epochs_done, epochs=options.epochs))


def _refuse(path, flag: str, value, saved) -> None:
    raise ConfigError(
        _("checkpoint {path} was made with {flag} {saved}, not {value}; resume with {flag} "
          "{saved}, or start a new run without --resume").format(
            path=path, flag=flag, saved=saved, value=value))


def _sizes(state: dict, ndim: int, hidden: bool = False) -> str:
    """The output sizes of a state dict's ``ndim``-dimensional weights in layer order, as
    ``--channels`` (4: convolutions) or ``--hidden`` (2: dense layers but the output) take them.

    >>> import numpy as np
    >>> _sizes({"0.weight": np.zeros((8, 3)), "2.weight": np.zeros((1, 8))}, 2, hidden=True)
    '8'
    >>> _sizes({"1.weight": np.zeros((8, 1, 3, 3)), "4.weight": np.zeros((16, 8, 3, 3))}, 4)
    '8,16'
    """
    def layer(item):
        head = item[0].split(".")[0]
        return int(head) if head.isdigit() else -1

    widths = [array.shape[0] for key, array in sorted(state.items(), key=layer)
              if key.endswith("weight") and getattr(array, "ndim", 0) == ndim]
    return ",".join(map(str, widths[:-1] if hidden else widths)) or _("none")


def _optimizer_name(state: dict) -> str | None:
    """``adam``, ``momentum`` or ``sgd`` from an optimizer state dict's hyperparameters."""
    groups = state.get("param_groups") or [{}]
    group = groups[0]
    if "betas" in group:
        return "adam"
    if "momentum" in group:
        return "momentum" if group["momentum"] else "sgd"
    return None


def sgd_checkpoint(options: FitOptions, state: SGDState, n_train: int) -> dict:
    """The checkpoint of an interrupted linear ``--solver sgd`` run (for ``save_checkpoint``)."""
    return {"kind": _LINEAR_SGD, "epoch": state.epoch, "coef": state.coef,
            "intercept": float(state.intercept), "history": state.history, "rng": state.rng,
            "lr": float(state.lr),
            "config": {"batch_size": options.batch_size, "seed": options.seed,
                       "loss": options.loss, "n_train": n_train}}


def sgd_start(options: FitOptions, state: dict, n_train: int, path) -> SGDState:
    """Where to continue a linear ``--solver sgd`` run from its loaded checkpoint.

    Raises
    ------
    ConfigError
        When the checkpoint is a network's, or was made with other flags or data.
    """
    if state.get("kind") != _LINEAR_SGD:
        raise ConfigError(
            _("checkpoint {path} was made by a network, not by linear regression with --solver "
              "sgd; resume it with the flags it was made with, such as --model mlp").format(
                path=path))
    _check_common(options, state, path)
    config = state["config"]
    if config.get("loss") != options.loss:
        _refuse(path, "--loss", options.loss, config.get("loss"))
    if config.get("n_train") != n_train:
        raise ConfigError(
            _("checkpoint {path} was made with {saved} training rows, not {rows}; resume with "
              "the same data, --split and --seed").format(
                path=path, saved=config.get("n_train"), rows=n_train))
    try:
        return SGDState(np.asarray(state["coef"], np.float64), float(state["intercept"]),
                        int(state["epoch"]), np.asarray(state["history"], np.float64),
                        dict(state["rng"]), float(state["lr"]))
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFileError(
            _("checkpoint {path} is incomplete (missing {what}); resume from a checkpoint "
              "written by ModelCheckpoint").format(path=path, what=error)
        ) from None
