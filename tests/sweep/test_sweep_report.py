"""The sweep's report and results.csv from synthetic trials (no Dask): the table, the figures,
the best trial, and sorting by a click in headless Chromium."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from descenso.pipeline.options import FitOptions
from descenso.sweep.grid import make_trials
from descenso.sweep.report import build_sweep_report, write_sweep_report
from descenso.sweep.results import TrialResult, best_trial, results_csv, selection_metric

CHROMIUM = Path("/usr/bin/chromium")
UNDER_CI = os.environ.get("CI", "").lower() == "true"


@dataclass
class _Plan:
    folder: Path
    grid: dict
    dataset: str = "abalone"
    task: str = "regression"
    folds: int | None = None
    command: str | None = "descenso sweep --grid lr=0.01,0.1 --grid hidden=8,16"

    @property
    def metric(self):
        return selection_metric(self.task, self.folds)


def _results():
    grid = {"lr": (0.01, 0.1), "hidden": ((8,), (16,))}
    scores = [0.41, 0.55, None, 0.48]  # the third trial failed
    results = []
    for index, (trial, score) in enumerate(zip(make_trials(grid), scores)):
        record = ({"status": "failed", "metrics": {}, "seconds": 0.5, "error": "it <broke>"}
                  if score is None else
                  {"status": "ok", "seconds": 1.0 + index,
                   "metrics": {"train": {"r2": score + 0.1}, "val": {"r2": score},
                               "test": {"r2": score - 0.01}}, "error": None})
        results.append(TrialResult(trial, f"key{index}", record, FitOptions()))
    return grid, results


def test_results_csv_and_the_best_trial(tmp_path):
    grid, results = _results()
    best = best_trial(results, "val_r2")
    assert best.key == "key1"
    rows = list(csv.DictReader(io.StringIO(results_csv(results, list(grid)))))
    assert list(rows[0]) == ["trial", "status", "lr", "hidden", "val_r2", "train_r2", "test_r2",
                             "seconds", "error"]
    assert [(r["lr"], r["hidden"], r["status"]) for r in rows] == [
        ("0.01", "8", "ok"), ("0.01", "16", "ok"), ("0.1", "8", "failed"), ("0.1", "16", "ok")]
    assert float(rows[1]["val_r2"]) == 0.55 and rows[2]["val_r2"] == ""
    assert rows[2]["error"] == "it <broke>"


def test_report_lists_best_first_with_a_figure_per_option_and_a_heat_map(tmp_path):
    grid, results = _results()
    page = build_sweep_report(_Plan(tmp_path, grid), results, best_trial(results, "val_r2"))
    assert page.count("<img") == 3 and 'class="sortable"' in page
    assert "it &lt;broke&gt;" in page and "<broke>" not in page
    order = [page.index(f">key{index}<") for index in (1, 3, 0, 2)]
    assert order == sorted(order)  # best first, the failed trial last
    assert "Best trial: lr=0.01 hidden=16 (val_r2 0.5500)" in page


def test_clicking_a_heading_sorts_the_table_in_chromium(tmp_path):
    if UNDER_CI:
        assert CHROMIUM.exists(), f"CI needs Chromium at {CHROMIUM}"
    else:
        pytest.importorskip("playwright")
        if not CHROMIUM.exists():
            pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    grid, results = _results()
    report = write_sweep_report(_Plan(tmp_path, grid), results, best_trial(results, "val_r2"))
    errors, requests = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(report.as_uri(), wait_until="load", timeout=30_000)
            first_column = "Array.from(document.querySelectorAll('tbody tr'))" \
                           ".map(r => r.cells[0].textContent)"
            printed = page.evaluate(first_column)
            page.click("th:text-is('seconds')")
            slowest_first = page.evaluate(first_column)
            page.click("th:text-is('seconds')")
            fastest_first = page.evaluate(first_column)
            sizes = page.evaluate("Array.from(document.images).map(i => [i.naturalWidth, "
                                  "i.naturalHeight])")
        finally:
            browser.close()
    assert errors == []
    assert [url for url in requests if not url.startswith("data:")] == [report.as_uri()]
    assert printed == ["key1", "key3", "key0", "key2"]
    assert slowest_first == ["key3", "key1", "key0", "key2"]
    assert fastest_first == ["key2", "key0", "key1", "key3"]
    assert len(sizes) == 3 and all(width > 0 for width, _height in sizes)
