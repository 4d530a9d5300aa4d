"""Regression figures: predicted against actual values, and the distribution of residuals.

A perfect model puts every point on the identity line ``predicted = actual``; the residual
``actual - predicted`` of a good model is centred on zero without a long tail.

>>> import numpy as np
>>> from descenso.report.figures.canvas import png_size
>>> y = np.array([1.0, 2.0, 3.0, 4.0])
>>> png_size(predicted_vs_actual(y, y + 0.1, r2=0.99)), png_size(residual_histogram(y, y + 0.1))
((600, 600), (640, 420))
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from descenso.errors import ShapeError
from descenso.i18n import gettext as _
from descenso.report.figures.canvas import RIGHT, WRONG, figure_to_png, new_figure

__all__ = ["predicted_vs_actual", "residual_histogram"]

_MAX_POINTS = 20_000
_SAMPLE_SEED = 0


def _finite_pairs(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[np.ndarray, np.ndarray, int]:
    """Flattened float64 copies of both arrays without the pairs where either is not finite."""
    actual = np.asarray(y_true, dtype=np.float64)
    predicted = np.asarray(y_pred, dtype=np.float64)
    if actual.ndim == 2 and actual.shape[1] == 1:
        actual = actual[:, 0]
    if predicted.ndim == 2 and predicted.shape[1] == 1:
        predicted = predicted[:, 0]
    if actual.ndim != 1 or actual.shape != predicted.shape or actual.size == 0:
        raise ShapeError(
            _(
                "y_true and y_pred must be non-empty 1-D arrays of the same length, "
                "got shapes {true_shape} and {pred_shape}"
            ).format(true_shape=actual.shape, pred_shape=predicted.shape)
        )
    finite = np.isfinite(actual) & np.isfinite(predicted)
    return actual[finite], predicted[finite], int(actual.size - finite.sum())


def _value_label(template: str, target_name: str | None) -> str:
    return template.format(target=target_name if target_name else _("value"))


def _note_dropped(ax, dropped: int) -> None:
    if dropped:
        ax.annotate(
            _("{n} non-finite predictions not shown").format(n=dropped),
            xy=(0.02, 0.02), xycoords="axes fraction", color=WRONG, fontsize=8,
        )


def predicted_vs_actual(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    r2: float,
    *,
    target_name: str | None = None,
    max_points: int = _MAX_POINTS,
) -> bytes:
    """PNG scatter of predicted against actual values, with the identity line and R² in the title.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        Actual and predicted targets, in the target's own units.
    r2 : float
        The coefficient of determination of these predictions, shown in the title.
    target_name : str, optional
        Names the axes (e.g. ``"Rings"``).
    max_points : int
        Larger data is drawn as a seeded random sample of this many points (said in the legend).

    Returns
    -------
    bytes
        A 600 x 600 pixel PNG.
    """
    actual, predicted, dropped = _finite_pairs(y_true, y_pred)
    total = actual.size
    if total > max_points:
        sample = np.random.default_rng(_SAMPLE_SEED).choice(total, max_points, replace=False)
        chosen = np.sort(sample)
        actual, predicted = actual[chosen], predicted[chosen]
        points_label = _("{shown:,} of {total:,} samples").format(shown=max_points, total=total)
    else:
        points_label = _("{total:,} samples").format(total=total)

    figure = new_figure(6.0, 6.0)
    ax = figure.subplots()
    alpha = float(np.clip(300.0 / max(actual.size, 1), 0.15, 0.8))
    ax.scatter(actual, predicted, s=10, alpha=alpha, color=RIGHT, edgecolors="none",
               label=points_label)
    if actual.size:
        low = float(min(actual.min(), predicted.min()))
        high = float(max(actual.max(), predicted.max()))
        ax.plot([low, high], [low, high], color="black", linestyle="--", linewidth=1,
                label=_("identity: predicted = actual"))
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel(_value_label(_("actual {target}"), target_name))
    ax.set_ylabel(_value_label(_("predicted {target}"), target_name))
    ax.set_title(_("Predicted vs actual (R² = {r2:.4f})").format(r2=r2))
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left")
    _note_dropped(ax, dropped)
    return figure_to_png(figure)


def residual_histogram(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    target_name: str | None = None,
) -> bytes:
    """PNG histogram of the residuals ``actual - predicted``, with zero and their mean marked.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        Actual and predicted targets.
    target_name : str, optional
        Names the x axis.

    Returns
    -------
    bytes
        A 640 x 420 pixel PNG.
    """
    actual, predicted, dropped = _finite_pairs(y_true, y_pred)
    residuals = actual - predicted
    figure = new_figure(6.4, 4.2)
    ax = figure.subplots()
    if residuals.size:
        bins = int(np.clip(np.sqrt(residuals.size), 10, 60))
        ax.hist(residuals, bins=bins, color=RIGHT, alpha=0.8, label=_("residuals"))
        mean, spread = float(residuals.mean()), float(residuals.std())
        ax.axvline(0.0, color="black", linestyle="--", linewidth=1, label=_("zero error"))
        ax.axvline(mean, color=WRONG, linewidth=1.5,
                   label=_("mean {mean:.4g} (std {std:.4g})").format(mean=mean, std=spread))
        ax.legend()
    ax.set(xlabel=_value_label(_("residual: actual − predicted {target}"), target_name),
           ylabel=_("number of samples"), title=_("Distribution of residuals"))
    ax.grid(True, alpha=0.3)
    _note_dropped(ax, dropped)
    return figure_to_png(figure)
