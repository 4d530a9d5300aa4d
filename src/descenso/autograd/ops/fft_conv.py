"""``fft_conv2d``: the blur of an image by a kernel, computed with the FFT, and its gradients.

A camera that shakes while the shutter is open records every point of the scene smeared along
the path of the shake: the blurred image is the *convolution* of the sharp image ``u`` with a
kernel ``k`` (the path, as weights that sum to 1). This is the "valid" convolution: each output
pixel sees a whole kernel's worth of the image, so the sharp image is larger than the blurred
one by the kernel's size minus one,

    f[i, j] = Σ_a Σ_b k[a, b] · u[i + p − 1 − a, j + q − 1 − b],   k of shape (p, q).

Treating the border this way (instead of padding ``u``) means no made-up pixels enter the
model, which is what keeps a deblurred image from ringing at its edges.

The FFT turns a convolution into a product: with ``U`` and ``K`` the 2-D Fourier transforms of
``u`` and of ``k`` padded to ``u``'s size, ``f`` is the part of ``irfft2(U · K)`` that the
circular wrap-around does not reach. The gradients are correlations, also products in Fourier
space (``conj`` turns a convolution into a correlation): with ``g`` the gradient of ``f`` placed
at ``f``'s position in a zero array ``G`` of ``u``'s size,

    ∂E/∂u = irfft2(FFT(G) · conj(K)),     ∂E/∂k = irfft2(FFT(G) · conj(U))[:p, :q].

Neither wraps around (``G`` is zero where a wrap would land), so both are exact. Cost: six
FFTs of ``u``'s size per forward and backward, whatever the kernel's size, where a direct
convolution costs ``p · q`` multiplications per pixel: for the 25 x 25 kernels of camera shake,
the FFT is much faster. :func:`descenso.nn.functional.conv2d` computes the same
cross-correlation directly (im2col), which is faster for the 3 x 3 kernels of a network.

>>> import numpy as np
>>> from descenso import tensor
>>> u = tensor(np.arange(16.0).reshape(4, 4), requires_grad=True)
>>> k = tensor([[0.0, 1.0], [0.0, 0.0]])
>>> f = fft_conv2d(u, k)          # k shifts the image: f[i, j] = u[i + 1, j]
>>> np.allclose(f.data, u.data[1:, 1:] - 1.0)
True
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ShapeError
from descenso.i18n import gettext as _

__all__ = ["fft_conv2d"]


def fft_conv2d(image, kernel):
    """Valid 2-D convolution of ``image`` by ``kernel`` through the FFT.

    Parameters
    ----------
    image : Tensor or array of shape (..., H, W)
        Leading axes (channels, batch) share the one kernel.
    kernel : Tensor or array of shape (p, q), with p <= H and q <= W

    Returns
    -------
    Tensor of shape (..., H - p + 1, W - q + 1), the dtype of ``image``.
    """
    u, k = operand(image), operand(kernel)
    if u.ndim < 2 or k.ndim != 2 or k.shape[0] > u.shape[-2] or k.shape[1] > u.shape[-1]:
        raise ShapeError(_("fft_conv2d needs an image (..., H, W) and a kernel (p, q) no larger "
                           "than it, got shapes {image} and {kernel}; use a smaller kernel or a "
                           "larger image").format(image=u.shape, kernel=k.shape))
    size = u.shape[-2:]
    p, q = k.shape
    dtype = np.result_type(u.dtype, k.dtype)
    U = np.fft.rfft2(u, s=size)
    K = np.fft.rfft2(k, s=size)
    out = np.fft.irfft2(U * K, s=size)[..., p - 1:, q - 1:].astype(dtype, copy=False)
    need_u, need_k = tracks(image), tracks(kernel)
    if not (need_u or need_k):
        return constant(out)

    def backward(grad):
        G = np.zeros(u.shape, dtype=np.float64)
        G[..., p - 1:, q - 1:] = grad
        FG = np.fft.rfft2(G, s=size)
        grad_u = grad_k = None
        if need_u:
            grad_u = np.fft.irfft2(FG * np.conj(K), s=size).astype(u.dtype, copy=False)
        if need_k:
            grad_k = np.fft.irfft2(FG * np.conj(U), s=size)[..., :p, :q]
            grad_k = grad_k.reshape(-1, p, q).sum(axis=0).astype(k.dtype, copy=False)
        return grad_u, grad_k

    return from_op(out, (image, kernel), backward)
