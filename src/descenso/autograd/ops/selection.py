"""Choosing between values elementwise: ``maximum``, ``minimum`` and ``where``.

Each output element comes from one input, so its gradient goes back to that input only.
Where ``maximum``'s inputs tie, each receives half, as in PyTorch.

>>> from descenso import tensor
>>> a = tensor([1.0, 5.0], requires_grad=True)
>>> maximum(a, tensor([3.0, 3.0])).sum().backward()
>>> a.grad
tensor([0., 1.])
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.broadcast import unbroadcast
from descenso.autograd.dtypes import promote
from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import DataError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["maximum", "minimum", "where"]


def _broadcast(name: str, *shapes):
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError as error:
        raise ShapeError(
            _("{name} got shapes {shapes} that do not broadcast; reshape one of them").format(
                name=name, shapes=", ".join(str(shape) for shape in shapes))
        ) from error


def _choose(name: str, a, b, pick, wins):
    """``pick(a, b)`` elementwise; ``wins(a, b)`` is where ``a`` strictly gave the value."""
    a_data, b_data = promote(operand(a), operand(b))
    _broadcast(name, np.shape(a_data), np.shape(b_data))
    out = np.asarray(pick(a_data, b_data))
    a_tracked, b_tracked = tracks(a), tracks(b)
    if not (a_tracked or b_tracked):
        return constant(out)

    def backward(grad):
        share_a = np.asarray(wins(a_data, b_data), dtype=grad.dtype)
        share_a += 0.5 * np.asarray(a_data == b_data, dtype=grad.dtype)
        return (
            unbroadcast(grad * share_a, np.shape(a_data)) if a_tracked else None,
            unbroadcast(grad * (1.0 - share_a), np.shape(b_data)) if b_tracked else None,
        )

    return from_op(out, (a, b), backward)


def maximum(a, b):
    """The larger of ``a`` and ``b`` elementwise, broadcasting (NaN wins, as PyTorch).

    >>> from descenso import tensor
    >>> maximum(tensor([1.0, 5.0]), tensor([3.0, 3.0]))
    tensor([3., 5.])
    """
    return _choose("maximum", a, b, np.maximum, np.greater)


def minimum(a, b):
    """The smaller of ``a`` and ``b`` elementwise, broadcasting.

    >>> from descenso import tensor
    >>> minimum(tensor([1.0, 5.0]), 3.0)
    tensor([1., 3.])
    """
    return _choose("minimum", a, b, np.minimum, np.less)


def where(condition, x, y):
    """``x`` where ``condition`` is true, else ``y``, broadcasting all three.

    >>> from descenso import tensor
    >>> where(tensor([True, False]), tensor([1.0, 2.0]), 0.0)
    tensor([1., 0.])
    """
    mask = np.asarray(operand(condition))
    if mask.dtype != np.bool_:
        raise DataError(
            _("where needs a boolean condition, got dtype {dtype}; compare first, e.g. x > 0")
            .format(dtype=mask.dtype)
        )
    x_data, y_data = promote(operand(x), operand(y))
    _broadcast("where", mask.shape, np.shape(x_data), np.shape(y_data))
    out = np.where(mask, x_data, y_data)
    x_tracked, y_tracked = tracks(x), tracks(y)
    if not (x_tracked or y_tracked):
        return constant(out)

    def backward(grad):
        zero = np.zeros((), dtype=grad.dtype)
        return (
            None,
            unbroadcast(np.where(mask, grad, zero), np.shape(x_data)) if x_tracked else None,
            unbroadcast(np.where(mask, zero, grad), np.shape(y_data)) if y_tracked else None,
        )

    return from_op(out, (condition, x, y), backward)
