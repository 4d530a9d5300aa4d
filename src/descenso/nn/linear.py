"""``Linear`` (a fully connected layer) and ``Identity``.

``Linear(in_features, out_features)`` computes ``y = x @ weight.T + bias`` with ``weight`` of
shape (out_features, in_features), PyTorch's layout, so weights move between the two libraries
unchanged.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from descenso.autograd import default_generator, linear
from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.nn.module import Module
from descenso.nn.parameter import Parameter

__all__ = ["Identity", "Linear"]

_FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def _check_features(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ConfigError(
            _("{name} must be a positive integer, got {value!r}").format(name=name, value=value)
        )
    return int(value)


def _check_float_dtype(dtype) -> np.dtype:
    try:
        resolved = np.dtype(np.float32 if dtype is None else dtype)
    except TypeError:
        resolved = None
    if resolved is None or resolved not in _FLOAT_DTYPES:
        raise ConfigError(
            _("dtype must be float32 or float64, got {dtype!r}").format(dtype=dtype)
        )
    return resolved


class Linear(Module):
    """A fully connected layer: ``y = x @ weight.T + bias``.

    Weights and bias start uniform in ``[-1/sqrt(in_features), 1/sqrt(in_features)]``, which
    is PyTorch's default (Kaiming-uniform with ``a = sqrt(5)``), drawn from
    :func:`descenso.default_generator` so :func:`descenso.manual_seed` makes them reproducible.

    Parameters
    ----------
    in_features : int
        Size of each input sample.
    out_features : int
        Size of each output sample.
    bias : bool, default True
        Learn an additive bias (``bias`` is None otherwise).
    dtype : numpy dtype, default float32
        ``np.float32`` or ``np.float64``.

    Attributes
    ----------
    weight : Parameter of shape (out_features, in_features)
    bias : Parameter of shape (out_features,) or None

    Shapes
    ------
    input (..., in_features) -> output (..., out_features)

    Examples
    --------
    >>> import descenso
    >>> layer = Linear(3, 2)
    >>> layer(descenso.tensor([[1.0, 2.0, 3.0]])).shape
    descenso.Size([1, 2])
    >>> layer
    Linear(in_features=3, out_features=2, bias=True)
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, dtype=None):
        super().__init__()
        self.in_features = _check_features("in_features", in_features)
        self.out_features = _check_features("out_features", out_features)
        if not isinstance(bias, (bool, np.bool_)):
            raise ConfigError(_("bias must be True or False, got {value!r}").format(value=bias))
        dtype = _check_float_dtype(dtype)
        bound = 1.0 / math.sqrt(self.in_features)
        generator = default_generator()
        # Drawn in float64 and rounded, so a float32 and a float64 layer start alike.
        weight = generator.uniform(-bound, bound, size=(self.out_features, self.in_features))
        self.weight = Parameter(weight.astype(dtype), dtype=dtype)
        if bias:
            values = generator.uniform(-bound, bound, size=self.out_features)
            self.bias = Parameter(values.astype(dtype), dtype=dtype)
        else:
            self.register_parameter("bias", None)

    def forward(self, x):
        """``x @ weight.T + bias`` for ``x`` of shape (..., in_features)."""
        return linear(x, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")


class Identity(Module):
    """Returns its input unchanged (a placeholder, e.g. for an optional layer).

    >>> import descenso
    >>> Identity()(descenso.tensor([1.0, 2.0]))
    tensor([1., 2.])
    """

    def forward(self, x):
        """Return ``x``."""
        return x
