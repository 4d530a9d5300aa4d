"""Fused operations for the hot path of training: ``linear``, ``cross_entropy``, ``dropout``.

Each does in one node what several primitives would do in many, with one backward that
computes every gradient at once: fewer temporary arrays and less Python per step. Their
results equal the composition of primitives (the tests check both against PyTorch).

>>> import numpy as np
>>> from descenso import tensor
>>> logits = tensor([[2.0, 0.0, -1.0]], requires_grad=True)
>>> loss = cross_entropy(logits, np.array([0]))
>>> round(loss.item(), 4)
0.1698
"""

from __future__ import annotations

import numbers

import numpy as np

from descenso import threads
from descenso.autograd.ops.matmul import product_grads
from descenso.autograd.random import default_generator
from descenso.autograd.tensor import Tensor, constant, from_op, operand, tracks
from descenso.errors import ConfigError, DataError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["cross_entropy", "dropout", "linear"]

REDUCTIONS = ("mean", "sum", "none")


def check_reduction(reduction: str) -> None:
    """Raise ``ConfigError`` unless ``reduction`` is "mean", "sum" or "none"."""
    if reduction not in REDUCTIONS:
        raise ConfigError(
            _("reduction must be 'mean', 'sum' or 'none', got {value!r}").format(value=reduction)
        )


def linear(x, weight, bias=None):
    """``x @ weight.T + bias``, the affine map of ``nn.Linear``, with one fused backward.

    The backward is the matrix product's (:func:`~descenso.autograd.ops.matmul.product_grads`,
    with B = weight.T kept in the weight's layout) plus the bias's sum over the batch; the tests
    check that it equals ``x @ weight.T + bias`` built from primitives, values and gradients.

    Parameters
    ----------
    x : Tensor of shape (..., in_features)
    weight : Tensor of shape (out_features, in_features)
    bias : Tensor of shape (out_features,), optional

    Returns
    -------
    Tensor of shape (..., out_features)

    >>> from descenso import tensor
    >>> linear(tensor([[1.0, 2.0]]), tensor([[1.0, 1.0], [0.0, 1.0]]), tensor([0.5, 0.0]))
    tensor([[3.5000, 2.0000]])
    """
    x_data, w_data = operand(x), operand(weight)
    b_data = None if bias is None else operand(bias)
    if w_data.ndim != 2 or x_data.ndim == 0 or x_data.shape[-1] != w_data.shape[1]:
        raise ShapeError(
            _(
                "linear got input of shape {x_shape} and weight of shape {w_shape}; the weight "
                "must be (out_features, in_features) with in_features = the input's last axis"
            ).format(x_shape=np.shape(x_data), w_shape=np.shape(w_data))
        )
    if b_data is not None and np.shape(b_data) != (w_data.shape[0],):
        raise ShapeError(
            _(
                "linear got bias of shape {b_shape} for a weight of shape {w_shape}; the bias "
                "must have shape ({out},)"
            ).format(b_shape=np.shape(b_data), w_shape=w_data.shape, out=w_data.shape[0])
        )
    x_matrix = x_data.reshape(-1, x_data.shape[-1]) if x_data.ndim != 2 else x_data
    out = threads.matmul(x_matrix, w_data.T)  # the same bits with any thread count
    if b_data is not None:
        out += b_data
    if x_data.ndim != 2:
        out = out.reshape(x_data.shape[:-1] + (w_data.shape[0],))
    x_tracked, w_tracked = tracks(x), tracks(weight)
    b_tracked = bias is not None and tracks(bias)
    if not (x_tracked or w_tracked or b_tracked):
        return constant(out)

    def backward(grad):
        grad_matrix = grad.reshape(-1, w_data.shape[0]) if grad.ndim != 2 else grad
        grad_x, grad_w = product_grads(grad_matrix, x_matrix, w_data, x_tracked, w_tracked,
                                       b_stored_transposed=True)
        if x_tracked and x_data.ndim != 2:
            grad_x = grad_x.reshape(x_data.shape)
        grad_b = grad_matrix.sum(axis=0) if b_tracked else None
        return grad_x, grad_w, grad_b

    return from_op(out, (x, weight, bias), backward)


def _labels(target, n_samples: int, n_classes: int) -> np.ndarray:
    labels = operand(target)
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":
        raise DataError(
            _(
                "cross_entropy needs integer class labels, got dtype {dtype}; convert them with "
                "y.astype(np.int64) (class probabilities are not supported)"
            ).format(dtype=labels.dtype)
        )
    if labels.shape != (n_samples,):
        raise ShapeError(
            _(
                "cross_entropy got logits of shape ({n}, {c}) and labels of shape {shape}; the "
                "labels must have shape ({n},), one class index per row"
            ).format(n=n_samples, c=n_classes, shape=labels.shape)
        )
    if n_samples and (labels.min() < 0 or labels.max() >= n_classes):
        bad = labels[(labels < 0) | (labels >= n_classes)][0]
        raise DataError(
            _(
                "cross_entropy got label {label} but the logits have {c} classes (0 to {last}); "
                "check the labels or the size of the last layer"
            ).format(label=bad, c=n_classes, last=n_classes - 1)
        )
    return labels


def cross_entropy(logits, target, reduction: str = "mean", weight=None):
    """Softmax cross-entropy of ``logits`` against integer class labels, fused and stable.

    loss_i = log(sum_j exp(logits_ij)) - logits_i,target_i; its gradient is
    (softmax(logits) - one_hot(target)) / n for the mean.

    Parameters
    ----------
    logits : Tensor of shape (n, n_classes)
        Unnormalised scores (any size: computed with the log-sum-exp trick).
    target : array-like or Tensor of integers, shape (n,)
        The class index of each row, 0 <= target < n_classes.
    reduction : {"mean", "sum", "none"}
        "none" returns the n losses.
    weight : array-like of shape (n_classes,), optional
        Class weights; the mean then divides by the sum of the targets' weights, as PyTorch.

    >>> import numpy as np
    >>> from descenso import tensor
    >>> cross_entropy(tensor([[0.0, 0.0]]), np.array([1]), reduction="none")
    tensor([0.6931])
    """
    check_reduction(reduction)
    z = operand(logits)
    if np.ndim(z) != 2:
        raise ShapeError(
            _("cross_entropy needs logits of shape (n, n_classes), got shape {shape}").format(
                shape=np.shape(z)
            )
        )
    n_samples, n_classes = z.shape
    labels = _labels(target, n_samples, n_classes)
    rows = np.arange(n_samples)
    # ndarray methods rather than np.max/np.sum: the same reductions without a Python wrapper.
    shifted = z - z.max(axis=1, keepdims=True)
    exps = np.exp(shifted)
    sums = exps.sum(axis=1, keepdims=True)
    losses = np.log(sums[:, 0]) - shifted[rows, labels]
    weights = None
    if weight is not None:
        class_weight = np.asarray(operand(weight), dtype=z.dtype)
        if class_weight.shape != (n_classes,):
            raise ShapeError(
                _(
                    "cross_entropy got class weights of shape {shape} for {c} classes; pass one "
                    "weight per class"
                ).format(shape=class_weight.shape, c=n_classes)
            )
        weights = class_weight[labels]
        losses = losses * weights
    if reduction == "none":
        out = losses
    elif reduction == "sum":
        out = losses.sum()
    else:
        denominator = n_samples if weights is None else weights.sum()
        out = losses.sum() / denominator
    if not tracks(logits):
        return constant(out)

    def backward(grad):
        grad_logits = exps / sums  # softmax
        grad_logits[rows, labels] -= 1.0
        if reduction == "none":
            scale = grad if weights is None else grad * weights
            grad_logits *= scale[:, np.newaxis]
        else:
            scale = grad if reduction == "sum" else grad / denominator
            if weights is not None:
                grad_logits *= weights[:, np.newaxis]
            grad_logits *= scale
        return (grad_logits, None)

    return from_op(out, (logits, target), backward)


def dropout(x, p: float = 0.5, training: bool = True, generator=None):
    """Inverted dropout: zero each element with probability ``p``, scale the rest by 1/(1-p).

    The expected value is unchanged, so evaluation (``training=False``) is the identity.
    Random numbers come from ``generator`` or :func:`~descenso.autograd.default_generator`.
    The mask and its backward are :func:`apply_dropout_mask`'s, shared with ``dropout2d``.

    >>> from descenso import tensor
    >>> dropout(tensor([1.0, 2.0]), p=0.5, training=False)
    tensor([1., 2.])
    """
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0.0 <= p <= 1.0:
        raise ConfigError(_("dropout probability must be between 0 and 1, got {p!r}").format(p=p))
    if not training or p == 0.0:
        return x if isinstance(x, Tensor) else constant(operand(x))
    x_data = operand(x)
    return apply_dropout_mask(x, x_data, p, x_data.shape, generator)


def apply_dropout_mask(x, x_data: np.ndarray, p: float, mask_shape: tuple, generator=None):
    """``x * mask``, the mask of ``mask_shape`` (broadcast against ``x_data``, the array of
    ``x``) 0 with probability ``p`` and 1/(1-p) elsewhere; the backward applies the same mask.

    ``dropout`` draws one entry per element, ``dropout2d`` one per channel (N, C, 1, 1).
    """
    rng = default_generator() if generator is None else generator
    dtype = x_data.dtype if x_data.dtype in (np.float32, np.float64) else np.float64
    if p == 1.0:
        mask = np.zeros(mask_shape, dtype=dtype)
    else:
        keep = rng.random(mask_shape, dtype=dtype) >= p
        mask = np.multiply(keep, 1.0 / (1.0 - p), dtype=dtype)
    out = x_data * mask
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (grad * mask,)

    return from_op(out, (x,), backward)
