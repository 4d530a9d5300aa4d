"""Figures for the demos: matplotlib's object API on the Agg canvas, never pyplot's state.

Every figure has a fixed size in inches and :data:`DPI` dots per inch, so its PNG is
``width * DPI`` by ``height * DPI`` pixels, and is saved without the "Software" tag so the
same data always gives the same bytes.

>>> figure = new_figure(4, 3)
>>> axes = figure.add_subplot()
>>> _ = axes.plot([0, 1], [0, 1])
>>> data = png_bytes(figure)
>>> data[:8] == b"\\x89PNG\\r\\n\\x1a\\n", png_bytes(figure) == data
(True, True)
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["DPI", "new_figure", "png_bytes", "step_colors"]

DPI = 100


def new_figure(width: float, height: float) -> Figure:
    """A blank figure ``width`` x ``height`` inches with constrained layout, on an Agg canvas.

    >>> new_figure(6, 4).get_size_inches().tolist()
    [6.0, 4.0]
    """
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def png_bytes(figure: Figure) -> bytes:
    """The figure rendered as PNG bytes, identical for identical figures."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def step_colors(n: int, colormap: str = "winter") -> np.ndarray:
    """``n`` RGBA colours running along ``colormap`` from the first step to the last.

    >>> step_colors(3).shape
    (3, 4)
    """
    return colormaps[colormap](np.linspace(0.0, 1.0, max(n, 1)))
