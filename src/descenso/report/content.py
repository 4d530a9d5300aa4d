"""What a report contains: plain Python and NumPy data, filled in by the command line.

A :class:`ReportContent` holds everything the report shows. It is deliberately free of
descenso's training objects (no Trainer, no model), so a report can be built from any run,
from a demo, or in a test from a handful of numbers:

>>> content = ReportContent(
...     title="Abalone: linear regression",
...     data_summary={"dataset": "abalone", "rows": 4177, "target": "Rings"},
...     model={"model": "linear"},
...     hyperparameters={"solver": "normal"},
...     metrics={"train": {"r2": 0.53}, "val": {"r2": 0.51}, "test": {"r2": 0.52}},
... )
>>> content.history_unit
'epoch'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from numpy.typing import ArrayLike

__all__ = ["ClassificationResults", "RegressionResults", "ReportContent", "ReportFigure"]


@dataclass(frozen=True)
class RegressionResults:
    """Predictions of a regression model on one split, for the regression figures.

    Attributes
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        Actual and predicted targets, in the target's own units (not standardized).
    r2 : float
        Their coefficient of determination, shown in the scatter's title.
    split : str
        Which split they come from: ``"train"``, ``"val"`` or ``"test"`` (default).
    target_name : str, optional
        Names the axes, e.g. ``"Rings"``.
    """

    y_true: ArrayLike
    y_pred: ArrayLike
    r2: float
    split: str = "test"
    target_name: str | None = None


@dataclass(frozen=True)
class ClassificationResults:
    """Predicted probabilities of a classifier on one split, for the classification figures.

    Attributes
    ----------
    y_true : array-like of int, shape (n_samples,)
        True class labels, 0 to n_classes - 1.
    probs : array-like of shape (n_samples, n_classes)
        Predicted probabilities (softmax of the logits); the prediction is their argmax.
    class_names : sequence of str
        One name per class, in label order.
    split : str
        Which split they come from (default ``"test"``).
    images : array-like of shape (n_samples, height, width), optional
        The input images (uint8 0..255 or floats 0..1). When given, the report adds the
        prediction grid and the most confidently wrong images.
    """

    y_true: ArrayLike
    probs: ArrayLike
    class_names: Sequence[str]
    split: str = "test"
    images: ArrayLike | None = None


@dataclass
class DiagnosisEvidence:
    """What the report draws of the three-question diagnosis.

    Attributes
    ----------
    findings : mapping of str to mapping
        ``ModelDiagnosis.to_dict()``'s ``optimization``, ``bias`` and ``variance``.
    margins : mapping of str to float
        The bias and variance margins, in units of the baseline error.
    learning_curve : mapping of str to array, optional
        ``sizes``, ``train_error``, ``val_error``.
    classification : bool
    fitted, residuals : array of shape (n,), optional
        Validation rows (regression): the model's predictions and ``actual - predicted``.
    features : array of shape (n, d), optional
        The same rows' features, for residuals against each feature.
    feature_names : sequence of str, optional
    """

    findings: Mapping[str, Mapping[str, Any]]
    margins: Mapping[str, float]
    learning_curve: Mapping[str, Any] | None = None
    classification: bool = False
    fitted: ArrayLike | None = None
    residuals: ArrayLike | None = None
    features: ArrayLike | None = None
    feature_names: Sequence[str] | None = None


@dataclass(frozen=True)
class ReportFigure:
    """One figure: PNG bytes with the name of its file and its caption.

    Attributes
    ----------
    name : str
        File stem: the figure is saved as ``{name}.png`` (letters, digits, ``_`` and ``-``).
    title : str
        Heading shown above the figure (already translated).
    png : bytes
        The image.
    caption : str
        One or two sentences on how to read it (already translated); may be empty.
    section : {"training", "results"}
        Where the report places it: with the training curves or with the predictions.
    """

    name: str
    title: str
    png: bytes
    caption: str = ""
    section: str = "results"

    @property
    def filename(self) -> str:
        """``{name}.png``."""
        return f"{self.name}.png"


@dataclass
class ReportContent:
    """Everything a report shows. Only ``title`` is required; empty parts say so in the page.

    Attributes
    ----------
    title : str
        The page title, e.g. ``"abalone — linear regression"``.
    data_summary : mapping of str to value
        Rows of the data table: dataset, source, rows and columns, target, task, split sizes,
        preprocessing... Values may be str, int, float, bool, None or lists of those.
    model : mapping of str to value
        The architecture: model kind, layers, number of parameters.
    hyperparameters : mapping of str to value
        Optimizer, learning rate, epochs or iterations, batch size, seed...
    metrics : mapping of split to mapping of metric to float
        ``{"train": {"r2": ...}, "val": {...}, "test": {...}}`` as in ``metrics.json``;
        one column per split, one row per metric.
    history : mapping of str to list of float
        Keras-style per-step values (``"loss"``, ``"val_loss"``, ``"accuracy"`` ...) for the
        training curves; empty when the model was fitted in closed form.
    history_unit : {"epoch", "iteration"}
        What one step of ``history`` is.
    regression : RegressionResults, optional
        Adds predicted-vs-actual and residual figures.
    classification : ClassificationResults, optional
        Adds the confusion matrix, per-class accuracy and, with images, the prediction grid
        and the most confidently wrong images.
    extra_figures : sequence of ReportFigure
        Figures drawn elsewhere (a demo's own plot), shown after the task figures.
    diagnosis : sequence of str
        The verdict in words, one sentence or short paragraph per item (already translated).
    evidence : DiagnosisEvidence, optional
        Adds the diagnosis's figures: the three findings, the learning curve and the
        residuals against the fitted values and each feature.
    timings : mapping of str to float
        Wall time in seconds of each phase, e.g. ``{"loading": 0.1, "training": 2.3}``.
    command : str, optional
        The command line that reproduces the run.
    notes : sequence of str
        Warnings shown at the top, e.g. that training was interrupted at epoch 3 of 10.
    created : str, optional
        A date-time to show; left out by default so equal runs give identical reports.
    """

    title: str
    data_summary: Mapping[str, Any] = field(default_factory=dict)
    model: Mapping[str, Any] = field(default_factory=dict)
    hyperparameters: Mapping[str, Any] = field(default_factory=dict)
    metrics: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    history: Mapping[str, Sequence[float]] = field(default_factory=dict)
    history_unit: str = "epoch"
    regression: RegressionResults | None = None
    classification: ClassificationResults | None = None
    extra_figures: Sequence[ReportFigure] = ()
    diagnosis: Sequence[str] = ()
    evidence: DiagnosisEvidence | None = None
    timings: Mapping[str, float] = field(default_factory=dict)
    command: str | None = None
    notes: Sequence[str] = ()
    created: str | None = None
