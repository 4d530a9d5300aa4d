"""``pad``: add borders to the last axes of a tensor, PyTorch's ``F.pad``.

Modes: "constant" (a fixed value, zeros by default), "reflect" (mirror without repeating the
edge: 2 1 | 1 2 3 | 3 2 becomes 3 2 | 1 2 3 | 2 1), "replicate" (repeat the edge) and
"circular" (wrap around, as if the image tiled the plane).

Along one axis every padded value is a copy of one input value, so padding is a linear map
given by a 0/1 *selection matrix*; the backward pass multiplies the gradient by that matrix
transposed, which adds the gradient of each copy back onto its source.

>>> from descenso import tensor
>>> pad(tensor([[1.0, 2.0, 3.0]]), (2, 1), mode="reflect")
tensor([[3., 2., 1., 2., 3., 2.]])
"""

from __future__ import annotations

import numbers

import numpy as np

from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ConfigError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["pad"]

_NUMPY_MODES = {"constant": "constant", "zeros": "constant", "reflect": "reflect",
                "replicate": "edge", "circular": "wrap"}


def _pairs(pad_widths, ndim: int) -> list[tuple[int, int]]:
    """PyTorch's flat (left, right, top, bottom, ...) as (before, after) per axis, first axis
    first."""
    if (not isinstance(pad_widths, (tuple, list)) or len(pad_widths) % 2
            or not all(isinstance(p, numbers.Integral) and not isinstance(p, bool) and p >= 0
                       for p in pad_widths)):
        raise ConfigError(
            _("pad must be a tuple of an even number of integers >= 0, (left, right, top, "
              "bottom, ...), got {value!r}; for example (1, 1, 2, 2)").format(value=pad_widths))
    if len(pad_widths) // 2 > ndim:
        raise ShapeError(
            _("pad {value} pads {axes} axes but the tensor has {ndim}; give at most 2 numbers "
              "per axis").format(value=tuple(pad_widths), axes=len(pad_widths) // 2, ndim=ndim))
    padded = [(int(pad_widths[2 * i]), int(pad_widths[2 * i + 1]))
              for i in range(len(pad_widths) // 2)]
    return [(0, 0)] * (ndim - len(padded)) + padded[::-1]


def _check_sizes(mode: str, shape, widths) -> None:
    for size, (before, after) in zip(shape, widths):
        if before == after == 0:
            continue
        limit = size - 1 if mode == "reflect" else size
        if mode in ("reflect", "circular") and max(before, after) > limit:
            raise ShapeError(
                _("{mode} padding of {width} needs an axis longer than that, got length {size}; "
                  "pad less or use mode='replicate'").format(
                    mode=mode, width=max(before, after), size=size))
        if mode == "replicate" and size == 0:
            raise ShapeError(_("replicate padding needs a non-empty axis; remove the empty axis or pad with "
                              "mode='constant'"))


def _selection(size: int, before: int, after: int, mode: str) -> np.ndarray:
    """S (size + before + after, size): row k picks the input value that output k copies."""
    sources = np.pad(np.arange(size), (before, after), mode=_NUMPY_MODES[mode])
    return (sources[:, np.newaxis] == np.arange(size)).astype(np.float64)


def pad(x, pad, mode: str = "constant", value: float = 0.0):
    """Pad the last ``len(pad) // 2`` axes of ``x``.

    Parameters
    ----------
    x : Tensor of any shape (..., H, W)
    pad : tuple of ints
        (left, right) pads the last axis, (left, right, top, bottom) the last two, and so on.
    mode : {"constant", "zeros", "reflect", "replicate", "circular"}
    value : float, default 0
        The fill value of "constant".

    Returns
    -------
    Tensor of shape (..., H + top + bottom, W + left + right).
    """
    if mode not in _NUMPY_MODES:
        raise ConfigError(
            _("padding mode {value!r} is unknown; use 'constant', 'zeros', 'reflect', "
              "'replicate' or 'circular'").format(value=mode))
    x_data = np.asarray(operand(x))
    widths = _pairs(pad, x_data.ndim)
    _check_sizes(mode, x_data.shape, widths)
    if _NUMPY_MODES[mode] == "constant":
        out = np.pad(x_data, widths, mode="constant", constant_values=value)
    else:
        out = np.pad(x_data, widths, mode=_NUMPY_MODES[mode])
    if not tracks(x):
        return constant(out)

    def backward(grad):
        if _NUMPY_MODES[mode] == "constant":
            inside = tuple(slice(before, before + size)
                           for size, (before, _after) in zip(x_data.shape, widths))
            return (grad[inside],)
        for axis, (size, (before, after)) in enumerate(zip(x_data.shape, widths)):
            if before or after:
                selection = _selection(size, before, after, mode).astype(grad.dtype)
                grad = np.moveaxis(np.moveaxis(grad, axis, -1) @ selection, -1, axis)
        return (grad,)

    return from_op(out, (x,), backward)
