"""How good a restoration is: PSNR, SSIM and the error ratio of Levin et al.

- **PSNR** (peak signal-to-noise ratio), in decibels: ``10 log10(1 / MSE)`` for images in
  [0, 1]; every 6 dB halves the typical error.
- **SSIM** (structural similarity, Wang et al. 2004): compares local means, contrasts and
  correlations in 7 x 7 windows, closer to what the eye notices than the MSE; 1 is identical.
  Computed as scikit-image's ``structural_similarity`` with its defaults (uniform window, the
  sample covariance), which the tests check.
- **Error ratio** (Levin, Weiss, Durand and Freeman, CVPR 2009): the error of the image
  restored with the *estimated* kernel over the error of the image restored the same way with
  the *true* kernel. It judges the kernel estimate alone: 1 is as good as knowing the blur.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

__all__ = ["error_ratio", "psnr", "ssim"]


def psnr(image: np.ndarray, reference: np.ndarray, data_range: float = 1.0) -> float:
    """Peak signal-to-noise ratio of ``image`` against ``reference``, in dB."""
    mse = float(np.mean((np.asarray(image, float) - np.asarray(reference, float)) ** 2))
    return float("inf") if mse == 0 else 10.0 * np.log10(data_range ** 2 / mse)


def ssim(image: np.ndarray, reference: np.ndarray, data_range: float = 1.0,
         window: int = 7) -> float:
    """Mean structural similarity of two grayscale images (H, W), or the mean over channels."""
    x = np.asarray(image, dtype=np.float64)
    y = np.asarray(reference, dtype=np.float64)
    if x.ndim == 3:
        return float(np.mean([ssim(a, b, data_range, window) for a, b in zip(x, y)]))
    c1, c2 = (0.01 * data_range) ** 2, (0.03 * data_range) ** 2
    n = window * window
    def mean(a):
        return sliding_window_view(a, (window, window)).mean(axis=(-2, -1))
    mx, my = mean(x), mean(y)
    unbiased = n / (n - 1)
    vx = (mean(x * x) - mx * mx) * unbiased
    vy = (mean(y * y) - my * my) * unbiased
    cxy = (mean(x * y) - mx * my) * unbiased
    s = ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    return float(s.mean())


def error_ratio(with_estimate: np.ndarray, with_truth: np.ndarray, sharp: np.ndarray) -> float:
    """``||with_estimate − sharp||² / ||with_truth − sharp||²``."""
    truth_error = float(np.sum((with_truth - sharp) ** 2))
    return float(np.sum((with_estimate - sharp) ** 2)) / max(truth_error, 1e-300)
