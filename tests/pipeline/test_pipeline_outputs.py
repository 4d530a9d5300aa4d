"""The run folder (created late, removed only if ours), history.csv, metrics and verdicts."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.errors import ConfigError
from descenso.pipeline.evaluation import classification_metrics, regression_metrics, softmax
from descenso.pipeline.run_folder import RunFolder, default_run_path
from descenso.pipeline.verdicts import classification_lines, curve_lines
from descenso.train.history import history_csv


def test_run_folder_removes_only_what_it_created(tmp_path):
    folder = RunFolder(tmp_path / "runs" / "a" / "b")
    folder.create()
    (folder.path / "model.safetensors").write_bytes(b"")
    folder.remove_if_created()
    assert list(tmp_path.iterdir()) == []
    existing = tmp_path / "mine"
    existing.mkdir()
    (existing / "notes.txt").write_text("keep")
    folder = RunFolder(existing)
    folder.create()
    folder.remove_if_created()
    assert (existing / "notes.txt").read_text() == "keep"


def test_run_folder_refuses_a_file_and_a_finished_run(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigError, match="is a file"):
        RunFolder(tmp_path / "file")
    (tmp_path / "done").mkdir()
    (tmp_path / "done" / "model.safetensors").write_bytes(b"")
    with pytest.raises(ConfigError, match="already holds a trained model"):
        RunFolder(tmp_path / "done")
    RunFolder(tmp_path / "done", reuse=True)  # resuming into it is allowed


def test_default_run_paths_are_unique(tmp_path):
    first = default_run_path("abalone", tmp_path, now=0)
    first.mkdir(parents=True)
    second = default_run_path("abalone", tmp_path, now=0)
    assert second.name == first.name + "-2" and second.parent.name == "descenso-runs"


def test_history_csv_counts_epochs_from_1_and_iterations_from_0():
    assert history_csv({"loss": [0.5, 0.25]}, "epoch") == "epoch,loss\n1,0.5\n2,0.25\n"
    assert history_csv({"epoch": [1], "loss": [float("nan")]}, "epoch") == "epoch,loss\n1,\n"


def test_metrics_match_scikit_learn(rng):
    metrics = pytest.importorskip("sklearn.metrics")
    y, p = rng.normal(size=40), rng.normal(size=40)
    ours = regression_metrics(y, p)
    assert ours["r2"] == pytest.approx(metrics.r2_score(y, p), rel=1e-12)
    assert ours["mse"] == pytest.approx(metrics.mean_squared_error(y, p), rel=1e-12)
    assert ours["rmse"] == pytest.approx(np.sqrt(metrics.mean_squared_error(y, p)), rel=1e-12)
    assert ours["mae"] == pytest.approx(metrics.mean_absolute_error(y, p), rel=1e-12)
    logits = rng.normal(size=(40, 3)).astype(np.float32)
    labels = rng.integers(0, 3, size=40)
    result = classification_metrics(labels, logits)
    assert result["accuracy"] == metrics.accuracy_score(labels, logits.argmax(1))
    assert result["loss"] == pytest.approx(metrics.log_loss(labels, softmax(logits)), rel=1e-5)


def test_softmax_is_stable_for_huge_logits():
    probs = softmax(np.array([[1000.0, 1000.0], [-1e4, 0.0]]))
    np.testing.assert_allclose(probs, [[0.5, 0.5], [0.0, 1.0]])


def test_curve_lines():
    falling = {"val_loss": [3.0, 2.0, 1.0]}
    assert "still falling" in curve_lines(falling, "completed", None)[0]
    late = {"val_loss": [1.0, 2.0, 3.0, 4.0]}
    assert "lowest at epoch 1 of 4" in curve_lines(late, "completed", None)[0]
    assert "weights of epoch 1" in curve_lines(late, "early_stopping", 1)[0]
    assert curve_lines({}, "completed", None) == []


def test_chance_level_warning():
    metrics = {split: {"accuracy": 0.1} for split in ("train", "val", "test")}
    assert "no better than chance" in classification_lines(metrics, 10)[-1]
