"""Convolutional layers: ``Conv2d`` and ``ConvTranspose2d``, with PyTorch's parameters.

A convolutional layer learns ``out_channels`` small kernels and slides each over the image,
so the same feature detector (an edge, a stroke) is found wherever it appears, with far fewer
weights than a dense layer: ``Conv2d(1, 32, 5)`` has 32*25 + 32 = 832 parameters whatever
the image size. The arithmetic lives in :func:`descenso.nn.functional.conv2d`.
"""

from __future__ import annotations

import math

import numpy as np

from descenso.autograd import conv2d, conv_transpose2d, default_generator, pad
from descenso.autograd.ops.window_args import padding_pair, pair
from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.nn.linear import _check_features, _check_float_dtype
from descenso.nn.module import Module
from descenso.nn.parameter import Parameter

__all__ = ["Conv2d", "ConvTranspose2d"]

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def _uniform(shape, fan_in: int, dtype) -> Parameter:
    """U(-1/sqrt(fan_in), 1/sqrt(fan_in)): PyTorch's Kaiming-uniform with a = sqrt(5)."""
    bound = 1.0 / math.sqrt(fan_in)
    values = default_generator().uniform(-bound, bound, size=shape)
    return Parameter(values.astype(dtype), dtype=dtype)


class _ConvNd(Module):
    """What the two convolutional layers share: checking and storing their arguments."""

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation,
                 groups, bias, dtype, weight_channels):
        super().__init__()
        self.in_channels = _check_features("in_channels", in_channels)
        self.out_channels = _check_features("out_channels", out_channels)
        self.groups = _check_features("groups", groups)
        if self.in_channels % self.groups or self.out_channels % self.groups:
            raise ConfigError(
                _("in_channels ({cin}) and out_channels ({cout}) must both be divisible by "
                  "groups ({groups}); change one of them").format(
                    cin=in_channels, cout=out_channels, groups=groups))
        if not isinstance(bias, (bool, np.bool_)):
            raise ConfigError(_("bias must be True or False, got {value!r}; pass bias=False "
                                "to leave it out").format(value=bias))
        self.kernel_size = pair("kernel_size", kernel_size)
        self.stride = pair("stride", stride)
        self.dilation = pair("dilation", dilation)
        dtype = _check_float_dtype(dtype)
        shape = weight_channels + self.kernel_size
        fan_in = shape[1] * self.kernel_size[0] * self.kernel_size[1]
        self.weight = _uniform(shape, fan_in, dtype)
        if bias:
            self.bias = _uniform((self.out_channels,), fan_in, dtype)
        else:
            self.register_parameter("bias", None)

    def extra_repr(self) -> str:
        text = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}")
        if self.padding not in ((0, 0), "valid"):
            text += f", padding={self.padding!r}"
        if self.dilation != (1, 1):
            text += f", dilation={self.dilation}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        if getattr(self, "padding_mode", "zeros") != "zeros":
            text += f", padding_mode={self.padding_mode!r}"
        return text


class Conv2d(_ConvNd):
    """A 2-D convolution over images (N, C_in, H, W) -> (N, C_out, H_out, W_out).

    Parameters
    ----------
    in_channels, out_channels : int
        Channels of the input (1 for grey images, 3 for colour) and kernels learned.
    kernel_size : int or pair
    stride : int or pair, default 1
    padding : int, pair, "same" or "valid", default 0
    dilation : int or pair, default 1
    groups : int, default 1
    bias : bool, default True
    padding_mode : {"zeros", "reflect", "replicate", "circular"}, default "zeros"
    dtype : numpy dtype, default float32

    Attributes
    ----------
    weight : Parameter of shape (out_channels, in_channels / groups, kernel_h, kernel_w)
    bias : Parameter of shape (out_channels,) or None
        Both start uniform in +-1/sqrt(fan_in), fan_in = in_channels/groups * kernel_h *
        kernel_w, PyTorch's default.

    Examples
    --------
    >>> import numpy as np, descenso
    >>> layer = Conv2d(1, 4, kernel_size=3, padding=1)
    >>> layer(descenso.tensor(np.zeros((2, 1, 28, 28), dtype=np.float32))).shape
    descenso.Size([2, 4, 28, 28])
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 dilation=1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros",
                 dtype=None):
        in_channels = _check_features("in_channels", in_channels)
        groups = _check_features("groups", groups)
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         groups, bias, dtype, (out_channels, in_channels // groups))
        if padding_mode not in PADDING_MODES:
            raise ConfigError(
                _("padding_mode {value!r} is unknown; use 'zeros', 'reflect', 'replicate' or "
                  "'circular'").format(value=padding_mode))
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ConfigError(
                    _("padding must be an integer, a pair, 'same' or 'valid', got {value!r}; "
                      "for example padding=1 or padding='same'").format(value=padding))
            if padding == "same" and self.stride != (1, 1):
                raise ConfigError(
                    _("padding='same' needs stride 1, got stride {stride}; give the padding as "
                      "numbers instead").format(stride=self.stride))
            self.padding = padding
        else:
            self.padding = padding_pair(padding)
        self.padding_mode = padding_mode

    def forward(self, x):
        """Convolve ``x`` (N, in_channels, H, W) with the layer's kernels."""
        if self.padding_mode == "zeros" or self.padding in ((0, 0), "valid"):
            return conv2d(x, self.weight, self.bias, self.stride, self.padding, self.dilation,
                          self.groups)
        if self.padding == "same":
            (kh, kw), (dh, dw) = self.kernel_size, self.dilation
            top, left = dh * (kh - 1) // 2, dw * (kw - 1) // 2
            widths = (left, dw * (kw - 1) - left, top, dh * (kh - 1) - top)
        else:
            widths = (self.padding[1],) * 2 + (self.padding[0],) * 2
        return conv2d(pad(x, widths, self.padding_mode), self.weight, self.bias, self.stride, 0,
                      self.dilation, self.groups)


class ConvTranspose2d(_ConvNd):
    """A transposed convolution, which upsamples: (N, C_in, H, W) -> (N, C_out, H_out, W_out).

    H_out = (H - 1)*stride - 2*padding + dilation*(kernel_h - 1) + output_padding + 1.

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size : int or pair
    stride, padding, output_padding, dilation : int or pair
    groups : int, default 1
    bias : bool, default True
    dtype : numpy dtype, default float32

    Attributes
    ----------
    weight : Parameter of shape (in_channels, out_channels / groups, kernel_h, kernel_w)
    bias : Parameter of shape (out_channels,) or None

    Examples
    --------
    >>> import numpy as np, descenso
    >>> layer = ConvTranspose2d(4, 1, kernel_size=2, stride=2)
    >>> layer(descenso.tensor(np.zeros((2, 4, 7, 7), dtype=np.float32))).shape
    descenso.Size([2, 1, 14, 14])
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 output_padding=0, groups: int = 1, bias: bool = True, dilation=1, dtype=None):
        out_channels = _check_features("out_channels", out_channels)
        groups = _check_features("groups", groups)
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         groups, bias, dtype, (in_channels, out_channels // groups))
        self.padding = padding_pair(padding)
        self.output_padding = pair("output_padding", output_padding, minimum=0)

    def forward(self, x):
        """Apply the transposed convolution to ``x`` (N, in_channels, H, W)."""
        return conv_transpose2d(x, self.weight, self.bias, self.stride, self.padding,
                                self.output_padding, self.groups, self.dilation)
