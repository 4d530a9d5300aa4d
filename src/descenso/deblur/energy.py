"""The energy every deconvolution here minimises: fit the blurred image, stay sharp.

    E(u, k) = ½ Σ (k * u − f)²  +  λ · TV(u)

The first term says "blurring the estimate ``u`` with the kernel ``k`` should give the
observed ``f``"; alone it is satisfied by many noisy images, because the blur destroyed the
fine detail that would tell them apart. The second, :func:`total_variation`, prefers the one
with the fewest, sharpest edges; ``λ`` weighs one against the other (more noise, larger λ).
``*`` is the valid convolution of :func:`descenso.autograd.ops.fft_conv.fft_conv2d`, so ``u`` is
larger than ``f`` by the kernel's size minus one, and autograd gives both ``∂E/∂u`` and ``∂E/∂k``.
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.ops.fft_conv import fft_conv2d
from descenso.autograd.tensor import Tensor
from descenso.deblur.total_variation import total_variation

__all__ = ["data_term", "energy", "gradient_data_term", "tv_lipschitz"]


def data_term(u, k, f):
    """``½ Σ (k * u − f)²`` as a scalar Tensor; ``u`` (..., H+p−1, W+q−1), ``k`` (p, q),
    ``f`` (..., H, W)."""
    residual = fft_conv2d(u, k) - f
    return 0.5 * (residual * residual).sum()


def gradient_data_term(u, k, f):
    """The data term on the images' derivatives: ``½ Σ (k * ∂ₓu − ∂ₓf)² + ½ Σ (k * ∂ᵧu − ∂ᵧf)²``
    (forward differences; blurring commutes with them, so the kernel is the same).

    Blind deconvolution fits the *kernel* to this one: a kernel is seen at edges, where
    the derivatives are large, not in flat areas, where any kernel fits; weighing each frequency
    by its own square, the derivatives make the fit look at the detail that tells a path from
    a blob (Cho and Lee, "Fast motion deblurring", 2009; Levin et al., CVPR 2009, do the same).
    ``u`` (..., H+p−1, W+q−1), ``k`` (p, q), ``f`` (..., H, W), ``f`` as a Tensor or an array.
    """
    f = f.data if isinstance(f, Tensor) else np.asarray(f, dtype=np.float64)
    across = u[..., :, 1:] - u[..., :, :-1]
    down = u[..., 1:, :] - u[..., :-1, :]
    return (data_term(across, k, f[..., :, 1:] - f[..., :, :-1])
            + data_term(down, k, f[..., 1:, :] - f[..., :-1, :]))


def energy(u, k, f, lam: float, eps: float):
    """``data_term(u, k, f) + lam · total_variation(u, eps)``."""
    return data_term(u, k, f) + lam * total_variation(u, eps)


def tv_lipschitz(lam: float, eps: float) -> float:
    """A bound on the curvature of ``λ · TV_ε``: ``8 λ / ε`` (the finite-difference gradient
    has norm at most √8, and ``sqrt(s + ε²)`` bends at most ``1/ε``)."""
    return 8.0 * lam / eps
