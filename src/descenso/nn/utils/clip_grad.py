"""Gradient clipping: ``clip_grad_norm_`` and ``clip_grad_value_``, in place, between
``loss.backward()`` and ``optimizer.step()``.

Why: one unlucky batch can produce a huge gradient that throws the weights far away (an
"exploding gradient"); clipping bounds the size of a step without changing its direction
(by norm) or each component (by value).

>>> import descenso
>>> from descenso import nn
>>> w = nn.Parameter([3.0, 4.0])
>>> (w * w).sum().backward()                 # gradient (6, 8): norm 10
>>> round(float(nn.utils.clip_grad_norm_([w], max_norm=1.0)), 4)
10.0
>>> [round(float(g), 4) for g in w.grad]     # rescaled to norm 1
[0.6, 0.8]
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from descenso.autograd import Tensor
from descenso.errors import ConfigError, TrainingDiverged
from descenso.i18n import gettext as _

__all__ = ["clip_grad_norm_", "clip_grad_value_"]


def _gradients(parameters) -> list[np.ndarray]:
    """The gradient arrays of ``parameters`` (a tensor or an iterable), skipping None."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    try:
        parameters = list(parameters)
    except TypeError:
        raise ConfigError(
            _("gradient clipping takes model.parameters() or a list of tensors, got {kind}")
            .format(kind=type(parameters).__name__)
        ) from None
    gradients = []
    for parameter in parameters:
        if not isinstance(parameter, Tensor):
            raise ConfigError(
                _("gradient clipping takes tensors, got a {kind}; pass model.parameters()")
                .format(kind=type(parameter).__name__)
            )
        grad = parameter.grad
        if grad is None:
            continue
        # .grad is a Tensor (PyTorch's type) or, in older code paths, its NumPy array.
        gradients.append(grad.data if isinstance(grad, Tensor) else grad)
    return gradients


def _number(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
        raise ConfigError(
            _("{name} must be a number, got {value!r}").format(name=name, value=value)
        )
    return float(value)


def clip_grad_norm_(parameters, max_norm: float, norm_type: float = 2.0,
                    error_if_nonfinite: bool = False) -> Tensor:
    """Rescale all gradients together so that their joint norm is at most ``max_norm``.

    The joint norm is the ``norm_type``-norm of every gradient element of every parameter (as
    if they were one vector; ``float("inf")`` for the largest absolute value). Gradients are
    multiplied by ``min(1, max_norm / (norm + 1e-6))``, as PyTorch does.

    Parameters
    ----------
    parameters : Tensor or iterable of Tensor
    max_norm : float
        The largest joint norm allowed (> 0).
    norm_type : float, default 2.0
    error_if_nonfinite : bool, default False
        Raise :class:`~descenso.errors.TrainingDiverged` if the norm is NaN or infinite.

    Returns
    -------
    Tensor
        The joint norm *before* clipping (a scalar), useful to log.
    """
    max_norm = _number("max_norm", max_norm)
    norm_type = _number("norm_type", norm_type)
    if max_norm <= 0 or norm_type <= 0:
        raise ConfigError(
            _("clip_grad_norm_ needs max_norm > 0 and norm_type > 0, got max_norm={max_norm} "
              "and norm_type={norm_type}").format(max_norm=max_norm, norm_type=norm_type)
        )
    gradients = _gradients(parameters)
    if not gradients:
        return Tensor(0.0)
    dtype = np.result_type(*gradients)
    if math.isinf(norm_type):
        norms = np.array([np.max(np.abs(g)) if g.size else 0 for g in gradients], dtype=dtype)
        total = norms.max()
    else:
        norms = np.array([np.linalg.norm(g.reshape(-1), ord=norm_type) for g in gradients],
                         dtype=dtype)
        total = np.linalg.norm(norms, ord=norm_type)
    total = dtype.type(total)
    if error_if_nonfinite and not np.isfinite(total):
        raise TrainingDiverged(
            _("the gradients' total {norm_type}-norm is {total}, so they cannot be clipped; "
              "lower the learning rate or check the data for NaN or huge values").format(
                norm_type=norm_type, total=total)
        )
    coefficient = min(dtype.type(max_norm) / (total + dtype.type(1e-6)), dtype.type(1.0))
    with np.errstate(invalid="ignore"):
        for grad in gradients:
            np.multiply(grad, coefficient, out=grad)
    return Tensor(np.asarray(total, dtype=dtype), dtype=dtype)


def clip_grad_value_(parameters, clip_value: float) -> None:
    """Clamp every gradient element into ``[-clip_value, clip_value]``, in place.

    >>> import descenso
    >>> from descenso import nn
    >>> w = nn.Parameter([3.0, -4.0])
    >>> (w * w).sum().backward()                 # gradient (6, -8)
    >>> clip_grad_value_([w], 5.0)
    >>> [float(g) for g in w.grad]
    [5.0, -5.0]
    """
    clip_value = _number("clip_value", clip_value)
    if clip_value < 0:
        raise ConfigError(
            _("clip_value must be >= 0, got {value}").format(value=clip_value)
        )
    for grad in _gradients(parameters):
        np.clip(grad, -clip_value, clip_value, out=grad)
