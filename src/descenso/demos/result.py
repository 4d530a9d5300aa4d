"""What a demo produces, and the recorder a demo writes it through.

A demo is a function ``run(record, **options)``. It explains itself line by line with
:meth:`DemoRun.say`, saves its figures with :meth:`DemoRun.save_figure`, keeps the numbers a
test or a learner may want with :meth:`DemoRun.record`, and the registry turns the recorder into
a :class:`DemoResult` once the demo returns, writing the ``index.html`` page that gathers the
figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.i18n import ngettext
from descenso.io.atomic import write_bytes_atomic, write_text_atomic
from descenso.report.content import ReportFigure
from descenso.report.figures.canvas import figure_to_png
from descenso.report.html import figures_html
from descenso.report.page import html_page, preformatted_html

__all__ = ["DemoResult", "DemoRun", "check_counts"]


def epoch_count(epochs: int) -> str:
    """``"1 epoch"``, ``"3 epochs"``: a number of epochs in the user's language.

    >>> epoch_count(1), epoch_count(3)
    ('1 epoch', '3 epochs')
    """
    return ngettext("{n} epoch", "{n} epochs", epochs).format(n=epochs)


def check_counts(minimum: int = 1, **counts: Any) -> None:
    """Raise ``ConfigError`` unless every keyword is a whole number >= ``minimum``.

    >>> check_counts(steps=10, n=2)
    >>> check_counts(steps=0)
    Traceback (most recent call last):
    ...
    descenso.errors.ConfigError: steps must be a whole number >= 1, got 0
    """
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
            raise ConfigError(
                _("{name} must be a whole number >= {minimum}, got {value!r}").format(
                    name=name, minimum=minimum, value=value)
            )


@dataclass
class DemoResult:
    """Everything one demo run printed, drew and measured.

    Attributes
    ----------
    name : str
        The demo's name, e.g. ``"sine"``.
    lines : list of str
        The explanation and results, in the order they were printed.
    figures : list of Path
        The PNG files written, in order.
    numbers : dict
        The key numbers (floats, ints, short lists of floats), e.g. ``{"ratio": 312.5}``.
    page : Path
        The ``index.html`` page that gathers the explanation and the figures.
    """

    name: str
    lines: list[str] = field(default_factory=list)
    figures: list[Path] = field(default_factory=list)
    numbers: dict[str, Any] = field(default_factory=dict)
    page: Path | None = None

    @property
    def text(self) -> str:
        """All the printed lines as one string."""
        return "\n".join(self.lines)


class DemoRun:
    """The recorder handed to a demo: where it prints, draws and keeps its numbers.

    Parameters
    ----------
    name : str
        The demo's name.
    out_dir : Path
        Folder for the PNG figures and ``index.html`` (created if missing).
    seed : int
        Seed of every random draw the demo makes; :attr:`rng` is ``default_rng(seed)``.
    echo : callable or None
        Called with each line as soon as it is said (``print`` in the command line), so long
        demos show progress. None keeps the lines only in the result.

    Examples
    --------
    >>> import tempfile
    >>> record = DemoRun("example", tempfile.mkdtemp(), seed=0)
    >>> record.say("hello")
    >>> record.record(answer=42)
    >>> record.result.lines, record.result.numbers
    (['hello'], {'answer': 42})
    """

    def __init__(
        self,
        name: str,
        out_dir: str | Path,
        seed: int = 0,
        echo: Callable[[str], Any] | None = None,
    ):
        self.name = name
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.seed = int(seed)
        self.rng = np.random.default_rng(self.seed)
        self.echo = echo
        self.result = DemoResult(name=name)
        self._figures: list[ReportFigure] = []

    def say(self, text: str = "") -> None:
        """Print one line (or several separated by newlines) of the demo's explanation."""
        for line in str(text).split("\n"):
            self.result.lines.append(line)
            if self.echo is not None:
                self.echo(line)

    def record(self, **numbers: Any) -> None:
        """Keep key numbers in :attr:`DemoResult.numbers` (later values replace earlier ones)."""
        self.result.numbers.update(numbers)

    def save_figure(self, figure: Figure, stem: str, caption: str) -> Path:
        """Write ``figure`` as ``<out_dir>/<stem>.png`` (atomically) and return the path."""
        return self.save_png(figure_to_png(figure), stem, caption)

    def save_png(self, png: bytes, stem: str, caption: str) -> Path:
        """Write PNG bytes (e.g. a report figure) as ``<out_dir>/<stem>.png``; return the path."""
        path = self.out_dir / f"{stem}.png"
        write_bytes_atomic(path, png)
        self.result.figures.append(path)
        self._figures.append(ReportFigure(stem, caption, png))
        return path

    def finish(self, title: str) -> DemoResult:
        """Write ``index.html`` gathering the lines and the figures; return the result.

        The page is built like a run's report (:mod:`descenso.report.page`): same style, same
        figure blocks, one self-contained file.
        """
        body = preformatted_html(self.result.lines) + figures_html(self._figures)
        page = self.out_dir / "index.html"
        write_text_atomic(page, html_page(title, body))
        self.result.page = page
        return self.result
