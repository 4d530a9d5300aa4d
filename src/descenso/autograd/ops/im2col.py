"""``im2col`` and ``col2im``: a convolution as one matrix product, and back.

A 2-D convolution slides a small kernel over the image. ``im2col`` copies every window the
kernel visits into one row of a matrix, the *columns*, of shape
(N * H_out * W_out, kernel_h * kernel_w * C); the convolution is then one matrix product of
those columns with the kernels, which is what BLAS does fastest. ``col2im`` is its adjoint:
it adds every row of a columns matrix back onto the window it came from. That adjoint is the
transposed convolution, so it gives both the input gradient of ``conv2d`` and the forward
pass of ``conv_transpose2d``.

Memory layout: the columns are stored (N, H_out, W_out, kernel_h, kernel_w, C), channels
last, and products come out channels last too; the functions of this module hand back NCHW
*views* of that memory, so the next layer's window copies read whole channel rows at once.
:func:`col2im` takes its columns tap-major, (kernel_h, kernel_w, N, H_out, W_out, C).

Columns are big (for the second layer of the default CNN at batch 256, 58 MB), so they, like
the other large arrays of a step, come from :mod:`.buffer_pool`: a training loop reuses the
same few buffers instead of asking the operating system for fresh pages per step.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from descenso.autograd.ops import buffer_pool

__all__ = ["col2im", "conv_output_size", "im2col"]


def conv_output_size(size: int, kernel: int, stride: int, pad_before: int, pad_after: int,
                     dilation: int) -> int:
    """Length of a convolution's output along one axis (PyTorch's formula, rounding down)."""
    return (size + pad_before + pad_after - dilation * (kernel - 1) - 1) // stride + 1


def _padded_channels_last(x: np.ndarray, padding: tuple[int, int, int, int]) -> np.ndarray:
    """``x`` (N, C, H, W) zero-padded into a channels-last (N, H', W', C) pooled buffer."""
    top, bottom, left, right = padding
    if not any(padding):
        return x.transpose(0, 2, 3, 1)
    n, c, h, w = x.shape
    buffer = buffer_pool.empty((n, h + top + bottom, w + left + right, c), x.dtype)
    buffer[:, :top] = 0
    buffer[:, top + h:] = 0
    buffer[:, top:top + h, :left] = 0
    buffer[:, top:top + h, left + w:] = 0
    buffer[:, top:top + h, left:left + w] = x.transpose(0, 2, 3, 1)
    return buffer


def im2col(x: np.ndarray, kernel: tuple[int, int], stride: tuple[int, int],
           padding: tuple[int, int, int, int], dilation: tuple[int, int]) -> np.ndarray:
    """Copy every kernel window of ``x`` into one row.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W), any strides
    kernel, stride, dilation : pairs (along H, along W)
    padding : (top, bottom, left, right) zeros added around the image

    Returns
    -------
    A pooled array of shape (N, H_out, W_out, kernel_h, kernel_w, C); reshaped to (N * H_out * W_out, kernel_h * kernel_w * C) it is the columns matrix.
    """
    n, c, h, w = x.shape
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    h_out = conv_output_size(h, kh, sh, padding[0], padding[1], dh)
    w_out = conv_output_size(w, kw, sw, padding[2], padding[3], dw)
    padded = _padded_channels_last(x, padding)
    columns = buffer_pool.empty((n, h_out, w_out, kh, kw, c), x.dtype)
    if c == 1:
        # One channel (a grey image): tap (i, j) of every window at once, rows of W_out
        # pixels per copy instead of runs of kernel_w (3.3 times faster for MNIST's 28x28).
        for i in range(kh):
            rows = slice(i * dh, i * dh + sh * (h_out - 1) + 1, sh)
            for j in range(kw):
                columns[:, :, :, i, j] = padded[:, rows, j * dw:j * dw + sw * (w_out - 1) + 1:sw]
        return columns
    span_h, span_w = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    # (N, H', W', C, span_h, span_w) -> every stride-th window, every dilation-th tap.
    windows = sliding_window_view(padded, (span_h, span_w), axis=(1, 2))
    windows = windows[:, : sh * (h_out - 1) + 1 : sh, : sw * (w_out - 1) + 1 : sw, :, ::dh, ::dw]
    np.copyto(columns, windows.transpose(0, 1, 2, 4, 5, 3))
    return columns


def col2im(columns: np.ndarray, image_shape: tuple[int, int, int, int],
           kernel: tuple[int, int], stride: tuple[int, int],
           padding: tuple[int, int, int, int], dilation: tuple[int, int]) -> np.ndarray:
    """Add every window of ``columns`` back onto the image it came from (im2col's adjoint).

    Parameters
    ----------
    columns : ndarray of shape (kernel_h, kernel_w, N, H_out, W_out, C)
        Tap-major: tap (i, j) of every window is one contiguous block, so each of the
        kernel_h * kernel_w additions below reads whole rows of pixels (3x3, 32 channels:
        a fifth faster than the window-major order of :func:`im2col`).
    image_shape : (N, C, H, W), the shape of the image the windows were taken from
    kernel, stride, padding, dilation : as for :func:`im2col`

    Returns
    -------
    ndarray of shape (N, C, H, W): a new pooled array (an NCHW view of channels-last memory).
    Windows that overlap add up, and what fell on the padding is dropped.
    """
    n, c, h, w = image_shape
    top, bottom, left, right = padding
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    h_out, w_out = columns.shape[3], columns.shape[4]
    image = buffer_pool.zeros((n, h + top + bottom, w + left + right, c), columns.dtype)
    for i in range(kh):
        rows = slice(i * dh, i * dh + sh * (h_out - 1) + 1, sh)
        for j in range(kw):
            cols = slice(j * dw, j * dw + sw * (w_out - 1) + 1, sw)
            image[:, rows, cols] += columns[i, j]
    return image[:, top:top + h, left:left + w].transpose(0, 3, 1, 2)
