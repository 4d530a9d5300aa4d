"""``Adam`` and ``AdamW``: gradient descent with per-weight step sizes from moment estimates.

The update is PyTorch's, in the same order of floating-point operations. At step ``t`` with
gradient ``g`` of parameter ``w``::

    g = g + weight_decay * w                 (Adam: L2 penalty in the gradient)
    w = w * (1 - lr * weight_decay)          (AdamW instead: decoupled weight decay)
    m = m + (1 - beta1) * (g - m)            (first moment: running mean of g)
    v = beta2 * v + (1 - beta2) * g * g      (second moment: running mean of g squared)
    denom = sqrt(v) / sqrt(1 - beta2**t) + eps
    w = w - (lr / (1 - beta1**t)) * m / denom

Dividing by ``1 - beta**t`` (bias correction) undoes the pull towards zero of moments that
start at zero. With ``amsgrad=True``, ``v`` in ``denom`` is replaced by its running maximum.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.optim.flat import FlatParameters
from descenso.optim.optimizer import Optimizer, check_non_negative

__all__ = ["Adam", "AdamW"]


class Adam(Optimizer):
    """Adam (PyTorch's ``torch.optim.Adam``).

    Parameters
    ----------
    params : iterable of Tensor or of dict
        ``model.parameters()``, or parameter groups.
    lr : float, default 1e-3
        Learning rate (>= 0).
    betas : (float, float), default (0.9, 0.999)
        Decay rates of the first and second moment estimates, each in [0, 1).
    eps : float, default 1e-8
        Added to the denominator for numerical stability (>= 0).
    weight_decay : float, default 0
        L2 penalty added to the gradient (see :class:`AdamW` for decoupled decay).
    amsgrad : bool, default False
        Use the running maximum of the second moment (the AMSGrad variant).

    Examples
    --------
    >>> from descenso.nn import Parameter
    >>> w = Parameter([0.0])
    >>> opt = Adam([w], lr=0.1)
    >>> for _ in range(300):
    ...     opt.zero_grad()
    ...     ((w - 3.0) ** 2).sum().backward()
    ...     opt.step()
    >>> round(float(w.data[0]), 2)
    3.0
    """

    _saves_step = True
    _buffer_names = ("exp_avg", "exp_avg_sq", "max_exp_avg_sq")
    _decoupled_weight_decay = False

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 amsgrad=False):
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "amsgrad": amsgrad}
        super().__init__(params, defaults)

    def _check_group(self, group: dict) -> None:
        super()._check_group(group)
        betas = group["betas"]
        if (not isinstance(betas, (tuple, list)) or len(betas) != 2
                or not all(isinstance(b, numbers.Real) and not isinstance(b, bool)
                           for b in betas)
                or not all(0.0 <= b < 1.0 for b in betas)):
            raise ConfigError(
                _("invalid betas {betas!r}: give two numbers in [0, 1), e.g. (0.9, 0.999)")
                .format(betas=betas)
            )
        group["betas"] = (float(betas[0]), float(betas[1]))
        group["eps"] = check_non_negative("eps", group["eps"])
        group["weight_decay"] = check_non_negative("weight_decay", group["weight_decay"])
        if not isinstance(group["amsgrad"], (bool, np.bool_)):
            raise ConfigError(
                _("amsgrad must be True or False, got {value!r}").format(value=group["amsgrad"])
            )
        group["amsgrad"] = bool(group["amsgrad"])

    def _update(self, flat: FlatParameters, group: dict) -> None:
        lr, (beta1, beta2) = group["lr"], group["betas"]
        eps, weight_decay = group["eps"], group["weight_decay"]
        weights, grad = flat.data, flat.grad
        work = flat.scratch("work")
        denom = flat.scratch("denom")
        flat.step += 1
        if weight_decay != 0:
            if self._decoupled_weight_decay:
                np.multiply(weights, 1 - lr * weight_decay, out=weights)
            else:
                np.multiply(weights, weight_decay, out=work)
                np.add(grad, work, out=work)
                grad = work
        exp_avg = flat.buffer("exp_avg")
        exp_avg_sq = flat.buffer("exp_avg_sq")
        # Keep PyTorch's order of operations below: a float32 run then follows PyTorch's for
        # thousands of steps. Folding sqrt(1 - beta2**t) into eps saves one pass (3% of a
        # batch-32 step) but made Fashion-MNIST runs drift apart after about 100 steps.
        # m.lerp_(g, 1 - beta1), computed as torch's lerp does for small weights.
        np.subtract(grad, exp_avg, out=denom)
        np.multiply(denom, 1 - beta1, out=denom)
        np.add(exp_avg, denom, out=exp_avg)
        # v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
        np.multiply(exp_avg_sq, beta2, out=exp_avg_sq)
        np.multiply(grad, 1 - beta2, out=denom)
        np.multiply(denom, grad, out=denom)
        np.add(exp_avg_sq, denom, out=exp_avg_sq)
        second_moment = exp_avg_sq
        if group["amsgrad"]:
            second_moment = flat.buffer("max_exp_avg_sq")
            np.maximum(second_moment, exp_avg_sq, out=second_moment)
        bias_correction1 = 1 - beta1 ** flat.step
        bias_correction2 = 1 - beta2 ** flat.step
        step_size = lr / bias_correction1
        np.sqrt(second_moment, out=denom)
        np.divide(denom, math.sqrt(bias_correction2), out=denom)
        np.add(denom, eps, out=denom)
        # w.addcdiv_(m, denom, value=-step_size)
        np.multiply(exp_avg, -step_size, out=work)
        np.divide(work, denom, out=work)
        np.add(weights, work, out=weights)


class AdamW(Adam):
    """Adam with decoupled weight decay (PyTorch's ``torch.optim.AdamW``).

    The weights shrink by ``lr * weight_decay`` of themselves each step, apart from the
    gradient, instead of adding an L2 term to the gradient as :class:`Adam` does.
    Parameters are those of :class:`Adam`, with ``weight_decay`` defaulting to 0.01.

    >>> from descenso.nn import Parameter
    >>> w = Parameter([1.0])
    >>> opt = AdamW([w], lr=0.1, weight_decay=0.5)
    >>> opt.step()                  # zero gradient: only the decay acts
    >>> round(float(w.data[0]), 6)  # 1 * (1 - 0.1 * 0.5)
    0.95
    """

    _decoupled_weight_decay = True

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         amsgrad=amsgrad)
