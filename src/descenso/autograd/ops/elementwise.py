"""Elementwise functions of one tensor: ``exp``, ``log``, ``sqrt``, ``sin``, ``cos``,
``absolute``, ``sign``, ``clip``.

Each backward multiplies the incoming gradient by the derivative at the saved input or
output, so shapes never change. Integer inputs give float32 results, as in PyTorch.

>>> from descenso import tensor
>>> x = tensor([-2.0, 0.0, 3.0], requires_grad=True)
>>> absolute(x).sum().backward()
>>> x.grad
tensor([-1.,  0.,  1.])
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.dtypes import as_float
from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["absolute", "clip", "cos", "exp", "log", "sign", "sin", "sqrt"]


def exp(x):
    """e ** x; its derivative is itself.

    >>> from descenso import tensor
    >>> exp(tensor([0.0]))
    tensor([1.])
    """
    out = np.exp(as_float(operand(x)))
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (grad * out,)

    return from_op(out, (x,), backward)


def log(x):
    """Natural logarithm; d/dx = 1 / x.

    >>> from descenso import tensor
    >>> log(tensor([1.0]))
    tensor([0.])
    """
    x_data = as_float(operand(x))
    out = np.log(x_data)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (grad / x_data,)

    return from_op(out, (x,), backward)


def sqrt(x):
    """Square root; d/dx = 1 / (2 sqrt(x)).

    >>> from descenso import tensor
    >>> sqrt(tensor([4.0, 9.0]))
    tensor([2., 3.])
    """
    out = np.sqrt(as_float(operand(x)))
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (grad / (2.0 * out),)

    return from_op(out, (x,), backward)


def sin(x):
    """Sine (radians); d/dx = cos(x).

    >>> from descenso import tensor
    >>> sin(tensor([0.0]))
    tensor([0.])
    """
    x_data = as_float(operand(x))
    out = np.sin(x_data)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (grad * np.cos(x_data),)

    return from_op(out, (x,), backward)


def cos(x):
    """Cosine (radians); d/dx = -sin(x).

    >>> from descenso import tensor
    >>> cos(tensor([0.0]))
    tensor([1.])
    """
    x_data = as_float(operand(x))
    out = np.cos(x_data)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (-grad * np.sin(x_data),)

    return from_op(out, (x,), backward)


def sign(x):
    """-1, 0 or 1 by the sign of each element; its gradient is 0 everywhere, as PyTorch.

    >>> from descenso import tensor
    >>> sign(tensor([-2.0, 0.0, 3.0]))
    tensor([-1.,  0.,  1.])
    """
    x_data = operand(x)
    out = np.sign(x_data)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (np.zeros_like(grad),)

    return from_op(out, (x,), backward)


def absolute(x):
    """|x|; the gradient is sign(x), which is 0 at 0 (as PyTorch).

    >>> from descenso import tensor
    >>> absolute(tensor([-1.5, 2.0]))
    tensor([1.5000, 2.0000])
    """
    x_data = operand(x)
    out = np.abs(x_data)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (grad * np.sign(x_data),)

    return from_op(out, (x,), backward)


def clip(x, min=None, max=None):
    """Limit values to [min, max] (either may be None); gradient 1 inside, 0 outside.

    At a boundary (x == min or x == max) the gradient is 1, as in PyTorch's ``clamp``.

    >>> from descenso import tensor
    >>> clip(tensor([-2.0, 0.5, 2.0]), 0.0, 1.0)
    tensor([0.0000, 0.5000, 1.0000])
    """
    if min is None and max is None:
        raise ConfigError(_("clip needs min, max or both; got neither"))
    x_data = operand(x)
    low = None if min is None else float(min)
    high = None if max is None else float(max)
    if low is not None and high is not None and low > high:
        raise ConfigError(
            _("clip got min={low} greater than max={high}; swap them").format(low=low, high=high)
        )
    out = np.clip(x_data, low, high)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        if low is None:
            inside = x_data <= high
        elif high is None:
            inside = x_data >= low
        else:
            inside = (x_data >= low) & (x_data <= high)
        return (grad * inside,)

    return from_op(out, (x,), backward)
