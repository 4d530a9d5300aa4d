"""The trials of a sweep: ``--grid NAME=V1,V2,...`` read into option values, and the trials made
from them (every combination, or ``--random N`` of them).

A grid's name is a field of :class:`~descenso.pipeline.options.FitOptions` (so every option of
``descenso fit`` can be swept), written with ``-`` or ``_``. Its values are read the way
``descenso fit`` reads that flag and separated by commas, or by semicolons when one value is
itself a list (``--grid "hidden=128,64;64,32"``; always for ``split``, whose value is three
numbers). Each trial is checked by building its
:class:`FitOptions`, so a value ``descenso fit`` would refuse stops the sweep before it starts.

>>> grid = parse_grids(["lr=0.001,0.01", "hidden=32,64"])
>>> grid
{'lr': (0.001, 0.01), 'hidden': ((32,), (64,))}
>>> [trial.values for trial in make_trials(grid)][:2]
[{'lr': 0.001, 'hidden': (32,)}, {'lr': 0.001, 'hidden': (64,)}]
>>> parse_grids(["lr=abc"])
Traceback (most recent call last):
...
descenso.errors.ConfigError: --grid lr=abc: --lr 'abc' is not a number; give a positive number such as 0.01, or 'auto'
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import json
from dataclasses import dataclass, fields

import numpy as np

from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.pipeline.options import (
    FitOptions,
    parse_columns,
    parse_hidden,
    parse_lr,
    parse_split,
)

__all__ = ["Trial", "grid_name", "make_trials", "parse_grids", "trial_key"]

# Options that say where a run reads or writes, not how it learns: a sweep sets them itself.
_NOT_SWEPT = ("dataset", "out", "resume")
_TRUE = ("on", "true", "yes", "1")
_FALSE = ("off", "false", "no", "0")
_PARSERS = {"int": int, "float": float, "hidden": parse_hidden, "split": parse_split,
            "lr": parse_lr}


@dataclass(frozen=True)
class Trial:
    """One point of the grid: ``values`` maps option names to the values this trial uses."""

    values: dict

    def label(self) -> str:
        """``lr=0.01 hidden=64``: how the trial is printed.

        >>> Trial({"lr": 0.01, "hidden": (128, 64)}).label()
        'lr=0.01 hidden=128,64'
        """
        return " ".join(f"{name.replace('_', '-')}={format_option(value)}"
                        for name, value in self.values.items())


def format_option(value) -> str:
    """An option value as typed on the command line (lists joined with commas)."""
    if isinstance(value, (tuple, list)):
        return ",".join(format_option(item) for item in value)
    if isinstance(value, bool):
        return "on" if value else "off"
    return f"{value:g}" if isinstance(value, float) else str(value)


def grid_name(text: str) -> str:
    """The :class:`FitOptions` field a grid names (``batch-size``, ``batch_size`` or
    ``--batch-size``).

    Raises
    ------
    ConfigError
        For an unknown option or one that a sweep sets itself.
    """
    name = text.strip().lstrip("-").replace("-", "_")
    known = [option.name for option in fields(FitOptions)]
    if name in _NOT_SWEPT:
        raise ConfigError(
            _("--grid {name}: a sweep cannot vary {name}; sweep options such as lr, hidden or "
              "epochs").format(name=text))
    if name not in known:
        close = difflib.get_close_matches(name, known, n=1)
        hint = (_("did you mean {name}?").format(name=close[0].replace("_", "-")) if close
                else _("use an option of 'descenso fit', such as lr or hidden"))
        raise ConfigError(
            _("--grid {name}: unknown option; {hint}").format(name=text, hint=hint))
    return name


def _parse_value(name: str, text: str):
    option = next(option for option in fields(FitOptions) if option.name == name)
    spec = option.metadata
    text = text.strip()
    if spec["kind"] in ("switch", "on-off"):
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ConfigError(
            _("--{name} {value!r} is not on or off; write on or off").format(
                name=name.replace("_", "-"), value=text))
    if spec["parse"] == "columns":
        return parse_columns(text, "--" + name.replace("_", "-"))
    parse = _PARSERS.get(spec["parse"])
    if parse is None:
        return text
    try:
        return parse(text)
    except ValueError as error:
        if isinstance(error, ConfigError):
            raise
        kind = _("whole number") if spec["parse"] == "int" else _("number")
        raise ConfigError(
            _("--{name} {value!r} is not a {kind}").format(
                name=name.replace("_", "-"), value=text, kind=kind)) from None


def parse_grids(texts) -> dict[str, tuple]:
    """``["lr=0.001,0.01", ...]`` -> ``{"lr": (0.001, 0.01), ...}``, in the order given.

    Raises
    ------
    ConfigError
        For a grid without ``=``, an unknown option, no values, a value the option does not
        accept, or an option or value given twice.
    """
    grid: dict[str, tuple] = {}
    for text in texts:
        if "=" not in text:
            raise ConfigError(
                _("--grid {text!r} has no '='; write it like --grid lr=0.001,0.01,0.1").format(
                    text=text))
        raw_name, raw_values = text.split("=", 1)
        name = grid_name(raw_name)
        if name in grid:
            raise ConfigError(
                _("--grid {name} is given twice; list all its values in one --grid").format(
                    name=raw_name.strip()))
        # A split is itself three numbers, so its values are always separated by ';'.
        separator = ";" if ";" in raw_values or name == "split" else ","
        parts = [part for part in raw_values.split(separator) if part.strip()]
        if not parts:
            raise ConfigError(
                _("--grid {name} has no values; list them like {name}=0.001,0.01").format(
                    name=raw_name.strip()))
        values = []
        for part in parts:
            try:
                value = _parse_value(name, part)
            except ConfigError as error:
                raise ConfigError(_("--grid {text}: {error}").format(
                    text=text.strip(), error=error)) from None
            if value in values:
                raise ConfigError(
                    _("--grid {name} lists {value} twice; give each value once").format(
                        name=raw_name.strip(), value=part.strip()))
            values.append(value)
        grid[name] = tuple(values)
    if not grid:
        raise ConfigError(
            _("no --grid given; say what to vary, such as --grid lr=0.001,0.01,0.1"))
    return grid


def make_trials(grid: dict[str, tuple], random: int | None = None, seed: int = 0) -> list[Trial]:
    """Every combination of ``grid`` (the last option varying fastest), or ``random`` of them
    drawn without replacement with ``seed`` (all of them when ``random`` is at least their
    number)."""
    names = list(grid)
    combinations = [dict(zip(names, values)) for values in itertools.product(*grid.values())]
    if random is not None and random < len(combinations):
        chosen = np.random.default_rng(seed).choice(len(combinations), size=random,
                                                    replace=False)
        combinations = [combinations[index] for index in sorted(chosen)]
    return [Trial(values) for values in combinations]


def trial_key(options: dict) -> str:
    """A short hash of a trial's options (everything but ``out``): the name of its folder, so
    a re-run finds the trials it already finished.

    >>> trial_key({"lr": 0.01, "out": "a"}) == trial_key({"lr": 0.01, "out": "b"})
    True
    """
    kept = {name: list(value) if isinstance(value, tuple) else value
            for name, value in sorted(options.items()) if name != "out"}
    text = json.dumps(kept, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
