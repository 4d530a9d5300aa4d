"""Pooling layers: ``MaxPool2d``, ``AvgPool2d`` and ``AdaptiveAvgPool2d`` (no parameters).

They shrink each feature map by summarising windows, so deeper layers see more of the image
for the same kernel size. The arithmetic lives in :mod:`descenso.autograd.ops.pooling`.
"""

from __future__ import annotations

import numpy as np

from descenso.autograd import adaptive_avg_pool2d, avg_pool2d, max_pool2d
from descenso.autograd.ops.window_args import padding_pair, pair
from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.nn.module import Module

__all__ = ["AdaptiveAvgPool2d", "AvgPool2d", "MaxPool2d"]


class MaxPool2d(Module):
    """The maximum of each window: (N, C, H, W) -> (N, C, H_out, W_out).

    Parameters
    ----------
    kernel_size : int or pair
    stride : int or pair, default kernel_size (windows side by side)
    padding : int or pair, default 0
    dilation : int or pair, default 1

    Examples
    --------
    >>> import numpy as np, descenso
    >>> MaxPool2d(2)(descenso.tensor(np.zeros((1, 3, 28, 28), dtype=np.float32))).shape
    descenso.Size([1, 3, 14, 14])
    """

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1):
        super().__init__()
        self.kernel_size = pair("kernel_size", kernel_size)
        self.stride = self.kernel_size if stride is None else pair("stride", stride)
        self.padding = padding_pair(padding)
        self.dilation = pair("dilation", dilation)

    def forward(self, x):
        """Max-pool ``x`` (N, C, H, W)."""
        return max_pool2d(x, self.kernel_size, self.stride, self.padding, self.dilation)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}")


class AvgPool2d(Module):
    """The mean of each window: (N, C, H, W) -> (N, C, H_out, W_out).

    Parameters
    ----------
    kernel_size : int or pair
    stride : int or pair, default kernel_size
    padding : int or pair, default 0
    count_include_pad : bool, default True
        Whether the padded zeros count in the mean's divisor.

    Examples
    --------
    >>> import numpy as np, descenso
    >>> AvgPool2d(2)(descenso.tensor(np.ones((1, 1, 4, 4), dtype=np.float32))).shape
    descenso.Size([1, 1, 2, 2])
    """

    def __init__(self, kernel_size, stride=None, padding=0, count_include_pad: bool = True):
        super().__init__()
        self.kernel_size = pair("kernel_size", kernel_size)
        self.stride = self.kernel_size if stride is None else pair("stride", stride)
        self.padding = padding_pair(padding)
        if not isinstance(count_include_pad, (bool, np.bool_)):
            raise ConfigError(
                _("count_include_pad must be True or False, got {value!r}; True is PyTorch's "
                  "default").format(value=count_include_pad))
        self.count_include_pad = bool(count_include_pad)

    def forward(self, x):
        """Average-pool ``x`` (N, C, H, W)."""
        return avg_pool2d(x, self.kernel_size, self.stride, self.padding, self.count_include_pad)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool2d(Module):
    """Average into a fixed output size whatever the input's: (N, C, H, W) -> (N, C, *output_size).

    ``AdaptiveAvgPool2d(1)`` is global average pooling, which lets a network take images of
    any size.

    Examples
    --------
    >>> import numpy as np, descenso
    >>> AdaptiveAvgPool2d(1)(descenso.tensor(np.ones((2, 8, 7, 5), dtype=np.float32))).shape
    descenso.Size([2, 8, 1, 1])
    """

    def __init__(self, output_size):
        super().__init__()
        sizes = output_size if isinstance(output_size, (tuple, list)) else (output_size,) * 2
        if len(sizes) != 2:
            pair("output_size", output_size)  # raises with the usual message
        pair("output_size", tuple(1 if size is None else size for size in sizes))
        self.output_size = tuple(output_size) if isinstance(output_size, list) else output_size

    def forward(self, x):
        """Average-pool ``x`` (N, C, H, W) to ``output_size``."""
        return adaptive_avg_pool2d(x, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"
