"""The evidence of the three-question diagnosis, drawn.

- :func:`learning_curve_figure`: training and validation error against the number of training
  rows. Two curves that have met say more data will not help; a gap that narrows says it would.
- :func:`residual_figure`: residuals against the fitted values and against each feature (up to
  six). A curve or a funnel in them is structure the model missed: bias.
- :func:`findings_figure`: the three findings side by side, each a bar with its interval and the
  margin above which it counts as a problem.

>>> import numpy as np
>>> from descenso.report.figures.canvas import png_size
>>> curve = {"sizes": np.array([10, 20, 40]), "train_error": np.array([0.5, 0.8, 0.9]),
...          "val_error": np.array([2.0, 1.3, 1.0])}
>>> png_size(learning_curve_figure(curve))
(640, 420)
"""

from __future__ import annotations

import numpy as np

from descenso.i18n import N_
from descenso.i18n import gettext as _
from descenso.report.figures.canvas import TRAIN, VALIDATION, WRONG, figure_to_png, new_figure

__all__ = ["draw_findings", "draw_learning_curve", "findings_figure", "learning_curve_figure",
           "residual_figure"]

_MAX_POINTS = 5_000
_MAX_FEATURES = 6
_QUESTIONS = (("optimization", N_("optimization")), ("bias", N_("bias")),
              ("variance", N_("variance")))


def learning_curve_figure(curve: dict, *, classification: bool = False,
                          title: str | None = None) -> bytes:
    """PNG of ``curve`` (arrays ``sizes``, ``train_error``, ``val_error``), 640 x 420."""
    figure = new_figure(6.4, 4.2)
    draw_learning_curve(figure.add_subplot(), curve, classification=classification, title=title)
    return figure_to_png(figure)


def draw_learning_curve(axes, curve: dict, *, classification: bool = False,
                        title: str | None = None) -> None:
    """Draw the learning curve on ``axes`` (see :func:`learning_curve_figure`)."""
    sizes = np.asarray(curve["sizes"])
    axes.plot(sizes, curve["train_error"], "o-", color=TRAIN, label=_("training"))
    axes.plot(sizes, curve["val_error"], "o-", color=VALIDATION, label=_("validation"))
    axes.set_xlabel(_("training rows"))
    axes.set_ylabel(_("log-loss") if classification else _("mean squared error"))
    axes.set_title(title or _("Learning curve"))
    values = np.concatenate([curve["train_error"], curve["val_error"]])
    positive = values[values > 0]
    if positive.size and positive.max() > 100 * positive.min():
        axes.set_yscale("log")
    axes.grid(alpha=0.3)
    axes.legend()


def residual_figure(fitted: np.ndarray, residuals: np.ndarray, X: np.ndarray | None = None,
                    feature_names=None) -> bytes:
    """PNG of residuals against fitted values, then against each feature (at most six).

    ``fitted`` and ``residuals`` have shape (n,); ``X`` (n, d) adds one panel per feature.
    """
    fitted = np.asarray(fitted, dtype=np.float64).ravel()
    residuals = np.asarray(residuals, dtype=np.float64).ravel()
    rows = np.arange(len(fitted))
    if len(rows) > _MAX_POINTS:
        rows = np.sort(np.random.default_rng(0).choice(len(rows), _MAX_POINTS, replace=False))
    panels = [(_("fitted value"), fitted)]
    if X is not None:
        X = np.asarray(X, dtype=np.float64)
        names = list(feature_names) if feature_names is not None else [
            f"x{j + 1}" for j in range(X.shape[1])]
        # Features with more than two values first: a 0/1 column shows no curve.
        order = sorted(range(X.shape[1]), key=lambda j: len(np.unique(X[:200, j])) <= 2)
        panels += [(names[j], X[:, j]) for j in order[:_MAX_FEATURES]]
    columns = min(len(panels), 4)
    lines = (len(panels) + columns - 1) // columns
    figure = new_figure(3.2 * columns, 2.8 * lines)
    for index, (label, values) in enumerate(panels):
        axes = figure.add_subplot(lines, columns, index + 1)
        axes.scatter(values[rows], residuals[rows], s=6, alpha=0.5, color=TRAIN)
        axes.axhline(0.0, color="black", linewidth=0.8)
        _smooth_line(axes, values[rows], residuals[rows])
        axes.set_xlabel(label)
        if index % columns == 0:
            axes.set_ylabel(_("residual"))
    figure.suptitle(_("Residuals: a curve or a funnel is structure the model missed"))
    return figure_to_png(figure)


def findings_figure(findings: dict, margins: dict) -> bytes:
    """PNG of the three findings (``findings[name]`` has ``value``, ``low``, ``high``,
    ``problem``) against their margins (``margins[name]``), in units of the baseline error."""
    figure = new_figure(6.4, 3.2)
    draw_findings(figure.add_subplot(), findings, margins)
    return figure_to_png(figure)


def draw_findings(axes, findings: dict, margins: dict) -> None:
    """Draw the findings on ``axes`` (see :func:`findings_figure`)."""
    for row, (name, label) in enumerate(_QUESTIONS):
        finding = findings[name]
        value = finding.get("value")
        if value is None:
            axes.text(0.0, row, _("not judged"), va="center", fontsize=9)
            continue
        color = WRONG if finding.get("problem") else TRAIN
        axes.barh(row, value, color=color, alpha=0.7, height=0.5)
        if finding.get("low") is not None:
            axes.errorbar(value, row, xerr=[[value - finding["low"]], [finding["high"] - value]],
                          color="black", capsize=4)
        if margins.get(name) is not None:
            axes.plot([margins[name]] * 2, [row - 0.35, row + 0.35], "--", color="0.4")
    axes.axvline(0.0, color="black", linewidth=0.8)
    axes.set_yticks(range(len(_QUESTIONS)), [_(label) for _name, label in _QUESTIONS])
    axes.invert_yaxis()
    axes.set_xlabel(_("fraction of the baseline error; dashed: margin"))
    axes.set_title(_("The three questions"))


def _smooth_line(axes, x: np.ndarray, y: np.ndarray, bins: int = 12) -> None:
    """The mean residual in bins of ``x``: a line that shows any curve in the cloud."""
    if len(np.unique(x)) < 3:
        return
    edges = np.unique(np.quantile(x, np.linspace(0, 1, bins + 1)))
    which = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(edges) - 2)
    counts = np.bincount(which, minlength=len(edges) - 1)
    keep = counts > 0
    centres = (np.bincount(which, weights=x, minlength=len(edges) - 1)[keep] / counts[keep])
    means = (np.bincount(which, weights=y, minlength=len(edges) - 1)[keep] / counts[keep])
    axes.plot(centres, means, color=WRONG, linewidth=2)
