"""The ``descenso.*`` functions that PyTorch code calls as ``torch.*``: ``torch.sum(x, dim=1)``
is ``x.sum(dim=1)``, and so on.

Each takes a tensor (or anything :func:`~descenso.tensor` accepts) and calls the method or
operation of the same name, so there is one implementation of each. The names shadow Python
builtins (``sum``, ``max``, ``abs``) on purpose, as in PyTorch: import the module, not the
names.

>>> import descenso
>>> x = descenso.tensor([[1.0, -2.0], [3.0, 4.0]])
>>> descenso.sum(x, dim=0), descenso.abs(x).max()
(tensor([4., 2.]), tensor(4.))
>>> grid_x, grid_y = descenso.meshgrid(descenso.arange(2), descenso.arange(3), indexing="ij")
>>> grid_x.shape
descenso.Size([2, 3])
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.ops import (
    absolute,
    add,
    clip,
    cos,
    exp,
    log,
    matmul,
    mm,
    relu,
    sigmoid,
    sin,
    sqrt,
    tanh,
)
from descenso.autograd.ops import maximum as _maximum
from descenso.autograd.ops import minimum as _minimum
from descenso.autograd.ops import (
    reshape as _reshape,
)
from descenso.autograd.ops import softmax as _softmax
from descenso.autograd.tensor import Tensor, constant, operand
from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = [
    "abs", "allclose", "argmax", "argmin", "argsort", "clamp", "cos", "cumsum", "equal", "exp", "flatten",
    "is_tensor", "log", "matmul", "max", "maximum", "mean", "meshgrid", "min", "minimum", "mm",
    "norm", "numel", "pow", "prod", "relu", "reshape", "sigmoid", "sign", "sin", "softmax", "sort",
    "sqrt", "squeeze", "std", "sum", "t", "tanh", "topk", "transpose", "unsqueeze", "var",
]

abs = absolute
clamp = clip
maximum = _maximum
minimum = _minimum


def _tensor(value) -> Tensor:
    return value if isinstance(value, Tensor) else constant(np.asarray(operand(value)))


def is_tensor(value) -> bool:
    return isinstance(value, Tensor)


def sum(input, dim=None, keepdim=False, **kwargs):
    return _tensor(input).sum(dim, keepdim, **kwargs)


def mean(input, dim=None, keepdim=False, **kwargs):
    return _tensor(input).mean(dim, keepdim, **kwargs)


def max(input, dim=None, keepdim=False, **kwargs):
    return _tensor(input).max(dim, keepdim, **kwargs)


def min(input, dim=None, keepdim=False, **kwargs):
    return _tensor(input).min(dim, keepdim, **kwargs)


def argmax(input, dim=None, keepdim=False):
    return _tensor(input).argmax(dim, keepdim)


def argmin(input, dim=None, keepdim=False):
    return _tensor(input).argmin(dim, keepdim)


def prod(input, dim=None, keepdim=False):
    return _tensor(input).prod(dim, keepdim)


def sort(input, dim=-1, descending=False):
    return _tensor(input).sort(dim, descending)


def argsort(input, dim=-1, descending=False):
    return _tensor(input).argsort(dim, descending)


def topk(input, k, dim=-1, largest=True, sorted=True):
    return _tensor(input).topk(k, dim, largest, sorted)


def cumsum(input, dim):
    return _tensor(input).cumsum(dim)


def std(input, dim=None, unbiased=None, keepdim=False, **kwargs):
    return _tensor(input).std(dim, unbiased, keepdim, **kwargs)


def var(input, dim=None, unbiased=None, keepdim=False, **kwargs):
    return _tensor(input).var(dim, unbiased, keepdim, **kwargs)


def norm(input, p="fro", dim=None, keepdim=False):
    return _tensor(input).norm(p, dim, keepdim)


def pow(input, exponent):
    return _tensor(input) ** exponent


def sign(input):
    return _tensor(input).sign()


def softmax(input, dim):
    return _softmax(input, dim)


def reshape(input, shape):
    return _tensor(input).reshape(shape)


def flatten(input, start_dim=0, end_dim=-1):
    return _tensor(input).flatten(start_dim, end_dim)


def squeeze(input, dim=None):
    return _tensor(input).squeeze(dim)


def unsqueeze(input, dim):
    return _tensor(input).unsqueeze(dim)


def transpose(input, dim0, dim1):
    return _tensor(input).transpose(dim0, dim1)


def t(input):
    return _tensor(input).t()


def numel(input) -> int:
    return _tensor(input).numel()


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    """True when every ``|input - other| <= atol + rtol * |other|``."""
    return _tensor(input).allclose(other, rtol, atol, equal_nan)


def equal(input, other) -> bool:
    """True when both have the same shape and the same values."""
    return _tensor(input).equal(other)


def meshgrid(*tensors, indexing: str = "ij"):
    """Coordinate grids from 1-D tensors: ``indexing="ij"`` (PyTorch's default, axis i follows
    the i-th input) or ``"xy"`` (the first two axes swapped, as NumPy's default).

    Each grid is the input broadcast along the other axes, so gradients flow back to it.
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing not in ("ij", "xy"):
        raise ConfigError(
            _("meshgrid indexing must be 'ij' or 'xy', got {indexing!r}").format(
                indexing=indexing)
        )
    tensors = [_tensor(t) for t in tensors]
    sizes = [t.numel() for t in tensors]
    axes = list(range(len(tensors)))
    if indexing == "xy" and len(tensors) >= 2:
        axes[0], axes[1] = 1, 0
        sizes[0], sizes[1] = sizes[1], sizes[0]
    grids = []
    for tensor, axis in zip(tensors, axes):
        shape = [1] * len(tensors)
        shape[axis] = -1
        zeros = np.zeros(sizes, dtype=tensor.dtype)
        grids.append(add(_reshape(tensor, tuple(shape)), zeros))
    return tuple(grids)
