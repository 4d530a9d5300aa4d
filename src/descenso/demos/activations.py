"""Demo ``activations``: tanh, sigmoid, ReLU and LeakyReLU, and where their gradient vanishes.

Each activation is evaluated on [-4, 4] and differentiated by descenso's autograd (one
``backward()`` on the sum gives every derivative at once, since each output depends on one
input). Where the derivative is below :data:`VANISHING` a neuron barely learns: the gradient
flowing back through it almost disappears. tanh and sigmoid saturate on both sides, ReLU is
exactly flat for negative inputs (a "dead" neuron), and LeakyReLU keeps a slope of 0.1
everywhere.
"""

from __future__ import annotations

import numpy as np

from descenso.autograd import tensor
from descenso.demos.result import DemoRun, check_counts
from descenso.i18n import N_
from descenso.i18n import gettext as _
from descenso.report.figures.canvas import new_figure

__all__ = ["ACTIVATIONS", "activation_and_derivative", "run", "vanishing_intervals"]

VANISHING = 0.05
NEGATIVE_SLOPE = 0.1
ACTIVATIONS = ("tanh", "sigmoid", "relu", "leaky_relu")
_TITLES = {"tanh": "tanh", "sigmoid": N_("sigmoid"), "relu": "ReLU",
           "leaky_relu": "LeakyReLU (0.1)"}


def activation_and_derivative(name: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The activation ``name`` at ``x`` and its derivative, by autograd (float64).

    >>> values, slopes = activation_and_derivative("relu", np.array([-1.0, 2.0]))
    >>> values.tolist(), slopes.tolist()
    ([0.0, 2.0], [0.0, 1.0])
    """
    inputs = tensor(np.asarray(x, dtype=np.float64), requires_grad=True)
    if name == "leaky_relu":
        outputs = inputs.leaky_relu(NEGATIVE_SLOPE)
    else:
        outputs = getattr(inputs, name)()
    outputs.sum().backward()
    return outputs.data.copy(), inputs.grad.numpy().copy()


def vanishing_intervals(x: np.ndarray, slopes: np.ndarray) -> list[tuple[float, float]]:
    """The intervals of ``x`` (sorted) where ``|slopes| < VANISHING``, as ``(start, end)``.

    >>> vanishing_intervals(np.array([-2.0, -1.0, 0.0, 1.0]), np.array([0.0, 0.0, 1.0, 0.01]))
    [(-2.0, -1.0), (1.0, 1.0)]
    """
    small = np.abs(slopes) < VANISHING
    edges = np.flatnonzero(np.diff(np.concatenate([[False], small, [False]]).astype(np.int8)))
    return [(float(x[start]), float(x[end - 1])) for start, end in zip(edges[::2], edges[1::2])]


def run(record: DemoRun, points: int = 801) -> None:
    """Plot the four activations and their derivatives on [-4, 4]."""
    check_counts(minimum=3, points=points)
    x = np.linspace(-4.0, 4.0, points)
    record.say(_(
        "Activations and their derivatives on [-4, 4], differentiated by autograd. Where the "
        "derivative is below {threshold} the gradient vanishes and the neuron barely learns."
    ).format(threshold=VANISHING))
    figure = new_figure(12, 8.5)
    for index, name in enumerate(ACTIVATIONS):
        values, slopes = activation_and_derivative(name, x)
        intervals = vanishing_intervals(x, slopes)
        title = _(_TITLES[name]) if name == "sigmoid" else _TITLES[name]
        ends = _("derivative at -4: {left:.4f}, at 0: {middle:.4f}, at 4: {right:.4f}").format(
            left=slopes[0], middle=slopes[points // 2], right=slopes[-1])
        where = ", ".join(f"[{start:.2f}, {end:.2f}]" for start, end in intervals)
        record.say(f"{title:16s} {ends}")
        record.say("                 " + (
            _("gradient vanishes on {where}").format(where=where) if intervals
            else _("gradient never vanishes")))
        record.record(**{f"{name}_vanishing": intervals,
                         f"{name}_max_derivative": float(slopes.max())})

        axes = figure.add_subplot(2, 2, index + 1)
        for number, (start, end) in enumerate(intervals):
            axes.axvspan(start, end, color="red", alpha=0.12,
                         label=_("gradient vanishes (< {threshold})").format(
                             threshold=VANISHING) if number == 0 else None)
        axes.plot(x, values, color="tab:blue", linewidth=2, label=_("activation"))
        axes.plot(x, slopes, color="tab:orange", linewidth=2, linestyle="--",
                  label=_("derivative"))
        axes.axhline(0.0, color="0.5", linewidth=0.6)
        axes.set(xlabel=_("input x"), ylabel=_("output and derivative"), title=title)
        axes.set_xlim(-4.0, 4.0)
        axes.grid(alpha=0.3)
        if index == 0:  # one legend for the four panels, under them, clear of every curve
            handles, labels = axes.get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncols=len(labels))
    record.say(_(
        "tanh and sigmoid saturate on both sides (sigmoid's derivative is never above 0.25); "
        "ReLU's derivative is exactly 0 for negative inputs; LeakyReLU keeps 0.1 there, so its "
        "gradient never vanishes."))
    record.save_figure(figure, "activations", _(
        "Each activation (solid) and its derivative (dashed); shaded where the gradient "
        "vanishes."))
