"""Demo ``vectorization``: why the hot path is one NumPy operation, not a Python loop.

Adding two 10,000-element vectors element by element in Python runs the interpreter 10,000
times; ``a + b`` runs one compiled loop. Each way is timed with :func:`time.perf_counter`,
keeping the best of several repeats (the least disturbed by other work on the machine).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from descenso.demos.result import DemoRun, check_counts
from descenso.i18n import gettext as _
from descenso.report.figures.canvas import new_figure

__all__ = ["best_time", "run"]


def best_time(function: Callable[[], object], repeats: int) -> float:
    """The shortest of ``repeats`` wall-clock timings of ``function()``, in seconds.

    >>> best_time(lambda: None, 3) >= 0.0
    True
    """
    best = float("inf")
    for _repeat in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _loop_add(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    c = np.zeros_like(a)
    for i in range(len(a)):
        c[i] = a[i] + b[i]
    return c


def run(record: DemoRun, n: int = 10_000, repeats: int = 7) -> None:
    """Time a Python loop against one vector addition of two ``n``-element float32 vectors."""
    check_counts(n=n, repeats=repeats)
    a = np.ones(n, dtype=np.float32)
    b = np.ones(n, dtype=np.float32)
    record.say(_("Adding two vectors of {n} numbers, best of {repeats} runs each.").format(
        n=n, repeats=repeats))
    loop_seconds = best_time(lambda: _loop_add(a, b), repeats)
    vector_seconds = best_time(lambda: a + b, repeats)
    ratio = loop_seconds / max(vector_seconds, 1e-9)
    record.say(_("Python loop:       {time:10.6f} s").format(time=loop_seconds))
    record.say(_("vector operation:  {time:10.6f} s").format(time=vector_seconds))
    record.say(_("The vector operation is {ratio:.0f} times faster.").format(ratio=ratio))
    record.say(_(
        "Every layer, loss and optimizer in descenso works on whole arrays at once for this "
        "reason: no Python loops over samples."))
    record.record(loop_seconds=loop_seconds, vector_seconds=vector_seconds, ratio=ratio, n=n)

    figure = new_figure(6, 4)
    axes = figure.add_subplot()
    labels = [_("Python loop"), _("vector operation")]
    times_ms = [loop_seconds * 1e3, vector_seconds * 1e3]
    bars = axes.bar(labels, times_ms, color=["#d95f02", "#1b9e77"], label=labels)
    axes.bar_label(bars, fmt="%.4f ms")
    axes.set_yscale("log")
    axes.set_ylabel(_("time (milliseconds, log scale)"))
    axes.set_title(_("Adding two {n}-element vectors: {ratio:.0f}x faster").format(
        n=n, ratio=ratio))
    axes.legend()
    record.save_figure(figure, "vectorization", _("Time of a Python loop and of one vector "
                                                  "operation (best of several runs)."))
