"""Training curves: the loss and each metric per epoch (or iteration), train beside validation.

The history is a dict in Keras' naming, the same names the progress line prints:
``{"loss": [...], "val_loss": [...], "accuracy": [...], "val_accuracy": [...]}``. Each name
without the ``val_`` prefix gets its own panel, with the validation curve beside the training
one when present; the loss comes first.

>>> from descenso.report.figures.canvas import png_size
>>> png = training_curves({"loss": [1.0, 0.5, 0.4], "val_loss": [1.1, 0.6, 0.5]})
>>> png_size(png)
(480, 360)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.ticker import MaxNLocator

from descenso.errors import DataError, ShapeError
from descenso.i18n import N_
from descenso.i18n import gettext as _
from descenso.report.figures.canvas import TRAIN, VALIDATION, figure_to_png, new_figure

__all__ = ["metric_label", "training_curves"]

_VALIDATION_PREFIX = "val_"
_METRIC_LABELS = {
    "loss": N_("loss"),
    "accuracy": N_("accuracy"),
    "r2": "R²",
    "mse": N_("mean squared error"),
    "rmse": N_("root mean squared error"),
    "mae": N_("mean absolute error"),
}
_AXIS_LABELS = {"epoch": N_("epoch"), "iteration": N_("iteration")}
# Losses and errors that fall by more than 10 times (full-batch runs from zero weights: Abalone
# goes from 111 to 4.9) read better on a log scale, where the last, slow part of the descent
# is as visible as the first; accuracy and R² never do.
_LOG_SCALE_CANDIDATES = ("loss", "mse", "rmse", "mae")
_LOG_SCALE_RATIO = 10.0
# Long runs whose loss does nearly all its falling in the first steps (gradient descent drops
# 99% of the way in 15 of 2,900 steps) get a log step axis too, so the fall is not a spike.
_LOG_STEPS_MIN_POINTS = 100
_LOG_STEPS_EARLY = 0.1  # the first 10 % of the steps...
_LOG_STEPS_FALL = 0.9   # ...did 90 % of the falling
_PANEL_WIDTH, _PANEL_HEIGHT = 4.8, 3.6


def metric_label(name: str) -> str:
    """The translated display name of a metric (``"r2"`` -> ``"R²"``); unknown names unchanged.

    >>> metric_label("mae"), metric_label("f1")
    ('mean absolute error', 'f1')
    """
    label = _METRIC_LABELS.get(name)
    return name if label is None else _(label)


def _series(history: Mapping[str, Sequence[float]]) -> dict[str, np.ndarray]:
    if not isinstance(history, Mapping) or not history:
        raise DataError(
            _("the training history is empty; train for at least one epoch before plotting it")
        )
    series = {}
    for name, values in history.items():
        array = np.asarray(values, dtype=np.float64)
        if array.ndim != 1 or array.size == 0:
            raise ShapeError(
                _("history[{name!r}] must be a non-empty list of numbers, got shape {shape}")
                .format(name=name, shape=array.shape)
            )
        # Infinity would wreck the axis limits; NaN leaves a visible gap where training broke.
        series[str(name)] = np.where(np.isinf(array), np.nan, array)
    return series


def _panel_names(names: Sequence[str]) -> list[str]:
    bases = dict.fromkeys(name.removeprefix(_VALIDATION_PREFIX) for name in names)
    return sorted(bases, key=lambda base: base != "loss")  # stable: loss first, rest in order


def _wants_log_scale(name: str, curves: list[np.ndarray]) -> bool:
    if name not in _LOG_SCALE_CANDIDATES:
        return False
    values = np.concatenate(curves)
    values = values[np.isfinite(values)]
    if values.size == 0 or values.min() <= 0:
        return False
    return values.max() / values.min() > _LOG_SCALE_RATIO


def _wants_log_steps(name: str, curves: list[np.ndarray]) -> bool:
    """Whether a long loss curve falls almost entirely in its first tenth of the steps."""
    if name not in _LOG_SCALE_CANDIDATES or not curves:
        return False
    values = max(curves, key=len)
    if values.size < _LOG_STEPS_MIN_POINTS or not np.isfinite(values).all():
        return False
    fall = values[0] - values[-1]
    if fall <= 0:
        return False
    early = values[: int(values.size * _LOG_STEPS_EARLY)]
    return bool((values[0] - early.min()) >= _LOG_STEPS_FALL * fall)


def training_curves(history: Mapping[str, Sequence[float]], x_label: str = "epoch") -> bytes:
    """PNG of the loss and every metric per step, training and validation curves together.

    Parameters
    ----------
    history : dict of str to list of float
        Keras-style names: ``"loss"``, ``"val_loss"``, ``"<metric>"``, ``"val_<metric>"``.
        Each list holds one value per epoch (or iteration); lists may differ in length.
        NaN and infinity leave gaps.
    x_label : str
        What one step is: ``"epoch"`` (default) or ``"iteration"``.

    Losses and errors that fall by more than 10 times are drawn on a log scale, and a long
    curve that does 90 % of its falling in its first tenth of the steps gets a log step axis,
    so that neither the fast start nor the slow end is squashed into a line.

    Returns
    -------
    bytes
        A PNG of 480 x 360 pixels per panel, up to three panels per row.

    >>> from descenso.report.figures.canvas import png_size
    >>> png = training_curves({"loss": [0.9, 0.5], "accuracy": [0.6, 0.8],
    ...                        "val_loss": [1.0, 0.7], "val_accuracy": [0.55, 0.7]})
    >>> png_size(png)
    (960, 360)
    """
    series = _series(history)
    panels = _panel_names(list(series))
    columns = min(len(panels), 3)
    rows = math.ceil(len(panels) / columns)
    figure = new_figure(_PANEL_WIDTH * columns, _PANEL_HEIGHT * rows)
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    step_label = _(_AXIS_LABELS.get(x_label, x_label))

    for ax, name in zip(axes, panels):
        curves = []
        for key, label, color in (
            (name, _("train"), TRAIN),
            (_VALIDATION_PREFIX + name, _("validation"), VALIDATION),
        ):
            if key not in series:
                continue
            values = series[key]
            steps = np.arange(1, values.size + 1)
            marker = "o" if values.size <= 30 else None
            ax.plot(steps, values, color=color, marker=marker, markersize=3, label=label)
            curves.append(values)
        if _wants_log_scale(name, curves):
            ax.set_yscale("log")
        if _wants_log_steps(name, curves):
            ax.set_xscale("log")
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # no epoch 2.5
        # the y label names the metric: a panel title would repeat it under the figure's title
        ax.set(xlabel=step_label, ylabel=metric_label(name))
        ax.grid(True, alpha=0.3)
        ax.legend()
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    figure.suptitle(_("Training curves"), fontsize="large", fontweight="bold")
    return figure_to_png(figure)
