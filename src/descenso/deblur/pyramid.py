"""Resizing for the coarse-to-fine pyramid: a linear (triangle) filter, widened when shrinking.

Blind deconvolution starts small: at a quarter of the size a 25-pixel shake is a 6-pixel one,
few unknowns, and the rough shape of the kernel is easy to find; each finer scale starts from
the coarser answer enlarged. Resizing is a matrix product on each axis: ``R_rows @ image @
R_colsᵀ``, each row of ``R`` the weights of a triangle centred on the output pixel, as wide as one
output pixel when shrinking (so it averages instead of skipping pixels) and as one input pixel
when enlarging (plain linear interpolation).

>>> import numpy as np
>>> resize(np.ones((8, 6)), (4, 3)).round(12).tolist() == np.ones((4, 3)).tolist()
True
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["resize", "scales"]


def resize(image: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """``image`` (..., H, W) resized to (..., shape[0], shape[1])."""
    rows = _weights(image.shape[-2], shape[0])
    cols = _weights(image.shape[-1], shape[1])
    return rows @ image @ cols.T


def _weights(n_in: int, n_out: int) -> np.ndarray:
    scale = n_in / n_out
    width = max(1.0, scale)
    centres = (np.arange(n_out) + 0.5) * scale - 0.5
    distance = np.abs(np.arange(n_in)[None, :] - centres[:, None]) / width
    weights = np.maximum(1.0 - distance, 0.0)
    empty = weights.sum(axis=1) == 0
    if empty.any():  # an output pixel beyond the last input: take the nearest
        nearest = np.clip(np.round(centres[empty]).astype(int), 0, n_in - 1)
        weights[np.flatnonzero(empty), nearest] = 1.0
    return weights / weights.sum(axis=1, keepdims=True)


def scales(kernel_size: int, factor: float = math.sqrt(2.0), smallest: int = 5) -> list[float]:
    """The pyramid's scale factors, coarse to fine, ending at 1: the kernel shrinks by
    ``factor`` per level until it is ``smallest`` pixels or less.

    >>> [round(s, 3) for s in scales(25)]
    [0.25, 0.354, 0.5, 0.707, 1.0]
    """
    levels = [1.0]
    while kernel_size * levels[-1] / factor >= smallest:
        levels.append(levels[-1] / factor)
    return levels[::-1]
