"""Joining tensors: ``cat`` (along an existing axis) and ``stack`` (along a new one).

The backward cuts the incoming gradient into the pieces each input contributed.

>>> from descenso import tensor
>>> a = tensor([1.0, 2.0], requires_grad=True)
>>> (cat([a, tensor([3.0])]) * tensor([1.0, 2.0, 3.0])).sum().backward()
>>> a.grad
tensor([1., 2.])
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.dtypes import promote
from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ShapeError
from descenso.i18n import gettext as _

__all__ = ["cat", "stack"]


def _arrays(name: str, tensors) -> list:
    if isinstance(tensors, np.ndarray) or not hasattr(tensors, "__len__") or not len(tensors):
        raise ShapeError(
            _("{name} needs a non-empty list of tensors; pass e.g. [a, b]").format(name=name)
        )
    return list(promote(*(np.asarray(operand(t)) for t in tensors)))


def _join(name: str, tensors, arrays, axis: int, joined, cut):
    tracked = [tracks(t) for t in tensors]
    if not any(tracked):
        return constant(joined)

    def backward(grad):
        return tuple(piece if flag else None for piece, flag in zip(cut(grad), tracked))

    backward.__qualname__ = f"{name}.backward"
    return from_op(joined, tuple(tensors), backward)


def cat(tensors, dim: int = 0):
    """Concatenate along axis ``dim``; every other axis must agree.

    >>> from descenso import tensor
    >>> cat([tensor([[1.0]]), tensor([[2.0]])], dim=1)
    tensor([[1., 2.]])
    """
    arrays = _arrays("cat", tensors)
    try:
        joined = np.concatenate(arrays, axis=dim)
    except (ValueError, np.exceptions.AxisError) as error:
        raise ShapeError(
            _("cat along dim {dim} got shapes {shapes}; all axes but dim {dim} must be equal")
            .format(dim=dim, shapes=", ".join(str(a.shape) for a in arrays))
        ) from error
    axis = dim % joined.ndim
    bounds = np.cumsum([a.shape[axis] for a in arrays])[:-1]
    return _join("concatenate", tensors, arrays, axis, joined,
                 lambda grad: np.split(grad, bounds, axis=axis))


def stack(tensors, dim: int = 0):
    """Stack tensors of one shape along a new axis ``dim``.

    >>> from descenso import tensor
    >>> stack([tensor([1.0, 2.0]), tensor([3.0, 4.0])], dim=1)
    tensor([[1., 3.],
            [2., 4.]])
    """
    arrays = _arrays("stack", tensors)
    try:
        joined = np.stack(arrays, axis=dim)
    except (ValueError, np.exceptions.AxisError) as error:
        raise ShapeError(
            _("stack needs tensors of one shape and a valid dim, got shapes {shapes} and dim "
              "{dim}").format(dim=dim, shapes=", ".join(str(a.shape) for a in arrays))
        ) from error
    axis = dim % joined.ndim
    return _join("stack", tensors, arrays, axis, joined,
                 lambda grad: [np.take(grad, i, axis=axis) for i in range(len(arrays))])
