"""The ``descenso deblur`` workflow: read a blurred photo, restore it, write what was found.

1. Read the image (and the kernel, if one is given) and check every option against it;
   nothing is written yet.
2. Restore: with ``--kernel``, non-blind deconvolution; otherwise blind deconvolution, coarse to
   fine, with a progress bar. Ctrl-C keeps the estimate so far.
3. Write into the output folder (locked, written to a staging folder, then published):
   ``restored.png`` (the blurred image's size), ``kernel.png`` and ``kernel.csv`` (the kernel
   used or found), the figures (before and after, the energy curve, the kernel at each scale)
   and ``report.html``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from descenso.deblur import blind_deconvolve, crop, deconvolve
from descenso.deblur.blind import BlindResult
from descenso.deblur.nonblind import DeblurInterrupted
from descenso.deblur.images import read_image, read_kernel, to_png, write_kernel_csv
from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.io.atomic import write_bytes_atomic
from descenso.pipeline.console import Console
from descenso.pipeline.run_folder import RunFolder, default_run_path, output_error

__all__ = ["DeblurOptions", "run_deblur"]


@dataclass(frozen=True)
class DeblurOptions:
    """What ``descenso deblur`` was asked to do (see ``descenso deblur --help``)."""

    image: str
    kernel_size: int = 25
    kernel: str | None = None
    lam: float | None = None
    iterations: int | None = None
    gray: bool = False
    out: str | None = None

    def check(self) -> None:
        """Raise ``ConfigError`` for values that make no sense, before anything is read."""
        if not 3 <= self.kernel_size <= 401:
            raise ConfigError(_("--kernel-size {value} must be between 3 and 401 pixels; a "
                                "camera shake is usually 15 to 45").format(
                value=self.kernel_size))
        if self.lam is not None and not (0 < self.lam < 1):
            raise ConfigError(_("--lambda {value} must be between 0 and 1; about the noise "
                                "level, e.g. 0.002 for 1% noise").format(value=self.lam))
        if self.iterations is not None and not 1 <= self.iterations <= 100_000:
            raise ConfigError(_("--iterations {value} must be between 1 and 100000").format(
                value=self.iterations))
        if self.out is not None and not str(self.out).strip():
            raise ConfigError(_("--out is empty; give a folder for the outputs"))


def run_deblur(options: DeblurOptions, console: Console | None = None) -> Path:
    """Run ``descenso deblur``; returns the output folder."""
    console = console or Console()
    options.check()
    blurred = read_image(options.image, gray=options.gray)
    size = blurred.shape[-2:]
    kernel = None
    if options.kernel is not None:
        kernel = read_kernel(options.kernel)
        if kernel.shape[0] > size[0] or kernel.shape[1] > size[1]:
            raise ConfigError(_("the kernel ({kh}x{kw}) is larger than the image ({h}x{w}); "
                                "give the kernel of this image").format(
                kh=kernel.shape[0], kw=kernel.shape[1], h=size[0], w=size[1]))
    elif options.kernel_size > min(size):
        raise ConfigError(_("--kernel-size {k} is larger than the image ({h}x{w}); use a "
                            "smaller --kernel-size").format(k=options.kernel_size, h=size[0],
                                                            w=size[1]))
    name = Path(options.image).stem
    folder = RunFolder(Path(options.out) if options.out else default_run_path(f"deblur-{name}"))
    console.heading(_("Deblurring"))
    console.info(_("{path}: {h}x{w} pixels, {kind}").format(
        path=options.image, h=size[0], w=size[1],
        kind=_("colour") if blurred.ndim == 3 else _("grayscale")))
    started = time.perf_counter()
    interrupted = False
    try:
        if kernel is not None:
            console.info(_("non-blind: the kernel {path} ({kh}x{kw}) is known").format(
                path=options.kernel, kh=kernel.shape[0], kw=kernel.shape[1]))
            result = _nonblind(blurred, kernel, options, console)
        else:
            console.info(_("blind: the image and a kernel of up to {k}x{k} pixels are both "
                           "estimated, coarse to fine").format(k=options.kernel_size))
            result = _blind(blurred, options, console)
    except _Stopped as stop:
        result, interrupted = stop.result, True
    seconds = time.perf_counter() - started
    folder.create()
    try:
        staging = folder.staging()
        files = _write_outputs(staging, blurred, result, options, seconds, interrupted)
        folder.publish(files)
    except OSError as error:
        folder.discard()
        raise output_error(error, folder.path) from None
    except BaseException:
        folder.discard()
        raise
    finally:
        folder.release()
    console.heading(_("Outputs"))
    console.info(_("restored image, kernel and report written to {folder}").format(
        folder=folder.path))
    if interrupted:
        raise KeyboardInterrupt(_("deblurring stopped; the estimate so far is in {folder}")
                                .format(folder=folder.path))
    return folder.path


class _Stopped(Exception):
    def __init__(self, result: BlindResult):
        super().__init__()
        self.result = result


def _progress(total: int, console: Console):
    from tqdm import tqdm

    return tqdm(total=total, disable=console.quiet, unit=_("step"), leave=False,
                dynamic_ncols=True)


def _nonblind(blurred, kernel, options, console) -> BlindResult:
    iterations = options.iterations or 300
    lam = options.lam or 2e-3
    energies = []
    bar = _progress(iterations, console)

    def step(t, value):
        energies.append(value)
        bar.update(1)

    try:
        image = deconvolve(blurred, kernel, lam=lam, iterations=iterations, callback=step)
    except DeblurInterrupted as stop:
        bar.close()
        raise _Stopped(BlindResult(image=stop.result, kernel=kernel,
                                   energies=energies)) from None
    bar.close()
    return BlindResult(image=image, kernel=kernel, energies=energies)


def _blind(blurred, options, console) -> BlindResult:
    from descenso.deblur.pyramid import scales

    iterations = options.iterations or 300
    levels = len(scales(options.kernel_size))
    bar = _progress(iterations * levels, console)  # the final non-blind pass is not counted
    kwargs = {} if options.lam is None else {"lam": options.lam, "lam_min": options.lam / 5}
    try:
        result = blind_deconvolve(blurred, options.kernel_size, iterations=iterations,
                                  callback=lambda *args: bar.update(1), **kwargs)
    except DeblurInterrupted as stop:
        bar.close()
        raise _Stopped(stop.result) from None
    bar.close()
    # The blind estimate is strongly regularized (a cartoon helps find the kernel); the final
    # image is restored again with the kernel found and the lighter non-blind weight.
    final_lam = options.lam / 5 if options.lam is not None else 2e-3
    try:
        result.image = deconvolve(blurred, result.kernel, lam=final_lam, iterations=iterations,
                                  start=result.image, callback=lambda *args: None)
    except DeblurInterrupted as stop:
        result.image = stop.result
        raise _Stopped(result) from None
    return result


def _write_outputs(staging: Path, blurred, result: BlindResult, options, seconds,
                   interrupted) -> list[Path]:
    from descenso.report.deblur_figures import deblur_report

    kernel = result.kernel
    restored = result.image
    if restored.shape[-2:] != blurred.shape[-2:]:
        restored = crop(restored, kernel.shape)
    files = []
    for name, data in (("restored.png", to_png(restored)),
                       ("kernel.png", to_png(_kernel_picture(kernel)))):
        write_bytes_atomic(staging / name, data)
        files.append(staging / name)
    files.append(write_kernel_csv(staging / "kernel.csv", kernel))
    files += deblur_report(staging, blurred, restored, result, options, seconds, interrupted)
    return files


def _kernel_picture(kernel: np.ndarray, scale: int = 8) -> np.ndarray:
    """The kernel as an image: brightest weight white, each weight ``scale`` pixels wide."""
    picture = kernel / kernel.max() if kernel.max() > 0 else kernel
    return np.kron(picture, np.ones((scale, scale)))
