"""Write every figure descenso draws into one HTML page, to look at them all at once.

Runs every lesson (``descenso demo NAME``) and three ``descenso fit`` runs (linear and MLP
regression on Abalone, and, when the image files are found, an MLP on Fashion-MNIST), then
gathers all their PNG files, captioned with where they come from, into ``gallery.html``.
Look through it after changing a figure: labels hidden under markers, clipped text, legends
over data, and axes that start in odd places show up at a glance.

    python tools/gallery.py OUT_DIR [--lang es] [--data-dir ../shared/data] [--small]

``--small`` runs the lessons on small data (the test suite uses it); the figures keep their
layout but show fewer points.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from descenso import i18n
from descenso.cli.main import main as descenso_main
from descenso.demos import DEMOS, run_demo
from descenso.io.atomic import write_text_atomic
from descenso.report.figures import png_size
from descenso.report.page import escape, figure_html, html_page

#: Options that shrink each lesson for ``--small`` (same figures, less data or fewer steps).
SMALL = {
    "surface": {"resolution": 31, "steps": 20}, "neuron": {"steps": 500, "mlp_steps": 300},
    "sine": {"steps": 500}, "images": {"n_train": 600, "n_test": 200, "epochs": 2},
    "linear-scratch": {"epochs": 2}, "linear-theory": {"n": 300},
    "vectorization": {"n": 2000, "repeats": 2}, "abalone": {"iterations": 2000},
}


def _fit_runs(data_dir: str | None, small: bool) -> list[tuple[str, list[str]]]:
    epochs = "3" if small else "20"
    runs = [("fit-linear", ["fit", "abalone"]),
            ("fit-mlp", ["fit", "abalone", "--model", "mlp", "--hidden", "32",
                         "--epochs", epochs])]
    if data_dir is not None:
        limit = ["--limit", "2000"] if small else []
        runs.append(("fit-fashion", ["fit", "fashion-mnist", "--data-dir", data_dir,
                                     "--model", "mlp", "--hidden", "64", "--epochs",
                                     "2" if small else "5", *limit]))
    return runs


def build_gallery(out_dir: str | Path, *, lang: str = "en", data_dir: str | None = None,
                  small: bool = False, lessons: Sequence[str] | None = None,
                  fits: bool = True) -> Path:
    """Run the lessons and the ``fit`` runs into ``out_dir``; write and return ``gallery.html``.

    ``lessons`` picks some lessons (default: all; ``images`` only with ``data_dir``) and
    ``fits=False`` leaves out the ``fit`` runs.
    """
    out = Path(out_dir)
    sections = []
    for name in DEMOS if lessons is None else lessons:
        options = dict(SMALL.get(name, {})) if small else {}
        if name == "images":
            if data_dir is None:
                continue
            options["data_dir"] = data_dir
        result = run_demo(name, out / "demos" / name, lang=lang, **options)
        sections.append((f"descenso demo {name}", result.figures))
    for label, argv in _fit_runs(data_dir, small) if fits else []:
        folder = out / label
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = descenso_main([*argv, "--out", str(folder), "--lang", lang, "--quiet"])
        if code != 0:
            raise RuntimeError(f"descenso {' '.join(argv)} failed with exit code {code}")
        sections.append(("descenso " + " ".join(argv), sorted(folder.glob("*.png"))))
    i18n.set_language(lang)
    try:
        body = "".join(
            f"<section><h2>{escape(title)}</h2>"
            + "".join(figure_html(path.read_bytes(), path.name, str(path.relative_to(out)),
                                  size=png_size(path.read_bytes())) for path in figures)
            + "</section>"
            for title, figures in sections)
        page = out / "gallery.html"
        write_text_atomic(page, html_page("descenso: every figure", body))
    finally:
        i18n.set_language("en")
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--lang", default="en", choices=sorted(i18n.LANGUAGES))
    parser.add_argument("--data-dir", help="folder with the MNIST-family files")
    parser.add_argument("--small", action="store_true", help="small data, quick run")
    arguments = parser.parse_args(argv)
    page = build_gallery(arguments.out_dir, lang=arguments.lang, data_dir=arguments.data_dir,
                         small=arguments.small)
    print(f"wrote {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
