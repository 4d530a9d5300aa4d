"""What the commands print, and how: information that ``--quiet`` hides, and results it keeps.

Results and information go to standard output; progress bars and epoch lines go to standard
error (as tqdm does), and so does the one ``error:`` line of a failure.

>>> print("\\n".join(format_metrics_table({"train": {"r2": 0.37551}, "val": {"r2": 0.37289},
...                                         "test": {"r2": 0.3802}})))
metric     train  validation    test
r2        0.3755      0.3729  0.3802
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from typing import IO

from descenso.i18n import gettext as _

__all__ = ["Console", "format_metrics_table", "split_heading"]


def split_heading(split: str) -> str:
    """The column heading of a split: ``"val"`` is shown as ``"validation"``."""
    return {"train": _("train"), "val": _("validation"), "test": _("test")}.get(split, split)


def _cell(value) -> str:
    if isinstance(value, float) and math.isfinite(value) and (abs(value) >= 1e5):
        return f"{value:.4g}"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def format_metrics_table(metrics: Mapping[str, Mapping[str, float]]) -> list[str]:
    """One row per metric and one column per split, numbers with 4 decimals (4 significant
    digits from 100,000 on); each column as wide as its widest cell plus two spaces, so
    numbers never run together.

    >>> print("\\n".join(format_metrics_table({"train": {"mse": 8254.147},
    ...                                         "test": {"mse": 117647.3195}})))
    metric        train       test
    mse       8254.1470  1.176e+05
    """
    splits = list(metrics)
    names: list[str] = []
    for values in metrics.values():
        names += [name for name in values if name not in names]
    label_width = max([len(_("metric"))] + [len(name) for name in names]) + 2
    cells = {name: [_cell(metrics[split][name]) if name in metrics[split] else "-"
                    for split in splits] for name in names}
    headings = [split_heading(split) for split in splits]
    widths = [max([len(heading)] + [len(cells[name][k]) for name in names]) + 2
              for k, heading in enumerate(headings)]
    lines = [_("metric").ljust(label_width) + "".join(
        heading.rjust(width) for heading, width in zip(headings, widths))]
    for name in names:
        lines.append(name.ljust(label_width) + "".join(
            cell.rjust(width) for cell, width in zip(cells[name], widths)))
    return lines


class Console:
    """Prints a command's output.

    Parameters
    ----------
    quiet : bool
        Hide information (summaries, diagnosis), keep results (metrics, where files are).
    stream : text stream, optional
        Default: ``sys.stdout`` at the time of printing.
    """

    def __init__(self, quiet: bool = False, stream: IO[str] | None = None):
        self.quiet = quiet
        self._stream = stream

    @property
    def stream(self) -> IO[str]:
        """Where lines go."""
        return self._stream if self._stream is not None else sys.stdout

    def info(self, text: str = "") -> None:
        """A line of information, hidden by ``--quiet``."""
        if not self.quiet:
            self.result(text)

    def result(self, text: str = "") -> None:
        """A line of results, always printed."""
        print(text, file=self.stream, flush=True)

    def heading(self, text: str) -> None:
        """A blank line and a section title (information)."""
        self.info()
        self.info(text)
