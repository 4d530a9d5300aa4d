"""``conv2d``: the 2-D convolution of PyTorch (a cross-correlation), forward and backward.

Each output pixel is the dot product of a kernel with the window of the input under it.
With :mod:`.im2col` all windows become rows of one matrix, so the whole layer is one matrix
product: (N*H_out*W_out, kernel_h*kernel_w*C_in) @ (kernel_h*kernel_w*C_in, C_out).

The backward pass is made of convolutions too, which is the lesson of this file:

- the gradient of the **input** is a *transposed convolution* of the output gradient with
  the same kernels (a full convolution with the kernels flipped): every output pixel sends
  its gradient back, weighted by the kernel, to the window it was computed from
  (:func:`input_gradient`, the same code as the forward pass of ``conv_transpose2d``);
- the gradient of the **weights** is a *correlation of the input with the output gradient*:
  a kernel tap's gradient sums input times output gradient over every position the kernel
  visited (:func:`weight_gradient`, one matrix product with the forward pass's columns);
- the gradient of the **bias** sums the output gradient over batch and positions.

>>> import numpy as np
>>> from descenso import tensor
>>> x = tensor(np.arange(16.0, dtype=np.float32).reshape(1, 1, 4, 4))
>>> conv2d(x, tensor(np.ones((1, 1, 2, 2), dtype=np.float32)), stride=2)
tensor([[[[10., 18.],
          [42., 50.]]]])
"""

from __future__ import annotations

import numbers

import numpy as np

from descenso.autograd.ops import buffer_pool
from descenso.autograd.ops.im2col import col2im, conv_output_size, im2col
from descenso.autograd.ops.window_args import check_image, padding_pair, pair
from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ConfigError, DataError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["bias_gradient", "conv2d", "forward_products", "input_gradient", "weight_gradient"]


def _kernel_matrix(weight: np.ndarray) -> np.ndarray:
    """(C_out, C_in/groups, kh, kw) -> (C_out, kh*kw*C_in/groups), the columns' order."""
    out_channels = weight.shape[0]
    return weight.transpose(0, 2, 3, 1).reshape(out_channels, -1)


def _channels_last_matrix(grad: np.ndarray) -> np.ndarray:
    """(N, C, H, W) -> (N*H*W, C); free when ``grad`` already lies channels last."""
    return np.ascontiguousarray(grad.transpose(0, 2, 3, 1)).reshape(-1, grad.shape[1])


def forward_products(x, weight, bias, stride, padding, dilation, groups, keep_columns):
    """The convolution as one product per group.

    Returns the output (N, C_out, H_out, W_out), an NCHW view of channels-last memory, and
    the columns of each group (kept for :func:`weight_gradient` when ``keep_columns``).
    """
    out_channels, group_channels, kh, kw = weight.shape
    per_group = out_channels // groups
    kernels = _kernel_matrix(weight)
    kept, out = [], None
    for g in range(groups):
        columns = im2col(x[:, g * group_channels:(g + 1) * group_channels], (kh, kw), stride,
                         padding, dilation)
        if out is None:
            out = buffer_pool.empty(columns.shape[:3] + (out_channels,), x.dtype)
            out_matrix = out.reshape(-1, out_channels)
        rows = columns.reshape(-1, kernels.shape[1])
        if groups == 1:
            np.matmul(rows, kernels.T, out=out_matrix)
        else:
            out_matrix[:, g * per_group:(g + 1) * per_group] = (
                rows @ kernels[g * per_group:(g + 1) * per_group].T)
        if keep_columns:
            kept.append(columns)
    if bias is not None:
        out += bias
    return out.transpose(0, 3, 1, 2), kept


def input_gradient(grad, weight, image_shape, stride, padding, dilation, groups):
    """The transposed convolution of ``grad`` (N, C_out, H_out, W_out) with ``weight``.

    (grad as a matrix) @ (the kernels' tap (i, j)) is the gradient of tap (i, j) of every
    window, one product per tap; :func:`col2im` adds the windows back onto an image of
    ``image_shape`` (N, C_in, H, W).
    """
    out_channels, group_channels, kh, kw = weight.shape
    per_group = out_channels // groups
    n, _c, h_out, w_out = grad.shape
    grad_matrix = _channels_last_matrix(grad)
    # (C_out, C_in/groups, kh, kw) -> (kh*kw, C_out, C_in/groups): one matrix per tap.
    taps = weight.transpose(2, 3, 0, 1).reshape(kh * kw, out_channels, group_channels)
    window_grads = buffer_pool.empty((kh * kw, n * h_out * w_out, group_channels),
                                     grad_matrix.dtype)
    parts = []
    for g in range(groups):
        np.matmul(grad_matrix[:, g * per_group:(g + 1) * per_group],
                  taps[:, g * per_group:(g + 1) * per_group], out=window_grads)
        part_shape = (n, group_channels) + tuple(image_shape[2:])
        parts.append(col2im(window_grads.reshape(kh, kw, n, h_out, w_out, group_channels),
                            part_shape, (kh, kw), stride, padding, dilation))
    return parts[0] if groups == 1 else np.concatenate(parts, axis=1)


def weight_gradient(columns, grad, weight_shape):
    """The correlation of the input (its ``columns``, one array per group) with ``grad``.

    Returns the gradient of the weight, (C_out, C_in/groups, kh, kw).
    """
    out_channels, group_channels, kh, kw = weight_shape
    groups = len(columns)
    per_group = out_channels // groups
    grad_matrix = _channels_last_matrix(grad)
    result = np.empty((out_channels, kh * kw * group_channels), dtype=grad_matrix.dtype)
    for g, group_columns in enumerate(columns):
        rows = group_columns.reshape(-1, result.shape[1])
        np.matmul(grad_matrix[:, g * per_group:(g + 1) * per_group].T, rows,
                  out=result[g * per_group:(g + 1) * per_group])
    return np.ascontiguousarray(
        result.reshape(out_channels, kh, kw, group_channels).transpose(0, 3, 1, 2))


def bias_gradient(grad):
    """The sum of ``grad`` (N, C_out, H_out, W_out) over batch and positions: (C_out,)."""
    return _channels_last_matrix(grad).sum(axis=0)


def same_padding(kernel, dilation) -> tuple[int, int, int, int]:
    """Zeros (top, bottom, left, right) that keep H and W at stride 1; extra goes after."""
    total_h, total_w = dilation[0] * (kernel[0] - 1), dilation[1] * (kernel[1] - 1)
    return (total_h // 2, total_h - total_h // 2, total_w // 2, total_w - total_w // 2)


def check_weight(function: str, x: np.ndarray, weight: np.ndarray, bias, groups,
                 channels_axis: int = 1) -> int:
    """Check ``weight``'s rank and dtype, ``bias`` and ``groups``; return the groups."""
    if (isinstance(groups, bool) or not isinstance(groups, numbers.Integral) or groups < 1):
        raise ConfigError(_("groups must be a positive integer, got {value!r}; use 1 for an ordinary "
                                 "convolution").format(value=groups))
    if weight.ndim != 4:
        raise ShapeError(
            _("{function} needs a weight of shape (out_channels, in_channels/groups, kernel_h, "
              "kernel_w), got shape {shape}; check the layer's weight").format(function=function, shape=weight.shape))
    if weight.dtype != x.dtype:
        raise DataError(
            _("{function} got input of dtype {x_dtype} and weight of dtype {w_dtype}; use one "
              "dtype, e.g. model.double() or x.astype(np.float32)").format(
                function=function, x_dtype=x.dtype, w_dtype=weight.dtype))
    out_channels = weight.shape[0] if channels_axis == 0 else weight.shape[1] * groups
    if weight.shape[0] % groups:
        raise ShapeError(
            _("{function} got {groups} groups for a weight of shape {shape}; the weight's first "
              "axis must be divisible by groups").format(
                function=function, groups=groups, shape=weight.shape))
    if bias is not None and np.shape(bias) != (out_channels,):
        raise ShapeError(
            _("{function} got bias of shape {b_shape} for {out} output channels; the bias "
              "must have shape ({out},)").format(
                function=function, b_shape=np.shape(bias), out=out_channels))
    return int(groups)


def _resolve_padding(padding, kernel, stride, dilation):
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0, 0, 0)
        if padding == "same":
            if stride != (1, 1):
                raise ConfigError(
                    _("padding='same' needs stride 1, got stride {stride}; give the padding as "
                      "numbers instead").format(stride=stride))
            return same_padding(kernel, dilation)
        raise ConfigError(
            _("padding must be an integer, a pair, 'same' or 'valid', got {value!r}; for "
              "example padding=1 or padding='same'").format(value=padding))
    ph, pw = padding_pair(padding)
    return (ph, ph, pw, pw)


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Apply a 2-D convolution (cross-correlation, as PyTorch) over a batch of images.

    Parameters
    ----------
    x : Tensor of shape (N, C_in, H, W)
    weight : Tensor of shape (C_out, C_in / groups, kernel_h, kernel_w)
    bias : Tensor of shape (C_out,), optional
    stride : int or pair, default 1
        Step between windows.
    padding : int, pair, "same" or "valid", default 0
        Zeros added on each side; "same" keeps H and W (stride 1 only).
    dilation : int or pair, default 1
        Spacing between kernel taps.
    groups : int, default 1
        Split the channels into groups convolved separately (C_in and C_out divisible).

    Returns
    -------
    Tensor of shape (N, C_out, H_out, W_out), with
    H_out = floor((H + 2*padding - dilation*(kernel_h - 1) - 1) / stride) + 1.
    """
    x_data, w_data = operand(x), operand(weight)
    b_data = None if bias is None else operand(bias)
    x_data, w_data = np.asarray(x_data), np.asarray(w_data)
    groups = check_weight("conv2d", x_data, w_data, b_data, groups, channels_axis=0)
    check_image("conv2d", x_data, w_data.shape[1] * groups)
    kernel = (w_data.shape[2], w_data.shape[3])
    stride, dilation = pair("stride", stride), pair("dilation", dilation)
    pads = _resolve_padding(padding, kernel, stride, dilation)
    h_out = conv_output_size(x_data.shape[2], kernel[0], stride[0], pads[0], pads[1],
                             dilation[0])
    w_out = conv_output_size(x_data.shape[3], kernel[1], stride[1], pads[2], pads[3],
                             dilation[1])
    if h_out < 1 or w_out < 1:
        raise ShapeError(
            _("conv2d got an image of {h}x{w} (padded by {pads}) for a {kh}x{kw} kernel with "
              "dilation {dilation}; the kernel does not fit: pad the image or use a smaller "
              "kernel").format(h=x_data.shape[2], w=x_data.shape[3], pads=pads, kh=kernel[0],
                               kw=kernel[1], dilation=dilation))
    x_tracked, w_tracked = tracks(x), tracks(weight)
    b_tracked = bias is not None and tracks(bias)
    out, columns = forward_products(x_data, w_data, b_data, stride, pads, dilation, groups,
                                    keep_columns=w_tracked)
    if not (x_tracked or w_tracked or b_tracked):
        return constant(out)

    def backward(grad):
        grad_x = grad_w = grad_b = None
        if x_tracked:
            grad_x = input_gradient(grad, w_data, x_data.shape, stride, pads, dilation, groups)
        if w_tracked:
            grad_w = weight_gradient(columns, grad, w_data.shape)
        if b_tracked:
            grad_b = bias_gradient(grad)
        return grad_x, grad_w, grad_b

    return from_op(out, (x, weight, bias), backward)
