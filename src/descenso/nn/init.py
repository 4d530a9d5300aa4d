"""Weight initialisation, in place, with PyTorch's names and rules (``torch.nn.init``).

Why it matters: if every weight starts equal, every unit of a layer computes the same thing and
learns the same thing; if the weights are too large or too small, activations and gradients
grow or vanish from layer to layer. The Xavier (Glorot) and Kaiming (He) rules pick the spread
from the layer's *fans* so that the variance of the signal stays about the same through layers:

- ``fan_in``: inputs that feed one unit, ``weight.shape[1] * receptive field``;
- ``fan_out``: units one input feeds, ``weight.shape[0] * receptive field``
  (the receptive field is the product of ``shape[2:]``, 1 for a ``Linear`` weight).

Every function changes ``tensor`` in place (also when it is a view into an optimizer's buffer),
records nothing in the graph, returns ``tensor``, and draws from
:func:`descenso.autograd.default_generator`, so :func:`descenso.manual_seed` makes it
reproducible. Numbers are drawn in float64 and rounded to the tensor's dtype. The random
values differ from PyTorch's (another generator); the distributions are the same.

>>> import descenso
>>> from descenso import nn
>>> layer = nn.Linear(256, 128)
>>> _ = nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
>>> _ = nn.init.zeros_(layer.bias)
>>> round(float(layer.weight.data.std()), 2)  # sqrt(2 / 256)
0.09
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from descenso.autograd import Tensor, default_generator
from descenso.errors import ConfigError, ShapeError
from descenso.i18n import gettext as _

__all__ = [
    "calculate_gain", "constant_", "kaiming_normal_", "kaiming_uniform_", "normal_", "ones_",
    "uniform_", "xavier_normal_", "xavier_uniform_", "zeros_",
]

_LINEAR_LIKE = ("linear", "identity", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
                "conv_transpose2d", "conv_transpose3d", "sigmoid")


def _number(name: str, value) -> float:
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not math.isfinite(value)):
        raise ConfigError(
            _("{name} must be a finite number, got {value!r}").format(name=name, value=value)
        )
    return float(value)


def _array(tensor) -> np.ndarray:
    if not isinstance(tensor, Tensor):
        raise ConfigError(
            _("nn.init functions take a tensor such as layer.weight, got {kind}").format(
                kind=type(tensor).__name__)
        )
    if tensor.data.dtype.kind != "f":
        raise ConfigError(
            _("nn.init fills floating-point tensors, got dtype {dtype}; make the tensor with "
              "dtype=float32").format(dtype=tensor.data.dtype)
        )
    return tensor.data


def _fill(tensor, values) -> Tensor:
    array = _array(tensor)
    array[...] = values  # in place: views held by an optimizer stay valid
    return tensor


def calculate_gain(nonlinearity: str, param=None) -> float:
    """The recommended scale of the weights for a nonlinearity (PyTorch's table).

    ``linear``, ``conv*`` and ``sigmoid``: 1; ``tanh``: 5/3; ``relu``: sqrt(2);
    ``leaky_relu``: sqrt(2 / (1 + slope**2)) with ``param`` the slope (default 0.01);
    ``selu``: 3/4.

    >>> round(calculate_gain("relu"), 6), round(calculate_gain("leaky_relu", 0.2), 6)
    (1.414214, 1.38675)
    """
    if nonlinearity in _LINEAR_LIKE:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else _number("negative_slope", param)
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ConfigError(
        _("unknown nonlinearity {name!r}; use one of {names}").format(
            name=nonlinearity, names=", ".join((*_LINEAR_LIKE, "tanh", "relu", "leaky_relu",
                                                "selu")))
    )


def calculate_fan_in_and_fan_out(tensor) -> tuple[int, int]:
    """``(fan_in, fan_out)`` of a weight of shape (out, in, *kernel).

    >>> from descenso.nn import Linear
    >>> calculate_fan_in_and_fan_out(Linear(5, 3).weight)
    (5, 3)
    """
    shape = _array(tensor).shape
    if len(shape) < 2:
        raise ShapeError(
            _("fan in and fan out need a weight with at least 2 dimensions, got shape {shape}; "
              "initialise biases with zeros_, constant_, uniform_ or normal_").format(
                shape=shape)
        )
    receptive_field = math.prod(shape[2:])
    return shape[1] * receptive_field, shape[0] * receptive_field


def _fan(tensor, mode: str) -> int:
    if mode not in ("fan_in", "fan_out"):
        raise ConfigError(
            _("mode must be 'fan_in' or 'fan_out', got {value!r}").format(value=mode)
        )
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def zeros_(tensor) -> Tensor:
    """Fill ``tensor`` with 0 (the usual start for biases)."""
    return _fill(tensor, 0)


def ones_(tensor) -> Tensor:
    """Fill ``tensor`` with 1."""
    return _fill(tensor, 1)


def constant_(tensor, val: float) -> Tensor:
    """Fill ``tensor`` with ``val``.

    >>> from descenso.nn import Parameter
    >>> constant_(Parameter([0.0, 0.0]), 0.5)
    Parameter containing:
    tensor([0.5000, 0.5000], requires_grad=True)
    """
    return _fill(tensor, _number("val", val))


def uniform_(tensor, a: float = 0.0, b: float = 1.0) -> Tensor:
    """Fill ``tensor`` with draws from the uniform distribution on [a, b)."""
    low, high = _number("a", a), _number("b", b)
    if low > high:
        raise ConfigError(
            _("uniform_ needs a <= b, got a={a} and b={b}").format(a=low, b=high)
        )
    return _fill(tensor, default_generator().uniform(low, high, size=_array(tensor).shape))


def normal_(tensor, mean: float = 0.0, std: float = 1.0) -> Tensor:
    """Fill ``tensor`` with draws from the normal distribution N(mean, std**2)."""
    center, spread = _number("mean", mean), _number("std", std)
    if spread < 0:
        raise ConfigError(_("std must be >= 0, got {value}").format(value=spread))
    return _fill(tensor, default_generator().normal(center, spread, size=_array(tensor).shape))


def xavier_uniform_(tensor, gain: float = 1.0) -> Tensor:
    """Glorot uniform: U(-a, a) with ``a = gain * sqrt(6 / (fan_in + fan_out))``."""
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    std = _number("gain", gain) * math.sqrt(2.0 / float(fan_in + fan_out))
    bound = math.sqrt(3.0) * std
    return _fill(tensor, default_generator().uniform(-bound, bound, size=tensor.data.shape))


def xavier_normal_(tensor, gain: float = 1.0) -> Tensor:
    """Glorot normal: N(0, std**2) with ``std = gain * sqrt(2 / (fan_in + fan_out))``."""
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    std = _number("gain", gain) * math.sqrt(2.0 / float(fan_in + fan_out))
    return _fill(tensor, default_generator().normal(0.0, std, size=tensor.data.shape))


def kaiming_uniform_(tensor, a: float = 0.0, mode: str = "fan_in",
                     nonlinearity: str = "leaky_relu") -> Tensor:
    """He uniform: U(-bound, bound) with ``bound = gain * sqrt(3 / fan)``.

    ``gain = calculate_gain(nonlinearity, a)``; ``fan`` is ``fan_in`` (keeps the forward
    signal's variance) or ``fan_out`` (keeps the gradients'). ``a`` is the negative slope of
    a leaky ReLU. ``nn.Linear`` starts with ``a = sqrt(5)``.
    """
    fan = _fan(tensor, mode)
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    bound = math.sqrt(3.0) * std
    return _fill(tensor, default_generator().uniform(-bound, bound, size=tensor.data.shape))


def kaiming_normal_(tensor, a: float = 0.0, mode: str = "fan_in",
                    nonlinearity: str = "leaky_relu") -> Tensor:
    """He normal: N(0, std**2) with ``std = gain / sqrt(fan)`` (see :func:`kaiming_uniform_`)."""
    fan = _fan(tensor, mode)
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    return _fill(tensor, default_generator().normal(0.0, std, size=tensor.data.shape))
