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

Columns are big (for MNIST's first layer at batch 256, 256*28*28*25 numbers), so they come
from a :class:`Workspace`: a buffer leaves the pool with a lease and goes back to it when the
lease is dropped (when the graph that needed it for backward is freed), so a training loop
reuses the same few buffers instead of asking the operating system for fresh pages per step.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

__all__ = ["Lease", "Workspace", "col2im", "conv_output_size", "im2col", "workspace"]


class Lease:
    """An array borrowed from a :class:`Workspace`; it goes back when the lease is deleted."""

    __slots__ = ("_workspace", "array")

    def __init__(self, array: np.ndarray, workspace: Workspace):
        self.array = array
        self._workspace = workspace

    def __del__(self):
        self._workspace.give_back(self.array)


class Workspace:
    """Reusable arrays keyed by (shape, dtype); each is lent to one owner at a time.

    At most ``KEEP`` free arrays are kept per key and ``LIMIT`` bytes in all: past that the
    free arrays are dropped, so a process that sees many batch shapes (training, then
    prediction in large batches) does not hoard memory.
    """

    KEEP = 2  # free buffers kept per key: forward and backward of one layer in flight
    LIMIT = 512 * 2**20

    def __init__(self):
        self._free: dict[tuple, list] = {}
        self._bytes = 0

    def lease(self, shape: tuple[int, ...], dtype) -> Lease:
        """A lease on an uninitialised array of ``shape`` and ``dtype``."""
        pool = self._free.get((shape, np.dtype(dtype).str))
        if pool:
            array = pool.pop()
            self._bytes -= array.nbytes
        else:
            array = np.empty(shape, dtype=dtype)
        return Lease(array, self)

    def give_back(self, array: np.ndarray) -> None:
        """Keep ``array`` for the next lease of its shape (or drop it when full)."""
        pool = self._free.setdefault((array.shape, array.dtype.str), [])
        if len(pool) >= self.KEEP:
            return
        if self._bytes + array.nbytes > self.LIMIT:
            self.clear()
            pool = self._free.setdefault((array.shape, array.dtype.str), [])
        pool.append(array)
        self._bytes += array.nbytes

    def clear(self) -> None:
        """Forget every free buffer (the memory goes back once no lease holds it)."""
        self._free.clear()
        self._bytes = 0


workspace = Workspace()


def conv_output_size(size: int, kernel: int, stride: int, pad_before: int, pad_after: int,
                     dilation: int) -> int:
    """Length of a convolution's output along one axis (PyTorch's formula, rounding down)."""
    return (size + pad_before + pad_after - dilation * (kernel - 1) - 1) // stride + 1


def _padded_channels_last(x: np.ndarray, padding: tuple[int, int, int, int]) -> Lease | None:
    """``x`` (N, C, H, W) zero-padded into a channels-last workspace buffer, or None if no pad."""
    top, bottom, left, right = padding
    if not any(padding):
        return None
    n, c, h, w = x.shape
    lease = workspace.lease((n, h + top + bottom, w + left + right, c), x.dtype)
    buffer = lease.array
    buffer[:, :top] = 0
    buffer[:, top + h:] = 0
    buffer[:, top:top + h, :left] = 0
    buffer[:, top:top + h, left + w:] = 0
    buffer[:, top:top + h, left:left + w] = x.transpose(0, 2, 3, 1)
    return lease


def im2col(x: np.ndarray, kernel: tuple[int, int], stride: tuple[int, int],
           padding: tuple[int, int, int, int], dilation: tuple[int, int]) -> Lease:
    """Copy every kernel window of ``x`` into one row.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W), any strides
    kernel, stride, dilation : pairs (along H, along W)
    padding : (top, bottom, left, right) zeros added around the image

    Returns
    -------
    A :class:`Lease` whose ``array`` has shape (N, H_out, W_out, kernel_h, kernel_w, C);
    reshaped to (N * H_out * W_out, kernel_h * kernel_w * C) it is the columns matrix.
    """
    n, c, h, w = x.shape
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    h_out = conv_output_size(h, kh, sh, padding[0], padding[1], dh)
    w_out = conv_output_size(w, kw, sw, padding[2], padding[3], dw)
    pad_lease = _padded_channels_last(x, padding)
    padded = x.transpose(0, 2, 3, 1) if pad_lease is None else pad_lease.array
    span_h, span_w = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    # (N, H', W', C, span_h, span_w) -> every stride-th window, every dilation-th tap.
    windows = sliding_window_view(padded, (span_h, span_w), axis=(1, 2))
    windows = windows[:, : sh * (h_out - 1) + 1 : sh, : sw * (w_out - 1) + 1 : sw, :, ::dh, ::dw]
    lease = workspace.lease((n, h_out, w_out, kh, kw, c), x.dtype)
    np.copyto(lease.array, windows.transpose(0, 1, 2, 4, 5, 3))
    return lease


def col2im(columns: np.ndarray, image_shape: tuple[int, int, int, int],
           kernel: tuple[int, int], stride: tuple[int, int],
           padding: tuple[int, int, int, int], dilation: tuple[int, int]) -> np.ndarray:
    """Add every row of ``columns`` back onto the window it came from (im2col's adjoint).

    Parameters
    ----------
    columns : ndarray of shape (N, H_out, W_out, kernel_h, kernel_w, C)
    image_shape : (N, C, H, W), the shape of the image the windows were taken from
    kernel, stride, padding, dilation : as for :func:`im2col`

    Returns
    -------
    ndarray of shape (N, C, H, W): a fresh array (an NCHW view of channels-last memory).
    Windows that overlap add up, and what fell on the padding is dropped.
    """
    n, c, h, w = image_shape
    top, bottom, left, right = padding
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    h_out, w_out = columns.shape[1], columns.shape[2]
    image = np.zeros((n, h + top + bottom, w + left + right, c), dtype=columns.dtype)
    for i in range(kh):
        rows = slice(i * dh, i * dh + sh * (h_out - 1) + 1, sh)
        for j in range(kw):
            cols = slice(j * dw, j * dw + sw * (w_out - 1) + 1, sw)
            image[:, rows, cols] += columns[:, :, :, i, j]
    return image[:, top:top + h, left:left + w].transpose(0, 3, 1, 2)
