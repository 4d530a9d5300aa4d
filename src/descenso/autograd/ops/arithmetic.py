"""``+ - * /``, unary minus and ``**``: the elementwise arithmetic, with broadcasting.

Each operand may be a tensor, a Python number or an ndarray; only tensors that require grad
receive a gradient, reduced to their own shape by :func:`~descenso.autograd.unbroadcast`.
Mixed dtypes follow PyTorch (:func:`~descenso.autograd.dtypes.promote`): an integer tensor
times a float32 tensor is float32, and ``/`` of integers gives float32.

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
from descenso.autograd.dtypes import DEFAULT_FLOAT, promote
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
    a_data, b_data = promote(operand(a), operand(b))
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
    tensor([ 0.7500, -1.0000])
    """
    a_data, b_data = promote(operand(a), operand(b))
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
    a_data, b_data = promote(operand(a), operand(b))
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
    tensor([0.5000, 1.5000])
    """
    a_data, b_data = promote(operand(a), operand(b))
    if np.result_type(a_data, b_data).kind != "f":  # true division of integers
        a_data, b_data = np.asarray(a_data, DEFAULT_FLOAT), np.asarray(b_data, DEFAULT_FLOAT)
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
    tensor([6.])
    """
    if isinstance(exponent, (np.ndarray, list)) or hasattr(exponent, "requires_grad"):
        return _tensor_power(x, exponent)
    if isinstance(exponent, bool) or not isinstance(exponent, numbers.Real):
        raise ConfigError(
            _(
                "** needs a number or a tensor as the exponent, got {kind}"
            ).format(kind=type(exponent).__name__)
        )
    x_data = operand(x)
    if x_data.dtype.kind != "f":
        if float(exponent).is_integer() and exponent >= 0 and x_data.dtype.kind != "b":
            return constant(x_data ** int(exponent))  # integers stay integers, as PyTorch
        x_data = x_data.astype(DEFAULT_FLOAT)
    exponent = float(exponent)
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


def _tensor_power(x, exponent):
    """``x ** exponent`` elementwise for a tensor exponent; d/d(exponent) = out * log(x)."""
    x_data, e_data = promote(operand(x), operand(exponent))
    if np.result_type(x_data, e_data).kind != "f":
        if np.any(np.asarray(e_data) < 0):
            raise ConfigError(_("integers cannot be raised to negative integer powers"))
        return constant(np.power(x_data, e_data))
    try:
        out = np.power(x_data, e_data)
    except ValueError as error:
        raise _broadcast_error("**", x_data, e_data) from error
    x_tracked, e_tracked = tracks(x), tracks(exponent)
    if not (x_tracked or e_tracked):
        return constant(out)

    def backward(grad):
        grad_x = grad_e = None
        if x_tracked:
            grad_x = unbroadcast(grad * e_data * np.power(x_data, e_data - 1), np.shape(x_data))
        if e_tracked:
            with np.errstate(divide="ignore", invalid="ignore"):
                log_x = np.where(x_data > 0, np.log(np.where(x_data > 0, x_data, 1)), np.nan)
            grad_e = unbroadcast(grad * np.where(out == 0, 0, out * log_x), np.shape(e_data))
        return grad_x, grad_e

    backward.__qualname__ = "power.backward"
    return from_op(out, (x, exponent), backward)
