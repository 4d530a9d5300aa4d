"""conv2d, conv_transpose2d, pooling, pad and batch_norm against PyTorch in float64 to 1e-10.

Shapes include odd sizes, stride larger than padding, dilation, groups and asymmetric kernels;
Hypothesis draws more of them.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import descenso.nn.functional as F

rng = np.random.default_rng(14)


def normal(*shape):
    return rng.standard_normal(shape)


def ties(*shape):
    """Small integers: many windows hold their maximum twice (PyTorch takes the first)."""
    return rng.integers(0, 3, shape).astype(np.float64)


CONV = [
    # (N, C_in, H, W), C_out, kernel, stride, padding, dilation, groups
    ((2, 3, 7, 9), 4, 3, 1, 1, 1, 1),
    ((2, 4, 8, 7), 6, (3, 2), 2, 1, 2, 2),
    ((1, 2, 5, 5), 2, 2, 3, 0, 1, 1),
    ((3, 6, 11, 10), 9, 3, (2, 3), (2, 1), (1, 2), 3),
    ((2, 4, 6, 6), 4, 3, 1, 1, 1, 4),  # depthwise
    ((1, 1, 28, 28), 8, 5, 1, 2, 1, 1),  # LeNet's first layer
    ((2, 3, 9, 8), 5, 3, 1, "same", 2, 1),
    ((2, 3, 9, 8), 5, (4, 2), 1, "same", 1, 1),  # even kernel: extra zeros after
    ((2, 3, 9, 8), 5, 3, 2, "valid", 1, 1),
]


@pytest.mark.parametrize("image, out_channels, kernel, stride, padding, dilation, groups", CONV)
def test_conv2d(compare, image, out_channels, kernel, stride, padding, dilation, groups):
    torch = pytest.importorskip("torch")
    kernel = (kernel, kernel) if isinstance(kernel, int) else kernel
    weight = normal(out_channels, image[1] // groups, *kernel)
    options = (stride, padding, dilation, groups)
    compare(lambda x, w, b: F.conv2d(x, w, b, *options), normal(*image), weight,
            normal(out_channels),
            torch_fn=lambda x, w, b: torch.nn.functional.conv2d(x, w, b, *options))
    compare(lambda x, w: F.conv2d(x, w, None, *options), normal(*image), weight,
            torch_fn=lambda x, w: torch.nn.functional.conv2d(x, w, None, *options))


TRANSPOSE = [
    # (N, C_in, H, W), C_out per group, kernel, stride, padding, output_padding, groups, dilation
    ((2, 4, 7, 9), 3, (3, 2), 1, 0, 0, 1, 1),
    ((2, 4, 5, 6), 3, 3, 2, 1, 1, 2, 1),
    ((1, 3, 4, 5), 2, 3, 3, 2, 0, 1, 2),
    ((2, 4, 5, 3), 2, (3, 2), (2, 3), (1, 0), (1, 2), 4, 1),
]


@pytest.mark.parametrize("image, per_group, kernel, stride, padding, output_padding, groups, "
                         "dilation", TRANSPOSE)
def test_conv_transpose2d(compare, image, per_group, kernel, stride, padding, output_padding,
                          groups, dilation):
    torch = pytest.importorskip("torch")
    kernel = (kernel, kernel) if isinstance(kernel, int) else kernel
    weight = normal(image[1], per_group, *kernel)
    options = (stride, padding, output_padding, groups, dilation)
    compare(lambda x, w, b: F.conv_transpose2d(x, w, b, *options),
            normal(*image), weight, normal(per_group * groups),
            torch_fn=lambda x, w, b: torch.nn.functional.conv_transpose2d(x, w, b, *options))


@pytest.mark.parametrize("kernel, stride, padding, dilation", [
    (2, None, 0, 1), (3, 2, 1, 1), (3, 1, 1, 2), ((2, 3), (1, 2), (1, 0), 1), (3, 3, 0, 1),
])
def test_max_pool2d_with_ties(compare, kernel, stride, padding, dilation):
    torch = pytest.importorskip("torch")
    compare(lambda x: F.max_pool2d(x, kernel, stride, padding, dilation), ties(2, 3, 9, 8),
            torch_fn=lambda x: torch.nn.functional.max_pool2d(x, kernel, stride, padding,
                                                              dilation))


@pytest.mark.parametrize("kernel, stride, padding, count_include_pad", [
    (2, None, 0, True), (3, 2, 1, True), (3, 2, 1, False), ((2, 3), (1, 2), (1, 0), False),
])
def test_avg_pool2d(compare, kernel, stride, padding, count_include_pad):
    torch = pytest.importorskip("torch")
    compare(lambda x: F.avg_pool2d(x, kernel, stride, padding, count_include_pad),
            normal(2, 3, 9, 8),
            torch_fn=lambda x: torch.nn.functional.avg_pool2d(
                x, kernel, stride, padding, count_include_pad=count_include_pad))


@pytest.mark.parametrize("output_size", [1, (3, 5), (4, None), (7, 8), (2, 3)])
def test_adaptive_avg_pool2d(compare, output_size):
    torch = pytest.importorskip("torch")
    compare(lambda x: F.adaptive_avg_pool2d(x, output_size), normal(2, 3, 9, 8),
            torch_fn=lambda x: torch.nn.functional.adaptive_avg_pool2d(x, output_size))


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
@pytest.mark.parametrize("widths", [(1, 2, 3, 0), (2, 1, 0, 2), (0, 0, 1, 1)])
def test_pad(compare, mode, widths):
    torch = pytest.importorskip("torch")
    compare(lambda x: F.pad(x, widths, mode), normal(2, 3, 5, 4),
            torch_fn=lambda x: torch.nn.functional.pad(x, widths, mode))


def test_pad_constant_value_and_3d_input(compare):
    torch = pytest.importorskip("torch")
    compare(lambda x: F.pad(x, (2, 1), "constant", 1.5), normal(2, 3, 4),
            torch_fn=lambda x: torch.nn.functional.pad(x, (2, 1), "constant", 1.5))
    compare(lambda x: F.pad(x, (2, 1), "reflect"), normal(2, 3, 4),
            torch_fn=lambda x: torch.nn.functional.pad(x, (2, 1), "reflect"))


@pytest.mark.parametrize("shape", [(6, 3), (4, 3, 5), (3, 2, 4, 5)])
@pytest.mark.parametrize("training", [True, False])
def test_batch_norm(compare, shape, training):
    torch = pytest.importorskip("torch")
    channels = shape[1]
    mean, var = normal(channels), rng.uniform(0.5, 2.0, channels)

    def ours(x, w, b):
        return F.batch_norm(x, mean.copy(), var.copy(), w, b, training, 0.3, 1e-4)

    def theirs(x, w, b):
        return torch.nn.functional.batch_norm(x, torch.tensor(mean), torch.tensor(var), w, b,
                                              training, 0.3, 1e-4)

    compare(ours, normal(*shape), normal(channels), normal(channels), torch_fn=theirs)


def test_batch_norm_running_statistics_follow_pytorch():
    torch = pytest.importorskip("torch")
    x = normal(5, 3, 4, 2)
    ours_mean, ours_var = np.zeros(3), np.ones(3)
    theirs_mean, theirs_var = torch.zeros(3, dtype=torch.float64), torch.ones(3,
                                                                              dtype=torch.float64)
    for _step in range(3):
        F.batch_norm(x, ours_mean, ours_var, training=True, momentum=0.2)
        torch.nn.functional.batch_norm(torch.tensor(x), theirs_mean, theirs_var, training=True,
                                       momentum=0.2)
    np.testing.assert_allclose(ours_mean, theirs_mean.numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(ours_var, theirs_var.numpy(), rtol=1e-12, atol=1e-14)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    n=st.integers(1, 2), c_per_group=st.integers(1, 3), o_per_group=st.integers(1, 3),
    groups=st.integers(1, 2), h=st.integers(1, 9), w=st.integers(1, 9),
    kh=st.integers(1, 4), kw=st.integers(1, 4), stride=st.integers(1, 3),
    padding=st.integers(0, 2), dilation=st.integers(1, 2),
)
def test_conv2d_random_shapes(compare, n, c_per_group, o_per_group, groups, h, w, kh, kw, stride,
                              padding, dilation):
    torch = pytest.importorskip("torch")
    if (h + 2 * padding - dilation * (kh - 1) < 1) or (w + 2 * padding - dilation * (kw - 1) < 1):
        return  # the kernel does not fit; test_conv_errors covers that message
    draw = np.random.default_rng(h * 1000 + w * 100 + kh * 10 + kw)
    x = draw.standard_normal((n, c_per_group * groups, h, w))
    weight = draw.standard_normal((o_per_group * groups, c_per_group, kh, kw))
    bias = draw.standard_normal(o_per_group * groups)
    options = (stride, padding, dilation, groups)
    compare(lambda a, b, c: F.conv2d(a, b, c, *options), x, weight, bias,
                       torch_fn=lambda a, b, c: torch.nn.functional.conv2d(a, b, c, *options))
