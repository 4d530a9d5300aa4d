"""``History``: what happened in each epoch of a training run.

A :class:`History` is a table with one row per epoch and one column per quantity: ``epoch``
(counted from 1), ``loss``, the training metrics (``accuracy``, ``r2``, ...), the same on the
validation data with a ``val_`` prefix, and ``time`` (seconds the epoch took, validation
included). The training loss and metrics are averages over the epoch's batches, measured while
the weights were changing, as Keras reports them.

>>> history = History()
>>> history.append({"epoch": 1, "loss": 0.9, "val_loss": 1.1, "time": 0.02})
>>> history.append({"epoch": 2, "loss": 0.5, "val_loss": 0.8, "time": 0.02})
>>> history["val_loss"]
[1.1, 0.8]
>>> len(history), history.columns
(2, ['epoch', 'loss', 'val_loss', 'time'])
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from typing import Any

from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.io.atomic import write_text_atomic

__all__ = ["History", "history_csv"]


class History:
    """Per-epoch training records: a dict of equally long lists, plus how the run ended.

    Attributes
    ----------
    interrupted : bool
        True when the run was stopped by Ctrl-C (the rows are the epochs that completed).
    stop_reason : str
        ``"completed"``, ``"early_stopping"``, ``"interrupted"``, ``"diverged"``, or ``""``
        while training is under way.
    best_epoch : int or None
        The epoch whose weights the model ended with, when early stopping chose one.
    """

    def __init__(self) -> None:
        self._columns: dict[str, list[Any]] = {}
        self.interrupted = False
        self.stop_reason = ""
        self.best_epoch: int | None = None

    @property
    def columns(self) -> list[str]:
        """The column names, in the order they first appeared."""
        return list(self._columns)

    def __len__(self) -> int:
        return len(self._columns.get("epoch", ()))

    def __contains__(self, name: object) -> bool:
        return name in self._columns

    def __getitem__(self, name: str) -> list[Any]:
        if name not in self._columns:
            raise KeyError(_("history has no column {name!r}; it has {columns}").format(
                    name=name, columns=", ".join(self._columns) or _("none")))
        return self._columns[name]

    def append(self, row: dict[str, Any]) -> None:
        """Add one epoch's values. Every row must have the same keys as the first one."""
        if self._columns and set(row) != set(self._columns):
            raise ConfigError(_("history row has columns {given}, expected {expected}").format(
                    given=sorted(row), expected=sorted(self._columns)))
        if not self._columns:
            self._columns = {name: [] for name in row}
        for name, value in row.items():
            self._columns[name].append(value)

    def last(self) -> dict[str, Any]:
        """The most recent row as a dict (empty before the first epoch).

        >>> history = History()
        >>> history.append({"epoch": 1, "loss": 0.25})
        >>> history.last()
        {'epoch': 1, 'loss': 0.25}
        """
        return {name: values[-1] for name, values in self._columns.items() if values}

    def as_dict(self) -> dict[str, list[Any]]:
        """A copy of the columns: ``{"epoch": [1, 2, ...], "loss": [...], ...}``."""
        return {name: list(values) for name, values in self._columns.items()}

    def state_dict(self) -> dict[str, Any]:
        """Everything needed to rebuild this history (JSON-compatible), for checkpoints."""
        return {
            "columns": self.as_dict(),
            "interrupted": self.interrupted,
            "stop_reason": self.stop_reason,
            "best_epoch": self.best_epoch,
        }

    @classmethod
    def from_state_dict(cls, state: dict[str, Any]) -> History:
        """The inverse of :meth:`state_dict`.

        >>> history = History()
        >>> history.append({"epoch": 1, "loss": 0.5})
        >>> History.from_state_dict(history.state_dict()).as_dict()
        {'epoch': [1], 'loss': [0.5]}
        """
        history = cls()
        history._columns = {name: list(values) for name, values in state["columns"].items()}
        history.interrupted = bool(state.get("interrupted", False))
        history.stop_reason = str(state.get("stop_reason", ""))
        best = state.get("best_epoch")
        history.best_epoch = None if best is None else int(best)
        return history

    def to_csv(self, path: str | os.PathLike[str]) -> None:
        """Write the table as CSV (header row, then one row per epoch), atomically.

        Numbers are written with full precision (``repr``), so reading the file back gives the
        same floats; a missing value (NaN) is written as an empty field.

        >>> import tempfile, pathlib
        >>> history = History()
        >>> history.append({"epoch": 1, "loss": 0.5, "time": 0.125})
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "history.csv"
        >>> history.to_csv(target)
        >>> print(target.read_text(), end="")
        epoch,loss,time
        1,0.5,0.125
        """
        write_text_atomic(path, history_csv(self._columns))

    def __repr__(self) -> str:
        return f"History(epochs={len(self)}, columns={self.columns})"


def history_csv(columns: Mapping[str, Sequence], unit: str | None = None) -> str:
    """A history's columns as CSV text: the one writer of every ``history.csv``.

    With ``unit``, a first column counting it is added unless the columns already have it
    (epochs from 1, iterations from 0). Floats are written with full precision (``repr``) and
    a missing value (NaN, None) as an empty field.

    >>> print(history_csv({"loss": [4.0, 2.5]}, "iteration"), end="")
    iteration,loss
    0,4.0
    1,2.5
    """
    columns = dict(columns)
    length = max((len(values) for values in columns.values()), default=0)
    if unit is not None and unit not in columns:
        start = 1 if unit == "epoch" else 0
        columns = {unit: list(range(start, start + length)), **columns}
    lines = [",".join(columns)]
    for row in range(length):
        lines.append(",".join(_format_cell(values[row]) for values in columns.values()))
    return "\n".join(lines) + "\n"


def _format_cell(value: Any) -> str:
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    return "" if value is None else str(value)
