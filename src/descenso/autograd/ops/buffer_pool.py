"""Reused memory for the large arrays of a training step.

A training step of a convolutional network makes the same large arrays at every step: the
im2col columns, each layer's output, each gradient. Asking the operating system for fresh
memory each time costs a page fault per 4 KB page touched (for the first layer of the default
CNN at batch 64, 6 MB per array): measured on the default CNN, about a fifth of a step.

:func:`empty` hands out arrays carved from buffers it keeps. A buffer is free again as soon as
nothing uses it any more: NumPy makes every view of an array point to the array that owns the
memory, so the buffer's reference count says how many arrays still look at it. There is no
lease to give back and nothing to remember; an array kept by the user (a model's output, a
gradient) simply keeps its buffer busy.

>>> import numpy as np
>>> a = empty((256, 1024), np.float32)
>>> address = a.__array_interface__["data"][0]
>>> del a
>>> empty((256, 1024), np.float32).__array_interface__["data"][0] == address
True
"""

from __future__ import annotations

import math
import sys
import threading

import numpy as np

__all__ = ["BufferPool", "empty", "empty_like", "pool", "zeros"]


def _free_references() -> int:
    """The reference count a buffer held only by the pool shows (measured, not assumed)."""
    buffers = [np.empty(1, np.uint8)]
    return sys.getrefcount(buffers[0])


class BufferPool:
    """Buffers kept by size; each is handed out while no array uses it.

    Arrays smaller than ``MIN_BYTES`` come from ``np.empty`` (the allocator recycles those
    well). At most ``KEEP`` buffers are kept per size and ``LIMIT`` bytes in all: past that
    the free buffers are dropped, so a process that sees many shapes (training, then
    prediction in large batches) does not hoard memory.
    """

    MIN_BYTES = 256 * 1024
    KEEP = 8  # a layer's output, activation and their gradients are alive at once
    LIMIT = 512 * 2**20

    def __init__(self):
        self._buffers: dict[int, list[np.ndarray]] = {}
        self._bytes = 0
        self._lock = threading.Lock()
        self._free = _free_references()

    def empty(self, shape: tuple[int, ...], dtype) -> np.ndarray:
        """An uninitialised C-ordered array of ``shape`` and ``dtype``."""
        dtype = np.dtype(dtype)
        nbytes = math.prod(shape) * dtype.itemsize
        if nbytes < self.MIN_BYTES:
            return np.empty(shape, dtype)
        with self._lock:
            buffers = self._buffers.setdefault(nbytes, [])
            for index in range(len(buffers)):
                if sys.getrefcount(buffers[index]) == self._free:
                    return buffers[index].view(dtype).reshape(shape)
            buffer = np.empty(nbytes, np.uint8)
            if len(buffers) < self.KEEP:
                if self._bytes + nbytes > self.LIMIT:
                    self._drop_free()
                if self._bytes + nbytes <= self.LIMIT:
                    buffers.append(buffer)
                    self._bytes += nbytes
            return buffer.view(dtype).reshape(shape)

    def _drop_free(self) -> None:
        for nbytes, buffers in self._buffers.items():
            kept = [buffers[index] for index in range(len(buffers))
                    if sys.getrefcount(buffers[index]) != self._free]
            self._bytes -= nbytes * (len(buffers) - len(kept))
            buffers[:] = kept

    def clear(self) -> None:
        """Forget every buffer (the memory goes back once no array uses it)."""
        with self._lock:
            self._buffers.clear()
            self._bytes = 0


pool = BufferPool()


def empty(shape: tuple[int, ...], dtype) -> np.ndarray:
    """An uninitialised array from the shared :class:`BufferPool`."""
    return pool.empty(shape, dtype)


def zeros(shape: tuple[int, ...], dtype) -> np.ndarray:
    """A zero-filled array from the shared :class:`BufferPool`."""
    array = pool.empty(shape, dtype)
    array.fill(0)
    return array


def empty_like(array: np.ndarray, dtype=None) -> np.ndarray:
    """An uninitialised pooled array shaped like ``array``, its axes in the same memory order.

    A convolution's output is an NCHW view of channels-last memory; arrays made to match it
    (its activation, its gradient) are laid out the same way, so the passes between them
    read and write memory in order.
    """
    order = sorted(range(array.ndim), key=lambda axis: -abs(array.strides[axis]))
    memory = empty(tuple(array.shape[axis] for axis in order),
                   array.dtype if dtype is None else dtype)
    return memory.transpose(np.argsort(order))
