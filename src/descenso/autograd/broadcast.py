"""Reducing a broadcast gradient back to the shape of the input that was broadcast.

When NumPy broadcasts ``a`` of shape (3, 1) against ``b`` of shape (1, 4), each element of
``a`` is used four times, so its gradient is the sum of the four gradients it received. This
is the one place descenso does that sum, for every operation.

>>> import numpy as np
>>> unbroadcast(np.ones((2, 3, 4)), (3, 1)).tolist()
[[8.0], [8.0], [8.0]]
"""

from __future__ import annotations

import numpy as np

__all__ = ["unbroadcast"]


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` over the axes that broadcasting added or stretched, giving ``shape``.

    Parameters
    ----------
    grad : ndarray
        The gradient with respect to a broadcast result.
    shape : tuple of int
        The shape of the input before broadcasting.

    Returns
    -------
    ndarray of shape ``shape``
        ``grad`` itself when the shapes already agree (no copy).
    """
    grad_shape = grad.shape
    if grad_shape == shape:
        return grad
    extra = len(grad_shape) - len(shape)
    axes = tuple(range(extra)) + tuple(
        extra + axis
        for axis, size in enumerate(shape)
        if size == 1 and grad_shape[extra + axis] != 1
    )
    return np.sum(grad, axis=axes).reshape(shape)
