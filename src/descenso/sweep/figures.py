"""The sweep report's figures: the chosen metric against each swept option, and a heat map when
two options are swept. Drawn on descenso's one canvas (:mod:`descenso.report.figures.canvas`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from descenso.i18n import gettext as _
from descenso.report.figures.canvas import TRAIN, figure_to_png, new_figure

__all__ = ["heat_map", "metric_against_option"]


def _numeric(values: Sequence) -> bool:
    return all(isinstance(value, (int, float)) and not isinstance(value, bool)
               for value in values)


def metric_against_option(option: str, values: Sequence, scores: Sequence[float | None],
                          metric: str) -> bytes:
    """PNG of ``metric`` (y) against ``option`` (x), one point per finished trial.

    Parameters
    ----------
    values : sequence, shape (n_trials,)
        The option's value in each trial (numbers, or anything shown as text).
    scores : sequence of float or None, shape (n_trials,)
        The trial's metric; None for a trial that failed (not drawn).
    """
    figure = new_figure(5.0, 3.4)
    axes = figure.add_subplot()
    kept = [(value, score) for value, score in zip(values, scores) if score is not None]
    distinct = list(dict.fromkeys(values))
    if _numeric(distinct):
        x = [float(value) for value, _score in kept]
        positive = [value for value in distinct if value > 0]
        if len(positive) == len(distinct) and max(positive) / min(positive) >= 20:
            axes.set_xscale("log")
        axes.set_xticks([float(value) for value in distinct])
        axes.set_xticklabels([f"{value:g}" for value in distinct])
    else:
        labels = [_label(value) for value in distinct]
        x = [labels.index(_label(value)) for value, _score in kept]
        axes.set_xticks(range(len(labels)))
        axes.set_xticklabels(labels)
    axes.scatter(x, [score for _value, score in kept], color=TRAIN, zorder=3)
    axes.set_xlabel(option)
    axes.set_ylabel(metric)
    axes.set_title(_("{metric} against {option}").format(metric=metric, option=option))
    axes.grid(True, alpha=0.3)
    return figure_to_png(figure)


def heat_map(rows: tuple[str, Sequence], columns: tuple[str, Sequence],
             trials: Sequence[tuple], metric: str) -> bytes:
    """PNG of ``metric`` over two swept options: one cell per pair, the best value of the
    trials with that pair (blank where none finished).

    Parameters
    ----------
    rows, columns : (name, values)
        The two options and their grid values.
    trials : sequence of (row value, column value, score or None)
    """
    (row_name, row_values), (column_name, column_values) = rows, columns
    grid = np.full((len(row_values), len(column_values)), np.nan)
    for row_value, column_value, score in trials:
        if score is None:
            continue
        i, j = row_values.index(row_value), column_values.index(column_value)
        grid[i, j] = score if math.isnan(grid[i, j]) else max(grid[i, j], score)
    figure = new_figure(1.6 + 1.1 * len(column_values), 1.4 + 0.6 * len(row_values))
    axes = figure.add_subplot()
    image = axes.imshow(np.ma.masked_invalid(grid), cmap="viridis", aspect="auto")
    for (i, j), value in np.ndenumerate(grid):
        if not math.isnan(value):
            axes.text(j, i, f"{value:.3f}", ha="center", va="center", color="white",
                      fontsize=8)
    axes.set_xticks(range(len(column_values)), [_label(value) for value in column_values])
    axes.set_yticks(range(len(row_values)), [_label(value) for value in row_values])
    axes.set_xlabel(column_name)
    axes.set_ylabel(row_name)
    axes.set_title(metric)
    figure.colorbar(image, ax=axes)
    return figure_to_png(figure)


def _label(value) -> str:
    if isinstance(value, (tuple, list)):
        return ",".join(map(str, value))
    return f"{value:g}" if isinstance(value, float) else str(value)
