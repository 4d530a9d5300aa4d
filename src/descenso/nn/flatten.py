"""``Flatten`` turns each sample into a vector, e.g. a 28x28 image into 784 numbers;
``Unflatten`` does the opposite, e.g. gives (n, 28, 28) images the channel axis of a
convolution: (n, 1, 28, 28)."""

from __future__ import annotations

import numbers

from descenso.errors import ConfigError, ShapeError
from descenso.i18n import gettext as _
from descenso.nn.module import Module

__all__ = ["Flatten", "Unflatten"]


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


class Unflatten(Module):
    """Split dimension ``dim`` into ``unflattened_size`` (PyTorch's ``nn.Unflatten``).

    Parameters
    ----------
    dim : int
        The dimension to split (negative counts from the end).
    unflattened_size : tuple of int
        The sizes it becomes; their product must equal its size.

    Shapes
    ------
    input (n, 784) -> output (n, 1, 28, 28) with ``Unflatten(1, (1, 28, 28))``;
    input (n, 28, 28) -> output (n, 1, 28, 28) with ``Unflatten(1, (1, 28))``.

    Examples
    --------
    >>> import numpy as np, descenso
    >>> Unflatten(1, (1, 28))(descenso.tensor(np.zeros((5, 28, 28), dtype=np.float32))).shape
    descenso.Size([5, 1, 28, 28])
    """

    def __init__(self, dim: int, unflattened_size):
        super().__init__()
        if isinstance(dim, bool) or not isinstance(dim, numbers.Integral):
            raise ConfigError(_("dim must be an integer, got {value!r}; for example 1").format(
                value=dim))
        sizes = tuple(unflattened_size) if isinstance(unflattened_size, (tuple, list)) else ()
        if not sizes or not all(isinstance(size, numbers.Integral) and not isinstance(size, bool)
                                and size >= 1 for size in sizes):
            raise ConfigError(
                _("unflattened_size must be a tuple of positive integers, got {value!r}; for "
                  "example (1, 28, 28)").format(value=unflattened_size))
        self.dim = int(dim)
        self.unflattened_size = tuple(int(size) for size in sizes)

    def forward(self, x):
        """Reshape ``x`` so dimension ``dim`` becomes ``unflattened_size``."""
        shape = x.shape
        dim = self.dim + len(shape) if self.dim < 0 else self.dim
        wanted = 1
        for size in self.unflattened_size:
            wanted *= size
        if not 0 <= dim < len(shape) or shape[dim] != wanted:
            raise ShapeError(
                _("Unflatten(dim={dim}, unflattened_size={sizes}) does not fit an input of "
                  "shape {shape}; dimension {dim} must have {wanted} elements").format(
                    dim=self.dim, sizes=self.unflattened_size, shape=shape, wanted=wanted))
        return x.reshape(shape[:dim] + self.unflattened_size + shape[dim + 1:])

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
