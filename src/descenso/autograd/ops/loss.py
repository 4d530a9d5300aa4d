"""Regression and binary losses: ``mse_loss``, ``l1_loss``, ``huber_loss`` and
``binary_cross_entropy_with_logits``, each with a fused backward.

All take ``reduction`` = "mean" (default), "sum" or "none", as PyTorch. Unlike PyTorch they
refuse an ``input`` and a ``target`` of different shapes: a prediction of shape (n, 1) against
a target of shape (n,) would broadcast to (n, n) and quietly compute the wrong loss.
The target is cast to the input's dtype and receives a gradient only if it requires one.

>>> from descenso import tensor
>>> mse_loss(tensor([1.0, 2.0]), tensor([1.0, 4.0]))
tensor(2.)
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.ops.fused import check_reduction
from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ConfigError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["binary_cross_entropy_with_logits", "huber_loss", "l1_loss", "mse_loss"]


def _input_and_target(input, target, name: str):
    prediction = np.asarray(operand(input))
    truth = np.asarray(operand(target))
    if truth.dtype != prediction.dtype and prediction.dtype.kind == "f":
        truth = truth.astype(prediction.dtype)
    if prediction.shape != truth.shape:
        raise ShapeError(
            _(
                "{name} got input of shape {input_shape} and target of shape {target_shape}; "
                "they must be equal, or the loss would broadcast to the wrong shape. Reshape one "
                "of them, e.g. y.reshape(-1, 1) or pred.reshape(-1)"
            ).format(name=name, input_shape=prediction.shape, target_shape=truth.shape)
        )
    return prediction, truth


def _reduce(losses: np.ndarray, reduction: str):
    if reduction == "mean":
        return np.mean(losses)
    if reduction == "sum":
        return np.sum(losses)
    return losses


def _per_element(grad, reduction: str, count: int):
    """The gradient reaching each element's loss: grad, or grad / count for the mean."""
    return grad / count if reduction == "mean" else grad


def _elementwise_loss(input, target, reduction, losses, derivative):
    """Reduce ``losses``; the backward sends derivative * grad to input and minus it to target.

    ``derivative`` is d(loss_i)/d(input_i); d(loss_i)/d(target_i) is its negative.
    """
    out = _reduce(losses, reduction)
    input_tracked, target_tracked = tracks(input), tracks(target)
    if not (input_tracked or target_tracked):
        return constant(out)

    def backward(grad):
        grad_input = _per_element(grad, reduction, losses.size) * derivative()
        return (
            grad_input if input_tracked else None,
            -grad_input if target_tracked else None,
        )

    return from_op(out, (input, target), backward)


def mse_loss(input, target, reduction: str = "mean"):
    """Mean squared error: (input - target) ** 2, reduced.

    >>> from descenso import tensor
    >>> mse_loss(tensor([0.0, 2.0]), tensor([1.0, 1.0]), reduction="none")
    tensor([1., 1.])
    """
    check_reduction(reduction)
    prediction, truth = _input_and_target(input, target, "mse_loss")
    difference = prediction - truth
    return _elementwise_loss(
        input, target, reduction, difference * difference, lambda: 2.0 * difference
    )


def l1_loss(input, target, reduction: str = "mean"):
    """Mean absolute error: |input - target|, reduced. The gradient at 0 is 0.

    >>> from descenso import tensor
    >>> l1_loss(tensor([0.0, 3.0]), tensor([1.0, 1.0]))
    tensor(1.5000)
    """
    check_reduction(reduction)
    prediction, truth = _input_and_target(input, target, "l1_loss")
    difference = prediction - truth
    return _elementwise_loss(
        input, target, reduction, np.abs(difference), lambda: np.sign(difference)
    )


def huber_loss(input, target, reduction: str = "mean", delta: float = 1.0):
    """Huber loss: 0.5 d**2 where |d| < delta, else delta (|d| - 0.5 delta); d = input - target.

    Quadratic near zero, linear far away, so outliers pull less than with MSE.

    >>> from descenso import tensor
    >>> huber_loss(tensor([0.5, 3.0]), tensor([0.0, 0.0]), reduction="none")
    tensor([0.1250, 2.5000])
    """
    check_reduction(reduction)
    delta = float(delta)
    if not delta > 0:
        raise ConfigError(_("huber_loss needs delta > 0, got {delta}").format(delta=delta))
    prediction, truth = _input_and_target(input, target, "huber_loss")
    difference = prediction - truth
    size = np.abs(difference)
    losses = np.where(size < delta, 0.5 * difference * difference, delta * (size - 0.5 * delta))
    return _elementwise_loss(
        input, target, reduction, losses, lambda: np.clip(difference, -delta, delta)
    )


def binary_cross_entropy_with_logits(input, target, reduction: str = "mean"):
    """Binary cross-entropy of the logits ``input`` against targets in [0, 1], stably.

    loss = max(x, 0) - x * y + log(1 + exp(-|x|)) equals
    -(y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))) without overflow; d/dx = sigmoid(x) - y.

    >>> from descenso import tensor
    >>> binary_cross_entropy_with_logits(tensor([0.0]), tensor([1.0]))
    tensor(0.6931)
    """
    check_reduction(reduction)
    logits, truth = _input_and_target(input, target, "binary_cross_entropy_with_logits")
    small = np.exp(-np.abs(logits))
    losses = np.maximum(logits, 0) - logits * truth + np.log1p(small)
    out = _reduce(losses, reduction)
    input_tracked, target_tracked = tracks(input), tracks(target)
    if not (input_tracked or target_tracked):
        return constant(out)

    def backward(grad):
        grad = _per_element(grad, reduction, losses.size)
        grad_input = grad_target = None
        if input_tracked:
            ratio = 1.0 / (1.0 + small)
            probability = np.where(logits >= 0, ratio, small * ratio)
            grad_input = grad * (probability - truth)
        if target_tracked:
            grad_target = -grad * logits
        return grad_input, grad_target

    return from_op(out, (input, target), backward)
