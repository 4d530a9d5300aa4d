"""Demo ``vectorization``: why the hot path is one NumPy operation, not a Python loop.

Adding two 10,000-element vectors element by element in Python runs the interpreter 10,000
times; ``a + b`` runs one compiled loop. Each way is timed with :func:`timeit.repeat`,
keeping the best of several repeats (the least disturbed by other work on the machine).

The thesis chapter (the course's third text) timed the loop over PyTorch tensors: 0.17802 s,
against 0.00036 s for ``a + b``. Looping over tensors is slower than over NumPy arrays because
every ``a[i]`` makes a new tensor object and every ``+`` goes through the library's dispatch,
microseconds each; the lesson times that loop too, over descenso's tensors.
"""

from __future__ import annotations

import timeit
from collections.abc import Callable

import numpy as np

from descenso.autograd import tensor
from descenso.demos.result import DemoRun, check_counts
from descenso.i18n import gettext as _
from descenso.report.figures.canvas import new_figure
from descenso.report.html import format_seconds

__all__ = ["PUBLISHED", "best_time", "run"]

#: The thesis chapter's timings in seconds: the loop over tensors and ``a + b``, n = 10,000.
PUBLISHED = {"loop_seconds": 0.17802, "vector_seconds": 0.00036}


def best_time(function: Callable[[], object], repeats: int) -> float:
    """The shortest of ``repeats`` wall-clock timings of ``function()``, in seconds.

    >>> best_time(lambda: None, 3) >= 0.0
    True
    """
    return min(timeit.repeat(function, number=1, repeat=repeats))


def _loop_add(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    c = np.zeros_like(a)
    for i in range(len(a)):
        c[i] = a[i] + b[i]
    return c


def _tensor_loop_add(a, b) -> np.ndarray:
    """The text's loop, over tensors: each ``a[i] + b[i]`` builds tensors one element at a time."""
    c = np.zeros(a.shape, dtype=a.dtype)
    for i in range(a.shape[0]):
        c[i] = (a[i] + b[i]).item()
    return c


def run(record: DemoRun, n: int = 10_000, repeats: int = 7) -> None:
    """Time a Python loop against one vector addition of two ``n``-element float32 vectors."""
    check_counts(n=n, repeats=repeats)
    a = np.ones(n, dtype=np.float32)
    b = np.ones(n, dtype=np.float32)
    record.say(_("Adding two vectors of {n} numbers, best of {repeats} runs each.").format(
        n=n, repeats=repeats))
    loop_seconds = best_time(lambda: _loop_add(a, b), repeats)
    a_tensor, b_tensor = tensor(a), tensor(b)
    tensor_seconds = best_time(lambda: _tensor_loop_add(a_tensor, b_tensor), min(repeats, 3))
    vector_seconds = best_time(lambda: a + b, repeats)
    ratio = loop_seconds / max(vector_seconds, 1e-9)
    record.say(_("                                published    descenso"))
    rows = ((_("Python loop over tensors:"), PUBLISHED["loop_seconds"], tensor_seconds),
            (_("Python loop over NumPy arrays:"), None, loop_seconds),
            (_("vector operation:"), PUBLISHED["vector_seconds"], vector_seconds))
    for label, theirs, ours in rows:
        published = "-" if theirs is None else format_seconds(theirs)
        record.say(f"{label:30s}  {published:>9s}    {format_seconds(ours):>8s}")
    record.say(_("The vector operation is {ratio:.0f} times faster than the loop over NumPy "
                 "arrays.").format(ratio=ratio))
    record.say(_(
        "Timings depend on the machine, its load and the library versions: compare the ratios, "
        "not the seconds. The text's loop was slower than the NumPy one because it looped over "
        "tensors: each a[i] makes a new tensor object and each + goes through the library's "
        "dispatch, which costs microseconds per element."))
    record.say(_(
        "Every layer, loss and optimizer in descenso works on whole arrays at once for this "
        "reason: no Python loops over samples."))
    record.record(loop_seconds=loop_seconds, tensor_loop_seconds=tensor_seconds,
                  vector_seconds=vector_seconds, ratio=ratio, n=n)

    figure = new_figure(7, 4.5)
    axes = figure.add_subplot()
    labels = [_("loop over tensors"), _("loop over NumPy arrays"), _("vector operation")]
    times_ms = [tensor_seconds * 1e3, loop_seconds * 1e3, vector_seconds * 1e3]
    bars = axes.bar(labels, times_ms, color=["#7570b3", "#d95f02", "#1b9e77"])
    axes.bar_label(bars, fmt="%.3g ms", padding=2)
    # room above the tallest bar for its label (a log axis needs a factor, not a margin)
    axes.set(yscale="log", ylim=(min(times_ms) / 3, max(times_ms) * 6),
             ylabel=_("time (milliseconds, log scale)"))
    axes.set_title(_("Adding two vectors of {n} numbers: one vector operation is {ratio:.0f} "
                     "times faster than a loop over NumPy arrays").format(n=n, ratio=ratio),
                   wrap=True)
    record.save_figure(figure, "vectorization", _("Time of a Python loop over tensors, over "
                                                  "NumPy arrays, and of one vector operation "
                                                  "(best of several runs)."))
