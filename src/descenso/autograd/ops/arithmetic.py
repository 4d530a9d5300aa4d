"""``+ - * /``, unary minus and ``**``: the elementwise arithmetic, with broadcasting.

Each operand may be a tensor, a Python number or an ndarray; only tensors that require grad
receive a gradient, reduced to their own shape by :func:`~descenso.autograd.unbroadcast`.

>>> from descenso import tensor
>>> a = tensor([[1.0], [2.0]], requires_grad=True)   # shape (2, 1)
>>> b = tensor([10.0, 20.0, 30.0])                    # shape (3,)
>>> (a * b).sum().backward()
>>> a.grad.tolist()
[[60.0], [60.0]]
"""

from __future__ import annotations

import numbers

import numpy as np

from descenso.autograd.broadcast import unbroadcast
from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ConfigError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["add", "div", "mul", "neg", "power", "sub"]


def _broadcast_error(symbol: str, a_data, b_data) -> ShapeError:
    return ShapeError(
        _(
            "cannot broadcast shapes {a_shape} {symbol} {b_shape}: compared from the right, each "
            "pair of axes must be equal or one of them 1; reshape one operand"
        ).format(a_shape=np.shape(a_data), symbol=symbol, b_shape=np.shape(b_data))
    )


def add(a, b):
    """``a + b`` elementwise, broadcasting.

    >>> from descenso import tensor
    >>> add(tensor([[1.0], [2.0]]), tensor([10.0, 20.0]))
    tensor([[11., 21.],
            [12., 22.]])
    """
    a_data, b_data = operand(a), operand(b)
    try:
        out = a_data + b_data
    except ValueError as error:
        raise _broadcast_error("+", a_data, b_data) from error
    a_tracked, b_tracked = tracks(a), tracks(b)
    if not (a_tracked or b_tracked):
        return constant(out)

    def backward(grad):
        return (
            unbroadcast(grad, a_data.shape) if a_tracked else None,
            unbroadcast(grad, b_data.shape) if b_tracked else None,
        )

    return from_op(out, (a, b), backward)


def sub(a, b):
    """``a - b`` elementwise, broadcasting.

    >>> from descenso import tensor
    >>> sub(1.0, tensor([0.25, 2.0]))
    tensor([ 0.75, -1.  ])
    """
    a_data, b_data = operand(a), operand(b)
    try:
        out = a_data - b_data
    except ValueError as error:
        raise _broadcast_error("-", a_data, b_data) from error
    a_tracked, b_tracked = tracks(a), tracks(b)
    if not (a_tracked or b_tracked):
        return constant(out)

    def backward(grad):
        return (
            unbroadcast(grad, a_data.shape) if a_tracked else None,
            unbroadcast(-grad, b_data.shape) if b_tracked else None,
        )

    return from_op(out, (a, b), backward)


def mul(a, b):
    """``a * b`` elementwise, broadcasting.

    >>> from descenso import tensor
    >>> mul(tensor([1.0, 2.0]), 3)
    tensor([3., 6.])
    """
    a_data, b_data = operand(a), operand(b)
    try:
        out = a_data * b_data
    except ValueError as error:
        raise _broadcast_error("*", a_data, b_data) from error
    a_tracked, b_tracked = tracks(a), tracks(b)
    if not (a_tracked or b_tracked):
        return constant(out)

    def backward(grad):
        return (
            unbroadcast(grad * b_data, a_data.shape) if a_tracked else None,
            unbroadcast(grad * a_data, b_data.shape) if b_tracked else None,
        )

    return from_op(out, (a, b), backward)


def div(a, b):
    """``a / b`` elementwise, broadcasting (true division).

    >>> from descenso import tensor
    >>> div(tensor([1.0, 3.0]), tensor([2.0]))
    tensor([0.5, 1.5])
    """
    a_data, b_data = operand(a), operand(b)
    try:
        out = a_data / b_data
    except ValueError as error:
        raise _broadcast_error("/", a_data, b_data) from error
    a_tracked, b_tracked = tracks(a), tracks(b)
    if not (a_tracked or b_tracked):
        return constant(out)

    def backward(grad):
        grad_a = grad / b_data
        return (
            unbroadcast(grad_a, a_data.shape) if a_tracked else None,
            unbroadcast(-grad_a * out, b_data.shape) if b_tracked else None,
        )

    return from_op(out, (a, b), backward)


def neg(x):
    """``-x``.

    >>> from descenso import tensor
    >>> neg(tensor([1.0, -2.0]))
    tensor([-1.,  2.])
    """
    x_data = operand(x)
    out = -x_data
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (-grad,)

    return from_op(out, (x,), backward)


def power(x, exponent):
    """``x ** exponent`` for a number ``exponent``; d/dx = exponent * x ** (exponent - 1).

    >>> from descenso import tensor
    >>> x = tensor([3.0], requires_grad=True)
    >>> (x ** 2).backward(grad=[1.0])
    >>> x.grad
    array([6.], dtype=float32)
    """
    if isinstance(exponent, bool) or not isinstance(exponent, numbers.Real):
        raise ConfigError(
            _(
                "** needs a number as the exponent, got {kind}; for a tensor exponent write "
                "(exponent * x.log()).exp()"
            ).format(kind=type(exponent).__name__)
        )
    exponent = float(exponent)
    x_data = operand(x)
    out = x_data**2 if exponent == 2.0 else x_data**exponent
    if not tracks(x):
        return constant(out)

    def backward(grad):
        if exponent == 0.0:
            return (np.zeros_like(grad),)
        if exponent == 2.0:
            return (grad * (2.0 * x_data),)
        return (grad * (exponent * x_data ** (exponent - 1.0)),)

    return from_op(out, (x,), backward)
