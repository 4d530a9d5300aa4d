"""Image-classification figures: test images with their predictions, and the worst mistakes.

The prediction grid follows TensorFlow's classic Fashion-MNIST tutorial: each image is labelled
``predicted confidence% (true)``, blue when right and red when wrong, beside a bar chart of the
probabilities of every class with the predicted bar red and the true bar blue (so a right
answer shows one blue bar).

>>> import numpy as np
>>> from descenso.report.figures.canvas import png_size
>>> images = np.zeros((2, 28, 28), dtype=np.uint8)
>>> probs = np.array([[0.9, 0.1], [0.3, 0.7]])
>>> png_size(prediction_grid(images, probs, [0, 0], ["zero", "one"], rows=1, cols=2))
(800, 260)
>>> confident_errors(probs, [0, 0], k=5)
array([1])
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.patches import Patch
from numpy.typing import ArrayLike

from descenso.errors import DataError, ShapeError
from descenso.i18n import gettext as _
from descenso.report.figures.canvas import RIGHT, WRONG, figure_to_png, new_figure

__all__ = ["check_predictions", "confident_errors", "draw_prediction_image",
           "most_confident_errors", "prediction_grid"]

_OTHER = "#777777"


def check_predictions(
    probs: ArrayLike, y_true: ArrayLike, class_names: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``probs`` (n, n_classes) and integer ``y_true`` (n,) against the class names."""
    probabilities = np.asarray(probs, dtype=np.float64)
    labels = np.asarray(y_true)
    if probabilities.ndim != 2 or probabilities.shape[0] == 0:
        raise ShapeError(
            _("probs must have shape (n_samples, n_classes), got {shape}").format(
                shape=probabilities.shape
            )
        )
    if labels.shape != (probabilities.shape[0],):
        raise ShapeError(
            _("y_true must have shape ({n},) to match probs {shape}, got {labels}").format(
                n=probabilities.shape[0], shape=probabilities.shape, labels=labels.shape
            )
        )
    n_classes = probabilities.shape[1]
    if len(class_names) != n_classes:
        raise ShapeError(
            _("probs has {n} classes but {m} class names were given").format(
                n=n_classes, m=len(class_names)
            )
        )
    if labels.dtype.kind not in "iu" or labels.min() < 0 or labels.max() >= n_classes:
        raise DataError(
            _("y_true must hold integer class labels from 0 to {last}").format(last=n_classes - 1)
        )
    if not np.all(np.isfinite(probabilities)):
        raise DataError(_("probs contains NaN or infinity; the model's outputs are not usable"))
    return probabilities, labels.astype(np.int64)


def _check_images(images: ArrayLike, n_samples: int) -> tuple[np.ndarray, float]:
    """Images as (n, height, width) and the brightness of white (255 for integers, else >= 1)."""
    pictures = np.asarray(images)
    if pictures.ndim == 4 and pictures.shape[-1] == 1:
        pictures = pictures[..., 0]
    if pictures.ndim == 2:
        side = math.isqrt(pictures.shape[1])
        if side * side == pictures.shape[1]:
            pictures = pictures.reshape(pictures.shape[0], side, side)
    if pictures.ndim != 3 or pictures.shape[0] != n_samples:
        raise ShapeError(
            _("images must have shape ({n}, height, width) to match probs, got {shape}").format(
                n=n_samples, shape=np.asarray(images).shape
            )
        )
    if pictures.dtype.kind in "iub":
        return pictures, 255.0
    return pictures, max(1.0, float(np.nanmax(pictures)))


def draw_prediction_image(ax, image: np.ndarray, white: float, probabilities: np.ndarray,
                          true_label: int, class_names: Sequence[str], fontsize=8) -> None:
    """The image (height, width) on ``ax``, its brightest value ``white``, captioned
    ``"Shirt 64% (T-shirt/top)"`` from ``probabilities`` (n_classes,): blue right, red wrong."""
    ax.imshow(image, cmap="binary", vmin=0.0, vmax=white, interpolation="nearest")
    ax.set(xticks=[], yticks=[])
    predicted = int(np.argmax(probabilities))
    confidence = 100.0 * probabilities[predicted]
    ax.set_xlabel(f"{class_names[predicted]} {confidence:.0f}% ({class_names[true_label]})",
                  color=RIGHT if predicted == true_label else WRONG, fontsize=fontsize)


def prediction_grid(
    images: ArrayLike,
    probs: ArrayLike,
    y_true: ArrayLike,
    class_names: Sequence[str],
    rows: int = 5,
    cols: int = 3,
) -> bytes:
    """PNG grid of the first ``rows * cols`` images, each beside its bar chart of probabilities.

    Parameters
    ----------
    images : array-like of shape (n_samples, height, width) or (n_samples, height * width)
        Grayscale images: uint8 in 0..255 or floats in 0..1.
    probs : array-like of shape (n_samples, n_classes)
        Predicted probabilities (softmax of the logits).
    y_true : array-like of int, shape (n_samples,)
        True class labels.
    class_names : sequence of str
        One name per class.
    rows, cols : int
        Grid size; fewer rows are drawn when there are fewer images.

    Returns
    -------
    bytes
        A PNG of 400 x 200 pixels per image (1200 x 1000 for 5 x 3), plus 60 for the legend.
    """
    if rows < 1 or cols < 1:
        raise ValueError(_("rows and cols must be at least 1, got {rows} and {cols}").format(
            rows=rows, cols=cols))
    probabilities, labels = check_predictions(probs, y_true, class_names)
    pictures, white = _check_images(images, labels.size)
    shown = min(rows * cols, labels.size)
    rows = math.ceil(shown / cols)
    n_classes = probabilities.shape[1]

    figure = new_figure(4.0 * cols, 2.0 * rows + 0.6)
    axes = figure.subplots(rows, 2 * cols, squeeze=False)
    for index in range(rows * cols):
        row, column = divmod(index, cols)
        image_ax, bars_ax = axes[row, 2 * column], axes[row, 2 * column + 1]
        if index >= shown:
            image_ax.set_visible(False)
            bars_ax.set_visible(False)
            continue
        draw_prediction_image(image_ax, pictures[index], white, probabilities[index], int(labels[index]),
                    class_names)

        bars = bars_ax.bar(np.arange(n_classes), probabilities[index], color=_OTHER)
        bars[int(np.argmax(probabilities[index]))].set_color(WRONG)
        bars[int(labels[index])].set_color(RIGHT)
        bars_ax.set_ylim(0.0, 1.0)
        bars_ax.set_xticks(np.arange(n_classes), [str(k) for k in range(n_classes)], fontsize=6)
        bars_ax.set_yticks([])
    figure.legend(
        handles=[Patch(color=RIGHT, label=_("true class")),
                 Patch(color=WRONG, label=_("predicted class, when wrong")),
                 Patch(color=_OTHER, label=_("other classes"))],
        loc="outside lower center", ncols=3, fontsize=8,
    )
    figure.suptitle(_("Predicted class, confidence and (true class): blue = right, red = wrong"))
    return figure_to_png(figure)


def confident_errors(probs: ArrayLike, y_true: ArrayLike, k: int = 10) -> np.ndarray:
    """Indices of the ``k`` wrong predictions made with the highest confidence, most sure first.

    Ties keep the order of the samples. Fewer than ``k`` indices when there are fewer errors.

    >>> confident_errors([[0.2, 0.8], [0.1, 0.9], [0.6, 0.4]], [0, 0, 0], k=1)
    array([1])
    """
    probabilities = np.asarray(probs, dtype=np.float64)
    labels = np.asarray(y_true)
    predicted = probabilities.argmax(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    confidence = probabilities[wrong, predicted[wrong]]
    return wrong[np.argsort(-confidence, kind="stable")][:k]


def most_confident_errors(
    images: ArrayLike,
    probs: ArrayLike,
    y_true: ArrayLike,
    class_names: Sequence[str],
    k: int = 10,
    cols: int = 5,
) -> bytes:
    """PNG of the ``k`` misclassified images the model was most sure about, most sure first.

    Each image is captioned ``predicted confidence% (true)`` in red, and its index in the data
    is shown so it can be looked up.

    Parameters
    ----------
    images, probs, y_true, class_names
        As for :func:`prediction_grid`.
    k : int
        How many errors to show.
    cols : int
        Images per row.

    Returns
    -------
    bytes
        A PNG of 220 x 280 pixels per image (1100 x 560 for 10 in 5 columns); a short message
        in a 660 x 200 figure when there is no error.
    """
    if k < 1 or cols < 1:
        raise ValueError(
            _("k and cols must be at least 1, got {k} and {cols}").format(k=k, cols=cols)
        )
    probabilities, labels = check_predictions(probs, y_true, class_names)
    pictures, white = _check_images(images, labels.size)
    chosen = confident_errors(probabilities, labels, k)
    title = _("The most confidently wrong predictions")
    if chosen.size == 0:
        figure = new_figure(6.6, 2.0)
        figure.text(0.5, 0.5, _("Every image was classified correctly."), ha="center",
                    va="center", fontsize=12)
        figure.suptitle(title)
        return figure_to_png(figure)

    cols = min(cols, chosen.size)
    rows = math.ceil(chosen.size / cols)
    figure = new_figure(2.2 * cols, 2.8 * rows)
    axes = figure.subplots(rows, cols, squeeze=False).ravel()
    for ax, index in zip(axes, chosen):
        draw_prediction_image(ax, pictures[index], white, probabilities[index], int(labels[index]),
                    class_names)
        ax.set_title(_("image {index}").format(index=int(index)), fontsize=8)
    for ax in axes[chosen.size:]:
        ax.set_visible(False)
    figure.suptitle(title)
    return figure_to_png(figure)
