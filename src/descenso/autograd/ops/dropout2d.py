"""``dropout2d``: drop whole channels (feature maps) at random while training.

Neighbouring pixels of a feature map are strongly correlated, so dropping single pixels
(``dropout``) hardly regularises a convolutional layer: the neighbours carry the same
information. ``dropout2d`` zeroes each channel of each sample with probability ``p`` and
scales the surviving channels by 1 / (1 - p); the backward pass applies the same mask
(:func:`~descenso.autograd.ops.fused.apply_dropout_mask`, shared with ``dropout``).

>>> from descenso import tensor
>>> dropout2d(tensor([[[[1.0]], [[2.0]]]]), p=0.5, training=False).shape
descenso.Size([1, 2, 1, 1])
"""

from __future__ import annotations

import numbers

import numpy as np

from descenso.autograd.ops.fused import apply_dropout_mask
from descenso.autograd.tensor import Tensor, constant, operand
from descenso.errors import ConfigError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["dropout2d"]


def dropout2d(x, p: float = 0.5, training: bool = True, generator=None):
    """Zero each channel of ``x`` (N, C, H, W) with probability ``p``; identity in evaluation.

    Random numbers come from ``generator`` or :func:`~descenso.autograd.default_generator`.
    """
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0.0 <= p <= 1.0:
        raise ConfigError(_("dropout probability must be between 0 and 1, got {p!r}; 0.1 to 0.5 is "
                              "usual").format(p=p))
    x_data = np.asarray(operand(x))
    if x_data.ndim not in (3, 4):
        raise ShapeError(
            _("dropout2d needs input of shape (N, C, H, W) or (C, H, W), got shape "
              "{shape}; use dropout for other shapes").format(shape=x_data.shape))
    if not training or p == 0.0:
        return x if isinstance(x, Tensor) else constant(x_data)
    return apply_dropout_mask(x, x_data, p, x_data.shape[:-2] + (1, 1), generator)
