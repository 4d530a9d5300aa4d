"""The CNN figures of the report: the first layer's filters and one image's feature maps."""

from __future__ import annotations

import numpy as np
import pytest

from descenso import nn
from descenso.errors import ShapeError
from descenso.pipeline.cnn_figures import convolution_figures
from descenso.report.figures.canvas import png_size
from descenso.report.figures.convolution import conv_filters, feature_maps


def test_filters_grid_grows_with_the_number_of_filters_and_is_deterministic():
    weights = np.random.default_rng(0).standard_normal((32, 1, 3, 3))
    png = conv_filters(weights)
    assert png_size(png) == (800, 520)  # 4 rows of 8
    assert conv_filters(weights) == png
    assert png_size(conv_filters(weights[:5])) == (800, 220)


def test_feature_maps_show_the_image_and_at_most_32_maps():
    maps = np.random.default_rng(1).random((64, 14, 14))
    assert png_size(feature_maps(np.zeros((28, 28)), maps)) == (1000, 540)


@pytest.mark.parametrize("call", [lambda: conv_filters(np.zeros((3, 3))),
                                  lambda: feature_maps(np.zeros((28, 28)), np.zeros((4, 5)))])
def test_wrong_shapes_are_explained(call):
    with pytest.raises(ShapeError, match="; pass"):
        call()


def test_report_figures_only_for_networks_with_a_convolution():
    images = np.random.default_rng(2).random((3, 12, 12), dtype=np.float32)
    cnn = nn.Sequential(nn.Unflatten(1, (1, 12)), nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(),
                        nn.MaxPool2d(2), nn.Flatten(), nn.Linear(144, 2)).eval()
    figures = convolution_figures(cnn, images)
    assert [figure.name for figure in figures] == ["conv_filters", "feature_maps"]
    assert convolution_figures(nn.Sequential(nn.Flatten(), nn.Linear(144, 2)), images) == []
    assert convolution_figures(cnn, None) == []
