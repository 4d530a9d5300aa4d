"""Blind deconvolution: the sharp image and the blur, both unknown, by alternating descent.

The method of Perrone and Favaro ("Total Variation Blind Deconvolution: The Devil is in the
Details", CVPR 2014): minimise ``E(u, k) = ½ Σ (k * u − f)² + λ TV(u)`` over the image ``u`` and
the kernel ``k``, taking turns, each turn one gradient step:

1. ``u ← u − ε_u ∂E/∂u`` (the image step, with the current kernel);
2. ``k ← k − ε_k ∂D/∂k``, then ``k ← max(k, 0)`` and ``k ← k / Σk`` (the kernel step, then back
   to a valid kernel), where ``D`` is the data term on the images' derivatives
   (:func:`~descenso.deblur.energy.gradient_data_term`): the same minimiser for an exact
   ``u``, but far better conditioned, since a kernel shows only at edges.

The "details" of their title are what make this work where the bare energy would not (its
minimum is the blurred image itself with a delta kernel): the projection is applied after
every step, not to the minimiser, and the work goes coarse to fine (:mod:`pyramid`) with
``λ`` lowered as the estimate sharpens. The image step is ``1/L_u`` with ``L_u = 1 + 8λ/ε``
(no step can overshoot); the kernel step is normalized, as theirs: it moves the largest weight
by a fixed small fraction of the kernel's largest weight, so the kernel changes slowly enough
for the image to follow (a larger kernel step lets the kernel explain the blur away as a
blob). Between scales the kernel is cleaned (faint weights and stray specks dropped,
:func:`sparsify_kernel`), moved so that its centre of mass is at its centre, the image moved
the other way (:func:`center_kernel`; otherwise the restored photo can come out shifted by a
pixel or two), and enlarged by linear interpolation for the next scale.

What each change did is measured in ``BENCHMARKS.md`` ("Deblurring").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from descenso.autograd.tensor import tensor
from descenso.deblur.energy import energy, gradient_data_term, tv_lipschitz
from descenso.deblur.kernels import project_kernel
from descenso.deblur.nonblind import DeblurInterrupted, extend
from descenso.deblur.pyramid import resize, scales
from descenso.errors import DataError
from descenso.i18n import gettext as _

__all__ = ["BlindResult", "blind_deconvolve", "center_kernel", "clean_kernel", "sparsify_kernel"]


@dataclass
class BlindResult:
    """What blind deconvolution found.

    Attributes
    ----------
    image : ndarray (..., H + p − 1, W + q − 1), the sharp image estimate
    kernel : ndarray (p, q), the blur estimate (nonnegative, summing to 1)
    energies : list of float, the energy after each iteration (all scales, in order)
    kernels : list of ndarray, the kernel at the end of each scale, coarse to fine
    scales : list of float
    """

    image: np.ndarray
    kernel: np.ndarray
    energies: list = field(default_factory=list)
    kernels: list = field(default_factory=list)
    scales: list = field(default_factory=list)


def blind_deconvolve(blurred, kernel_size: int | tuple[int, int], *, lam: float = 1e-2,
                     lam_min: float = 2e-3, decay: float = 0.995, eps: float = 5e-3,
                     iterations: int = 300, image_steps: int = 3, kernel_rate: float = 0.01,
                     floor: float = 0.05, callback: Callable | None = None) -> BlindResult:
    """Estimate the sharp image and the blur kernel from ``blurred`` alone.

    Parameters
    ----------
    blurred : ndarray of shape (H, W) or (C, H, W), values about in [0, 1]
        Colour images share one kernel.
    kernel_size : int or (int, int)
        An upper bound on the blur's extent in pixels (odd sizes centre best).
    lam, lam_min, decay : float
        The total-variation weight starts at ``lam`` and is multiplied by ``decay`` after each
        iteration, down to ``lam_min``; it restarts at ``lam`` on each scale.
    eps : float, smoothing of the total variation
    iterations : int, iterations per scale
    image_steps : int
        Gradient steps on the image per step on the kernel: the image, with many more
        unknowns, needs more steps to follow a change of kernel.
    kernel_rate : float
        The kernel step moves its largest weight by at most this fraction of the kernel's
        largest weight (Perrone and Favaro's normalized step): small, so the image keeps up.
    floor : float
        At the end of each scale, kernel weights below ``floor`` times the largest are dropped
        and only the kernel's main connected pieces kept (:func:`sparsify_kernel`); 0 keeps
        the kernel as the descent left it.
    callback : callable, optional
        ``callback(scale_index, n_scales, iteration, energy, kernel)`` after each iteration;
        Ctrl-C raises :class:`DeblurInterrupted` whose ``result`` holds the estimate so far
        (the full-size image once the last scale has started, else the blurred image).
    """
    f = np.asarray(blurred, dtype=np.float64)
    if f.ndim not in (2, 3) or not np.isfinite(f).all():
        raise DataError(_("the blurred image must be a finite array of shape (H, W) or (C, H, "
                          "W), got shape {shape}; check the image").format(shape=f.shape))
    p, q = (kernel_size, kernel_size) if np.isscalar(kernel_size) else kernel_size
    if p < 3 or q < 3 or p > f.shape[-2] or q > f.shape[-1]:
        raise DataError(_("the kernel size must be between 3 and the image's size "
                          "({h}x{w}), got {p}x{q}; choose another --kernel-size").format(
            h=f.shape[-2], w=f.shape[-1], p=p, q=q))
    result = BlindResult(image=extend(f, (p, q)), kernel=_delta((p, q)))
    levels = scales(max(p, q))
    u = k = None
    try:
        for index, scale in enumerate(levels):
            shape_k = (_odd(p * scale), _odd(q * scale))
            shape_f = (max(round(f.shape[-2] * scale), shape_k[0]),
                       max(round(f.shape[-1] * scale), shape_k[1]))
            f_s = resize(f, shape_f) if scale < 1 else f
            shape_u = (shape_f[0] + shape_k[0] - 1, shape_f[1] + shape_k[1] - 1)
            if k is None:
                k = _delta(shape_k)
                u = extend(f_s, shape_k)
            else:
                k = project_kernel(resize(k, shape_k))
                u = resize(u, shape_u)
            u, k = _one_scale(u, k, f_s, lam, lam_min, decay, eps, iterations, result,
                              kernel_rate, image_steps,
                              lambda t, e, kk: callback and callback(index, len(levels), t, e, kk))
            if floor > 0:
                k = sparsify_kernel(k, floor)
            k, u = center_kernel(k, u)
            result.kernels.append(k.copy())
            result.scales.append(scale)
            result.image, result.kernel = u, k
        result.kernel = clean_kernel(k)
    except KeyboardInterrupt:
        if u is not None and u.shape[-2:] == result.image.shape[-2:]:
            result.image, result.kernel = u, k
        raise DeblurInterrupted(result) from None
    return result


def _one_scale(u, k, f, lam, lam_min, decay, eps, iterations, result, kernel_rate,
               image_steps, report):
    target = tensor(f, dtype=np.float64)
    weight = lam
    for t in range(iterations):
        step_u = 1.0 / (1.0 + tv_lipschitz(weight, eps))
        for _ in range(image_steps):
            image = tensor(u, requires_grad=True, dtype=np.float64)
            value = energy(image, tensor(k, dtype=np.float64), target, weight, eps)
            value.backward()
            u = u - step_u * np.asarray(image.grad)
        kernel = tensor(k, requires_grad=True, dtype=np.float64)
        gradient_data_term(tensor(u, dtype=np.float64), kernel, f).backward()
        gk = np.asarray(kernel.grad)
        step_k = kernel_rate * k.max() / max(np.abs(gk).max(), 1e-300)
        k = project_kernel(k - step_k * gk)
        weight = max(weight * decay, lam_min)
        result.energies.append(value.item())
        report(t, value.item(), k)
    return u, k


def sparsify_kernel(kernel: np.ndarray, floor: float = 0.05) -> np.ndarray:
    """Weights below ``floor`` times the largest dropped, then only the connected pieces
    (8-neighbours) holding at least a tenth of the largest piece's mass kept, renormalized."""
    kept = np.where(kernel >= floor * kernel.max(), kernel, 0.0)
    labels = _components(kept > 0)
    masses = np.bincount(labels.ravel(), weights=kept.ravel())
    masses[0] = 0.0
    keep = masses >= 0.1 * masses.max()
    return project_kernel(np.where(keep[labels], kept, 0.0))


def center_kernel(kernel: np.ndarray, image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``kernel`` moved by whole pixels so that its centre of mass is nearest its centre, and
    ``image`` moved the other way (the pair blurs to the same picture, but for the borders)."""
    rows, cols = np.indices(kernel.shape)
    shift = [int(np.round((n - 1) / 2 - np.sum(index * kernel)))
             for n, index in zip(kernel.shape, (rows, cols))]
    moved = np.zeros_like(kernel)
    (dy, dx), (p, q) = shift, kernel.shape
    moved[max(dy, 0):p + min(dy, 0), max(dx, 0):q + min(dx, 0)] = \
        kernel[max(-dy, 0):p - max(dy, 0), max(-dx, 0):q - max(dx, 0)]
    return project_kernel(moved), np.roll(image, (-dy, -dx), axis=(-2, -1))


def _components(mask: np.ndarray) -> np.ndarray:
    labels = np.zeros(mask.shape, dtype=np.intp)
    count = 0
    for start in zip(*np.nonzero(mask)):
        if labels[start]:
            continue
        count += 1
        labels[start] = count
        stack = [start]
        while stack:
            y, x = stack.pop()
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    a, b = y + dy, x + dx
                    if (0 <= a < mask.shape[0] and 0 <= b < mask.shape[1] and mask[a, b]
                            and not labels[a, b]):
                        labels[a, b] = count
                        stack.append((a, b))
    return labels


def clean_kernel(kernel: np.ndarray, floor: float = 0.05) -> np.ndarray:
    """The final kernel with its faint weights (below ``floor`` times the largest) set to 0 and
    the rest renormalized.

    >>> clean_kernel(np.array([[0.01, 0.49], [0.0, 0.5]])).round(3).tolist()
    [[0.0, 0.495], [0.0, 0.505]]
    """
    cleaned = np.where(kernel >= floor * kernel.max(), kernel, 0.0)
    return project_kernel(cleaned)


def _delta(shape: tuple[int, int]) -> np.ndarray:
    kernel = np.zeros(shape)
    kernel[shape[0] // 2, shape[1] // 2] = 1.0
    return kernel


def _odd(size: float) -> int:
    size = max(3, int(round(size)))
    return size if size % 2 else size + 1
