"""``cast`` (a new dtype, as ``x.to(descenso.float64)``) and ``clone`` (a copy), both recorded.

The gradient of a cast is the incoming gradient cast back to the input's dtype; the gradient
of a copy is the incoming gradient itself.

>>> import descenso
>>> x = descenso.tensor([1.5], requires_grad=True)
>>> y = cast(x, descenso.float64)
>>> y.backward(grad=[2.0])
>>> x.grad
tensor([2.])
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.conversion import check_can_require_grad
from descenso.autograd.tensor import constant, from_op, operand, tracks

__all__ = ["cast", "clone"]


def cast(x, dtype: np.dtype):
    """``x`` converted to ``dtype`` (always a new array); only float results carry gradients."""
    x_data = operand(x)
    out = x_data.astype(dtype)
    if not tracks(x) or out.dtype.kind != "f":
        return constant(out)
    check_can_require_grad(out)
    source = x_data.dtype

    def backward(grad):
        return (grad.astype(source, copy=False),)

    return from_op(out, (x,), backward)


def clone(x):
    """A copy of ``x`` with its own memory; gradients pass through unchanged.

    >>> import descenso
    >>> a = descenso.tensor([1.0])
    >>> b = clone(a)
    >>> b[0] = 5.0
    >>> a
    tensor([1.])
    """
    out = np.array(operand(x), copy=True)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (grad,)

    return from_op(out, (x,), backward)
