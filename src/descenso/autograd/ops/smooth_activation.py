"""Smooth activations: ``gelu`` and ``elu``, each with its backward beside it.

Unlike ReLU, both are smooth (or continuous in slope, for ELU with ``alpha=1``) and let a
little signal through for negative inputs, so a unit is never completely dead.

>>> from descenso import tensor
>>> elu(tensor([-1.0, 2.0]))
tensor([-0.6321,  2.0000])
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["elu", "gelu"]

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_TANH_CUBIC = 0.044715
# NumPy has no erf; Python's is exact to the last bit, applied element by element.
_erf = np.frompyfunc(math.erf, 1, 1)


def _float_operand(x) -> np.ndarray:
    data = np.asarray(operand(x))
    return data if data.dtype.kind == "f" else data.astype(np.float32)


def gelu(x, approximate: str = "none"):
    """Gaussian error linear unit: ``x * Phi(x)``, with ``Phi`` the standard normal CDF.

    Parameters
    ----------
    x : Tensor of any shape
    approximate : {"none", "tanh"}, default "none"
        "none" uses the exact ``erf`` (computed element by element: slower on large tensors);
        "tanh" uses ``0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x**3)))``, as PyTorch.

    Returns
    -------
    Tensor of the same shape.

    >>> from descenso import tensor
    >>> gelu(tensor([0.0, 1.0]))
    tensor([0.0000, 0.8413])
    """
    if approximate not in ("none", "tanh"):
        raise ConfigError(
            _("approximate must be 'none' or 'tanh', got {value!r}").format(value=approximate)
        )
    x_data = _float_operand(x)
    dtype = x_data.dtype
    if approximate == "tanh":
        inner = _SQRT_2_OVER_PI * (x_data + _TANH_CUBIC * x_data ** 3)
        t = np.tanh(inner)
        out = (0.5 * x_data * (1.0 + t)).astype(dtype, copy=False)
    else:
        cdf = (0.5 * (1.0 + _erf(x_data * _INV_SQRT_2).astype(np.float64))).astype(dtype)
        out = x_data * cdf
    if not tracks(x):
        return constant(out)

    def backward(grad):
        if approximate == "tanh":
            slope = _SQRT_2_OVER_PI * (1.0 + 3.0 * _TANH_CUBIC * x_data * x_data)
            local = 0.5 * (1.0 + t) + 0.5 * x_data * (1.0 - t * t) * slope
        else:
            local = cdf + x_data * _INV_SQRT_2PI * np.exp(-0.5 * x_data * x_data)
        return ((grad * local).astype(dtype, copy=False),)

    return from_op(out, (x,), backward)


def elu(x, alpha: float = 1.0):
    """Exponential linear unit: ``x`` where ``x > 0``, else ``alpha * (exp(x) - 1)``.

    The output approaches ``-alpha`` for very negative inputs; d/dx is 1 for ``x > 0`` and
    ``alpha * exp(x)`` elsewhere.

    >>> from descenso import tensor
    >>> elu(tensor([-100.0, 0.0, 3.0]), alpha=0.5)
    tensor([-0.5000,  0.0000,  3.0000])
    """
    if (isinstance(alpha, bool) or not isinstance(alpha, numbers.Real)
            or not math.isfinite(alpha)):
        raise ConfigError(_("alpha must be a finite number, got {value!r}").format(value=alpha))
    alpha = float(alpha)
    x_data = _float_operand(x)
    positive = x_data > 0
    # expm1 is exact near 0, where exp(x) - 1 would cancel; np.minimum keeps exp from
    # overflowing on the positive side, whose values np.where discards.
    exp_part = np.exp(np.minimum(x_data, 0))
    out = np.where(positive, x_data, alpha * np.expm1(np.minimum(x_data, 0))).astype(
        x_data.dtype, copy=False)
    if not tracks(x):
        return constant(out)

    def backward(grad):
        return (np.where(positive, grad, grad * alpha * exp_part).astype(x_data.dtype,
                                                                          copy=False),)

    return from_op(out, (x,), backward)
