"""The CSV options of ``descenso fit``: what the loader's advice tells command-line users to do."""

from __future__ import annotations

import json

import numpy as np

from descenso import advice
from descenso.data import load_csv
from descenso.io import read_description


def _table(rows: int = 60, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=rows), rng.normal(size=rows)
    return np.column_stack([a, b, 1.5 + 2 * a - 3 * b + rng.normal(0, 0.01, rows)])


def test_missing_values_are_filled_with_a_warning_and_the_flag_drops_them(cli, tmp_path):
    lines = ["a,b,y"] + [",".join(f"{v:.6f}" for v in row) for row in _table()]
    lines[5] = "1.0,,2.0"
    (tmp_path / "gaps.csv").write_text("\n".join(lines) + "\n")
    result = cli("fit", "gaps.csv", "--out", "run")
    assert result.code == 0, result.err
    warning = [line for line in result.out.splitlines() if "missing value" in line]
    assert warning == ["warning: 1 missing value filled with the training rows' median "
                       "(numbers) or most frequent value (categories): b (1); to drop incomplete "
                       "rows instead, pass --drop-missing"]
    assert json.loads((tmp_path / "run" / "metrics.json").read_text())["test"]["r2"] > 0.99
    result = cli("fit", "gaps.csv", "--drop-missing", "--quiet", "--out", "run2")
    assert result.code == 0, result.err
    assert json.loads((tmp_path / "run2" / "metrics.json").read_text())["test"]["r2"] > 0.999


def test_a_latin1_export_needs_and_accepts_encoding(cli, tmp_path, usage_error):
    lines = ["año,b,y"] + [",".join(f"{v:.6f}" for v in row) for row in _table()]
    (tmp_path / "latin.csv").write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    message = usage_error(cli("fit", "latin.csv", "--out", "run"))
    assert "--encoding latin-1" in message
    result = cli("fit", "latin.csv", "--encoding", "latin-1", "--quiet", "--out", "run")
    assert result.code == 0, result.err
    features = read_description(tmp_path / "run")
    assert features["preprocessing"]["input_features"] == ["año", "b"]


def test_no_header_reads_the_first_line_as_data(cli, tmp_path):
    rows = [",".join(f"{v:.6f}" for v in row) for row in _table()]
    (tmp_path / "bare.csv").write_text("\n".join(rows) + "\n")
    result = cli("fit", "bare.csv", "--no-header", "--quiet", "--out", "run")
    assert result.code == 0, result.err
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["test"]["r2"] > 0.999


def test_the_python_api_keeps_its_keyword_advice(tmp_path):
    (tmp_path / "gaps.csv").write_text("a,y\n1,2\n,3\n4,5\n")
    advice.use_command_line(False)
    try:
        load_csv(tmp_path / "gaps.csv")
    except ValueError as error:
        assert "drop_missing=True" in str(error)
    else:
        raise AssertionError("a missing value must be refused")
