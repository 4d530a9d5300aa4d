"""Operations that move values around without changing them: ``reshape``, ``transpose``,
``permute``, indexing (``x[...]``) and ``sort``.

Their backward moves the gradient back to where each value came from. Indexing with an
integer array can pick the same element twice; ``np.add.at`` then adds both gradients
instead of keeping only the last.

>>> from descenso import tensor
>>> x = tensor([1.0, 2.0, 3.0], requires_grad=True)
>>> x[[0, 0, 2]].sum().backward()
>>> x.grad
tensor([2., 0., 1.])
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.tensor import Tensor, constant, from_op, operand, tracks
from descenso.errors import DataError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["getitem", "index_parts", "permute", "reshape", "sort", "transpose"]


def reshape(x, shape):
    """The same values in a new shape (one entry may be -1: "whatever fits").

    >>> from descenso import tensor
    >>> reshape(tensor([1.0, 2.0, 3.0, 4.0]), (2, -1))
    tensor([[1., 2.],
            [3., 4.]])
    """
    x_data = operand(x)
    try:
        out = x_data.reshape(shape)
    except (TypeError, ValueError) as error:
        raise ShapeError(
            _(
                "cannot reshape a tensor of shape {shape} ({size} elements) into {target}; the "
                "number of elements must stay the same"
            ).format(shape=x_data.shape, size=x_data.size, target=shape)
        ) from error
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (np.reshape(grad, x_data.shape),)

    return from_op(out, (x,), backward)


def permute(x, dims):
    """Reorder the axes: output axis i is input axis ``dims[i]`` (NumPy's ``transpose``).

    >>> from descenso import tensor
    >>> permute(tensor([[[1.0, 2.0, 3.0]]]), (2, 0, 1)).shape
    descenso.Size([3, 1, 1])
    """
    x_data = operand(x)
    dims = tuple(int(dim) for dim in dims)
    if sorted(dim % max(x_data.ndim, 1) for dim in dims) != list(range(x_data.ndim)):
        raise ShapeError(
            _("permute needs each of the {ndim} axes once, got {dims}").format(
                ndim=x_data.ndim, dims=dims
            )
        )
    out = np.transpose(x_data, dims)
    if not tracks(x):
        return constant(out)
    inverse = tuple(np.argsort([dim % x_data.ndim for dim in dims]).tolist())

    def backward(grad):
        return (np.transpose(grad, inverse),)

    return from_op(out, (x,), backward)


def transpose(x, dim0=None, dim1=None):
    """Swap axes ``dim0`` and ``dim1`` (PyTorch's meaning); with neither, reverse all axes.

    >>> from descenso import tensor
    >>> transpose(tensor([[1.0, 2.0]]), 0, 1)
    tensor([[1.],
            [2.]])
    """
    ndim = np.ndim(operand(x))
    if dim0 is None and dim1 is None:
        return permute(x, tuple(reversed(range(ndim))))
    if dim0 is None or dim1 is None:
        raise ShapeError(_("transpose needs two axes to swap, or none to reverse them all"))
    dims = list(range(ndim))
    try:
        dims[dim0], dims[dim1] = dims[dim1], dims[dim0]
    except (IndexError, TypeError) as error:
        raise ShapeError(
            _(
                "transpose({dim0}, {dim1}) on a tensor with {ndim} dimensions; use axes from "
                "{low} to {high}"
            ).format(dim0=dim0, dim1=dim1, ndim=ndim, low=-ndim, high=ndim - 1)
        ) from error
    return permute(x, dims)


def index_parts(index) -> tuple[tuple, bool]:
    """``index`` as a tuple NumPy understands, and whether an element may be picked twice."""
    parts = index if isinstance(index, tuple) else (index,)
    normalized = []
    may_repeat = False
    for part in parts:
        if isinstance(part, Tensor):
            part = part.data
        if isinstance(part, list):
            part = np.asarray(part)
        if isinstance(part, np.ndarray):
            if part.dtype == np.bool_:
                normalized.extend(np.nonzero(part))  # x[mask] is x[mask.nonzero()]
                continue
            if part.dtype.kind not in "iu":
                raise DataError(
                    _(
                        "an index array must hold integers or booleans, got dtype {dtype}; "
                        "convert it with .astype(int)"
                    ).format(dtype=part.dtype)
                )
            may_repeat = True
        normalized.append(part)
    return tuple(normalized), may_repeat


def getitem(x, index):
    """``x[index]`` with ints, slices, None, ``...``, integer arrays and boolean masks.

    >>> from descenso import tensor
    >>> x = tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> x[x.numpy() > 1.5]
    tensor([2., 3., 4.])
    """
    x_data = operand(x)
    index, may_repeat = index_parts(index)
    out = x_data[index]
    if not tracks(x):
        return constant(out)

    def backward(grad):
        full = np.zeros(x_data.shape, dtype=np.result_type(grad))
        if may_repeat:
            np.add.at(full, index, grad)
        else:
            full[index] = grad
        return (full,)

    return from_op(out, (x,), backward)


def sort(x, dim: int = -1, descending: bool = False):
    """``(values, indices)`` of ``x`` sorted along ``dim``; equal values keep their order.

    The gradient of each sorted value goes back to the element it came from.

    >>> from descenso import tensor
    >>> sort(tensor([3.0, 1.0, 2.0]), descending=True)
    (tensor([3., 2., 1.]), tensor([0, 2, 1]))
    """
    x_data = operand(x)
    ndim = max(x_data.ndim, 1)
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or not -ndim <= dim < ndim:
        raise ShapeError(
            _("dimension {dim} is out of range for a tensor with {ndim} dimensions; use a "
              "dimension from {low} to {high}").format(
                dim=dim, ndim=x_data.ndim, low=-ndim, high=ndim - 1)
        )
    if x_data.ndim == 0:
        return (x if tracks(x) else constant(x_data)), constant(np.zeros((), np.int64))
    axis = int(dim) % ndim
    keys = -x_data if descending and x_data.dtype.kind != "b" else x_data
    indices = np.argsort(keys, axis=axis, kind="stable")
    if descending and x_data.dtype.kind == "b":
        indices = np.argsort(~x_data, axis=axis, kind="stable")
    values = np.take_along_axis(x_data, indices, axis=axis)
    if not tracks(x):
        return constant(values), constant(indices)

    def backward(grad):
        full = np.zeros(x_data.shape, dtype=grad.dtype)
        np.put_along_axis(full, indices, grad, axis=axis)
        return (full,)

    return from_op(values, (x,), backward), constant(indices)
