"""``conv_transpose2d``: the transposed convolution, which maps a small image to a larger one.

It is exactly the input gradient of ``conv2d`` used as a forward pass: every input pixel
stamps the kernel, scaled by its value, onto the output, and overlapping stamps add up. So
its own backward swaps the roles again: the input gradient is an ordinary ``conv2d`` of the
output gradient, and the weight gradient a correlation of the output gradient with the input.
Used to upsample (decoders, image restoration); PyTorch's name and weight layout.

>>> import numpy as np
>>> from descenso import tensor
>>> ones = tensor(np.ones((1, 1, 2, 2), dtype=np.float32))
>>> conv_transpose2d(ones, ones, stride=2)
tensor([[[[1., 1., 1., 1.],
          [1., 1., 1., 1.],
          [1., 1., 1., 1.],
          [1., 1., 1., 1.]]]])
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.ops.conv import (
    check_weight,
    forward_products,
    input_gradient,
    weight_gradient,
)
from descenso.autograd.ops.window_args import check_image, padding_pair, pair
from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ConfigError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["conv_transpose2d"]


def conv_transpose2d(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """Apply a 2-D transposed convolution (PyTorch's ``conv_transpose2d``).

    Parameters
    ----------
    x : Tensor of shape (N, C_in, H, W)
    weight : Tensor of shape (C_in, C_out / groups, kernel_h, kernel_w)
    bias : Tensor of shape (C_out,), optional
    stride, padding, dilation : int or pair
        Those of the ``conv2d`` this operation transposes.
    output_padding : int or pair, default 0
        Rows and columns added at the bottom and right, to choose between the output sizes
        that a strided ``conv2d`` maps to the same size; smaller than stride or dilation.
    groups : int, default 1

    Returns
    -------
    Tensor of shape (N, C_out, H_out, W_out), with
    H_out = (H - 1)*stride - 2*padding + dilation*(kernel_h - 1) + output_padding + 1.
    """
    x_data, w_data = np.asarray(operand(x)), np.asarray(operand(weight))
    b_data = None if bias is None else operand(bias)
    groups = check_weight("conv_transpose2d", x_data, w_data, b_data, groups, channels_axis=1)
    check_image("conv_transpose2d", x_data, w_data.shape[0])
    stride, dilation = pair("stride", stride), pair("dilation", dilation)
    ph, pw = padding_pair(padding)
    oh, ow = pair("output_padding", output_padding, minimum=0)
    if oh >= max(stride[0], dilation[0]) or ow >= max(stride[1], dilation[1]):
        raise ConfigError(
            _("output_padding {value} must be smaller than the stride {stride} or the dilation "
              "{dilation}; lower it").format(value=(oh, ow), stride=stride, dilation=dilation))
    n, _c, h, w = x_data.shape
    kh, kw = w_data.shape[2], w_data.shape[3]
    h_out = (h - 1) * stride[0] - 2 * ph + dilation[0] * (kh - 1) + oh + 1
    w_out = (w - 1) * stride[1] - 2 * pw + dilation[1] * (kw - 1) + ow + 1
    if h_out < 1 or w_out < 1:
        raise ShapeError(
            _("conv_transpose2d would make an output of {h}x{w}; reduce the padding").format(
                h=h_out, w=w_out))
    pads = (ph, ph, pw, pw)
    out_shape = (n, w_data.shape[1] * groups, h_out, w_out)
    out = input_gradient(x_data, w_data, out_shape, stride, pads, dilation, groups)
    if b_data is not None:
        out = out + b_data.reshape(1, -1, 1, 1)
    x_tracked, w_tracked = tracks(x), tracks(weight)
    b_tracked = bias is not None and tracks(bias)
    if not (x_tracked or w_tracked or b_tracked):
        return constant(out)

    def backward(grad):
        grad_x = grad_w = grad_b = None
        if x_tracked or w_tracked:
            grad_x, columns = forward_products(grad, w_data, None, stride, pads, dilation,
                                               groups, keep_columns=w_tracked)
            # output_padding rows are not under any window of x: drop what the conv adds there.
            grad_x = grad_x[:, :, :h, :w]
            if w_tracked:
                # the columns of the first h x w windows: the ones over the input's pixels
                grad_w = weight_gradient([np.ascontiguousarray(c[:, :h, :w]) for c in columns],
                                         x_data, w_data.shape)
        if b_tracked:
            grad_b = grad.sum(axis=(0, 2, 3))
        return (grad_x if x_tracked else None), grad_w, grad_b

    return from_op(out, (x, weight, bias), backward)

