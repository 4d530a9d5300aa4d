"""Open a real report in headless Chromium: every figure loads, nothing errs, nothing is fetched.

Needs Python's ``playwright`` package and Debian's ``chromium`` (``.ci/run`` installs it).
Outside CI the test is skipped when either is missing; under CI (``CI=true``) it fails, so the
browser check can never silently stop running there.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

from descenso.report import (
    ClassificationResults,
    RegressionResults,
    ReportContent,
    render_figures,
    write_report,
)
from descenso.report.figures import png_size

CHROMIUM = Path("/usr/bin/chromium")
UNDER_CI = os.environ.get("CI", "").lower() == "true"
VIEWPORT = {"width": 1200, "height": 900}


def _require_browser():
    if UNDER_CI:
        import playwright

        assert CHROMIUM.exists(), f"CI needs Chromium at {CHROMIUM}; .ci/run installs it"
    else:
        pytest.importorskip("playwright")
        if not CHROMIUM.exists():
            pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    return sync_playwright


def _content() -> ReportContent:
    """A report with every kind of figure: curves, regression and image classification."""
    rng = np.random.default_rng(0)
    y = rng.normal(10.0, 3.0, size=200)
    labels = rng.integers(0, 10, size=30)
    logits = rng.normal(size=(30, 10))
    logits[np.arange(30), labels] += 2.0
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return ReportContent(
        title="browser check — año <script>",
        data_summary={"dataset": "synthetic", "rows": 200},
        model={"model": "mlp"},
        hyperparameters={"lr": 0.001},
        metrics={"train": {"loss": 0.2}, "test": {"loss": 0.3}},
        history={"loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.6, 0.4]},
        regression=RegressionResults(y, y + rng.normal(size=200), r2=0.9),
        classification=ClassificationResults(
            labels, probs, [f"class {k}" for k in range(10)],
            images=rng.integers(0, 256, size=(30, 28, 28), dtype=np.uint8),
        ),
        diagnosis=["Fine."],
        command="descenso fit synthetic",
    )


def test_report_renders_in_chromium(tmp_path):
    sync_playwright = _require_browser()
    content = _content()
    figures = render_figures(content)
    report = tmp_path / "report.html"
    write_report(report, content, figures)

    console_errors, page_errors, requests = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(report.as_uri(), wait_until="load", timeout=30_000)
            loaded = page.evaluate(
                "Array.from(document.images)"
                ".map(i => [i.complete, i.naturalWidth, i.naturalHeight])"
            )
            title = page.title()
            screenshot = tmp_path / "report.png"
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()

    assert console_errors == [] and page_errors == []
    # Only the file itself is loaded; data: URIs are not requests that leave the page.
    assert [url for url in requests if not url.startswith("data:")] == [report.as_uri()]
    assert title == "browser check — año <script>"
    assert len(loaded) == len(figures) == 7
    for (complete, width, height), figure in zip(loaded, figures):
        assert complete and width > 0, figure.name
        assert (width, height) == png_size(figure.png), figure.name

    image = imread(io.BytesIO(screenshot.read_bytes()), format="png")
    assert image.shape[1] == VIEWPORT["width"]
    assert image.shape[0] > 3 * VIEWPORT["height"], "the full page should be several screens"
    assert image[..., :3].std() > 0.05, "the screenshot is blank"
