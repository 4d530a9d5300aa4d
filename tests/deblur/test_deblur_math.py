"""Deblurring: the FFT convolution and total variation against references, the kernel
projection, camera shakes, and restorations that must improve on the blurred image."""

from __future__ import annotations

import numpy as np
import pytest

from descenso import tensor
from descenso.autograd.gradcheck import gradcheck
from descenso.autograd.ops.fft_conv import fft_conv2d
from descenso.deblur import (
    blind_deconvolve,
    camera_shake_kernel,
    crop,
    deconvolve,
    error_ratio,
    project_kernel,
    psnr,
    ssim,
)
from descenso.deblur.blind import center_kernel, sparsify_kernel
from descenso.deblur.energy import data_term, energy, gradient_data_term
from descenso.deblur.pyramid import resize, scales
from descenso.deblur.total_variation import total_variation
from descenso.errors import DataError, ShapeError


def _pair(rng, image_shape=(2, 9, 11), kernel_shape=(4, 3)):
    u = tensor(rng.normal(size=image_shape), requires_grad=True, dtype=np.float64)
    k = tensor(rng.normal(size=kernel_shape), requires_grad=True, dtype=np.float64)
    return u, k


def test_fft_conv2d_matches_pytorch_values_and_gradients():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    u, k = _pair(rng)
    g = rng.normal(size=(2, 6, 9))
    (fft_conv2d(u, k) * tensor(g, dtype=np.float64)).sum().backward()
    tu = torch.tensor(u.data, requires_grad=True)
    tk = torch.tensor(k.data, requires_grad=True)
    # a convolution is a cross-correlation with the flipped kernel
    out = torch.nn.functional.conv2d(tu[:, None], torch.flip(tk, (0, 1))[None, None])[:, 0]
    (out * torch.tensor(g)).sum().backward()
    np.testing.assert_allclose(fft_conv2d(u, k).data, out.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(np.asarray(u.grad), tu.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(np.asarray(k.grad), tk.grad.numpy(), atol=1e-12)


def test_fft_conv2d_and_every_energy_term_by_finite_differences():
    rng = np.random.default_rng(1)
    u, k = _pair(rng, (7, 8), (3, 3))
    f = tensor(rng.normal(size=(5, 6)), dtype=np.float64)
    assert gradcheck(lambda a, b: fft_conv2d(a, b), (u, k))
    assert gradcheck(lambda a: total_variation(a, eps=0.1), (u,))
    assert gradcheck(lambda a, b: data_term(a, b, f), (u, k))
    assert gradcheck(lambda a, b: energy(a, b, f, 0.3, 0.05), (u, k))


def test_fft_conv2d_refuses_a_kernel_larger_than_the_image():
    with pytest.raises(ShapeError, match="no larger than it"):
        fft_conv2d(np.zeros((4, 4)), np.zeros((5, 2)))


def test_total_variation_of_an_edge_is_its_length_times_its_height():
    step = np.zeros((6, 6))
    step[:, 3:] = 2.0
    assert total_variation(tensor(step, dtype=np.float64), eps=0.0).item() == pytest.approx(10.0)


def test_project_kernel_and_camera_shakes():
    np.testing.assert_allclose(project_kernel([[-1.0, 1.0], [1.0, 2.0]]), [[0, .25], [.25, .5]])
    assert project_kernel(np.full((3, 3), -1.0))[1, 1] == 1.0  # nothing left: a delta
    for seed in range(5):
        kernel = camera_shake_kernel(21, seed=seed)
        assert kernel.shape == (21, 21) and kernel.min() >= 0
        assert kernel.sum() == pytest.approx(1.0)
        assert np.count_nonzero(kernel > 1e-3) >= 6  # a path, not a point
    np.testing.assert_array_equal(camera_shake_kernel(15, seed=3), camera_shake_kernel(15, seed=3))
    with pytest.raises(DataError, match="kernel size"):
        camera_shake_kernel(2)


def test_pyramid():
    assert [round(s, 3) for s in scales(25)] == [0.25, 0.354, 0.5, 0.707, 1.0]
    image = np.random.default_rng(0).uniform(size=(16, 12))
    assert resize(image, (16, 12)) == pytest.approx(image)
    assert resize(image, (8, 6)).mean() == pytest.approx(image.mean(), rel=0.05)


def test_quality_measures_match_scikit_image():
    metrics = pytest.importorskip("skimage.metrics")
    rng = np.random.default_rng(2)
    a = rng.uniform(size=(40, 50))
    b = np.clip(a + rng.normal(0, 0.1, a.shape), 0, 1)
    assert psnr(b, a) == pytest.approx(metrics.peak_signal_noise_ratio(a, b, data_range=1.0))
    assert ssim(b, a) == pytest.approx(metrics.structural_similarity(a, b, data_range=1.0))
    assert error_ratio(b, a, a) == float("inf") or error_ratio(a, b, a) == 0.0


def _shapes(n=72, seed=0):
    rng = np.random.default_rng(seed)
    image = np.zeros((n, n)) + 0.2
    for _ in range(12):
        y, x, h, w = rng.integers(0, n - 10, 4)
        image[y:y + 5 + h % 20, x:x + 5 + w % 20] = rng.uniform(0, 1)
    return image


def test_nonblind_deconvolution_beats_the_blurred_image():
    sharp = _shapes()
    kernel = camera_shake_kernel(9, seed=1)
    blurred = fft_conv2d(sharp, kernel).data
    blurred = blurred + np.random.default_rng(1).normal(0, 0.01, blurred.shape)
    restored = crop(deconvolve(blurred, kernel, iterations=200), kernel.shape)
    reference = crop(sharp, kernel.shape)
    assert psnr(restored, reference) > psnr(blurred, reference) + 3.0


def test_blind_deconvolution_recovers_a_known_kernel():
    sharp = _shapes()
    kernel = np.zeros((9, 9))
    kernel[4, 1:8] = 1.0
    kernel[3, 6:8] = 1.0
    kernel /= kernel.sum()
    blurred = fft_conv2d(sharp, kernel).data
    blurred = blurred + np.random.default_rng(0).normal(0, 0.005, blurred.shape)
    result = blind_deconvolve(blurred, 9, iterations=200)
    best = max(np.corrcoef(np.roll(result.kernel, (dy, dx), (0, 1)).ravel(), kernel.ravel())[0, 1]
               for dy in range(-2, 3) for dx in range(-2, 3))
    assert best > 0.8  # a delta (no deblurring) scores 0.32
    assert result.kernel.min() >= 0 and result.kernel.sum() == pytest.approx(1.0)
    assert len(result.kernels) == len(result.scales) == len(scales(9)) == 2


def test_bad_arguments_say_what_to_do():
    with pytest.raises(DataError, match="kernel size"):
        blind_deconvolve(np.zeros((8, 8)), 9)
    with pytest.raises(DataError, match="larger than the image"):
        deconvolve(np.zeros((8, 8)), np.ones((9, 9)))
    with pytest.raises(DataError, match="nonnegative"):
        deconvolve(np.zeros((8, 8)), -np.ones((3, 3)))
    with pytest.raises(DataError, match="finite array"):
        deconvolve(np.full((8, 8), np.nan), np.ones((3, 3)))


def test_gradient_data_term_by_finite_differences_and_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    u, k = _pair(rng, (2, 8, 9), (3, 4))
    f = rng.normal(size=(2, 6, 6))
    assert gradcheck(lambda a, b: gradient_data_term(a, b, f), (u, k))
    gradient_data_term(u, k, tensor(f, dtype=np.float64)).backward()
    tu = torch.tensor(u.data, requires_grad=True)
    tk = torch.tensor(k.data, requires_grad=True)
    tf = torch.tensor(f)

    def fit(image, target):
        out = torch.nn.functional.conv2d(image[:, None], torch.flip(tk, (0, 1))[None, None])
        return 0.5 * ((out[:, 0] - target) ** 2).sum()

    value = (fit(tu[..., 1:] - tu[..., :-1], tf[..., 1:] - tf[..., :-1])
             + fit(tu[..., 1:, :] - tu[..., :-1, :], tf[..., 1:, :] - tf[..., :-1, :]))
    value.backward()
    assert gradient_data_term(u, k, f).item() == pytest.approx(value.item(), rel=1e-12)
    np.testing.assert_allclose(np.asarray(u.grad), tu.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(np.asarray(k.grad), tk.grad.numpy(), atol=1e-10)


def test_sparsify_and_center_a_kernel():
    kernel = np.zeros((7, 7))
    kernel[1, 1:4] = 0.3
    kernel[0, 6] = 0.02   # a faint, separate speck: dropped
    kernel[5, 5] = 0.005  # below 5% of the largest: dropped
    cleaned = sparsify_kernel(kernel)
    assert np.count_nonzero(cleaned) == 3 and cleaned.sum() == pytest.approx(1.0)
    image = np.random.default_rng(4).uniform(size=(20, 22))
    moved, shifted = center_kernel(cleaned, image)
    rows, cols = np.indices(moved.shape)
    assert (np.sum(rows * moved), np.sum(cols * moved)) == pytest.approx((3.0, 3.0))
    inner = (slice(3, -3), slice(3, -3))  # away from the pixels the move wrapped around
    np.testing.assert_allclose(fft_conv2d(shifted, moved).data[inner],
                               fft_conv2d(image, cleaned).data[inner], atol=1e-12)
