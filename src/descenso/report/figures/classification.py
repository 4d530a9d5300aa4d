"""Classification figures: the confusion matrix and the accuracy of each class.

Row ``i``, column ``j`` of a confusion matrix counts the samples of true class ``i`` that the
model predicted as class ``j``; the diagonal holds the right answers. Per-class accuracy is
each row's diagonal share (the class's recall), the figure that shows which classes the model
confuses (Shirt against T-shirt/top, in Fashion-MNIST).

>>> import numpy as np
>>> from descenso.report.figures.canvas import png_size
>>> cm = np.array([[5, 1], [2, 4]])
>>> png_size(confusion_matrix_figure(cm, ["cat", "dog"]))
(600, 500)
>>> png_size(per_class_accuracy_figure(cm, ["cat", "dog"]))
(640, 300)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from descenso.errors import DataError, ShapeError
from descenso.i18n import gettext as _
from descenso.report.figures.canvas import RIGHT, figure_to_png, new_figure

__all__ = ["check_confusion_matrix", "confusion_matrix_figure", "per_class_accuracy_figure"]

_MAX_ANNOTATED_CLASSES = 30


def check_confusion_matrix(cm: ArrayLike, class_names: Sequence[str]) -> np.ndarray:
    """``cm`` as an int64 array of shape (n_classes, n_classes), validated against the names."""
    matrix = np.asarray(cm)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] == 0:
        raise ShapeError(
            _("a confusion matrix must be square and non-empty, got shape {shape}").format(
                shape=matrix.shape
            )
        )
    if len(class_names) != matrix.shape[0]:
        raise ShapeError(
            _("the confusion matrix has {n} classes but {m} class names were given").format(
                n=matrix.shape[0], m=len(class_names)
            )
        )
    whole_floats = matrix.dtype.kind == "f" and bool(
        np.isfinite(matrix).all() and (matrix == np.round(matrix)).all()
    )
    if matrix.dtype.kind not in "iub" and not whole_floats:
        raise DataError(_("a confusion matrix must hold whole counts, got {dtype} values").format(
            dtype=matrix.dtype))
    matrix = matrix.astype(np.int64)
    if matrix.min() < 0:
        raise DataError(_("a confusion matrix cannot hold negative counts"))
    return matrix


def confusion_matrix_figure(cm: ArrayLike, class_names: Sequence[str]) -> bytes:
    """PNG of a confusion matrix: counts in each cell, class names on both axes, a colour bar.

    Parameters
    ----------
    cm : array-like of shape (n_classes, n_classes)
        Counts; rows are true classes, columns predicted classes.
    class_names : sequence of str
        One name per class, in label order.

    Returns
    -------
    bytes
        A PNG whose size grows with the number of classes (850 x 750 pixels for 10).
    """
    matrix = check_confusion_matrix(cm, class_names)
    n_classes = matrix.shape[0]
    size = 0.5 * n_classes
    figure = new_figure(5.0 + size, 4.0 + size)
    ax = figure.subplots()
    image = ax.imshow(matrix, cmap="Blues", vmin=0, interpolation="nearest")
    colorbar = figure.colorbar(image, ax=ax)
    colorbar.set_label(_("number of samples"))

    if n_classes <= _MAX_ANNOTATED_CLASSES:
        threshold = matrix.max() / 2.0
        fontsize = 9 if n_classes <= 10 else 6
        for (row, column), count in np.ndenumerate(matrix):
            ax.text(column, row, str(count), ha="center", va="center", fontsize=fontsize,
                    color="white" if count > threshold else "black")

    ticks = np.arange(n_classes)
    ax.set_xticks(ticks, [str(name) for name in class_names], rotation=45, ha="right")
    ax.set_yticks(ticks, [str(name) for name in class_names])
    ax.set(xlabel=_("predicted class"), ylabel=_("true class"))
    total = max(int(matrix.sum()), 1)
    ax.set_title(_("Confusion matrix (accuracy {accuracy:.2%})").format(
        accuracy=np.trace(matrix) / total))
    return figure_to_png(figure)


def per_class_accuracy_figure(cm: ArrayLike, class_names: Sequence[str]) -> bytes:
    """PNG of horizontal bars: the share of each class's samples predicted correctly.

    ``cm`` (n_classes, n_classes) and ``class_names`` as for :func:`confusion_matrix_figure`.
    Returns a PNG 640 pixels wide, 300 high plus 30 per class beyond two.
    """
    matrix = check_confusion_matrix(cm, class_names)
    n_classes = matrix.shape[0]
    per_class = matrix.sum(axis=1)
    correct = np.diag(matrix)
    accuracy = np.divide(correct, per_class, out=np.zeros(n_classes), where=per_class > 0)
    overall = np.trace(matrix) / max(int(matrix.sum()), 1)

    figure = new_figure(6.4, 3.0 + 0.3 * max(n_classes - 2, 0))
    ax = figure.subplots()
    positions = np.arange(n_classes)
    ax.barh(positions, accuracy, color=RIGHT, label=_("accuracy of the class (recall)"))
    ax.axvline(overall, color="black", linestyle="--", linewidth=1,
               label=_("overall accuracy {accuracy:.2%}").format(accuracy=overall))
    for position, value, count in zip(positions, accuracy, per_class):
        text = f"{value:.1%}" if count else _("no samples")
        # In a column of their own right of 100%, where no bar or line can cover them.
        ax.text(1.02, position, text, va="center", fontsize=8)
    ax.set_yticks(positions, [str(name) for name in class_names])
    ax.invert_yaxis()
    ax.set_xlim(0.0, 1.16)
    ax.set(xlabel=_("share of the class predicted correctly"), title=_("Accuracy per class"))
    ax.grid(True, axis="x", alpha=0.3)
    figure.legend(loc="outside lower center", ncols=2, fontsize=8)
    return figure_to_png(figure)
