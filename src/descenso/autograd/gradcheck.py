"""``gradcheck``: compare autograd's gradients with central finite differences, in float64.

For each input x that requires grad and each element x_i, the numerical derivative of a
scalar function L is (L(x_i + eps) - L(x_i - eps)) / (2 eps), with an error of order eps**2.
A function with a non-scalar output is checked through L = sum(output * w) for fixed random
weights w, which catches a wrong gradient in any output element.

>>> import descenso
>>> x = descenso.tensor([0.5, -1.0, 2.0], requires_grad=True)
>>> gradcheck(lambda t: (t * t.exp()).sum(), [x])
True
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.grad_mode import enable_grad, no_grad
from descenso.autograd.tensor import Tensor
from descenso.errors import ConfigError, DescensoError
from descenso.i18n import gettext as _

__all__ = ["GradcheckError", "gradcheck"]


class GradcheckError(DescensoError, AssertionError):
    """An autograd gradient disagrees with its finite-difference estimate."""


def _as_float64(value):
    if isinstance(value, Tensor) and value.dtype.kind == "f":
        return Tensor(value.data, requires_grad=value.requires_grad, dtype=np.float64)
    return value


def _projected(fn, inputs, weights) -> float:
    out = fn(*inputs)
    return float(np.sum(np.asarray(out.data, dtype=np.float64) * weights))


def gradcheck(fn, inputs, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3) -> bool:
    """Check the gradients of ``fn(*inputs)`` for every input tensor with ``requires_grad``.

    Parameters
    ----------
    fn : callable
        Takes the inputs and returns a Tensor. It must be deterministic (no dropout).
    inputs : Tensor or sequence
        Tensors (copied to float64; the originals are untouched) and any other arguments.
    eps : float
        Step of the central differences.
    atol, rtol : float
        An element fails when |autograd - numerical| > atol + rtol * |numerical|.

    Returns
    -------
    True when every gradient agrees; otherwise raises :class:`GradcheckError` naming the
    input and its worst element.
    """
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    inputs = [_as_float64(value) for value in inputs]
    checked = [
        i for i, value in enumerate(inputs) if isinstance(value, Tensor) and value.requires_grad
    ]
    if not checked:
        raise ConfigError(_("gradcheck needs at least one input tensor with requires_grad=True"))
    with enable_grad():
        out = fn(*inputs)
    if not isinstance(out, Tensor):
        raise ConfigError(
            _("gradcheck needs fn to return a Tensor, got {kind}").format(kind=type(out).__name__)
        )
    weights = np.random.default_rng(0).standard_normal(out.shape)
    if out.requires_grad:
        out.backward(weights)

    for position in checked:
        tensor = inputs[position]
        analytic = np.zeros(tensor.shape) if tensor.grad is None else tensor.grad.data
        numerical = np.zeros(tensor.shape)
        flat, numerical_flat = tensor.data.reshape(-1), numerical.reshape(-1)
        with no_grad():
            for i in range(flat.size):
                original = flat[i]
                flat[i] = original + eps
                above = _projected(fn, inputs, weights)
                flat[i] = original - eps
                below = _projected(fn, inputs, weights)
                flat[i] = original
                numerical_flat[i] = (above - below) / (2 * eps)
        excess = np.abs(analytic - numerical) - (atol + rtol * np.abs(numerical))
        if excess.size and excess.max() > 0:
            worst = np.unravel_index(int(np.argmax(excess)), excess.shape)
            raise GradcheckError(
                _(
                    "gradient of input {position} (shape {shape}) is wrong at index {index}: "
                    "autograd gives {analytic!r}, finite differences give {numerical!r}"
                ).format(
                    position=position,
                    shape=tensor.shape,
                    index=tuple(int(i) for i in worst),
                    analytic=float(analytic[worst]),
                    numerical=float(numerical[worst]),
                )
            )
    return True
