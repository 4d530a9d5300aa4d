"""The playground's settings: one validated record, the same in the page's URL and the script.

Settings arrive from the page as JSON; :func:`parse_settings` checks every value and raises a
:class:`~descenso.errors.ConfigError` naming the bad one. :data:`LIVE` are the settings that
change at the next step of a running training; any other change starts the run again.

>>> parse_settings({"lr": "0.1"})["lr"]
0.1
"""

from __future__ import annotations

import math

from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.playground.data import DATASETS

__all__ = ["ACTIVATIONS", "DEFAULTS", "LIVE", "LOSSES", "OPTIMIZERS", "SCHEDULES",
           "parse_settings"]

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
LOSSES = ("auto", "mse", "mae", "bce", "ce")
OPTIMIZERS = ("sgd", "momentum", "adam", "rmsprop")
SCHEDULES = ("constant", "step", "exponential", "cosine")
LIVE = ("lr", "optimizer", "batch", "schedule", "l1", "l2")
MAX_UNITS = 64
MAX_LAYERS = 6

DEFAULTS = {
    "data": "circle", "n": 400, "noise": 0.2, "classes": 2, "ratio": 0.5, "seed": 0,
    "features": ["x1", "x2"], "hidden": [4, 2], "activation": "tanh", "loss": "auto",
    "optimizer": "sgd", "lr": 0.03, "schedule": "constant", "batch": 10, "l1": 0.0, "l2": 0.0,
    "target": "",
}


def _number(settings, name, low, high, kind=float):
    value = settings[name]
    try:
        if kind is int and isinstance(value, str):
            value = int(value)
        value = kind(value)
    except (TypeError, ValueError):
        raise ConfigError(_("setting {name}={value!r} is not a number; give a number between "
                            "{low} and {high}").format(name=name, value=value, low=low,
                                                        high=high)) from None
    if isinstance(value, float) and not math.isfinite(value) or not low <= value <= high:
        raise ConfigError(_("setting {name}={value!r} is out of range; give a number between "
                            "{low} and {high}").format(name=name, value=value, low=low, high=high))
    return value


def _choice(settings, name, choices):
    value = settings[name]
    if value not in choices:
        raise ConfigError(_("setting {name}={value!r} is unknown; choose one of {choices}").format(
            name=name, value=value, choices=", ".join(choices)))
    return value


def _names(value, name) -> list[str]:
    if isinstance(value, str):
        value = [part for part in value.split(",") if part]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(_("setting {name} must be a list of names").format(name=name))
    return list(value)


def parse_settings(raw: dict, base: dict | None = None) -> dict:
    """``raw`` (from the page or the URL) over ``base`` (default :data:`DEFAULTS`), checked."""
    if not isinstance(raw, dict):
        raise ConfigError(_("the settings must be a JSON object"))
    unknown = sorted(set(raw) - set(DEFAULTS))
    if unknown:
        raise ConfigError(_("unknown setting(s) {names}; known ones are {known}").format(
            names=", ".join(unknown), known=", ".join(DEFAULTS)))
    settings = {**(DEFAULTS if base is None else base), **raw}
    out = {
        "data": settings["data"] if settings["data"] == "csv" else _choice(settings, "data",
                                                                           DATASETS),
        "n": _number(settings, "n", 10, 5000, int),
        "noise": _number(settings, "noise", 0.0, 5.0),
        "classes": _number(settings, "classes", 2, 5, int),
        "ratio": _number(settings, "ratio", 0.1, 0.9),
        "seed": _number(settings, "seed", 0, 2**31 - 1, int),
        "features": _names(settings["features"], "features"),
        "activation": _choice(settings, "activation", ACTIVATIONS),
        "loss": _choice(settings, "loss", LOSSES),
        "optimizer": _choice(settings, "optimizer", OPTIMIZERS),
        "lr": _number(settings, "lr", 1e-6, 10.0),
        "schedule": _choice(settings, "schedule", SCHEDULES),
        "batch": _number(settings, "batch", 1, 5000, int),
        "l1": _number(settings, "l1", 0.0, 1.0),
        "l2": _number(settings, "l2", 0.0, 1.0),
        "target": str(settings["target"])[:200],
    }
    hidden = settings["hidden"]
    if isinstance(hidden, str):
        hidden = [part for part in hidden.split(",") if part]
    try:
        hidden = [int(units) for units in hidden]
    except (TypeError, ValueError):
        raise ConfigError(_("setting hidden={value!r} must list whole numbers of units, such as "
                            "4,2").format(value=settings["hidden"])) from None
    if len(hidden) > MAX_LAYERS or any(not 1 <= units <= MAX_UNITS for units in hidden):
        raise ConfigError(_("setting hidden={value!r}: at most {layers} layers of 1 to {units} "
                            "units each").format(value=hidden, layers=MAX_LAYERS,
                                                 units=MAX_UNITS))
    out["hidden"] = hidden
    return out


def learning_rate(settings: dict, step: int) -> float:
    """The learning rate at ``step`` (counted from 0) under the settings' schedule:
    ``constant``; ``step`` halves it every 1000 steps; ``exponential`` multiplies it by
    0.999 each step; ``cosine`` anneals it to 0 over 5000 steps and then holds 0.

    >>> learning_rate({"lr": 0.1, "schedule": "step"}, 2500)
    0.025
    """
    lr, schedule = settings["lr"], settings["schedule"]
    if schedule == "step":
        return lr * 0.5 ** (step // 1000)
    if schedule == "exponential":
        return lr * 0.999 ** step
    if schedule == "cosine":
        return lr * 0.5 * (1.0 + math.cos(math.pi * min(step, 5000) / 5000))
    return lr
