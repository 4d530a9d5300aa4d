"""``SGD``: stochastic gradient descent, with optional momentum and weight decay.

The update is PyTorch's, step for step. With gradient ``g`` of parameter ``w``::

    d = g + weight_decay * w                                  (if weight_decay != 0)
    b = d                          on the first step          (if momentum != 0)
    b = momentum * b + (1 - dampening) * d   afterwards
    d = d + momentum * b   if nesterov, else   d = b
    w = w - lr * d

Every line runs once over all parameters at once (they share one flat buffer), in place.
"""

from __future__ import annotations

import numpy as np

from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.optim.flat import FlatParameters
from descenso.optim.optimizer import Optimizer, check_non_negative

__all__ = ["SGD"]


class SGD(Optimizer):
    """Stochastic gradient descent (PyTorch's ``torch.optim.SGD``).

    Parameters
    ----------
    params : iterable of Tensor or of dict
        ``model.parameters()``, or parameter groups.
    lr : float
        Learning rate (>= 0); there is no default, as in PyTorch.
    momentum : float, default 0
        Momentum factor (>= 0); 0.9 is common.
    dampening : float, default 0
        Dampening of the momentum (the new gradient is scaled by ``1 - dampening``).
    nesterov : bool, default False
        Nesterov momentum (needs ``momentum > 0`` and ``dampening == 0``).
    weight_decay : float, default 0
        L2 penalty added to the gradient: ``g + weight_decay * w``.

    Examples
    --------
    Minimise ``(w - 3)**2`` from ``w = 0``:

    >>> import descenso
    >>> from descenso.nn import Parameter
    >>> w = Parameter([0.0])
    >>> opt = SGD([w], lr=0.1)
    >>> for _ in range(100):
    ...     opt.zero_grad()
    ...     loss = ((w - 3.0) ** 2).sum()
    ...     loss.backward()
    ...     opt.step()
    >>> round(float(w.data[0]), 4)
    3.0
    """

    _buffer_names = ("momentum_buffer",)

    def __init__(self, params, lr, momentum=0.0, dampening=0.0, nesterov=False,
                 weight_decay=0.0):
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening,
                    "nesterov": nesterov, "weight_decay": weight_decay}
        super().__init__(params, defaults)

    def _check_group(self, group: dict) -> None:
        super()._check_group(group)
        group["momentum"] = check_non_negative("momentum", group["momentum"])
        group["dampening"] = check_non_negative("dampening", group["dampening"])
        group["weight_decay"] = check_non_negative("weight_decay", group["weight_decay"])
        if not isinstance(group["nesterov"], (bool, np.bool_)):
            raise ConfigError(
                _("nesterov must be True or False, got {value!r}").format(value=group["nesterov"])
            )
        group["nesterov"] = bool(group["nesterov"])
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ConfigError(
                _("Nesterov momentum needs momentum > 0 and dampening = 0, got momentum={m} and "
                  "dampening={d}").format(m=group["momentum"], d=group["dampening"])
            )

    def _update(self, flat: FlatParameters, group: dict) -> None:
        lr, momentum = group["lr"], group["momentum"]
        dampening, weight_decay = group["dampening"], group["weight_decay"]
        weights = flat.data
        direction = flat.grad
        update = flat.scratch("update")
        if weight_decay != 0:
            np.multiply(weights, weight_decay, out=update)
            np.add(direction, update, out=update)
            direction = update
        if momentum != 0:
            first_step = "momentum_buffer" not in flat.buffers
            buffer = flat.buffer("momentum_buffer")
            if first_step:
                np.copyto(buffer, direction)
            else:
                np.multiply(buffer, momentum, out=buffer)
                if dampening == 0:
                    np.add(buffer, direction, out=buffer)
                else:
                    # Safe to overwrite: nesterov (which reads direction again) forbids dampening.
                    dampened = flat.scratch("extra")
                    np.multiply(direction, 1 - dampening, out=dampened)
                    np.add(buffer, dampened, out=buffer)
            if group["nesterov"]:
                ahead = flat.scratch("extra")
                np.multiply(buffer, momentum, out=ahead)
                np.add(direction, ahead, out=ahead)
                direction = ahead
            else:
                direction = buffer
        np.multiply(direction, lr, out=update)
        np.subtract(weights, update, out=weights)
        flat.step += 1
