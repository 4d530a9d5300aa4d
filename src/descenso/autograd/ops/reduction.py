"""Reductions: ``reduce_sum``, ``mean``, ``amax``/``amin``, ``select_extreme`` (``max(dim)``),
``product``, ``cumulative_sum``, ``variance`` and ``norm``, over all axes or the ones named.

The backward of a reduction spreads each output gradient over the elements that produced it:
all of them for a sum, all of them divided by their count for a mean, and the maxima for
``amax``. When several elements tie for the maximum they share the gradient equally, as in
PyTorch's ``amax``; ``select_extreme`` (``torch.max(x, dim)``) sends it all to the index it
returns.

>>> from descenso import tensor
>>> x = tensor([[1.0, 5.0, 5.0]], requires_grad=True)
>>> amax(x).backward()
>>> x.grad
tensor([[0.0000, 0.5000, 0.5000]])
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.dtypes import as_float
from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ShapeError
from descenso.i18n import gettext as _

__all__ = [
    "amax",
    "amin",
    "cumulative_sum",
    "mean",
    "norm",
    "product",
    "reduce_sum",
    "select_extreme",
    "variance",
]


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
    tensor([[1.5000],
            [3.5000]])
    """
    x_data = as_float(operand(x))
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


def _extreme(x, axis, keepdims: bool, largest: bool):
    x_data = operand(x)
    axes = _axes(axis, x_data.ndim)
    if x_data.size == 0:
        raise ShapeError(
            _("max of an empty tensor (shape {shape}) is undefined").format(shape=x_data.shape)
        )
    out = (np.max if largest else np.min)(x_data, axis=axes, keepdims=keepdims)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        is_extreme = x_data == _expand(out, axes, keepdims)
        share = _expand(grad, axes, keepdims) / np.sum(
            is_extreme, axis=axes, keepdims=True, dtype=out.dtype
        )
        return (is_extreme * share,)

    backward.__qualname__ = "amax.backward" if largest else "amin.backward"
    return from_op(out, (x,), backward)


def amax(x, axis=None, keepdims: bool = False):
    """Largest value over ``axis``; ties share the gradient equally. ``Tensor.max()`` calls this.

    >>> from descenso import tensor
    >>> amax(tensor([[1.0, 7.0], [3.0, 4.0]]), axis=1)
    tensor([7., 4.])
    """
    return _extreme(x, axis, keepdims, largest=True)


def amin(x, axis=None, keepdims: bool = False):
    """Smallest value over ``axis``; ties share the gradient equally.

    >>> from descenso import tensor
    >>> amin(tensor([[1.0, 7.0], [3.0, 4.0]]), axis=1)
    tensor([1., 3.])
    """
    return _extreme(x, axis, keepdims, largest=False)


def select_extreme(x, dim: int, keepdim: bool, largest: bool):
    """``(values, indices)`` of the largest (or smallest) element along ``dim``.

    The gradient goes to the returned index only (the first of equal values), as PyTorch's
    ``max(dim)``; the indices are an int64 tensor without gradient.

    >>> from descenso import tensor
    >>> select_extreme(tensor([[1.0, 7.0], [3.0, 4.0]]), 1, False, True)
    (tensor([7., 4.]), tensor([1, 1]))
    """
    x_data = operand(x)
    (axis,) = _axes(dim, max(x_data.ndim, 1))
    if x_data.ndim == 0:
        return x if tracks(x) else constant(x_data), constant(np.zeros((), np.int64))
    if x_data.shape[axis] == 0:
        raise ShapeError(
            _("max of an empty tensor (shape {shape}) is undefined").format(shape=x_data.shape)
        )
    indices = (np.argmax if largest else np.argmin)(x_data, axis=axis, keepdims=True)
    values = np.take_along_axis(x_data, indices, axis=axis)
    if not keepdim:
        values, indices = values.squeeze(axis), indices.squeeze(axis)
    index_tensor = constant(indices)
    if not tracks(x):
        return constant(values), index_tensor

    def backward(grad):
        full = np.zeros(x_data.shape, dtype=grad.dtype)
        np.put_along_axis(full, _expand(indices, (axis,), keepdim),
                          _expand(grad, (axis,), keepdim), axis=axis)
        return (full,)

    return from_op(values, (x,), backward), index_tensor


def product(x, axis=None, keepdims: bool = False):
    """The product over one axis (or all elements); exact gradients even with zeros.

    d(prod)/dx_i is the product of the other elements: the products before i times those
    after i, so no division by x_i is needed.

    >>> from descenso import tensor
    >>> x = tensor([2.0, 0.0, 3.0], requires_grad=True)
    >>> product(x).backward()
    >>> x.grad
    tensor([0., 6., 0.])
    """
    x_data = operand(x)
    flat = axis is None
    work = x_data.reshape(-1) if flat else x_data
    (axis_index,) = (0,) if flat else _axes(axis, max(x_data.ndim, 1))
    out = np.prod(work, axis=axis_index, keepdims=keepdims and not flat)
    if flat and keepdims:
        out = out.reshape((1,) * x_data.ndim)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        moved = np.moveaxis(work, axis_index, -1)
        ones = np.ones(moved.shape[:-1] + (1,), dtype=moved.dtype)
        before = np.cumprod(np.concatenate([ones, moved[..., :-1]], axis=-1), axis=-1)
        after = np.cumprod(np.concatenate([ones, moved[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
        others = np.moveaxis(before * after, -1, axis_index)
        upstream = grad.reshape(()) if flat else _expand(grad, (axis_index,), keepdims)
        return ((upstream * others).reshape(x_data.shape),)

    return from_op(out, (x,), backward)


def cumulative_sum(x, dim: int):
    """Running sums along ``dim``; the gradient is the running sum of ``grad`` from the end.

    >>> from descenso import tensor
    >>> cumulative_sum(tensor([1.0, 2.0, 3.0]), 0)
    tensor([1., 3., 6.])
    """
    x_data = operand(x)
    (axis,) = _axes(dim, max(x_data.ndim, 1))
    out = np.cumsum(x_data, axis=axis) if x_data.ndim else x_data.copy()
    if not tracks(x):
        return constant(out)

    def backward(grad):
        if not x_data.ndim:
            return (grad,)
        reversed_grad = np.flip(grad, axis)
        return (np.flip(np.cumsum(reversed_grad, axis=axis), axis),)

    return from_op(out, (x,), backward)


def variance(x, axis=None, correction: int = 1, keepdims: bool = False):
    """Mean squared deviation from the mean, divided by n - ``correction`` (1: Bessel's).

    >>> from descenso import tensor
    >>> variance(tensor([1.0, 2.0, 3.0, 4.0]))
    tensor(1.6667)
    """
    x_data = as_float(operand(x))
    axes = _axes(axis, x_data.ndim)
    count = x_data.size if axes is None else int(np.prod([x_data.shape[a] for a in axes]))
    centered = x_data - np.mean(x_data, axis=axes, keepdims=True)
    divisor = max(count - correction, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.sum(centered * centered, axis=axes, keepdims=keepdims) / x_data.dtype.type(
            divisor)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = _expand(grad, axes, keepdims) * (2.0 / divisor if divisor else np.inf)
        return ((scale * centered).astype(x_data.dtype, copy=False),)

    return from_op(out, (x,), backward)


def norm(x, p=2, axis=None, keepdims: bool = False):
    """The p-norm: (sum |x|^p)^(1/p); ``p=2`` by default, also 1 and ``inf``.

    At x = 0 the 2-norm's gradient is 0 (a subgradient), as PyTorch, not NaN.

    >>> from descenso import tensor
    >>> norm(tensor([3.0, 4.0]))
    tensor(5.)
    """
    if p == float("inf"):
        return amax(absolute(x), axis, keepdims)
    if p == 1:
        return reduce_sum(absolute(x), axis, keepdims)
    if p != 2:
        return power(reduce_sum(power(absolute(x), p), axis, keepdims), 1.0 / p)
    x_data = as_float(operand(x))
    axes = _axes(axis, x_data.ndim)
    out = np.sqrt(np.sum(x_data * x_data, axis=axes, keepdims=keepdims))
    if not tracks(x):
        return constant(out)

    def backward(grad):
        expanded = _expand(out, axes, keepdims)
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(expanded == 0, 0.0, _expand(grad, axes, keepdims) / expanded)
        return ((scale * x_data).astype(x_data.dtype, copy=False),)

    return from_op(out, (x,), backward)


# norm composes these for p other than 2; they import this module's neighbours only.
from descenso.autograd.ops.arithmetic import power
from descenso.autograd.ops.elementwise import absolute
