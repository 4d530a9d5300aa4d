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

from descenso.autograd.ops.fft_conv import fft_conv2d
from descenso.deblur.total_variation import total_variation

__all__ = ["data_term", "energy", "tv_lipschitz"]


def data_term(u, k, f):
    """``½ Σ (k * u − f)²`` as a scalar Tensor; ``u`` (..., H+p−1, W+q−1), ``k`` (p, q),
    ``f`` (..., H, W)."""
    residual = fft_conv2d(u, k) - f
    return 0.5 * (residual * residual).sum()


def energy(u, k, f, lam: float, eps: float):
    """``data_term(u, k, f) + lam · total_variation(u, eps)``."""
    return data_term(u, k, f) + lam * total_variation(u, eps)


def tv_lipschitz(lam: float, eps: float) -> float:
    """A bound on the curvature of ``λ · TV_ε``: ``8 λ / ε`` (the finite-difference gradient
    has norm at most √8, and ``sqrt(s + ε²)`` bends at most ``1/ε``)."""
    return 8.0 * lam / eps
