"""Benchmark: blind and non-blind deconvolution against scikit-image's, on photos and shakes.

For each photo (scikit-image's CC0/public-domain ``camera``, ``astronaut``, ``coffee``,
``chelsea``, in grayscale, resized to ``--size``) and each camera-shake kernel
(:func:`descenso.deblur.camera_shake_kernel` with seeds 0, 1, ...), the sharp image is blurred
(valid convolution) and 1% Gaussian noise is added. Then, in one process:

- descenso blind: :func:`blind_deconvolve` for the kernel, then :func:`deconvolve` with it;
- descenso non-blind with the true kernel (the same :func:`deconvolve`);
- scikit-image's ``richardson_lucy`` (30 iterations) and ``wiener`` (balance 0.01), given the
  true kernel (on the blurred image padded to the sharp image's size by edge values);

and prints PSNR and SSIM against the sharp image (on the blurred image's extent, a margin of
half a kernel left out), the blind run's time, and Levin et al.'s **error ratio**: the squared
error of the image restored with the estimated kernel over that of the image restored the same
way with the true kernel, each after the best integer shift of at most a quarter kernel (an
estimated kernel may be shifted, which shifts the image without making it worse).

Run: ``OPENBLAS_NUM_THREADS=1 python benchmarks/deblur.py`` (4 photos x 8 kernels, 256 x 256,
25 x 25 kernels: about half an hour on one idle core); ``--photos 2 --kernels 4 --size 128
--kernel-size 15`` for a quick look; ``--only coffee,chelsea`` runs only the photos named (to
split a run across processes).
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from descenso.autograd.ops.fft_conv import fft_conv2d
from descenso.deblur import (
    blind_deconvolve,
    camera_shake_kernel,
    crop,
    deconvolve,
    psnr,
    ssim,
)
from descenso.deblur.pyramid import resize

PHOTOS = ("camera", "astronaut", "coffee", "chelsea")


def _photo(name: str, size: int) -> np.ndarray:
    from skimage import color, data

    image = getattr(data, name)()
    if image.ndim == 3:
        image = color.rgb2gray(image[..., :3])
    image = np.asarray(image, dtype=np.float64)
    if image.max() > 1.0:
        image = image / 255.0
    side = min(image.shape)
    top, left = (image.shape[0] - side) // 2, (image.shape[1] - side) // 2
    return resize(image[top:top + side, left:left + side], (size, size))


def _aligned_error(image: np.ndarray, sharp: np.ndarray, reach: int) -> float:
    inner = image[reach:-reach, reach:-reach]
    best = np.inf
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            moved = sharp[reach + dy:sharp.shape[0] - reach + dy,
                          reach + dx:sharp.shape[1] - reach + dx]
            best = min(best, float(np.sum((inner - moved) ** 2)))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=4)
    parser.add_argument("--only", default=None,
                        help="comma-separated photo names (to split the run across processes)")
    parser.add_argument("--kernels", type=int, default=8)
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--kernel-size", type=int, default=25)
    parser.add_argument("--iterations", type=int, default=300)
    args = parser.parse_args()
    from skimage.restoration import richardson_lucy, wiener

    ks = args.kernel_size
    names = args.only.split(",") if args.only else PHOTOS[:args.photos]
    if not set(names) <= set(PHOTOS):
        parser.error(f"--only takes names among {', '.join(PHOTOS)}")
    margin = ks // 2
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'default')}, "
          f"{len(names)} photos x {args.kernels} kernels, {args.size}x{args.size}, "
          f"kernel {ks}x{ks}, 1% noise")
    print(f"{'photo':<10}{'kernel':>7}{'blurred':>9}{'blind':>8}{'ratio':>7}{'TV':>8}"
          f"{'RL':>8}{'wiener':>8}{'SSIM b/TV':>12}{'time':>7}")
    rows = []
    for name in names:
        sharp_full = _photo(name, args.size + ks - 1)
        for seed in range(args.kernels):
            kernel = camera_shake_kernel(ks, seed=seed)
            rng = np.random.default_rng(seed)
            blurred = fft_conv2d(sharp_full, kernel).data
            blurred = blurred + rng.normal(0.0, 0.01, blurred.shape)
            sharp = crop(sharp_full, kernel.shape)
            view = (slice(margin, -margin),) * 2
            started = time.process_time()
            found = blind_deconvolve(blurred, ks, iterations=args.iterations)
            blind = crop(deconvolve(blurred, found.kernel, iterations=args.iterations,
                                    start=found.image), kernel.shape)
            seconds = time.process_time() - started
            known = crop(deconvolve(blurred, kernel, iterations=args.iterations), kernel.shape)
            padded = np.pad(blurred, ((ks // 2, ks // 2),) * 2, mode="edge")
            lucy = crop(richardson_lucy(np.clip(padded, 0, None), kernel, num_iter=30,
                                        clip=False), kernel.shape)
            wien = crop(wiener(padded, kernel, balance=0.01, clip=False), kernel.shape)
            reach = max(1, ks // 4)
            ratio = (_aligned_error(blind, sharp, reach) / _aligned_error(known, sharp, reach))
            row = {"photo": name, "seed": seed, "blurred": psnr(blurred[view], sharp[view]),
                   "blind": psnr(blind[view], sharp[view]), "ratio": ratio,
                   "tv": psnr(known[view], sharp[view]), "rl": psnr(lucy[view], sharp[view]),
                   "wiener": psnr(wien[view], sharp[view]),
                   "ssim_blind": ssim(blind[view], sharp[view]),
                   "ssim_tv": ssim(known[view], sharp[view]), "seconds": seconds}
            rows.append(row)
            print(f"{name:<10}{seed:>7}{row['blurred']:>9.2f}{row['blind']:>8.2f}"
                  f"{ratio:>7.2f}{row['tv']:>8.2f}{row['rl']:>8.2f}{row['wiener']:>8.2f}"
                  f"{row['ssim_blind']:>6.3f}/{row['ssim_tv']:.3f}{seconds:>7.1f}", flush=True)
    ratios = np.array([row["ratio"] for row in rows])
    gain = np.mean([row["blind"] - row["blurred"] for row in rows])
    print(f"error ratio <= 3 on {np.mean(ratios <= 3):.0%} of {len(rows)} cases "
          f"(median {np.median(ratios):.2f}); mean blind PSNR gain {gain:.2f} dB; "
          f"non-blind TV beats Richardson-Lucy on "
          f"{np.mean([r['tv'] > r['rl'] for r in rows]):.0%} and Wiener on "
          f"{np.mean([r['tv'] > r['wiener'] for r in rows]):.0%}; blind time mean "
          f"{np.mean([r['seconds'] for r in rows]):.1f} s (CPU)")


if __name__ == "__main__":
    main()
