"""Activation functions: ``relu``, ``leaky_relu``, ``sigmoid``, ``tanh``, ``softmax``,
``log_softmax``.

``sigmoid``, ``softmax`` and ``log_softmax`` are written so that large inputs (1e4) neither
overflow nor produce NaN.

>>> from descenso import tensor
>>> softmax(tensor([[1.0, 1.0]]), dim=1)
tensor([[0.5000, 0.5000]])
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.dtypes import as_float
from descenso.autograd.ops import buffer_pool
from descenso.autograd.tensor import constant, from_op, operand, tracks

__all__ = ["leaky_relu", "log_softmax", "relu", "sigmoid", "softmax", "tanh"]


def relu(x):
    """max(x, 0); the gradient at 0 is 0, as in PyTorch.

    >>> from descenso import tensor
    >>> relu(tensor([-1.0, 0.0, 2.0]))
    tensor([0., 0., 2.])
    """
    x_data = operand(x)
    if isinstance(x_data, np.ndarray) and x_data.ndim and x_data.dtype.kind == "f":
        # Pooled memory laid out like x (a convolution's channels-last output stays so).
        out = np.maximum(x_data, 0, out=buffer_pool.empty_like(x_data))
    else:
        out = np.maximum(x_data, 0)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        if grad.shape != x_data.shape or grad.dtype != out.dtype:
            return (grad * (x_data > 0),)
        positive = np.greater(x_data, 0, out=buffer_pool.empty_like(x_data, bool))
        return (np.multiply(grad, positive, out=buffer_pool.empty_like(grad)),)

    return from_op(out, (x,), backward)


def leaky_relu(x, negative_slope: float = 0.01):
    """x where x > 0, else negative_slope * x.

    >>> from descenso import tensor
    >>> leaky_relu(tensor([-1.0, 2.0]), 0.1)
    tensor([-0.1000,  2.0000])
    """
    negative_slope = float(negative_slope)
    x_data = operand(x)
    positive = x_data > 0
    out = np.where(positive, x_data, x_data * negative_slope)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (np.where(positive, grad, grad * negative_slope),)

    return from_op(out, (x,), backward)


def sigmoid(x):
    """1 / (1 + e ** -x), computed without overflow; d/dx = s (1 - s).

    >>> from descenso import tensor
    >>> sigmoid(tensor([0.0, -1e4]))
    tensor([0.5000, 0.0000])
    """
    x_data = as_float(operand(x))
    # e ** -|x| never overflows; for x < 0, sigmoid(x) = e ** x / (1 + e ** x).
    small = np.exp(-np.abs(x_data))
    ratio = 1.0 / (1.0 + small)
    out = np.where(x_data >= 0, ratio, small * ratio)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (grad * out * (1.0 - out),)

    return from_op(out, (x,), backward)


def tanh(x):
    """Hyperbolic tangent; d/dx = 1 - tanh(x) ** 2.

    >>> from descenso import tensor
    >>> tanh(tensor([0.0]))
    tensor([0.])
    """
    out = np.tanh(as_float(operand(x)))
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (grad * (1.0 - out * out),)

    return from_op(out, (x,), backward)


def softmax(x, dim: int = -1):
    """exp(x) / exp(x).sum(dim), shifted by the maximum so it cannot overflow.

    >>> from descenso import tensor
    >>> softmax(tensor([[0.0, 1e4]]), dim=1)
    tensor([[0., 1.]])
    """
    x_data = as_float(operand(x))
    shifted = np.exp(x_data - np.max(x_data, axis=dim, keepdims=True))
    out = shifted / np.sum(shifted, axis=dim, keepdims=True)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        weighted = grad * out
        return (weighted - out * np.sum(weighted, axis=dim, keepdims=True),)

    return from_op(out, (x,), backward)


def log_softmax(x, dim: int = -1):
    """x - log(sum(exp(x), dim)), computed stably (the log-sum-exp trick).

    >>> from descenso import tensor
    >>> log_softmax(tensor([[0.0, 0.0]]), dim=1)
    tensor([[-0.6931, -0.6931]])
    """
    x_data = as_float(operand(x))
    shifted = x_data - np.max(x_data, axis=dim, keepdims=True)
    out = shifted - np.log(np.sum(np.exp(shifted), axis=dim, keepdims=True))
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (grad - np.exp(out) * np.sum(grad, axis=dim, keepdims=True),)

    return from_op(out, (x,), backward)
