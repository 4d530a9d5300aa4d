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
    adaptive_avg_pool2d,
    avg_pool2d,
    batch_norm,
    binary_cross_entropy_with_logits,
    conv2d,
    conv_transpose2d,
    cross_entropy,
    dropout,
    dropout2d,
    huber_loss,
    l1_loss,
    leaky_relu,
    linear,
    log_softmax,
    max_pool2d,
    mse_loss,
    pad,
    relu,
    sigmoid,
    softmax,
    tanh,
)
from descenso.autograd.ops.likelihood import binary_cross_entropy, nll_loss, smooth_l1_loss
from descenso.autograd.ops.smooth_activation import elu, gelu

__all__ = [
    "adaptive_avg_pool2d", "avg_pool2d", "batch_norm", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "conv2d", "conv_transpose2d", "cross_entropy",
    "dropout", "dropout2d", "elu", "gelu", "huber_loss", "l1_loss", "leaky_relu", "linear",
    "log_softmax", "max_pool2d", "mse_loss", "nll_loss", "pad", "relu", "sigmoid",
    "smooth_l1_loss", "softmax", "tanh",
]
