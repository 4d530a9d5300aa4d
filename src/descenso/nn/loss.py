"""Loss modules: ``MSELoss``, ``L1Loss``, ``HuberLoss``, ``SmoothL1Loss``, ``CrossEntropyLoss``,
``NLLLoss``, ``BCELoss``, ``BCEWithLogitsLoss``.

Each is called as ``loss_fn(prediction, target)`` and returns a tensor: a scalar with
``reduction="mean"`` (the default) or ``"sum"``, one loss per element with ``"none"``. The
arithmetic lives in the fused functions of :mod:`descenso.nn.functional`; these classes store
the options, as PyTorch's do.

A prediction of shape (n, 1) against a target of shape (n,) raises
:class:`~descenso.errors.ShapeError` instead of silently broadcasting to an (n, n) matrix.
"""

from __future__ import annotations

import math
import numbers

from descenso.autograd import (
    binary_cross_entropy_with_logits,
    cross_entropy,
    huber_loss,
    l1_loss,
    mse_loss,
)
from descenso.autograd.ops.likelihood import binary_cross_entropy, nll_loss, smooth_l1_loss
from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.nn.module import Module

__all__ = ["BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "HuberLoss", "L1Loss", "MSELoss",
           "NLLLoss", "SmoothL1Loss"]

REDUCTIONS = ("mean", "sum", "none")


class _Loss(Module):
    """Stores and validates ``reduction``."""

    def __init__(self, reduction: str = "mean"):
        super().__init__()
        if reduction not in REDUCTIONS:
            raise ConfigError(
                _("reduction must be one of {choices}, got {value!r}").format(
                    choices=", ".join(REDUCTIONS), value=reduction)
            )
        self.reduction = reduction

    def extra_repr(self) -> str:
        return "" if self.reduction == "mean" else f"reduction={self.reduction!r}"


class MSELoss(_Loss):
    """Mean squared error: ``(input - target) ** 2``, reduced.

    Shapes: input and target of the same shape.

    >>> import descenso
    >>> MSELoss()(descenso.tensor([1.0, 2.0]), descenso.tensor([1.0, 4.0]))
    tensor(2.)
    """

    def forward(self, input, target):
        """The loss of ``input`` against ``target``."""
        return mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """Mean absolute error: ``|input - target|``, reduced.

    >>> import descenso
    >>> L1Loss(reduction="sum")(descenso.tensor([1.0, 2.0]), descenso.tensor([1.0, 4.0]))
    tensor(2.)
    """

    def forward(self, input, target):
        """The loss of ``input`` against ``target``."""
        return l1_loss(input, target, reduction=self.reduction)


class HuberLoss(_Loss):
    """Squared error near zero, absolute error beyond ``delta`` (robust to outliers).

    Per element, with ``r = |input - target|``: ``0.5 * r**2`` if ``r <= delta``, else
    ``delta * (r - 0.5 * delta)``.

    Parameters
    ----------
    reduction : {"mean", "sum", "none"}, default "mean"
    delta : float, default 1.0
        Where the loss switches from squared to linear (> 0).

    >>> import descenso
    >>> HuberLoss(reduction="none")(descenso.tensor([0.5, 3.0]), descenso.tensor([0.0, 0.0]))
    tensor([0.1250, 2.5000])
    """

    def __init__(self, reduction: str = "mean", delta: float = 1.0):
        super().__init__(reduction)
        if (isinstance(delta, bool) or not isinstance(delta, numbers.Real)
                or not math.isfinite(delta) or delta <= 0):
            raise ConfigError(
                _("delta must be a finite number > 0, got {value!r}").format(value=delta)
            )
        self.delta = float(delta)

    def forward(self, input, target):
        """The loss of ``input`` against ``target``."""
        return huber_loss(input, target, reduction=self.reduction, delta=self.delta)

    def extra_repr(self) -> str:
        return f"reduction={self.reduction!r}, delta={self.delta}"


class CrossEntropyLoss(_Loss):
    """Cross-entropy of raw scores (logits) against integer class labels.

    Fuses log-softmax and the negative log-likelihood, which is exact and stable even for
    extreme logits; do not apply softmax to the model's output first.

    Shapes: input (n, n_classes) of logits, target (n,) of integers in [0, n_classes).

    >>> import descenso
    >>> loss = CrossEntropyLoss()(descenso.tensor([[0.0, 0.0]]), descenso.tensor([1]))
    >>> round(loss.item(), 4)  # log(2)
    0.6931
    """

    def forward(self, input, target):
        """The loss of logits ``input`` against labels ``target``."""
        return cross_entropy(input, target, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy of raw scores (logits) against targets in [0, 1].

    Fuses the sigmoid into the loss, which is stable for large logits.

    Shapes: input and target of the same shape.

    >>> import descenso
    >>> loss = BCEWithLogitsLoss()(descenso.tensor([0.0]), descenso.tensor([1.0]))
    >>> round(loss.item(), 4)  # log(2)
    0.6931
    """

    def forward(self, input, target):
        """The loss of logits ``input`` against ``target``."""
        return binary_cross_entropy_with_logits(input, target, reduction=self.reduction)


class SmoothL1Loss(_Loss):
    """Smooth L1: squared near zero, absolute beyond ``beta``; ``HuberLoss(delta=beta) / beta``.

    Per element, with ``r = |input - target|``: ``0.5 * r**2 / beta`` if ``r < beta``, else
    ``r - 0.5 * beta``. ``beta=0`` is the L1 loss.

    Parameters
    ----------
    reduction : {"mean", "sum", "none"}, default "mean"
    beta : float, default 1.0
        Where the loss switches from squared to linear (>= 0).

    >>> import descenso
    >>> SmoothL1Loss(reduction="none", beta=2.0)(descenso.tensor([1.0, 3.0]),
    ...                                          descenso.tensor([0.0, 0.0]))
    tensor([0.2500, 2.0000])
    """

    def __init__(self, reduction: str = "mean", beta: float = 1.0):
        super().__init__(reduction)
        if (isinstance(beta, bool) or not isinstance(beta, numbers.Real)
                or not math.isfinite(beta) or beta < 0):
            raise ConfigError(
                _("beta must be a finite number >= 0, got {value!r}").format(value=beta)
            )
        self.beta = float(beta)

    def forward(self, input, target):
        """The loss of ``input`` against ``target``."""
        return smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)

    def extra_repr(self) -> str:
        return f"reduction={self.reduction!r}, beta={self.beta}"


class NLLLoss(_Loss):
    """Negative log-likelihood of log-probabilities against integer class labels.

    Put a :class:`~descenso.nn.LogSoftmax` ``(dim=1)`` last in the model; together they equal
    :class:`CrossEntropyLoss` on the raw scores.

    Shapes: input (n, n_classes) of log-probabilities, target (n,) of integers.

    Parameters
    ----------
    weight : array-like of shape (n_classes,), optional
        A weight per class (e.g. larger for rare classes).
    ignore_index : int, default -100
        Rows whose label is this value do not count.
    reduction : {"mean", "sum", "none"}, default "mean"

    >>> import descenso
    >>> NLLLoss()(descenso.tensor([[-0.5, -1.5]]), descenso.tensor([1]))
    tensor(1.5000)
    """

    def __init__(self, weight=None, ignore_index: int = -100, reduction: str = "mean"):
        super().__init__(reduction)
        if isinstance(ignore_index, bool) or not isinstance(ignore_index, numbers.Integral):
            raise ConfigError(
                _("ignore_index must be an integer, got {value!r}").format(value=ignore_index)
            )
        self.weight = weight
        self.ignore_index = int(ignore_index)

    def forward(self, input, target):
        """The loss of log-probabilities ``input`` against labels ``target``."""
        return nll_loss(input, target, weight=self.weight, ignore_index=self.ignore_index,
                        reduction=self.reduction)


class BCELoss(_Loss):
    """Binary cross-entropy of probabilities in [0, 1] (e.g. after ``Sigmoid``).

    Each log is floored at -100, as in PyTorch. For training, prefer
    :class:`BCEWithLogitsLoss` on the raw scores: it is exact for any score.

    Shapes: input and target of the same shape; ``weight`` broadcasts to them.

    >>> import descenso
    >>> loss = BCELoss()(descenso.tensor([0.5]), descenso.tensor([1.0]))
    >>> round(loss.item(), 4)  # log(2)
    0.6931
    """

    def __init__(self, weight=None, reduction: str = "mean"):
        super().__init__(reduction)
        self.weight = weight

    def forward(self, input, target):
        """The loss of probabilities ``input`` against ``target``."""
        return binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)
