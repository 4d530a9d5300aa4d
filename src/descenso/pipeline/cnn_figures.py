"""The report's figures of a convolutional network: the first layer's learned filters, and
the feature maps that layer makes of one test image."""

from __future__ import annotations

import numpy as np

from descenso import nn
from descenso.autograd import from_numpy, no_grad
from descenso.i18n import gettext as _

__all__ = ["convolution_figures"]


def _first_convolution(module) -> tuple[list, int] | None:
    """The layers of a Sequential up to its first Conv2d and the activation after it."""
    if not isinstance(module, nn.Sequential):
        return None
    layers = list(module)
    for index, layer in enumerate(layers):
        if isinstance(layer, nn.Conv2d):
            last = index + 1 if index + 1 < len(layers) and not isinstance(
                layers[index + 1], (nn.Conv2d, nn.MaxPool2d, nn.Flatten)) else index
            return layers[:last + 1], index
    return None


def convolution_figures(module, images) -> list:
    """``conv_filters`` and ``feature_maps`` report figures, or none for a model without
    convolutions (or without images to show).

    Parameters
    ----------
    module : Module
        The trained network (a ``Sequential``), in eval mode.
    images : ndarray of shape (n, height, width), optional
        The preprocessed test images; the first one's feature maps are drawn.
    """
    from descenso.report import ReportFigure
    from descenso.report.figures.convolution import conv_filters, feature_maps

    found = _first_convolution(module)
    if found is None or images is None or len(images) == 0:
        return []
    layers, conv_index = found
    image = np.ascontiguousarray(images[:1], dtype=layers[conv_index].weight.dtype)
    with no_grad():
        output = from_numpy(image)
        for layer in layers:
            output = layer(output)
    return [
        ReportFigure(
            "conv_filters", _("Learned filters of the first convolution layer"),
            conv_filters(layers[conv_index].weight.data),
            _("Each small square is one 3x3 kernel the network learned; it responds where the "
              "image has the same pattern of light and dark (often edges and strokes)."),
            "results"),
        ReportFigure(
            "feature_maps", _("Feature maps of one test image"),
            feature_maps(images[0], output.data[0]),
            _("The first test image and what each filter of the first layer (after its "
              "activation) found in it: the input of the next layer."),
            "results"),
    ]
