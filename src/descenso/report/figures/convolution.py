"""What a convolutional network learned: its first layer's filters and one image's feature maps.

The first convolution's kernels are small images themselves (3x3 for ``--model cnn``): drawn
on a blue-white-red scale centred on zero, they show which pixel patterns each filter responds
to (edges at some angle, spots). A feature map is a filter's response over a whole image:
bright where the pattern is found, so the maps of one digit show what the next layer sees.

>>> import numpy as np
>>> from descenso.report.figures.canvas import png_size
>>> png_size(conv_filters(np.zeros((8, 1, 3, 3))))
(800, 220)
>>> png_size(feature_maps(np.zeros((28, 28)), np.zeros((8, 28, 28))))
(1000, 240)
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from descenso.errors import ShapeError
from descenso.i18n import gettext as _
from descenso.report.figures.canvas import figure_to_png, new_figure

__all__ = ["conv_filters", "feature_maps"]

_PER_ROW = 8
_MOST = 32  # filters or maps drawn at most: enough to see the variety, still legible


def _grid(count: int) -> tuple[int, int]:
    cols = min(count, _PER_ROW)
    return math.ceil(count / cols), cols


def conv_filters(weight: ArrayLike) -> bytes:
    """PNG of the first ``min(32, out_channels)`` kernels of a convolution's weight.

    Parameters
    ----------
    weight : array-like of shape (out_channels, in_channels, kernel_h, kernel_w)
        A ``Conv2d`` weight; with several input channels their mean is drawn.

    Returns
    -------
    bytes : a PNG 800 pixels wide, 100 high per row of 8 filters plus 120 for titles.
    """
    kernels = np.asarray(weight, dtype=np.float64)
    if kernels.ndim != 4 or kernels.shape[0] == 0:
        raise ShapeError(
            _("conv_filters needs a weight of shape (out_channels, in_channels, kernel_h, "
              "kernel_w), got {shape}; pass a Conv2d layer's weight").format(shape=kernels.shape))
    kernels = kernels[:_MOST].mean(axis=1)
    rows, cols = _grid(len(kernels))
    figure = new_figure(8.0, 1.0 * rows + 1.2)
    axes = figure.subplots(rows, cols, squeeze=False)
    limit = float(np.abs(kernels).max()) or 1.0
    for index, ax in enumerate(axes.flat):
        ax.set(xticks=[], yticks=[])
        if index >= len(kernels):
            ax.set_axis_off()
            continue
        shown = ax.imshow(kernels[index], cmap="RdBu_r", vmin=-limit, vmax=limit,
                          interpolation="nearest")
        ax.set_title(str(index + 1), fontsize=8)
    figure.colorbar(shown, ax=axes, shrink=0.8, label=_("weight"))
    figure.suptitle(_("Filters of the first convolution layer (red: positive, blue: negative)"),
                    fontsize=10)
    return figure_to_png(figure)


def feature_maps(image: ArrayLike, maps: ArrayLike) -> bytes:
    """PNG of an input image and the first ``min(32, channels)`` feature maps it produced.

    Parameters
    ----------
    image : array-like of shape (height, width)
        The input image (grey).
    maps : array-like of shape (channels, map_height, map_width)
        A layer's output for that image (e.g. after the first convolution and its activation).

    Returns
    -------
    bytes : a PNG 1000 pixels wide, 100 high per row of 8 maps plus 140.
    """
    picture, responses = np.asarray(image, dtype=np.float64), np.asarray(maps, dtype=np.float64)
    if picture.ndim != 2 or responses.ndim != 3 or responses.shape[0] == 0:
        raise ShapeError(
            _("feature_maps needs an image (height, width) and maps (channels, height, width), "
              "got {image} and {maps}; pass one image and its layer output").format(
                image=picture.shape, maps=responses.shape))
    responses = responses[:_MOST]
    rows, cols = _grid(len(responses))
    figure = new_figure(10.0, 1.0 * rows + 1.4)
    grid = figure.add_gridspec(rows, cols + 2)
    ax = figure.add_subplot(grid[:, :2])
    ax.imshow(picture, cmap="binary", interpolation="nearest")
    ax.set_title(_("input"), fontsize=9)
    ax.set(xticks=[], yticks=[])
    for index, response in enumerate(responses):
        ax = figure.add_subplot(grid[index // cols, 2 + index % cols])
        ax.imshow(response, cmap="viridis", interpolation="nearest")
        ax.set_title(str(index + 1), fontsize=8)
        ax.set(xticks=[], yticks=[])
    figure.suptitle(_("Feature maps of the first convolution layer for one image (bright: the "
                      "filter's pattern is there)"), fontsize=10)
    return figure_to_png(figure)
