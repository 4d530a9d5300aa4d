"""Pooling: ``max_pool2d``, ``avg_pool2d`` and ``adaptive_avg_pool2d``, forward and backward.

Pooling summarises each window of an image by one number, so the next layer sees a smaller
image and small shifts of the input matter less. Both kinds are written tap by tap: a
kernel_h x kernel_w window has kernel_h * kernel_w *taps*, and tap (i, j) of every window at
once is one strided view of the (padded) image. The forward pass combines those views
(maximum or sum); the backward pass sends the gradient back through the same views.

- **max**: the gradient of a window goes to the tap that held its maximum (the first one
  when several tie, as in PyTorch); the other taps get zero.
- **average**: every tap gets the window's gradient divided by the window's size.

>>> import numpy as np
>>> from descenso import tensor
>>> max_pool2d(tensor(np.arange(16.0, dtype=np.float32).reshape(1, 1, 4, 4)), 2)
tensor([[[[ 5.,  7.],
          [13., 15.]]]])
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.ops import buffer_pool
from descenso.autograd.ops.im2col import conv_output_size
from descenso.autograd.ops.window_args import check_image, padding_pair, pair
from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ConfigError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["adaptive_avg_pool2d", "avg_pool2d", "max_pool2d"]


def _geometry(function, x, kernel_size, stride, padding, dilation):
    """Check the arguments; return kernel, stride, padding, dilation and the output size."""
    check_image(function, x)
    kernel = pair("kernel_size", kernel_size)
    stride = kernel if stride is None else pair("stride", stride)
    padding, dilation = padding_pair(padding), pair("dilation", dilation)
    if padding[0] > kernel[0] // 2 or padding[1] > kernel[1] // 2:
        raise ConfigError(
            _("{function} got padding {padding} for a kernel of {kernel}; the padding must be "
              "at most half the kernel").format(function=function, padding=padding,
                                                kernel=kernel))
    h_out = conv_output_size(x.shape[2], kernel[0], stride[0], padding[0], padding[0],
                             dilation[0])
    w_out = conv_output_size(x.shape[3], kernel[1], stride[1], padding[1], padding[1],
                             dilation[1])
    if h_out < 1 or w_out < 1:
        raise ShapeError(
            _("{function} got an image of {h}x{w}, smaller than its {kh}x{kw} window; use a "
              "smaller kernel_size or a larger image").format(
                function=function, h=x.shape[2], w=x.shape[3], kh=kernel[0], kw=kernel[1]))
    return kernel, stride, padding, dilation, (h_out, w_out)


def _taps(image, kernel, stride, dilation, out_size):
    """Yield (tap number, view of ``image`` under tap (i, j) of every window)."""
    (kh, kw), (sh, sw), (dh, dw), (h_out, w_out) = kernel, stride, dilation, out_size
    for i in range(kh):
        rows = slice(i * dh, i * dh + sh * (h_out - 1) + 1, sh)
        for j in range(kw):
            yield i * kw + j, image[:, :, rows, slice(j * dw, j * dw + sw * (w_out - 1) + 1, sw)]


def _padded(x, padding, fill):
    ph, pw = padding
    if not (ph or pw):
        return x
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=fill)


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1):
    """The maximum of each kernel_size window (PyTorch's ``max_pool2d``).

    Parameters
    ----------
    x : Tensor of shape (N, C, H, W)
    kernel_size : int or pair
    stride : int or pair, default kernel_size
    padding : int or pair, default 0
        Implicit -inf on each side, at most half the kernel.
    dilation : int or pair, default 1

    Returns
    -------
    Tensor of shape (N, C, H_out, W_out), H_out as for ``conv2d``.
    """
    x_data = np.asarray(operand(x))
    kernel, stride, padding, dilation, out_size = _geometry(
        "max_pool2d", x_data, kernel_size, stride, padding, dilation)
    image = _padded(x_data, padding, -np.inf)
    taps = [view for _tap, view in _taps(image, kernel, stride, dilation, out_size)]
    # Pooled memory in the input's layout; np.maximum propagates NaN, as PyTorch does.
    out = buffer_pool.empty_like(taps[0])
    if len(taps) == 1:
        np.copyto(out, taps[0])
    else:
        np.maximum(taps[0], taps[1], out=out)
    for view in taps[2:]:
        np.maximum(out, view, out=out)
    if not tracks(x):
        return constant(out)
    span = (dilation[0] * (kernel[0] - 1) + 1, dilation[1] * (kernel[1] - 1) + 1)
    disjoint = stride[0] >= span[0] and stride[1] >= span[1]
    # Windows that cover the (padded) image edge to edge leave no pixel without a gradient.
    tiled = (dilation == (1, 1) and stride == kernel
             and image.shape[2] == out_size[0] * kernel[0]
             and image.shape[3] == out_size[1] * kernel[1])

    def backward(grad):
        # Same memory layout as the input, so the gradient flows on without a transpose.
        if grad.strides != out.strides:  # e.g. NCHW from Flatten: one copy, then in order
            ordered = buffer_pool.empty_like(out, grad.dtype)
            np.copyto(ordered, grad)
            grad = ordered
        grad_image = buffer_pool.empty_like(image, grad.dtype)
        if not tiled:
            grad_image.fill(0)
        taken = buffer_pool.empty_like(out, bool)
        hit = buffer_pool.empty_like(out, bool)
        grad_taps = _taps(grad_image, kernel, stride, dilation, out_size)
        for index, (values, (_tap, grad_view)) in enumerate(zip(taps, grad_taps)):
            if index == 0:
                np.equal(values, out, out=taken)
                winner = taken
            else:
                np.equal(values, out, out=hit)
                np.greater(hit, taken, out=hit)  # the maximum, unless an earlier tap had it
                if index < len(taps) - 1:
                    taken |= hit
                winner = hit
            if disjoint:  # each input pixel is in one window at most
                np.multiply(grad, winner, out=grad_view)
            else:
                grad_view += grad * winner
        ph, pw = padding
        return (grad_image[:, :, ph:ph + x_data.shape[2], pw:pw + x_data.shape[3]],)

    return from_op(out, (x,), backward)


def avg_pool2d(x, kernel_size, stride=None, padding=0, count_include_pad=True):
    """The mean of each kernel_size window (PyTorch's ``avg_pool2d``).

    Parameters
    ----------
    x : Tensor of shape (N, C, H, W)
    kernel_size : int or pair
    stride : int or pair, default kernel_size
    padding : int or pair, default 0
        Zeros on each side, at most half the kernel.
    count_include_pad : bool, default True
        Divide by the whole window (True) or only by its pixels inside the image (False).

    Returns
    -------
    Tensor of shape (N, C, H_out, W_out).
    """
    x_data = np.asarray(operand(x))
    kernel, stride, padding, dilation, out_size = _geometry(
        "avg_pool2d", x_data, kernel_size, stride, padding, 1)
    image = _padded(x_data, padding, 0.0)
    if count_include_pad or not any(padding):
        divisor = float(kernel[0] * kernel[1])
    else:
        inside = _padded(np.ones((1, 1) + x_data.shape[2:], dtype=x_data.dtype), padding, 0.0)
        divisor = sum(view for _tap, view in _taps(inside, kernel, stride, dilation, out_size))
    out = None
    for _tap, view in _taps(image, kernel, stride, dilation, out_size):
        out = view.copy(order="K") if out is None else np.add(out, view, out=out)
    out /= divisor
    if not tracks(x):
        return constant(out)

    def backward(grad):
        share = grad / divisor
        grad_image = np.zeros_like(image, dtype=grad.dtype)
        for _tap, view in _taps(grad_image, kernel, stride, dilation, out_size):
            view += share
        ph, pw = padding
        return (grad_image[:, :, ph:ph + x_data.shape[2], pw:pw + x_data.shape[3]],)

    return from_op(out, (x,), backward)


def _bins(size: int, count: int) -> list[tuple[int, int]]:
    """PyTorch's adaptive bins: bin i covers [floor(i*size/count), ceil((i+1)*size/count))."""
    return [(i * size // count, -((-(i + 1) * size) // count)) for i in range(count)]


def adaptive_avg_pool2d(x, output_size):
    """Average over bins chosen so that the output has ``output_size`` (PyTorch's rule).

    Parameters
    ----------
    x : Tensor of shape (N, C, H, W)
    output_size : int or pair (an entry None keeps that axis's size)

    Returns
    -------
    Tensor of shape (N, C, out_h, out_w); ``output_size=1`` is global average pooling.
    """
    x_data = np.asarray(operand(x))
    check_image("adaptive_avg_pool2d", x_data)
    sizes = output_size if isinstance(output_size, (tuple, list)) else (output_size,) * 2
    sizes = tuple(x_data.shape[2 + axis] if s is None else s for axis, s in enumerate(sizes))
    out_h, out_w = pair("output_size", sizes)
    rows, cols = _bins(x_data.shape[2], out_h), _bins(x_data.shape[3], out_w)
    out = np.empty(x_data.shape[:2] + (out_h, out_w), dtype=x_data.dtype)
    for i, (top, bottom) in enumerate(rows):
        for j, (left, right) in enumerate(cols):
            out[:, :, i, j] = x_data[:, :, top:bottom, left:right].mean(axis=(2, 3))
    if not tracks(x):
        return constant(out)

    def backward(grad):
        grad_x = np.zeros(x_data.shape, dtype=grad.dtype)
        for i, (top, bottom) in enumerate(rows):
            for j, (left, right) in enumerate(cols):
                area = (bottom - top) * (right - left)
                grad_x[:, :, top:bottom, left:right] += (grad[:, :, i, j] / area)[..., None, None]
        return (grad_x,)

    return from_op(out, (x,), backward)
