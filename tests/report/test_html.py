"""The HTML report: one self-contained, escaped, complete page, and its figures as PNG files."""

from __future__ import annotations

import base64
import html.parser
import re
from pathlib import Path

import numpy as np
import pytest

from descenso import i18n
from descenso.errors import ConfigError, DataError, ShapeError
from descenso.report import (
    ClassificationResults,
    RegressionResults,
    ReportContent,
    ReportFigure,
    build_report,
    render_figures,
    write_figures,
    write_report,
)
from descenso.report.figures import png_size

SECTIONS = ("data", "model", "metrics", "training", "results", "diagnosis", "timings", "reproduce")
HOSTILE = '<script>alert("x")</script>'
VOID_ELEMENTS = {"meta", "img", "br", "hr", "link", "input"}


def regression_content(rng, **changes) -> ReportContent:
    y_true = rng.normal(10.0, 3.0, size=120)
    fields = {
        "title": "abalone — linear regression",
        "data_summary": {"dataset": "abalone", "rows": 4177, "features": ["Length", HOSTILE]},
        "model": {"model": "linear", "parameters": 10},
        "hyperparameters": {"solver": "gd", "lr": 0.001, "iterations": 20000, "standardize": False},
        "metrics": {"test": {"r2": 0.371, "mse": 5.1}, "train": {"r2": 0.3755, "mse": 4.9},
                 "val": {"r2": 0.3729, "mse": 5.0}},
        "history": {"loss": list(np.geomspace(50.0, 2.5, 40)),
                 "val_loss": list(np.geomspace(55.0, 2.6, 40))},
        "history_unit": "iteration",
        "regression": RegressionResults(y_true, 0.6 * y_true + 4.0, r2=0.371, target_name="Rings"),
        "diagnosis": ["The run had not converged.", f"Feature {HOSTILE} is unscaled."],
        "timings": {"loading": 0.012, "training": 2.5},
        "command": f"descenso fit abalone --target '{HOSTILE}' --lr 0.001",
        "notes": ["Training was interrupted at iteration 40."],
    }
    fields.update(changes)
    return ReportContent(**fields)


def classification_content(rng, images=True) -> ReportContent:
    y_true = rng.integers(0, 3, size=60)
    logits = rng.normal(size=(60, 3))
    logits[np.arange(60), y_true] += 1.5
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    pictures = rng.integers(0, 256, size=(60, 28, 28), dtype=np.uint8) if images else None
    return ReportContent(
        title="toy images",
        metrics={"test": {"accuracy": 0.8, "loss": 0.5}},
        history={"loss": [1.0, 0.6], "accuracy": [0.5, 0.8]},
        classification=ClassificationResults(y_true, probs, ["cat", "dog", HOSTILE],
                                             images=pictures),
    )


@pytest.fixture(scope="module")
def regression_case():
    """Regression content with its figures, drawn once for the module (in English)."""
    i18n.set_language("en")
    content = regression_content(np.random.default_rng(0))
    return content, render_figures(content)


@pytest.fixture(scope="module")
def classification_case():
    """Classification content with images and its figures, drawn once for the module."""
    i18n.set_language("en")
    content = classification_content(np.random.default_rng(0))
    return content, render_figures(content)


class _Structure(html.parser.HTMLParser):
    """Collects tags, attributes and text, and checks that elements nest properly."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> _Structure:
    structure = _Structure()
    structure.feed(page)
    structure.close()
    assert structure.open == [], f"unclosed elements {structure.open}"
    return structure


def test_the_page_has_every_section_in_order(regression_case):
    page = build_report(*regression_case)
    structure = parse(page)
    ids = [attrs["id"] for tag, attrs in structure.tags if tag == "section"]
    assert ids == list(SECTIONS)
    headings = {"Data", "Model and hyperparameters", "Metrics", "Training", "Predictions",
                "Diagnosis", "Timings", "How to reproduce"}
    assert headings <= set(structure.text)
    assert page.startswith("<!DOCTYPE html>\n")
    assert '<html lang="en">' in page
    assert '<meta charset="utf-8">' in page
    assert "Training was interrupted at iteration 40." in page


def test_nothing_outside_the_file_is_referenced(classification_case):
    page = build_report(*classification_case)
    assert not re.search(r"https?://", page)
    assert "<script" not in page.lower()
    assert "<link" not in page.lower() and "@import" not in page and "url(" not in page
    for tag, attrs in parse(page).tags:
        for name in ("src", "href"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith(("data:image/png;base64,", "#")), (tag, value[:40])


def test_every_user_string_is_escaped(rng, regression_case):
    page = build_report(regression_content(rng, title=HOSTILE), regression_case[1])
    assert "<script>" not in page
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    # title (twice), feature list, diagnosis and command
    assert page.count(escaped) == 5
    assert HOSTILE in "".join(parse(page).text)  # a browser shows the text as typed


def test_figures_are_embedded_exactly(classification_case):
    content, figures = classification_case
    assert [f.name for f in figures] == ["training_curves", "confusion_matrix",
                                         "per_class_accuracy", "prediction_grid",
                                         "confident_errors"]
    images = [attrs for tag, attrs in parse(build_report(content, figures)).tags if tag == "img"]
    assert len(images) == len(figures)
    for attrs, figure in zip(images, figures):
        png = base64.b64decode(attrs["src"].removeprefix("data:image/png;base64,"))
        assert png == figure.png
        assert (int(attrs["width"]), int(attrs["height"])) == png_size(figure.png)
        assert attrs["alt"] == figure.title


def test_the_figures_follow_the_task(rng, regression_case):
    regression = [f.name for f in regression_case[1]]
    assert regression == ["training_curves", "predicted_vs_actual", "residuals"]
    no_images = [f.name for f in render_figures(classification_content(rng, images=False))]
    assert no_images == ["training_curves", "confusion_matrix", "per_class_accuracy"]
    closed_form = regression_content(rng, history={})
    assert [f.name for f in render_figures(closed_form)] == ["predicted_vs_actual", "residuals"]


def test_metrics_table_orders_splits_and_formats_numbers(rng):
    page = build_report(regression_content(rng), figures=[])
    table = page[page.index('<table class="metrics">'):]
    table = table[:table.index("</table>")]
    header = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', table)
    assert header == ["metric", "train", "validation", "test"]
    assert re.search(r"R²</th><td[^>]*>0\.3755</td><td[^>]*>0\.3729</td><td[^>]*>0\.3710<", table)
    assert "0.001<" in page and "20000<" in page and ">no<" in page  # hyperparameters
    assert "12 ms" in page and "2.50 s" in page  # timings


def test_metrics_must_be_a_table_per_split():
    with pytest.raises(DataError, match=r"metrics\['test'\] must map metric names"):
        build_report(ReportContent(title="t", metrics={"test": 0.5}), figures=[])


def test_an_empty_report_still_has_every_section():
    page = build_report(ReportContent(title="nothing yet"))
    ids = [attrs["id"] for tag, attrs in parse(page).tags if tag == "section"]
    assert ids == list(SECTIONS)
    assert "No training history" in page and "The command was not recorded." in page


def test_the_same_content_gives_the_same_page(rng, regression_case):
    content, figures = regression_case
    assert build_report(content, figures) == build_report(content, figures)
    assert 'class="created"' not in build_report(content, figures)
    dated = regression_content(rng, created="2024-06-01 12:00")
    assert '<p class="created">2024-06-01 12:00</p>' in build_report(dated, figures)


def test_write_report_and_figures(tmp_path, regression_case):
    content, figures = regression_case
    paths = write_figures(tmp_path, figures)
    assert [p.name for p in paths] == ["training_curves.png", "predicted_vs_actual.png",
                                       "residuals.png"]
    for path, figure in zip(paths, figures):
        assert path.read_bytes() == figure.png
    write_report(tmp_path / "report.html", content, figures)
    assert (tmp_path / "report.html").read_bytes() == build_report(content, figures).encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [p.name for p in paths] + ["report.html"])


def test_a_failing_report_leaves_the_previous_file(tmp_path, rng):
    target = tmp_path / "report.html"
    target.write_text("previous")
    broken = ReportContent(
        title="broken",
        classification=ClassificationResults(np.array([0, 1]), np.ones((3, 2)) / 2, ["a", "b"]),
    )
    with pytest.raises(ShapeError, match="y_true must have shape"):
        write_report(target, broken)
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


@pytest.mark.parametrize("name", ["../escape", "a b", "", "x.png", "name\n"])
def test_figure_names_must_be_safe_file_stems(tmp_path, name):
    figure = ReportFigure(name, "title", b"")
    with pytest.raises(ConfigError, match="figure name"):
        render_figures(ReportContent(title="t", extra_figures=[figure]))
    with pytest.raises(ConfigError, match="figure name"):
        write_figures(tmp_path, [figure])
    assert list(tmp_path.iterdir()) == []


def test_duplicate_figure_names_are_rejected():
    figure = ReportFigure("training_curves", "mine", b"")
    content = ReportContent(title="t", history={"loss": [1.0]}, extra_figures=[figure])
    with pytest.raises(ConfigError, match="unique"):
        render_figures(content)


def test_the_page_declares_the_current_language():
    i18n.set_language("es")
    page = build_report(ReportContent(title="t"), figures=[])
    assert '<html lang="es">' in page


def test_spanish_labels_when_a_catalog_exists():
    catalog = Path(i18n.__file__).parent / "locale" / "es" / "LC_MESSAGES" / "descenso.mo"
    i18n.set_language("es")
    if not catalog.exists() or i18n.gettext("How to reproduce") == "How to reproduce":
        pytest.skip("no Spanish translation of the report yet")
    page = build_report(ReportContent(title="t"), figures=[])
    assert i18n.gettext("How to reproduce") in page
    assert ">How to reproduce<" not in page
