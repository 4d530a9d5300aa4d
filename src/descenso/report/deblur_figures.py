"""The figures and the page of a ``descenso deblur`` run.

- ``before_after.png``: the blurred image beside the restored one;
- ``energy.png``: the energy ``½ Σ (k * u − f)² + λ TV(u)`` after each step (log scale), the
  scales of the pyramid marked;
- ``kernels.png``: the kernel at the end of each scale, coarse to fine (blind only).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from descenso.i18n import gettext as _
from descenso.io.atomic import write_text_atomic
from descenso.report.content import ReportFigure
from descenso.report.figures.canvas import figure_to_png, new_figure
from descenso.report.html import figures_html
from descenso.report.page import html_page, preformatted_html
from descenso.report.render import write_figures

__all__ = ["before_after_figure", "deblur_report", "energy_figure", "kernels_figure"]


def _show(axes, image: np.ndarray, title: str) -> None:
    pixels = np.clip(image, 0.0, 1.0)
    if pixels.ndim == 3:
        axes.imshow(np.moveaxis(pixels, 0, -1))
    else:
        axes.imshow(pixels, cmap="gray", vmin=0.0, vmax=1.0)
    axes.set_title(title)
    axes.axis("off")


def before_after_figure(blurred: np.ndarray, restored: np.ndarray,
                        kernel: np.ndarray | None = None) -> bytes:
    """PNG: the blurred and the restored image side by side (and the kernel, if given)."""
    panels = 3 if kernel is not None else 2
    figure = new_figure(4.2 * panels, 4.4)
    _show(figure.add_subplot(1, panels, 1), blurred, _("Blurred"))
    _show(figure.add_subplot(1, panels, 2), restored, _("Restored"))
    if kernel is not None:
        axes = figure.add_subplot(1, panels, 3)
        axes.imshow(kernel, cmap="gray", interpolation="nearest")
        axes.set_title(_("Kernel ({h}x{w})").format(h=kernel.shape[0], w=kernel.shape[1]))
        axes.axis("off")
    return figure_to_png(figure)


def energy_figure(energies, steps_per_scale: int | None = None) -> bytes:
    """PNG: the energy after each step, log scale; dashed lines where a finer scale starts."""
    figure = new_figure(6.4, 4.0)
    axes = figure.add_subplot()
    values = np.asarray(energies, dtype=np.float64)
    axes.plot(np.arange(1, len(values) + 1), values, color="#1f77b4")
    if np.all(values > 0):
        axes.set_yscale("log")
    if steps_per_scale:
        for start in range(steps_per_scale, len(values), steps_per_scale):
            axes.axvline(start + 0.5, color="0.6", linestyle="--", linewidth=0.8)
    axes.set(xlabel=_("step"), ylabel=_("energy"),
             title=_("Energy: fit to the blurred image plus λ · total variation"))
    axes.grid(alpha=0.3)
    return figure_to_png(figure)


def kernels_figure(kernels, scales) -> bytes:
    """PNG: the kernel estimate at the end of each scale, coarse to fine."""
    figure = new_figure(2.2 * len(kernels), 2.6)
    for index, (kernel, scale) in enumerate(zip(kernels, scales), start=1):
        axes = figure.add_subplot(1, len(kernels), index)
        axes.imshow(kernel, cmap="gray", interpolation="nearest")
        axes.set_title(_("scale {scale:.2f}").format(scale=scale), fontsize=9)
        axes.axis("off")
    return figure_to_png(figure)


def deblur_report(folder: Path, blurred, restored, result, options, seconds: float,
                  interrupted: bool) -> list[Path]:
    """Write the figures and ``report.html`` into ``folder``; return the paths."""
    figures = [ReportFigure("before_after", _("Before and after"),
                            before_after_figure(blurred, restored, result.kernel),
                            _("The image as given, the image restored, and the blur kernel used "
                              "or found."))]
    if result.energies:
        per_scale = len(result.energies) // max(len(result.scales), 1) if result.scales else None
        figures.append(ReportFigure(
            "energy", _("Energy"), energy_figure(result.energies, per_scale),
            _("Gradient descent lowers the energy; each dashed line starts a finer scale, where "
              "the energy jumps because the image has more pixels.")))
    if result.kernels:
        figures.append(ReportFigure(
            "kernels", _("The kernel across scales"), kernels_figure(result.kernels, result.scales),
            _("The blur estimated at each scale of the pyramid, coarse to fine: the rough path "
              "first, its details after.")))
    paths = write_figures(folder, figures)
    lines = [_("image: {path}").format(path=options.image),
             _("mode: {mode}").format(mode=_("non-blind") if options.kernel else _("blind")),
             _("kernel: {h}x{w}").format(h=result.kernel.shape[0], w=result.kernel.shape[1]),
             _("time: {seconds:.1f} s").format(seconds=seconds)]
    if interrupted:
        lines.append(_("interrupted: this is the estimate when Ctrl-C was pressed"))
    page = html_page(_("descenso deblur — {name}").format(name=Path(options.image).name),
                     preformatted_html(lines) + figures_html(figures))
    report = folder / "report.html"
    write_text_atomic(report, page)
    return paths + [report]
