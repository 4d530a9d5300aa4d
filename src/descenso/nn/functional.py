"""The functions behind descenso's layers and losses, under PyTorch's ``torch.nn.functional``
names, so ``import descenso.nn.functional as F`` reads like PyTorch code.

They are defined (forward and backward side by side) in :mod:`descenso.autograd.ops`.

>>> import descenso
>>> import descenso.nn.functional as F
>>> F.relu(descenso.tensor([-1.0, 3.0]))
tensor([0., 3.])
"""

from __future__ import annotations

from descenso.autograd import (
    binary_cross_entropy_with_logits,
    cross_entropy,
    dropout,
    huber_loss,
    l1_loss,
    leaky_relu,
    linear,
    log_softmax,
    mse_loss,
    relu,
    sigmoid,
    softmax,
    tanh,
)
from descenso.autograd.ops.likelihood import binary_cross_entropy, nll_loss, smooth_l1_loss
from descenso.autograd.ops.smooth_activation import elu, gelu

__all__ = [
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy", "dropout", "elu",
    "gelu", "huber_loss", "l1_loss", "leaky_relu", "linear", "log_softmax", "mse_loss",
    "nll_loss", "relu", "sigmoid", "smooth_l1_loss", "softmax", "tanh",
]
