"""The one canvas of every descenso figure (reports and lessons): Agg off-screen, PNG bytes.

descenso never imports ``matplotlib.pyplot``: a :class:`~matplotlib.figure.Figure` attached to
its own ``FigureCanvasAgg`` needs no display and no global backend, so drawing a report works
on a server, in CI, and inside a notebook that uses another backend, without changing it.

>>> figure = new_figure(2.0, 1.0)
>>> png = figure_to_png(figure)
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n", png_size(png)
(True, (200, 100))
"""

from __future__ import annotations

import io
import struct

import numpy as np
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from descenso.i18n import gettext as _

__all__ = [
    "DPI",
    "RIGHT",
    "TRAIN",
    "VALIDATION",
    "WRONG",
    "draw_line_steps",
    "figure_to_png",
    "new_figure",
    "png_size",
]

DPI = 100
"""Pixels per inch of every figure: a figure of 6 x 4 inches is 600 x 400 pixels."""

RIGHT = "#1f77b4"  # blue: correct predictions and true classes (as in TensorFlow's tutorial)
WRONG = "#d62728"  # red: wrong predictions
TRAIN = "#1f77b4"
VALIDATION = "#ff7f0e"

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def new_figure(width: float, height: float) -> Figure:
    """An empty figure of ``width`` x ``height`` inches with constrained layout, drawn by Agg."""
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def figure_to_png(figure: Figure) -> bytes:
    """Encode ``figure`` as PNG bytes of exactly its size in pixels.

    The PNG carries no software version or date, so identical figures give identical bytes.
    """
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def png_size(png: bytes) -> tuple[int, int]:
    """The ``(width, height)`` in pixels of PNG bytes, read from the header.

    >>> png_size(figure_to_png(new_figure(3.0, 2.0)))
    (300, 200)
    """
    if len(png) < 24 or not png.startswith(_PNG_SIGNATURE) or png[12:16] != b"IHDR":
        raise ValueError(_("not PNG data: the bytes do not start with a PNG signature and header"))
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def draw_line_steps(figure: Figure, axes, x, y, lines, true_line: tuple[float, float], *,
                    start_label: str, true_label: str, title: str, linewidth: float = 1.0):
    """A descent of the line ``y = m x + b`` on ``axes``: the points, the line after each step
    (blue to green, with a colour bar), the starting line and the true one.

    ``x``, ``y`` have shape (n,); ``lines`` holds ``(m, b)`` per step, the start first.
    """
    ends = np.array([np.min(x), np.max(x)])
    steps = len(lines) - 1
    axes.scatter(x, y, s=12, color="0.6", label=_("data"))
    colors = colormaps["winter"](np.linspace(0.0, 1.0, max(steps, 1)))
    for (slope, intercept), color in zip(lines[1:], colors):
        axes.plot(ends, slope * ends + intercept, color=color, linewidth=linewidth)
    axes.plot(ends, lines[0][0] * ends + lines[0][1], color="orange", linewidth=2,
              label=start_label)
    axes.plot(ends, true_line[0] * ends + true_line[1], "--", color="black", linewidth=2,
              label=true_label)
    figure.colorbar(ScalarMappable(Normalize(1, steps), colormaps["winter"]), ax=axes,
                    label=_("step"))
    axes.set(xlabel="x", ylabel="y", title=title)
    axes.legend(loc="upper left", fontsize="small")
