"""Non-blind deconvolution: the kernel is known, the sharp image is found by gradient descent.

Minimise ``E(u) = ½ Σ (k * u − f)² + λ TV(u)`` over ``u``: autograd gives ``∂E/∂u`` and each
step moves against it. The step is ``1/L``, with ``L`` the largest curvature ``E`` can have
(``1`` for the data term, since a kernel's weights sum to 1, plus ``8λ/ε`` for the smoothed total
variation), so no step can overshoot; Nesterov's momentum (each gradient is taken at a point
looking ahead along the last step, by ``(t−1)/(t+2)`` of it: accelerated gradient descent)
makes the descent about as fast as the curvature allows.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from descenso.autograd.tensor import tensor
from descenso.deblur.energy import energy, tv_lipschitz
from descenso.deblur.kernels import check_kernel
from descenso.errors import DataError
from descenso.i18n import gettext as _

__all__ = ["DeblurInterrupted", "crop", "deconvolve", "extend"]


class DeblurInterrupted(KeyboardInterrupt):
    """Ctrl-C during a deconvolution, carrying the estimate so far in ``result`` (for the
    non-blind case the image; for the blind case a :class:`~descenso.deblur.BlindResult`)."""

    def __init__(self, result):
        super().__init__()
        self.result = result


def extend(f: np.ndarray, kernel_shape: tuple[int, int]) -> np.ndarray:
    """``f`` (..., H, W) grown to the sharp image's size (..., H+p−1, W+q−1) by repeating its
    border pixels: the starting point of the descent."""
    p, q = kernel_shape
    pad = [(0, 0)] * (f.ndim - 2) + [((p - 1) // 2, p // 2), ((q - 1) // 2, q // 2)]
    return np.pad(f, pad, mode="edge")


def deconvolve(blurred, kernel, *, lam: float = 2e-3, eps: float = 5e-3,
               iterations: int = 300, start: np.ndarray | None = None,
               callback: Callable[[int, float], None] | None = None) -> np.ndarray:
    """The sharp image that ``kernel`` blurred into ``blurred``, by accelerated gradient descent.

    Parameters
    ----------
    blurred : ndarray of shape (H, W) or (C, H, W), values about in [0, 1]
    kernel : ndarray of shape (p, q), nonnegative (normalized to sum 1 here)
    lam : float, weight of the total variation (about the noise level; 2e-3 for 1 % noise)
    eps : float, smoothing of the total variation at zero gradient
    iterations : int
    start : ndarray, optional, a starting image of the sharp image's size
    callback : callable, optional, ``callback(iteration, energy)`` after each step

    Returns
    -------
    ndarray of shape (..., H + p − 1, W + q − 1), float64: the image before the blur, including
    the border that the blur mixed into the picture's edge. ``crop(u, kernel.shape)`` gives
    the part aligned with ``blurred``.
    """
    f = np.asarray(blurred, dtype=np.float64)
    if f.ndim not in (2, 3) or not np.isfinite(f).all():
        raise DataError(_("the blurred image must be a finite array of shape (H, W) or (C, H, "
                          "W), got shape {shape}; check the image").format(shape=f.shape))
    k = check_kernel(kernel, f.shape[-2:])
    step = 1.0 / (1.0 + tv_lipschitz(lam, eps))
    u = extend(f, k.shape) if start is None else np.asarray(start, dtype=np.float64).copy()
    previous = u.copy()
    target, weights = tensor(f, dtype=np.float64), tensor(k, dtype=np.float64)
    try:
        for t in range(1, iterations + 1):
            look = u + (t - 1) / (t + 2) * (u - previous)
            point = tensor(look, requires_grad=True, dtype=np.float64)
            value = energy(point, weights, target, lam, eps)
            value.backward()
            previous = u
            u = look - step * np.asarray(point.grad)
            if callback is not None:
                callback(t, value.item())
    except KeyboardInterrupt:
        raise DeblurInterrupted(u) from None
    return u


def crop(u: np.ndarray, kernel_shape: tuple[int, int]) -> np.ndarray:
    """The part of a deconvolved image ``u`` aligned with the blurred image (see
    :func:`extend`)."""
    p, q = kernel_shape
    top, left = (p - 1) // 2, (q - 1) // 2
    return u[..., top:u.shape[-2] - p // 2, left:u.shape[-1] - q // 2]
