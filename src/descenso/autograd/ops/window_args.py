"""Checking the arguments of window operations (convolutions and pooling) the way PyTorch
reads them: a size is an int or a pair (height, width)."""

from __future__ import annotations

import numbers

import numpy as np

from descenso.errors import ConfigError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["check_image", "padding_pair", "pair"]


def _is_int(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def pair(name: str, value, minimum: int = 1) -> tuple[int, int]:
    """``value`` as (height, width): an int means the same along both axes.

    >>> pair("stride", 2)
    (2, 2)
    >>> pair("kernel_size", (3, 1))
    (3, 1)
    """
    values = (value, value) if _is_int(value) else value
    if (isinstance(values, (tuple, list)) and len(values) == 2
            and all(_is_int(v) and v >= minimum for v in values)):
        return int(values[0]), int(values[1])
    raise ConfigError(
        _("{name} must be an integer >= {minimum} or a pair of them, got {value!r}; write "
          "e.g. {name}=2 or {name}=(2, 1)").format(name=name, minimum=minimum, value=value)
    )


def padding_pair(value) -> tuple[int, int]:
    """A padding given as an int or a pair of integers >= 0, as (height, width)."""
    return pair("padding", value, minimum=0)


def check_image(function: str, x: np.ndarray, channels: int | None = None) -> None:
    """Raise ``ShapeError`` unless ``x`` is a float batch of images (N, C, H, W)."""
    if x.ndim != 4:
        raise ShapeError(
            _("{function} needs input of shape (N, C, H, W), got shape {shape}; add the batch "
              "axis with x.reshape(1, *x.shape) or the channel axis with "
              "x.reshape(n, 1, h, w)").format(function=function, shape=x.shape)
        )
    if x.dtype.kind != "f":
        raise ShapeError(
            _("{function} needs floating-point input, got dtype {dtype}; convert it with "
              "x.astype(np.float32)").format(function=function, dtype=x.dtype)
        )
    if channels is not None and x.shape[1] != channels:
        raise ShapeError(
            _("{function} got input of shape {shape} with {got} channels, but its weight "
              "expects {expected}; check the in_channels of the layer").format(
                function=function, shape=x.shape, got=x.shape[1], expected=channels)
        )
