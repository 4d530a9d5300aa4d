"""Losses on probabilities and log-probabilities: ``binary_cross_entropy`` and ``nll_loss``,
and the robust ``smooth_l1_loss``; each with its backward beside it.

``binary_cross_entropy`` takes probabilities (a sigmoid's output) and ``nll_loss`` takes
log-probabilities (a log-softmax's output). For training, the fused forms are exact and
stable for any score: ``binary_cross_entropy_with_logits`` and ``cross_entropy`` take the raw
scores directly.

>>> import numpy as np
>>> from descenso import tensor
>>> nll_loss(tensor([[-0.1, -2.0], [-3.0, -0.05]]), np.array([0, 1]))
tensor(0.0750)
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from descenso.autograd.ops.fused import check_reduction
from descenso.autograd.ops.loss import (
    _elementwise_loss,
    _input_and_target,
    _per_element,
    _reduce,
)
from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ConfigError, DataError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["binary_cross_entropy", "nll_loss", "smooth_l1_loss"]

# PyTorch clamps each log at -100 (so a probability of exactly 0 costs 100, not infinity) and
# keeps the gradient's denominator x (1 - x) above 1e-12 (a float32 constant in PyTorch, so
# the same rounded value here).
_LOG_FLOOR = -100.0
_GRAD_EPSILON = float(np.float32(1e-12))


def smooth_l1_loss(input, target, reduction: str = "mean", beta: float = 1.0):
    """Smooth L1: ``0.5 d**2 / beta`` where ``|d| < beta``, else ``|d| - 0.5 beta``; d = input - target.

    It is :func:`huber_loss` divided by ``beta``; ``beta=0`` gives the L1 loss.

    >>> from descenso import tensor
    >>> smooth_l1_loss(tensor([0.5, 3.0]), tensor([0.0, 0.0]), reduction="none")
    tensor([0.1250, 2.5000])
    """
    check_reduction(reduction)
    if (isinstance(beta, bool) or not isinstance(beta, numbers.Real)
            or not math.isfinite(beta) or beta < 0):
        raise ConfigError(
            _("beta must be a finite number >= 0, got {value!r}").format(value=beta)
        )
    beta = float(beta)
    prediction, truth = _input_and_target(input, target, "smooth_l1_loss")
    difference = prediction - truth
    size = np.abs(difference)
    if beta == 0:
        return _elementwise_loss(input, target, reduction, size, lambda: np.sign(difference))
    near = size < beta
    losses = np.where(near, 0.5 * difference * difference / beta, size - 0.5 * beta)
    return _elementwise_loss(
        input, target, reduction, losses,
        lambda: np.where(near, difference / beta, np.sign(difference)),
    )


def binary_cross_entropy(input, target, weight=None, reduction: str = "mean"):
    """Binary cross-entropy of probabilities ``input`` in [0, 1] against targets in [0, 1].

    ``loss = -weight * (y log(x) + (1 - y) log(1 - x))``, each log floored at -100 as in
    PyTorch. Shapes: ``input`` and ``target`` equal; ``weight`` broadcasts to them.

    >>> from descenso import tensor
    >>> binary_cross_entropy(tensor([0.5]), tensor([1.0]))
    tensor(0.6931)
    """
    check_reduction(reduction)
    probability, truth = _input_and_target(input, target, "binary_cross_entropy")
    if probability.size and not ((probability >= 0) & (probability <= 1)).all():
        raise DataError(
            _("binary_cross_entropy needs probabilities between 0 and 1 as input, got values "
              "from {low:g} to {high:g}; apply a sigmoid first, or use "
              "binary_cross_entropy_with_logits on the raw scores").format(
                low=float(np.nanmin(probability)), high=float(np.nanmax(probability)))
        )
    scale = None
    if weight is not None:
        scale = np.asarray(operand(weight), dtype=probability.dtype)
        try:
            np.broadcast_shapes(scale.shape, probability.shape)
        except ValueError:
            raise ShapeError(
                _("binary_cross_entropy got weight of shape {weight} for input of shape "
                  "{shape}; the weight must broadcast to the input").format(
                    weight=scale.shape, shape=probability.shape)
            ) from None
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(probability), _LOG_FLOOR)
        log_not_p = np.maximum(np.log1p(-probability), _LOG_FLOOR)
    losses = -(truth * log_p + (1.0 - truth) * log_not_p)
    if scale is not None:
        losses = losses * scale
    out = _reduce(losses, reduction)
    input_tracked, target_tracked = tracks(input), tracks(target)
    if not (input_tracked or target_tracked):
        return constant(out)

    def backward(grad):
        # PyTorch's order: upstream * (x - y) / denominator, then the weight, then the mean.
        grad_input = grad_target = None
        if input_tracked:
            denominator = np.maximum((1.0 - probability) * probability, _GRAD_EPSILON)
            grad_input = grad * (probability - truth) / denominator
            if scale is not None:
                grad_input = grad_input * scale
            grad_input = _per_element(grad_input, reduction, losses.size)
        if target_tracked:
            grad_target = grad * (log_not_p - log_p)
            if scale is not None:
                grad_target = grad_target * scale
            grad_target = _per_element(grad_target, reduction, losses.size)
        return grad_input, grad_target

    return from_op(out, (input, target), backward)


def _nll_labels(target, n_samples: int, n_classes: int, ignore_index: int) -> np.ndarray:
    labels = np.asarray(operand(target))
    if labels.dtype.kind not in "iu":
        raise DataError(
            _("nll_loss needs integer class labels, got dtype {dtype}; convert them with "
              "y.long() or y.astype(np.int64)").format(dtype=labels.dtype)
        )
    if labels.shape != (n_samples,):
        raise ShapeError(
            _("nll_loss got input of shape ({n}, {c}) and target of shape {shape}; the target "
              "must have shape ({n},), one class index per row").format(
                n=n_samples, c=n_classes, shape=labels.shape)
        )
    bad = (labels != ignore_index) & ((labels < 0) | (labels >= n_classes))
    if bad.any():
        raise DataError(
            _("nll_loss got label {label} but the input has {c} classes (0 to {last}); check "
              "the labels or the size of the last layer").format(
                label=int(labels[bad][0]), c=n_classes, last=n_classes - 1)
        )
    return labels


def nll_loss(input, target, weight=None, ignore_index: int = -100, reduction: str = "mean"):
    """Negative log-likelihood: ``-input[i, target[i]]`` (times the class weight), reduced.

    Parameters
    ----------
    input : Tensor of shape (n, n_classes)
        Log-probabilities, e.g. ``log_softmax(scores, dim=1)``.
    target : array-like or Tensor of integers, shape (n,)
        Class indices in [0, n_classes), or ``ignore_index`` for rows that do not count.
    weight : array-like of shape (n_classes,), optional
        Class weights; the mean then divides by the sum of the counted rows' weights.
    ignore_index : int, default -100
    reduction : {"mean", "sum", "none"}

    >>> import numpy as np
    >>> from descenso import tensor
    >>> nll_loss(tensor([[-0.5, -1.0]]), np.array([1]), reduction="none")
    tensor([1.])
    """
    check_reduction(reduction)
    log_probability = np.asarray(operand(input))
    if log_probability.ndim != 2:
        raise ShapeError(
            _("nll_loss needs input of shape (n, n_classes), got shape {shape}; for one sample "
              "use input.reshape(1, -1)").format(shape=log_probability.shape)
        )
    n_samples, n_classes = log_probability.shape
    labels = _nll_labels(target, n_samples, n_classes, int(ignore_index))
    counted = labels != ignore_index
    safe_labels = np.where(counted, labels, 0)
    weights = counted.astype(log_probability.dtype)
    if weight is not None:
        class_weight = np.asarray(operand(weight), dtype=log_probability.dtype)
        if class_weight.shape != (n_classes,):
            raise ShapeError(
                _("nll_loss got class weights of shape {shape} for {c} classes; pass one "
                  "weight per class").format(shape=class_weight.shape, c=n_classes)
            )
        weights = weights * class_weight[safe_labels]
    rows = np.arange(n_samples)
    losses = -log_probability[rows, safe_labels] * weights
    if reduction == "none":
        out = losses
    elif reduction == "sum":
        out = losses.sum()
    else:
        denominator = weights.sum()
        out = losses.sum() / denominator
    if not tracks(input):
        return constant(np.asarray(out, dtype=log_probability.dtype))

    def backward(grad):
        grad_input = np.zeros_like(log_probability)
        if reduction == "none":
            grad_input[rows, safe_labels] = -weights * grad
        else:
            scale = grad if reduction == "sum" else grad / denominator
            grad_input[rows, safe_labels] = -weights * scale
        return grad_input, None

    return from_op(np.asarray(out, dtype=log_probability.dtype), (input, target), backward)
