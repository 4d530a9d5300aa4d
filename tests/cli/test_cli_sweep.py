"""``descenso sweep`` through the command line, on a local Dask cluster: the trials are the same
runs ``descenso fit`` makes, a failing trial is recorded, a re-run resumes, bad grids stop
before anything is written."""

from __future__ import annotations

import csv
import json
import os
import socket

import pytest

pytest.importorskip("distributed")

# Networks on 300 rows for 2 epochs: each trial takes well under a second.
SMALL = ("abalone", "--model", "mlp", "--epochs", "2", "--limit", "300")


def _rows(folder):
    with open(folder / "results.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("grid, words", [
    (["--grid", "lr=abc"], "--grid lr=abc: --lr 'abc' is not a number"),
    (["--grid", "nosuch=1,2"], "--grid nosuch: unknown option"),
    (["--grid", "lr="], "--grid lr has no values"),
    ([], "no --grid given"),
    (["--grid", "dropout=0.1,1.5"], "--dropout 1.5 is outside [0, 1)"),
    (["--grid", "hidden=0,8"], "--hidden 0 has a layer of size 0"),
    (["--grid", "loss=mse,cross_entropy"], ("trial loss=cross_entropy: --loss cross_entropy is "
                                            "for classification")),
    (["--grid", "lr=0.1", "--lr", "0.2"], "--lr is given both as a flag and in --grid"),
    (["--grid", "lr=0.1", "--workers", "0"], "--workers 0 must be at least 1"),
    (["--grid", "lr=0.1", "--folds", "1"], "--folds 1 must be at least 2"),
    (["--grid", "lr=0.1", "--random", "0"], "--random 0 must be at least 1"),
])
def test_bad_grids_stop_with_one_line_and_leave_nothing(cli, usage_error, tmp_path, grid, words):
    message = usage_error(cli("sweep", *SMALL, *grid))
    assert words in message
    assert os.listdir(tmp_path) == []


def test_sweep_runs_every_trial_as_fit_does_and_records_failures(cli, tmp_path):
    # batch-size 1000 is more than the 180 training rows: that trial fails when it runs.
    args = ("sweep", *SMALL, "--grid", "lr=0.01,0.1", "--grid", "batch_size=16,1000",
            "--workers", "2", "--out", "sweep", "--quiet")
    result = cli(*args)
    assert result.code == 0, result.err
    folder = tmp_path / "sweep"
    rows = _rows(folder)
    assert [(row["lr"], row["batch_size"], row["status"]) for row in rows] == [
        ("0.01", "16", "ok"), ("0.01", "1000", "failed"), ("0.1", "16", "ok"),
        ("0.1", "1000", "failed")]
    for row in rows:
        if row["status"] == "failed":
            assert "--batch-size 1000 is larger than the 180 training rows" in row["error"]
            assert row["val_r2"] == ""
        else:
            assert row["error"] == "" and float(row["seconds"]) > 0

    # Each trial is the run `descenso fit` makes with its options, to the last bit.
    fit = cli("fit", *SMALL, "--lr", "0.1", "--batch-size", "16", "--out", "fit", "--quiet")
    assert fit.code == 0, fit.err
    expected = json.loads((tmp_path / "fit" / "metrics.json").read_text())
    trial = next(row for row in rows if row["lr"] == "0.1" and row["status"] == "ok")
    assert json.loads((folder / "trials" / trial["trial"] / "metrics.json").read_text()) \
        == expected
    assert float(trial["test_r2"]) == expected["test"]["r2"]

    # The best trial (highest validation R²) is copied to the top, and predict can use it.
    best = max((row for row in rows if row["status"] == "ok"), key=lambda r: float(r["val_r2"]))
    for name in ("model.safetensors", "metrics.json"):
        assert (folder / name).read_bytes() == \
            (folder / "trials" / best["trial"] / name).read_bytes()
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert 'class="sortable"' in report and report.count("<img") == 3  # 2 options + heat map
    assert "http" not in report.split("<main>")[1].replace("https://", "")  # nothing external



def test_running_the_same_command_again_resumes(cli, tmp_path):
    args = ("sweep", "abalone", "--iterations", "200", "--no-learning-curves", "--grid", "lr=0.01,0.1", "--workers",
            "1", "--out", "sweep")
    first = cli(*args, "--quiet")
    assert first.code == 0, first.err
    folder = tmp_path / "sweep"
    rows = _rows(folder)
    assert [row["status"] for row in rows] == ["ok", "ok"]
    stamps = {row["trial"]: (folder / "trials" / row["trial"] / "trial.json").stat().st_mtime_ns
              for row in rows}
    (folder / "trials" / rows[1]["trial"] / "trial.json").unlink()
    (folder / "trials" / rows[1]["trial"] / "model.safetensors").unlink()  # killed mid-trial
    again = cli(*args)
    assert again.code == 0, again.err
    assert "1 trial already finished: not run again" in again.out
    assert "[2/2] lr=0.1" in again.out and "lr=0.01:" not in again.out
    assert (folder / "trials" / rows[0]["trial"] / "trial.json").stat().st_mtime_ns == \
        stamps[rows[0]["trial"]]
    assert [(row["trial"], row["val_r2"]) for row in _rows(folder)] == \
        [(row["trial"], row["val_r2"]) for row in rows]


def test_folds_pick_the_best_by_the_cross_validated_mean(cli, tmp_path):
    result = cli("sweep", "abalone", "--solver", "normal", "--grid", "standardize=on,off",
                 "--folds", "3", "--workers", "1", "--out", "cv", "--quiet")
    assert result.code == 0, result.err
    rows = _rows(tmp_path / "cv")
    assert all(row["status"] == "ok" for row in rows)
    # Least squares does not depend on the features' scale: both trials score the same.
    assert float(rows[0]["cv_r2_mean"]) == pytest.approx(float(rows[1]["cv_r2_mean"]), abs=1e-9)
    assert float(rows[0]["cv_r2_std"]) > 0
    best = max(rows, key=lambda row: float(row["cv_r2_mean"]))["standardize"]
    assert f"best trial: standardize={best} (cv_r2_mean" in result.out


def test_an_unreachable_scheduler_is_one_line_and_leaves_nothing(cli, usage_error, tmp_path):
    with socket.socket() as probe:  # a port that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    message = usage_error(cli("sweep", *SMALL, "--grid", "lr=0.1",
                              "--scheduler", f"tcp://127.0.0.1:{port}"))
    assert "no Dask scheduler answered" in message
    assert os.listdir(tmp_path) == []


def test_dask_missing_says_the_install_command(cli, usage_error, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if absent
    message = usage_error(cli("sweep", *SMALL, "--grid", "lr=0.1"))
    assert 'install it with: pip install "descenso[sweep]"' in message
    assert os.listdir(tmp_path) == []


def test_a_sweep_folder_is_used_by_one_sweep_at_a_time(cli, usage_error, tmp_path):
    from descenso.pipeline.run_folder import RunFolder

    holder = RunFolder(tmp_path / "busy", reuse=True)
    holder.create()
    try:
        message = usage_error(cli("sweep", *SMALL, "--grid", "lr=0.1", "--out", "busy"))
    finally:
        holder.release()
    assert "is in use by another descenso run" in message
