"""``RMSprop``: divide each weight's step by a running root-mean-square of its gradients.

The update is PyTorch's, in the same order of floating-point operations. With gradient ``g``
of parameter ``w``::

    g = g + weight_decay * w                          (if weight_decay != 0)
    v = alpha * v + (1 - alpha) * g * g               (running mean of g squared)
    m = m + (1 - alpha) * (g - m)                     (if centered: running mean of g)
    s = sqrt(v - m * m) + eps   if centered, else   s = sqrt(v) + eps
    b = momentum * b + g / s;  w = w - lr * b         (if momentum != 0)
    w = w - lr * g / s                                (otherwise)

Weights whose gradients are large get smaller steps and weights with small gradients get
larger ones, so one learning rate suits parameters of very different scales.
"""

from __future__ import annotations

import numpy as np

from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.optim.flat import FlatParameters
from descenso.optim.optimizer import Optimizer, check_non_negative

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    """RMSprop (PyTorch's ``torch.optim.RMSprop``).

    Parameters
    ----------
    params : iterable of Tensor or of dict
        ``model.parameters()``, or parameter groups.
    lr : float, default 0.01
    alpha : float, default 0.99
        Smoothing of the running mean of squared gradients, in [0, 1].
    eps : float, default 1e-8
        Added to the denominator so it is never 0.
    weight_decay : float, default 0
        L2 penalty added to the gradient.
    momentum : float, default 0
    centered : bool, default False
        Divide by an estimate of the gradient's standard deviation instead of its RMS.

    Examples
    --------
    >>> from descenso.nn import Parameter
    >>> w = Parameter([0.0])
    >>> opt = RMSprop([w], lr=0.1)
    >>> for _ in range(200):
    ...     opt.zero_grad()
    ...     ((w - 3.0) ** 2).sum().backward()
    ...     opt.step()
    >>> round(float(w.data[0]), 1)
    3.0
    """

    _saves_step = True
    _buffer_names = ("square_avg", "momentum_buffer", "grad_avg")

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
                 centered=False):
        defaults = {"lr": lr, "alpha": alpha, "eps": eps, "weight_decay": weight_decay,
                    "momentum": momentum, "centered": centered}
        super().__init__(params, defaults)

    def _check_group(self, group: dict) -> None:
        super()._check_group(group)
        group["alpha"] = check_non_negative("alpha", group["alpha"])
        if group["alpha"] > 1:
            raise ConfigError(
                _("invalid alpha {value!r}: it must be in [0, 1], e.g. 0.99").format(
                    value=group["alpha"])
            )
        group["eps"] = check_non_negative("eps", group["eps"])
        group["weight_decay"] = check_non_negative("weight_decay", group["weight_decay"])
        group["momentum"] = check_non_negative("momentum", group["momentum"])
        if not isinstance(group["centered"], (bool, np.bool_)):
            raise ConfigError(
                _("centered must be True or False, got {value!r}").format(
                    value=group["centered"])
            )
        group["centered"] = bool(group["centered"])

    def _update(self, flat: FlatParameters, group: dict) -> None:
        lr, alpha, eps = group["lr"], group["alpha"], group["eps"]
        weight_decay, momentum = group["weight_decay"], group["momentum"]
        weights, grad = flat.data, flat.grad
        work = flat.scratch("work")
        denom = flat.scratch("denom")
        flat.step += 1
        if weight_decay != 0:
            np.multiply(weights, weight_decay, out=work)
            np.add(grad, work, out=work)
            grad = work
        # v.mul_(alpha).addcmul_(g, g, value=1 - alpha)
        square_avg = flat.buffer("square_avg")
        np.multiply(square_avg, alpha, out=square_avg)
        np.multiply(grad, 1 - alpha, out=denom)
        np.multiply(denom, grad, out=denom)
        np.add(square_avg, denom, out=square_avg)
        if group["centered"]:
            # m.lerp_(g, 1 - alpha); then v.addcmul(m, m, value=-1).sqrt_()
            grad_avg = flat.buffer("grad_avg")
            np.subtract(grad, grad_avg, out=denom)
            np.multiply(denom, 1 - alpha, out=denom)
            np.add(grad_avg, denom, out=grad_avg)
            np.multiply(grad_avg, -1.0, out=denom)
            np.multiply(denom, grad_avg, out=denom)
            np.add(square_avg, denom, out=denom)
            np.sqrt(denom, out=denom)
        else:
            np.sqrt(square_avg, out=denom)
        np.add(denom, eps, out=denom)
        update = flat.scratch("update")
        if momentum > 0:
            # b.mul_(momentum).addcdiv_(g, s); w.add_(b, alpha=-lr)
            buffer = flat.buffer("momentum_buffer")
            np.multiply(buffer, momentum, out=buffer)
            np.divide(grad, denom, out=update)
            np.add(buffer, update, out=buffer)
            np.multiply(buffer, -lr, out=update)
        else:
            # w.addcdiv_(g, s, value=-lr)
            np.multiply(grad, -lr, out=update)
            np.divide(update, denom, out=update)
        np.add(weights, update, out=weights)
