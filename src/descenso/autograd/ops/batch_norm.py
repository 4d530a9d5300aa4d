"""``batch_norm``: normalise each channel by the statistics of the batch, fused forward and
backward (PyTorch's ``F.batch_norm``).

In training, each channel c is standardised with the mean and the (biased) variance of the
batch over every axis except the channel axis (1), then scaled and shifted:
``y = (x - mean) / sqrt(var + eps) * weight + bias``; the running statistics move towards the
batch's (``running = (1 - momentum) * running + momentum * batch``, with the *unbiased*
variance, as PyTorch). In evaluation the running statistics are used instead, so a model
gives the same answer for an image whatever else is in the batch.

The backward pass in training goes through the batch statistics too: with x_hat the
standardised input, g the upstream gradient times ``weight`` and m the number of values per
channel, ``dx = (g - mean(g) - x_hat * mean(g * x_hat)) / sqrt(var + eps)``.

>>> import numpy as np
>>> from descenso import tensor
>>> x = tensor([[1.0], [3.0]])
>>> batch_norm(x, np.zeros(1), np.ones(1), training=True, eps=0.0)
tensor([[-1.],
        [ 1.]])
"""

from __future__ import annotations

import numbers

import numpy as np

from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ConfigError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["batch_norm"]


def _channel_shape(x: np.ndarray) -> tuple[int, ...]:
    """(1, C, 1, ...): a per-channel array broadcast against ``x``."""
    return (1, x.shape[1]) + (1,) * (x.ndim - 2)


def _check(x, running_mean, running_var, weight, bias, training, momentum, eps):
    if x.ndim < 2:
        raise ShapeError(
            _("batch_norm needs input of shape (N, C) or (N, C, ...), got shape {shape}; "
              "add the batch axis").format(shape=x.shape))
    channels = x.shape[1]
    for name, value in (("running_mean", running_mean), ("running_var", running_var),
                        ("weight", weight), ("bias", bias)):
        if value is not None and np.shape(value) != (channels,):
            raise ShapeError(
                _("batch_norm got {name} of shape {shape} for input with {c} channels (shape "
                  "{x_shape}); give it shape ({c},), one value per channel").format(
                    name=name, shape=np.shape(value), c=channels, x_shape=x.shape))
    if not isinstance(eps, numbers.Real) or not eps >= 0:
        raise ConfigError(_("eps must be a number >= 0, got {value!r}; 1e-5 is usual").format(value=eps))
    if (isinstance(momentum, bool) or not isinstance(momentum, numbers.Real)
            or not 0.0 <= momentum <= 1.0):
        raise ConfigError(
            _("momentum must be between 0 and 1, got {value!r}; 0.1 is usual").format(value=momentum))
    if training and x.size == channels:
        raise ShapeError(
            _("batch_norm in training needs more than one value per channel, got input of "
              "shape {shape}; use a larger batch or call model.eval()").format(shape=x.shape))


def batch_norm(x, running_mean=None, running_var=None, weight=None, bias=None,
               training: bool = False, momentum: float = 0.1, eps: float = 1e-5):
    """Batch normalisation over axis 1 (the channels).

    Parameters
    ----------
    x : Tensor of shape (N, C) or (N, C, ...)
    running_mean, running_var : ndarray of shape (C,), optional
        Updated in place when ``training``; used to normalise when not.
    weight, bias : Tensor of shape (C,), optional
        The learned scale (gamma) and shift (beta).
    training : bool
        Normalise by the batch's statistics (True) or the running ones (False).
    momentum : float
        Weight of the batch in the running statistics' update.
    eps : float
        Added to the variance before the square root.

    Returns
    -------
    Tensor of the shape of ``x``.
    """
    x_data = np.asarray(operand(x))
    w_data = None if weight is None else operand(weight)
    b_data = None if bias is None else operand(bias)
    _check(x_data, running_mean, running_var, w_data, b_data, training, momentum, eps)
    axes = (0,) + tuple(range(2, x_data.ndim))
    shape = _channel_shape(x_data)
    count = x_data.size // x_data.shape[1]
    if training or running_mean is None or running_var is None:
        mean = x_data.mean(axis=axes)
        centred = x_data - mean.reshape(shape)
        var = np.mean(np.square(centred), axis=axes)
        if training and running_mean is not None and running_var is not None:
            running_mean *= 1.0 - momentum
            running_mean += momentum * mean
            running_var *= 1.0 - momentum
            running_var += momentum * var * (count / (count - 1))
        batch_statistics = True
    else:
        centred = x_data - np.asarray(running_mean, dtype=x_data.dtype).reshape(shape)
        var = np.asarray(running_var, dtype=x_data.dtype)
        batch_statistics = False
    inv_std = (1.0 / np.sqrt(var + eps)).astype(x_data.dtype).reshape(shape)
    normalised = centred * inv_std
    out = normalised if w_data is None else normalised * w_data.reshape(shape)
    if b_data is not None:
        out = out + b_data.reshape(shape)
    x_tracked = tracks(x)
    w_tracked = weight is not None and tracks(weight)
    b_tracked = bias is not None and tracks(bias)
    if not (x_tracked or w_tracked or b_tracked):
        return constant(out)

    def backward(grad):
        grad_x = grad_w = grad_b = None
        if w_tracked:
            grad_w = (grad * normalised).sum(axis=axes)
        if b_tracked:
            grad_b = grad.sum(axis=axes)
        if x_tracked:
            scaled = grad if w_data is None else grad * w_data.reshape(shape)
            if batch_statistics:
                mean_grad = scaled.mean(axis=axes).reshape(shape)
                mean_product = (scaled * normalised).mean(axis=axes).reshape(shape)
                grad_x = (scaled - mean_grad - normalised * mean_product) * inv_std
            else:
                grad_x = scaled * inv_std
        return grad_x, grad_w, grad_b

    return from_op(out, (x, weight, bias), backward)
