"""Reductions: ``reduce_sum``, ``mean`` and ``amax`` over all axes or the ones named.

The backward of a reduction spreads each output gradient over the elements that produced it:
all of them for a sum, all of them divided by their count for a mean, and the maxima for
``amax``. When several elements tie for the maximum they share the gradient equally, as in
PyTorch's ``amax`` (``torch.max(x, dim)`` instead sends it all to one index).

>>> from descenso import tensor
>>> x = tensor([[1.0, 5.0, 5.0]], requires_grad=True)
>>> amax(x).backward()
>>> x.grad
array([[0. , 0.5, 0.5]], dtype=float32)
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ShapeError
from descenso.i18n import gettext as _

__all__ = ["amax", "mean", "reduce_sum"]


def _axes(axis, ndim: int) -> tuple[int, ...] | None:
    """``axis`` (an int or a tuple) as a sorted tuple of non-negative axes; None stays None."""
    if axis is None:
        return None
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    normalized = []
    for one in axes:
        if not -ndim <= one < ndim:
            raise ShapeError(
                _(
                    "axis {axis} is out of range for a tensor with {ndim} dimensions; use an "
                    "axis from {low} to {high}, or None for all"
                ).format(axis=one, ndim=ndim, low=-ndim, high=ndim - 1)
            )
        normalized.append(one % ndim)
    return tuple(sorted(normalized))


def _expand(grad, axes: tuple[int, ...] | None, keepdims: bool):
    """Put back the reduced axes (size 1) so ``grad`` broadcasts against the input."""
    # A full reduction (axes None) gives a scalar, which broadcasts as it is.
    return grad if keepdims or axes is None else np.expand_dims(grad, axes)


def reduce_sum(x, axis=None, keepdims: bool = False):
    """Sum over ``axis`` (None for all; an int or a tuple). ``Tensor.sum`` calls this.

    >>> from descenso import tensor
    >>> reduce_sum(tensor([[1.0, 2.0], [3.0, 4.0]]), axis=0)
    tensor([4., 6.])
    """
    x_data = operand(x)
    axes = _axes(axis, x_data.ndim)
    out = np.sum(x_data, axis=axes, keepdims=keepdims)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (np.broadcast_to(_expand(grad, axes, keepdims), x_data.shape),)

    return from_op(out, (x,), backward)


def mean(x, axis=None, keepdims: bool = False):
    """Average over ``axis`` (None for all; an int or a tuple).

    >>> from descenso import tensor
    >>> mean(tensor([[1.0, 2.0], [3.0, 4.0]]), axis=1, keepdims=True)
    tensor([[1.5],
            [3.5]])
    """
    x_data = operand(x)
    axes = _axes(axis, x_data.ndim)
    out = np.mean(x_data, axis=axes, keepdims=keepdims)
    if not tracks(x):
        return constant(out)
    count = x_data.size
    if axes is not None:
        count = 1
        for one in axes:
            count *= x_data.shape[one]

    def backward(grad):
        return (np.broadcast_to(_expand(grad, axes, keepdims) / count, x_data.shape),)

    return from_op(out, (x,), backward)


def amax(x, axis=None, keepdims: bool = False):
    """Largest value over ``axis``; ties share the gradient equally. ``Tensor.max`` calls this.

    >>> from descenso import tensor
    >>> amax(tensor([[1.0, 7.0], [3.0, 4.0]]), axis=1)
    tensor([7., 4.])
    """
    x_data = operand(x)
    axes = _axes(axis, x_data.ndim)
    if x_data.size == 0:
        raise ShapeError(
            _("max of an empty tensor (shape {shape}) is undefined").format(shape=x_data.shape)
        )
    out = np.max(x_data, axis=axes, keepdims=keepdims)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        is_max = x_data == _expand(out, axes, keepdims)
        share = _expand(grad, axes, keepdims) / np.sum(
            is_max, axis=axes, keepdims=True, dtype=out.dtype
        )
        return (is_max * share,)

    return from_op(out, (x,), backward)
