"""History: a per-epoch table that round-trips through checkpoints and CSV."""

from __future__ import annotations

import csv
import math

import pytest

from descenso.errors import ConfigError
from descenso.train import History


def _history() -> History:
    history = History()
    history.append({"epoch": 1, "loss": 0.1 + 0.2, "val_loss": 1 / 3, "time": 0.5})
    history.append({"epoch": 2, "loss": 2.5e-9, "val_loss": float("nan"), "time": 0.25})
    return history


def test_columns_keep_order_and_values():
    history = _history()
    assert history.columns == ["epoch", "loss", "val_loss", "time"]
    assert len(history) == 2
    assert history["loss"] == [0.1 + 0.2, 2.5e-9]
    assert history.last()["epoch"] == 2
    assert "val_loss" in history and "accuracy" not in history


def test_as_dict_is_a_copy():
    history = _history()
    columns = history.as_dict()
    columns["loss"].append(99.0)
    assert history["loss"] == [0.1 + 0.2, 2.5e-9]


def test_rows_must_have_the_same_columns():
    history = _history()
    with pytest.raises(ConfigError, match="expected"):
        history.append({"epoch": 3, "loss": 1.0})


def test_unknown_column_names_the_existing_ones():
    with pytest.raises(KeyError, match="val_loss"):
        _history()["accuracy"]


def test_state_dict_round_trip_keeps_how_the_run_ended():
    history = _history()
    history.interrupted, history.stop_reason, history.best_epoch = True, "interrupted", 1
    copy = History.from_state_dict(history.state_dict())
    assert copy.columns == history.columns
    assert copy["loss"] == history["loss"] and copy["epoch"] == [1, 2]
    assert math.isnan(copy["val_loss"][1])
    assert (copy.interrupted, copy.stop_reason, copy.best_epoch) == (True, "interrupted", 1)


def test_to_csv_writes_exact_floats_and_empty_cells_for_nan(tmp_path):
    path = tmp_path / "history.csv"
    _history().to_csv(path)
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["epoch", "loss", "val_loss", "time"]
    assert rows[1] == ["1", repr(0.1 + 0.2), repr(1 / 3), "0.5"]
    assert float(rows[1][1]) == 0.1 + 0.2  # full precision: reads back to the same float
    assert rows[2] == ["2", "2.5e-09", "", "0.25"]


def test_to_csv_replaces_the_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "history.csv"
    path.write_text("old content")
    _history().to_csv(path)
    assert path.read_text().startswith("epoch,loss")
    assert [p.name for p in tmp_path.iterdir()] == ["history.csv"]
