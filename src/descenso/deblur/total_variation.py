"""Total variation: the prior that says a photo is mostly flat areas separated by sharp edges.

``TV(u) = Σ sqrt(|∇u|² + ε²)``, the sum over pixels of the length of the image's gradient
(forward differences; ``ε`` rounds the corner at zero so that the gradient exists). A blurred
image has small gradients spread wide; a sharp one has large gradients in few places. For the
same total change of brightness, TV prefers the sharp one... and, given a noisy image, the one
without the noise. Written with descenso's operations, so autograd gives its gradient.

>>> import numpy as np
>>> from descenso import tensor
>>> step = tensor(np.repeat([[0.0, 0.0, 1.0, 1.0]], 4, axis=0), dtype=np.float64)
>>> round(total_variation(step, eps=0.0).item(), 6)     # one edge of height 1, 3 rows long
3.0
"""

from __future__ import annotations

__all__ = ["total_variation"]


def total_variation(u, eps: float = 1e-3):
    """Isotropic total variation of ``u`` (..., H, W): a scalar Tensor.

    Differences are taken over the pixels that have a right and a lower neighbour,
    ``(H - 1) x (W - 1)`` of them per image.
    """
    dx = u[..., :-1, 1:] - u[..., :-1, :-1]
    dy = u[..., 1:, :-1] - u[..., :-1, :-1]
    return ((dx * dx + dy * dy + eps * eps) ** 0.5).sum()
