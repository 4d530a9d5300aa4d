"""Draw the figures a report's content calls for, and save them as PNG files.

>>> import tempfile
>>> content = ReportContent(title="demo", history={"loss": [1.0, 0.5]})
>>> figures = render_figures(content)
>>> [figure.filename for figure in figures]
['training_curves.png']
>>> [path.name for path in write_figures(tempfile.mkdtemp(), figures)]
['training_curves.png']
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from descenso.datasets.mnist import class_names
from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.io.atomic import write_bytes_atomic
from descenso.metrics import confusion_matrix
from descenso.report.content import (
    ClassificationResults,
    DiagnosisEvidence,
    RegressionResults,
    ReportContent,
    ReportFigure,
)
from descenso.report.figures import (
    confusion_matrix_figure,
    most_confident_errors,
    per_class_accuracy_figure,
    predicted_vs_actual,
    prediction_grid,
    residual_histogram,
    training_curves,
)
from descenso.report.figures.diagnosis import (
    findings_figure,
    learning_curve_figure,
    residual_figure,
)
from descenso.report.figures.images import check_predictions

__all__ = ["render_figures", "split_label", "write_figures"]

_SAFE_NAME = re.compile(r"[A-Za-z0-9_-]+")


def _check_names(figures: Sequence[ReportFigure]) -> None:
    names = [figure.name for figure in figures]
    for name in names:
        if not _SAFE_NAME.fullmatch(name) or names.count(name) > 1:
            raise ConfigError(
                _("figure name {name!r} must be unique and use only letters, digits, "
                  "'_' and '-'").format(name=name)
            )


def split_label(split: str) -> str:
    """The translated name of a split: ``"val"`` -> ``"validation"``; others unchanged.

    >>> split_label("val"), split_label("holdout")
    ('validation', 'holdout')
    """
    labels = {"train": _("train"), "val": _("validation"), "validation": _("validation"),
              "test": _("test")}
    return labels.get(split, split)


def _training(content: ReportContent) -> list[ReportFigure]:
    if not content.history:
        return []
    png = training_curves(content.history, x_label=content.history_unit)
    caption = _(
        "Loss and metrics after each step. Validation far worse than training suggests "
        "overfitting; both high and flat suggests underfitting; a curve still falling "
        "suggests more training would help."
    )
    return [ReportFigure("training_curves", _("Training curves"), png, caption, "training")]


def _regression(results: RegressionResults) -> list[ReportFigure]:
    split = split_label(results.split)
    scatter = predicted_vs_actual(results.y_true, results.y_pred, results.r2,
                                  target_name=results.target_name)
    residuals = residual_histogram(results.y_true, results.y_pred, target_name=results.target_name)
    return [
        ReportFigure(
            "predicted_vs_actual",
            _("Predicted vs actual ({split})").format(split=split),
            scatter,
            _("Each point is one sample; a perfect model puts every point on the dashed line."),
        ),
        ReportFigure(
            "residuals",
            _("Residuals ({split})").format(split=split),
            residuals,
            _("Errors of a good model centre on zero with no long tail on either side."),
        ),
    ]


def _classification(results: ClassificationResults) -> list[ReportFigure]:
    names = class_names(results.class_names)  # Fashion-MNIST's in the user's language
    probs, labels = check_predictions(results.probs, results.y_true, names)
    cm = confusion_matrix(labels, probs.argmax(axis=1), labels=np.arange(probs.shape[1]))
    split = split_label(results.split)
    figures = [
        ReportFigure(
            "confusion_matrix",
            _("Confusion matrix ({split})").format(split=split),
            confusion_matrix_figure(cm, names),
            _("Rows are true classes, columns predicted ones; off-diagonal cells are mistakes."),
        ),
        ReportFigure(
            "per_class_accuracy",
            _("Accuracy per class ({split})").format(split=split),
            per_class_accuracy_figure(cm, names),
            _("The share of each class's samples that the model got right."),
        ),
    ]
    if results.images is not None:
        figures += [
            ReportFigure(
                "prediction_grid",
                _("Predictions on the first images ({split})").format(split=split),
                prediction_grid(results.images, probs, labels, names),
                _("Each image with its predicted class, confidence and true class, beside "
                  "the probability of every class."),
            ),
            ReportFigure(
                "confident_errors",
                _("The most confidently wrong predictions ({split})").format(split=split),
                most_confident_errors(results.images, probs, labels, names),
                _("Mistakes the model was surest about: look for mislabelled or ambiguous "
                  "images, and for classes that look alike."),
            ),
        ]
    return figures


def _diagnosis(evidence: DiagnosisEvidence) -> list[ReportFigure]:
    figures = [ReportFigure(
        "diagnosis", _("The three questions"),
        findings_figure(evidence.findings, evidence.margins),
        _("Optimization, bias and variance, each as a share of the error of the best constant "
          "prediction, with its 95% interval; red bars are problems, the dashed lines the "
          "margins above which they count."))]
    if evidence.learning_curve is not None:
        figures.append(ReportFigure(
            "learning_curve", _("Learning curve"),
            learning_curve_figure(evidence.learning_curve,
                                  classification=evidence.classification),
            _("The same model refitted on growing parts of the training rows. A gap that "
              "narrows as rows are added says more data would help; curves that have met and "
              "stay high say the model is too simple.")))
    if evidence.fitted is not None and evidence.residuals is not None:
        figures.append(ReportFigure(
            "residual_structure", _("Residuals against fitted values and features"),
            residual_figure(evidence.fitted, evidence.residuals, evidence.features,
                            evidence.feature_names),
            _("Validation rows. The red line is the mean residual in bins: flat at zero when "
              "the model caught the structure, curved where it missed some.")))
    return figures


def render_figures(content: ReportContent) -> list[ReportFigure]:
    """Draw every figure ``content`` calls for, in report order, then its extra figures.

    Training curves when there is a history; predicted-vs-actual and residuals for
    regression; confusion matrix and per-class accuracy for classification, plus the
    prediction grid and the most confidently wrong images when images are given.

    Returns
    -------
    list of ReportFigure
        Named ``training_curves``, ``predicted_vs_actual``, ``residuals``,
        ``confusion_matrix``, ``per_class_accuracy``, ``prediction_grid``,
        ``confident_errors``, ``diagnosis``, ``learning_curve``, ``residual_structure``
        (those that apply), then ``content.extra_figures``.
    """
    figures = _training(content)
    if content.regression is not None:
        figures += _regression(content.regression)
    if content.classification is not None:
        figures += _classification(content.classification)
    if content.evidence is not None:
        figures += _diagnosis(content.evidence)
    figures += list(content.extra_figures)
    _check_names(figures)
    return figures


def write_figures(directory: str | os.PathLike[str], figures: Sequence[ReportFigure]) -> list[Path]:
    """Save each figure as ``directory/{name}.png`` atomically; returns the paths written."""
    _check_names(figures)
    paths = [Path(directory) / figure.filename for figure in figures]
    for path, figure in zip(paths, figures):
        write_bytes_atomic(path, figure.png)
    return paths
