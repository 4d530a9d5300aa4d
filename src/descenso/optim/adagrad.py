"""``Adagrad``: divide each weight's step by the root of the sum of all its squared gradients.

The update is PyTorch's, in the same order of floating-point operations. At step ``t`` with
gradient ``g`` of parameter ``w``::

    g = g + weight_decay * w                  (if weight_decay != 0)
    lr_t = lr / (1 + (t - 1) * lr_decay)
    s = s + g * g                             (s starts at initial_accumulator_value)
    w = w - lr_t * g / (sqrt(s) + eps)

The sum only grows, so every weight's steps shrink over time; weights that rarely get a
gradient (rare features) keep larger steps than weights that get one every time.
"""

from __future__ import annotations

import numpy as np

from descenso.optim.flat import FlatParameters
from descenso.optim.optimizer import Optimizer, check_non_negative

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    """Adagrad (PyTorch's ``torch.optim.Adagrad``).

    Parameters
    ----------
    params : iterable of Tensor or of dict
        ``model.parameters()``, or parameter groups.
    lr : float, default 0.01
    lr_decay : float, default 0
        The learning rate at step t is ``lr / (1 + (t - 1) * lr_decay)``.
    weight_decay : float, default 0
        L2 penalty added to the gradient.
    initial_accumulator_value : float, default 0
        Where the sum of squared gradients starts.
    eps : float, default 1e-10
        Added to the denominator so it is never 0.

    Examples
    --------
    >>> from descenso.nn import Parameter
    >>> w = Parameter([0.0])
    >>> opt = Adagrad([w], lr=1.0)
    >>> for _ in range(100):
    ...     opt.zero_grad()
    ...     ((w - 3.0) ** 2).sum().backward()
    ...     opt.step()
    >>> round(float(w.data[0]), 3)
    3.0
    """

    _saves_step = True
    _buffer_names = ("sum",)

    def __init__(self, params, lr=1e-2, lr_decay=0.0, weight_decay=0.0,
                 initial_accumulator_value=0.0, eps=1e-10):
        defaults = {"lr": lr, "lr_decay": lr_decay, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value, "eps": eps}
        super().__init__(params, defaults)

    def _check_group(self, group: dict) -> None:
        super()._check_group(group)
        for name in ("lr_decay", "weight_decay", "initial_accumulator_value", "eps"):
            group[name] = check_non_negative(name, group[name])

    def _update(self, flat: FlatParameters, group: dict) -> None:
        weights, grad = flat.data, flat.grad
        work = flat.scratch("work")
        denom = flat.scratch("denom")
        if "sum" not in flat.buffers:
            flat.buffer("sum").fill(group["initial_accumulator_value"])
        total = flat.buffers["sum"]
        flat.step += 1
        if group["weight_decay"] != 0:
            np.multiply(weights, group["weight_decay"], out=work)
            np.add(grad, work, out=work)
            grad = work
        step_lr = group["lr"] / (1 + (flat.step - 1) * group["lr_decay"])
        # s.addcmul_(g, g, value=1); std = s.sqrt().add_(eps); w.addcdiv_(g, std, value=-lr_t)
        np.multiply(grad, grad, out=denom)
        np.add(total, denom, out=total)
        np.sqrt(total, out=denom)
        np.add(denom, group["eps"], out=denom)
        update = flat.scratch("update")
        np.multiply(grad, -step_lr, out=update)
        np.divide(update, denom, out=update)
        np.add(weights, update, out=weights)
