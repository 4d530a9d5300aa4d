"""The metrics table never runs numbers together, whatever their size."""

from __future__ import annotations

import math

import pytest

from descenso.pipeline.console import format_metrics_table


def _columns(line: str) -> list[str]:
    return line.split()


@pytest.mark.parametrize("values", [
    # statecrime's 'violent': the numbers that ran together as "15306.578117647.3195"
    {"train": {"mse": 8254.147, "r2": 0.81}, "val": {"mse": 15306.5781, "r2": 0.52},
     "test": {"mse": 117647.3195, "r2": -1.7}},
    {"train": {"mse": 1.5e12}, "val": {"mse": -123456789.0}, "test": {"mse": 99999.99999}},
    {"train": {"mse": 0.0001}, "val": {"mse": float("nan")}, "test": {"mse": float("inf")}},
])
def test_every_cell_stands_apart_and_reads_back(values):
    lines = format_metrics_table(values)
    splits = list(values)
    assert len(_columns(lines[0])) == 1 + len(splits)
    for line, name in zip(lines[1:], values["train"]):
        cells = _columns(line)
        assert cells[0] == name and len(cells) == 1 + len(splits), line
        for cell, split in zip(cells[1:], splits):
            expected = values[split][name]
            read = float(cell)
            if math.isfinite(expected):
                assert read == pytest.approx(expected, rel=1e-3, abs=1e-4)
            else:
                assert math.isnan(read) if math.isnan(expected) else read == expected
    widths = {len(line) for line in lines}
    assert len(widths) == 1, lines  # columns line up


def test_small_numbers_keep_four_decimals():
    lines = format_metrics_table({"train": {"r2": 0.37551}, "test": {"r2": 0.3802}})
    assert _columns(lines[1]) == ["r2", "0.3755", "0.3802"]
