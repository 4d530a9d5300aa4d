"""``Flatten``: turns each sample into a vector, e.g. a 28x28 image into 784 numbers."""

from __future__ import annotations

import numbers

from descenso.errors import ConfigError, ShapeError
from descenso.i18n import gettext as _
from descenso.nn.module import Module

__all__ = ["Flatten"]


class Flatten(Module):
    """Merge dimensions ``start_dim`` to ``end_dim`` into one.

    The default keeps dimension 0 (the batch) and flattens the rest.

    Parameters
    ----------
    start_dim : int, default 1
        First dimension to merge (negative counts from the end).
    end_dim : int, default -1
        Last dimension to merge.

    Shapes
    ------
    input (n, 28, 28) -> output (n, 784) with the defaults.

    Examples
    --------
    >>> import numpy as np, descenso
    >>> Flatten()(descenso.tensor(np.zeros((5, 28, 28), dtype=np.float32))).shape
    descenso.Size([5, 784])
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1):
        super().__init__()
        for name, value in (("start_dim", start_dim), ("end_dim", end_dim)):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise ConfigError(
                    _("{name} must be an integer, got {value!r}").format(name=name, value=value)
                )
        self.start_dim = int(start_dim)
        self.end_dim = int(end_dim)

    def forward(self, x):
        """Reshape ``x`` so dimensions ``start_dim..end_dim`` become one."""
        shape = x.shape
        ndim = len(shape)
        start = self.start_dim + ndim if self.start_dim < 0 else self.start_dim
        end = self.end_dim + ndim if self.end_dim < 0 else self.end_dim
        if not (0 <= start < max(ndim, 1) and 0 <= end < max(ndim, 1)) or start > end:
            raise ShapeError(
                _("Flatten(start_dim={start}, end_dim={end}) does not fit an input of shape "
                  "{shape}; the input needs more dimensions or other start/end dims").format(
                    start=self.start_dim, end=self.end_dim, shape=shape)
            )
        merged = 1
        for size in shape[start:end + 1]:
            merged *= size
        return x.reshape(shape[:start] + (merged,) + shape[end + 1:])

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"
