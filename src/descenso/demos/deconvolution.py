"""Demo ``deconvolution``: a photo blurred by camera shake, restored by gradient descent.

The thesis among the course texts is about *blind image deconvolution*: recovering a sharp
photo when the blur is unknown too. The bundled photo (scikit-image's "camera", CC0) is blurred
with a camera-shake kernel made from a random trajectory, and 1% noise is added. Then:

1. **non-blind**: the kernel is known; gradient descent on ``½ Σ (k * u − f)² + λ TV(u)``
   finds the image ``u`` (:func:`descenso.deblur.deconvolve`);
2. **blind**: the kernel is unknown; image and kernel take turns, coarse to fine
   (:func:`descenso.deblur.blind_deconvolve`, after Perrone and Favaro), and the image is
   restored again with the kernel found;
3. **deep image prior** (Ulyanov, Vedaldi and Lempitsky, 2018), on a crop: instead of the
   total variation, the image is the output of a small convolutional network with random
   input, and gradient descent trains the *network's weights* so that its image, blurred,
   matches the photo. A network that is fitted to one image, with no training data at all,
   finds natural images easier to produce than noise: that is the prior.

Every result is measured against the sharp photo: PSNR (dB, higher is better) and SSIM (1 is
identical).
"""

from __future__ import annotations

import numpy as np

from descenso import nn, optim
from descenso.autograd import manual_seed, tensor
from descenso.autograd.ops.fft_conv import fft_conv2d
from descenso.datasets.photos import camera_path
from descenso.deblur import (
    blind_deconvolve,
    camera_shake_kernel,
    crop,
    deconvolve,
    psnr,
    ssim,
)
from descenso.deblur.images import read_image
from descenso.deblur.pyramid import resize
from descenso.demos.result import DemoRun, check_counts
from descenso.i18n import gettext as _
from descenso.report.figures.canvas import new_figure

__all__ = ["run"]


def run(record: DemoRun, size: int = 256, kernel_size: int = 19, noise: float = 0.01,
        iterations: int = 300, crop_size: int = 64, prior_steps: int = 400) -> None:
    """Blur the bundled photo, restore it three ways, and compare."""
    check_counts(minimum=16, size=size, crop_size=crop_size)
    check_counts(minimum=3, kernel_size=kernel_size)
    check_counts(iterations=iterations, prior_steps=prior_steps)
    rng = np.random.default_rng(record.seed)
    photo = read_image(camera_path())
    sharp = resize(photo, (size + kernel_size - 1, size + kernel_size - 1))
    kernel = camera_shake_kernel(kernel_size, seed=record.seed)
    blurred = fft_conv2d(sharp, kernel).data + rng.normal(0.0, noise, (size, size))
    truth = crop(sharp, kernel.shape)
    record.say(_("The camera photo ({n}x{n} pixels) blurred by a {k}x{k} camera shake with "
                 "{noise:.0%} noise.").format(n=size, k=kernel_size, noise=noise))

    known = crop(deconvolve(blurred, kernel, iterations=iterations), kernel.shape)
    found = blind_deconvolve(blurred, kernel_size, iterations=iterations)
    blind = crop(deconvolve(blurred, found.kernel, iterations=iterations, start=found.image),
                 kernel.shape)
    rows = [(_("blurred"), blurred), (_("non-blind TV (kernel known)"), known),
            (_("blind TV (kernel estimated)"), blind)]
    numbers = {}
    record.say(_("result                          PSNR (dB)   SSIM"))
    for (label, image), key in zip(rows, ("blurred", "nonblind", "blind")):
        numbers[key] = (psnr(image, truth), ssim(image, truth))
        record.say(f"{label:<32}{numbers[key][0]:8.2f}   {numbers[key][1]:.3f}")

    top = (size - crop_size) // 2
    window = (slice(top, top + crop_size), slice(top, top + crop_size))
    f_crop = blurred[window]
    prior = _deep_image_prior(f_crop, kernel, prior_steps, record.seed)
    inner = truth[window][kernel_size // 2:crop_size - kernel_size // 2,
                          kernel_size // 2:crop_size - kernel_size // 2]
    tv_crop = crop(deconvolve(f_crop, kernel, iterations=iterations), kernel.shape)
    prior_crop = crop(prior, kernel.shape)
    trim = (slice(kernel_size // 2, crop_size - kernel_size // 2),) * 2
    numbers["crop_tv"] = (psnr(tv_crop[trim], inner), ssim(tv_crop[trim], inner))
    numbers["crop_prior"] = (psnr(prior_crop[trim], inner), ssim(prior_crop[trim], inner))
    record.say(_("On a {n}x{n} crop, with the kernel known:").format(n=crop_size))
    record.say(f"{_('total variation'):<32}{numbers['crop_tv'][0]:8.2f}   "
               f"{numbers['crop_tv'][1]:.3f}")
    record.say(f"{_('deep image prior'):<32}{numbers['crop_prior'][0]:8.2f}   "
               f"{numbers['crop_prior'][1]:.3f}")
    record.say(_("The deep image prior needs no hand-made prior, but thousands of steps and "
                 "early stopping (trained for long, the network fits the noise too); total "
                 "variation is faster and, on a photo of flat areas and edges like this one, "
                 "as good or better."))
    record.record(**{key: [float(value) for value in pair] for key, pair in numbers.items()},
                  kernel=kernel.tolist(), estimated=found.kernel.tolist())

    figure = new_figure(16, 4.4)
    for index, (label, image) in enumerate([(_("sharp"), truth)] + rows, start=1):
        axes = figure.add_subplot(1, 4, index)
        axes.imshow(np.clip(image, 0, 1), cmap="gray", vmin=0, vmax=1)
        axes.set_title(label, fontsize=10)
        axes.axis("off")
    record.save_figure(figure, "restorations", _("The sharp photo, the blurred one, and the two "
                                                  "total-variation restorations"))
    figure = new_figure(3.0 * (1 + len(found.kernels)), 3.2)
    for index, (label, image) in enumerate(
            [(_("true kernel"), kernel)] + [(_("scale {s:.2f}").format(s=scale), k)
                                            for scale, k in zip(found.scales, found.kernels)],
            start=1):
        axes = figure.add_subplot(1, 1 + len(found.kernels), index)
        axes.imshow(image, cmap="gray", interpolation="nearest")
        axes.set_title(label, fontsize=10)
        axes.axis("off")
    record.save_figure(figure, "kernels", _("The true kernel, then the estimate at each scale of "
                                            "the pyramid, coarse to fine"))
    figure = new_figure(12, 4.0)
    for index, (label, image) in enumerate(
            [(_("blurred"), f_crop), (_("total variation"), tv_crop),
             (_("deep image prior"), prior_crop)], start=1):
        axes = figure.add_subplot(1, 3, index)
        axes.imshow(np.clip(image, 0, 1), cmap="gray", vmin=0, vmax=1)
        axes.set_title(label, fontsize=10)
        axes.axis("off")
    record.save_figure(figure, "deep_image_prior", _("A crop restored with the kernel known: "
                                                      "total variation and the deep image prior"))


def _deep_image_prior(blurred: np.ndarray, kernel: np.ndarray, steps: int, seed: int):
    """The image a small convolutional network learns to produce so that, blurred by
    ``kernel``, it matches ``blurred``: returns (H + p − 1, W + q − 1)."""
    manual_seed(seed)
    h, w = blurred.shape[0] + kernel.shape[0] - 1, blurred.shape[1] + kernel.shape[1] - 1
    rng = np.random.default_rng(seed)
    code = tensor(rng.uniform(0, 0.1, size=(1, 8, h, w)).astype(np.float32))
    network = nn.Sequential(
        nn.Conv2d(8, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(),
        nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 1, 3, padding=1), nn.Sigmoid())
    optimizer = optim.Adam(network.parameters(), lr=0.01)
    target = tensor(blurred.astype(np.float32))
    weights = tensor(kernel.astype(np.float32))
    image = None
    for _step in range(steps):
        optimizer.zero_grad()
        image = network(code)[0, 0]
        residual = fft_conv2d(image, weights) - target
        loss = (residual * residual).mean()
        loss.backward()
        optimizer.step()
    return np.asarray(image.data, dtype=np.float64)
