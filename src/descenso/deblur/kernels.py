"""Blur kernels: camera shake made from random trajectories, and the projection every estimate
goes through.

A blur kernel says where the light of one point of the scene landed while the shutter was
open: nonnegative weights that sum to 1 (the blur moves light, it neither makes nor destroys
it). :func:`project_kernel` puts any array back into that set, which blind deconvolution does
after each gradient step on the kernel.

Camera shake is a path, not a blob. :func:`camera_shake_kernel` follows the model of Boracchi
and Foi ("Modeling the performance of image restoration from motion blur", IEEE TIP 2012): a
trajectory whose velocity receives a random (Gaussian) push at each instant, a pull back
towards the start (the hand corrects itself), and rare abrupt jerks; the kernel is the time the
trajectory spent over each pixel (each sample shared among its four nearest pixels).

>>> k = camera_shake_kernel(15, seed=0)
>>> k.shape, bool(np.isclose(k.sum(), 1.0)), bool((k >= 0).all())
((15, 15), True, True)
"""

from __future__ import annotations

import numpy as np

from descenso.errors import DataError
from descenso.i18n import gettext as _

__all__ = ["camera_shake_kernel", "check_kernel", "project_kernel"]

_SAMPLES = 2000


def camera_shake_kernel(size: int, seed: int | None = None, *, length: float | None = None,
                        anxiety: float = 0.03, centripetal: float = 0.02,
                        jerk_rate: float = 0.002) -> np.ndarray:
    """A ``size`` x ``size`` camera-shake kernel from a seeded random trajectory.

    Parameters
    ----------
    size : int, >= 3
    seed : int, optional
    length : float, optional
        Length of the trajectory in pixels (default: a random length between ``0.5 · size``
        and ``1.2 · size``); the path is shrunk if it would not fit in the kernel.
    anxiety : float
        Strength of the random pushes (radians of turn per step, about).
    centripetal : float
        Strength of the pull back towards the start.
    jerk_rate : float
        Probability of an abrupt jerk at each step.

    Returns
    -------
    ndarray of shape (size, size), float64, nonnegative, summing to 1, its centre of mass at
    the centre.
    """
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 3:
        raise DataError(_("the kernel size must be a whole number >= 3, got {value!r}").format(
            value=size))
    rng = np.random.default_rng(seed)
    length = rng.uniform(0.5, 1.2) * size if length is None else float(length)
    velocity = np.exp(1j * rng.uniform(0, 2 * np.pi))
    position = np.zeros(_SAMPLES, dtype=np.complex128)
    for t in range(1, _SAMPLES):
        push = anxiety * (rng.normal() + 1j * rng.normal())
        pull = -centripetal * anxiety * position[t - 1] / (abs(position[t - 1]) + 1.0)
        velocity = velocity + push + pull
        if rng.uniform() < jerk_rate:
            velocity = velocity * np.exp(1j * rng.uniform(-np.pi, np.pi))
        velocity /= max(abs(velocity), 1e-12)  # unit speed: length is set below
        position[t] = position[t - 1] + velocity
    position *= length / (_SAMPLES - 1)
    position -= position.mean()
    extent = max(np.ptp(position.real), np.ptp(position.imag))
    if extent > size - 2:
        position *= (size - 2) / extent
    return _rasterize(position, size)


def _rasterize(position: np.ndarray, size: int) -> np.ndarray:
    """Time spent over each pixel, each sample split bilinearly among four pixels."""
    centre = (size - 1) / 2.0
    x, y = position.real + centre, position.imag + centre
    x0, y0 = np.floor(x).astype(int), np.floor(y).astype(int)
    fx, fy = x - x0, y - y0
    kernel = np.zeros((size, size))
    for dx, dy, weight in ((0, 0, (1 - fx) * (1 - fy)), (1, 0, fx * (1 - fy)),
                           (0, 1, (1 - fx) * fy), (1, 1, fx * fy)):
        cols, rows = x0 + dx, y0 + dy
        inside = (cols >= 0) & (cols < size) & (rows >= 0) & (rows < size)
        np.add.at(kernel, (rows[inside], cols[inside]), weight[inside])
    return project_kernel(kernel)


def project_kernel(kernel: np.ndarray) -> np.ndarray:
    """The nearest valid kernel in the sense blind deconvolution uses: negative weights set to
    0, then the weights divided by their sum (a delta at the centre if nothing is left).

    >>> project_kernel(np.array([[-1.0, 1.0], [1.0, 2.0]])).tolist()
    [[0.0, 0.25], [0.25, 0.5]]
    """
    kernel = np.maximum(np.asarray(kernel, dtype=np.float64), 0.0)
    total = kernel.sum()
    if not np.isfinite(total) or total <= 0:
        kernel = np.zeros_like(kernel)
        kernel[kernel.shape[0] // 2, kernel.shape[1] // 2] = 1.0
        return kernel
    return kernel / total


def check_kernel(kernel, image_shape: tuple[int, int] | None = None) -> np.ndarray:
    """A valid kernel from ``kernel`` (2-D, finite, nonnegative, not all zero), normalized to
    sum to 1; ``DataError`` otherwise, saying what to do."""
    array = np.asarray(kernel, dtype=np.float64)
    if array.ndim != 2 or min(array.shape) < 1:
        raise DataError(_("a blur kernel must be a 2-D array of weights, got shape {shape}; "
                          "give a grayscale image or a 2-D array").format(shape=array.shape))
    if not np.isfinite(array).all() or (array < 0).any() or array.sum() <= 0:
        raise DataError(_("a blur kernel must hold finite, nonnegative weights that are not all "
                          "zero; check the kernel file"))
    if image_shape is not None and (array.shape[0] > image_shape[0]
                                    or array.shape[1] > image_shape[1]):
        raise DataError(_("the kernel ({kh}x{kw}) is larger than the image ({h}x{w}); use a "
                          "smaller --kernel-size").format(kh=array.shape[0], kw=array.shape[1],
                                                          h=image_shape[0], w=image_shape[1]))
    return array / array.sum()
