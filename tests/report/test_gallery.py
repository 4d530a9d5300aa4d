"""``tools/gallery.py`` gathers every figure into one page (the full run is done by hand:
``python tools/gallery.py OUT --lang es --data-dir ../shared/data``, then look at it)."""

from __future__ import annotations

import base64
import importlib.util
import re
from pathlib import Path

TOOL = Path(__file__).resolve().parents[2] / "tools" / "gallery.py"


def _gallery():
    spec = importlib.util.spec_from_file_location("gallery", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_gallery_embeds_every_figure_of_a_lesson_and_of_a_fit_report(tmp_path):
    page = _gallery().build_gallery(tmp_path, lang="es", small=True,
                                    lessons=["vectorization", "linear-theory"])
    html = page.read_text(encoding="utf-8")
    pngs = sorted(tmp_path.rglob("*.png"))
    # two lessons (1 + 3 figures) and two fit runs (training curves, scatter, residuals, ...)
    assert len(list((tmp_path / "demos").rglob("*.png"))) == 4
    for run in ("fit-linear", "fit-mlp"):
        names = {path.name for path in (tmp_path / run).glob("*.png")}
        assert {"training_curves.png", "predicted_vs_actual.png", "residuals.png"} <= names
    embedded = [base64.b64decode(data) for data in
                re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)]
    assert sorted(embedded) == sorted(path.read_bytes() for path in pngs)
    assert '<html lang="es">' in html and "descenso demo linear-theory" in html
    assert "descenso fit abalone --model mlp" in html
