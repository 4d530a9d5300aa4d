"""``descenso fit``: the outputs, the learner's figures, networks, classifiers, divergence,
interruption and resume, determinism."""

from __future__ import annotations

import json
import re
import shlex

import numpy as np
import pytest
from safetensors.numpy import load_file

from descenso.data.split import train_val_test_split
from descenso.datasets.abalone import load_abalone
from descenso.io import load_checkpoint, load_model, read_description
from descenso.train.trainer import Trainer

OUTPUTS = ("model.safetensors", "history.csv", "metrics.json", "report.html")
REGRESSION_METRICS = {"r2", "mse", "rmse", "mae"}


def weight_bytes(run) -> dict[str, bytes]:
    """The bytes of each tensor of the run's model (its description names the run's folder)."""
    return {name: array.tobytes() for name, array in load_file(run / "model.safetensors").items()}


def _abalone_splits():
    data = load_abalone()
    return train_val_test_split(data.X, data.y, val_size=0.2, test_size=0.2, seed=42)


def test_default_fit_writes_every_output_and_matches_least_squares(cli, tmp_path):
    result = cli("fit")
    assert result.code == 0, result.err
    runs = list((tmp_path / "descenso-runs").iterdir())
    assert len(runs) == 1 and re.fullmatch(r"\d{8}-\d{6}-abalone", runs[0].name)
    run = runs[0]
    for name in OUTPUTS + ("training_curves.png", "predicted_vs_actual.png", "residuals.png"):
        assert (run / name).is_file(), name
    metrics = json.loads((run / "metrics.json").read_text())
    assert set(metrics) == {"train", "val", "test"}
    assert all(set(values) == REGRESSION_METRICS for values in metrics.values())
    assert metrics["test"]["r2"] > 0.5
    # Standardized gradient descent with lr auto converges to the least-squares optimum.
    X_train, _, X_test, y_train, _, y_test = _abalone_splits()
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    design = np.hstack([(X_train - mean) / std, np.ones((len(X_train), 1))])
    theta = np.linalg.lstsq(design, y_train, rcond=None)[0]
    optimal_mse = np.mean((y_train - design @ theta) ** 2)
    assert metrics["train"]["mse"] == pytest.approx(optimal_mse, rel=1e-5)
    predicted = np.hstack([(X_test - mean) / std, np.ones((len(X_test), 1))]) @ theta
    r2 = 1 - np.sum((y_test - predicted) ** 2) / np.sum((y_test - y_test.mean()) ** 2)
    assert metrics["test"]["r2"] == pytest.approx(r2, abs=1e-3)
    spec = read_description(run)
    np.testing.assert_allclose(spec["preprocessing"]["standardizer"]["mean"], mean, rtol=1e-12)
    assert spec["command"] == "descenso fit"
    page = (run / "report.html").read_text()
    # predicted vs actual, residuals, training curves; the diagnosis's findings, learning
    # curve and residual structure
    assert page.count("data:image/png;base64,") == 6
    for heading in ("Data", "Training", "Metrics", "Diagnosis", "Outputs"):
        assert heading in result.out
    assert f"outputs written to descenso-runs/{run.name}" in result.out


def test_the_learners_command_prints_the_learners_figures(cli, tmp_path):
    result = cli("fit", "abalone", "--solver", "gd", "--lr", "0.001", "--iterations", "20000",
                 "--no-standardize", "--out", "learner")
    assert result.code == 0, result.err
    assert "R² train 0.3755, validation 0.3729" in result.out
    table = next(line for line in result.out.splitlines() if line.startswith("r2 "))
    assert table.split()[1:3] == ["0.3755", "0.3729"]
    assert "optimization: yes; after 20000 steps the training MSE" in result.out
    assert "37% above the least-squares optimum" in result.out
    assert "verdict: optimization" in result.out
    metrics = json.loads((tmp_path / "learner" / "metrics.json").read_text())
    assert round(metrics["train"]["r2"], 4) == 0.3755
    history = (tmp_path / "learner" / "history.csv").read_text().splitlines()
    assert history[0] == "iteration,loss" and len(history) == 20_002


def test_mlp_regression_writes_checkpoints_and_consistent_metrics(cli, tmp_path):
    result = cli("fit", "abalone", "--model", "mlp", "--hidden", "16", "--epochs", "3",
                 "--limit", "600", "--out", "mlp")
    assert result.code == 0, result.err
    run = tmp_path / "mlp"
    assert (run / "checkpoints" / "checkpoint-last.safetensors").is_file()
    assert (run / "history.csv").read_text().splitlines()[0].startswith("epoch,loss,r2,val_loss")
    assert len((run / "history.csv").read_text().splitlines()) == 4
    assert "epoch 3/3" in result.err
    saved = load_model(run)
    pre = saved.metadata["preprocessing"]
    assert pre["target_standardizer"] is not None
    data = load_abalone()
    *_, X_test, _, _, y_test = train_val_test_split(data.X[:600], data.y[:600], seed=42)
    scaler = pre["standardizer"]
    outputs = saved.predict((X_test - scaler["mean"]) / np.array(scaler["scale"]))[:, 0]
    target = pre["target_standardizer"]
    predicted = outputs.astype(np.float64) * target["scale"] + target["mean"]
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["test"]["mse"] == pytest.approx(np.mean((y_test - predicted) ** 2), rel=1e-12)


def test_classification_csv_learns_and_names_its_classes(cli, tmp_path, rng):
    n = 400
    size = rng.normal(size=n)
    colour = rng.choice(["red", "blue"], size=n)
    label = np.where(size + (colour == "red") > 0.5, "big", "small")
    lines = ["size,colour,label"] + [f"{s},{c},{k}" for s, c, k in zip(size, colour, label)]
    (tmp_path / "shapes.csv").write_text("\n".join(lines) + "\n")
    result = cli("fit", "shapes.csv", "--model", "mlp", "--hidden", "8", "--epochs", "30",
                 "--lr", "0.01", "--out", "shapes")
    assert result.code == 0, result.err
    run = tmp_path / "shapes"
    metrics = json.loads((run / "metrics.json").read_text())
    assert all(set(values) == {"accuracy", "loss"} for values in metrics.values())
    assert metrics["test"]["accuracy"] >= 0.9
    spec = read_description(run)
    assert spec["preprocessing"]["class_names"] == ["big", "small"]
    assert spec["preprocessing"]["categories"] == {"colour": ["blue", "red"]}
    assert (run / "confusion_matrix.png").is_file()
    assert "accuracy train" in result.out


def test_same_seed_gives_bit_identical_metrics_and_weights(cli, tmp_path):
    args = ("fit", "abalone", "--model", "mlp", "--hidden", "8", "--dropout", "0.1",
            "--epochs", "2", "--limit", "400", "--quiet")
    assert cli(*args, "--out", "a").code == 0
    assert cli(*args, "--out", "b").code == 0
    assert (tmp_path / "a" / "metrics.json").read_bytes() == \
        (tmp_path / "b" / "metrics.json").read_bytes()
    assert weight_bytes(tmp_path / "a") == weight_bytes(tmp_path / "b")


def test_divergence_exits_3_and_keeps_a_finite_checkpoint(cli, tmp_path):
    result = cli("fit", "abalone", "--model", "mlp", "--optimizer", "sgd", "--lr", "1e6",
                 "--epochs", "3", "--out", "boom")
    assert result.code == 3
    assert len(result.err_lines) == 1 and "Traceback" not in result.err
    message = result.err_lines[0]
    assert re.search(r"at step \d+", message) and "Lower the learning rate" in message
    checkpoint = tmp_path / "boom" / "checkpoints" / "checkpoint-last.safetensors"
    assert str(checkpoint.relative_to(tmp_path)) in message
    state = load_checkpoint(checkpoint)
    weights = [np.asarray(value) for value in state["model"].values()]
    assert weights and all(np.isfinite(w).all() for w in weights)
    assert not (tmp_path / "boom" / "model.safetensors").exists()


def test_an_exploding_but_finite_loss_exits_3_within_a_few_steps(cli, tmp_path):
    """Adam with lr=1e6 never makes the loss NaN (it reaches ~1e26): the growth rule stops it."""
    result = cli("fit", "abalone", "--model", "mlp", "--lr", "1e6", "--out", "boom")
    assert result.code == 3
    assert len(result.err_lines) == 1 and "Traceback" not in result.err
    message = result.err_lines[0]
    found = re.search(r"the loss grew from \S+ to \S+ \(more than 1000 times its first value\) "
                      r"at step (\d+) \(epoch 1, batch \d+\)", message)
    assert found and 1 <= int(found.group(1)) <= 5, message
    assert "Lower the learning rate" in message
    checkpoint = tmp_path / "boom" / "checkpoints" / "checkpoint-last.safetensors"
    assert str(checkpoint.relative_to(tmp_path)) in message
    state = load_checkpoint(checkpoint)
    assert state["epoch"] == 0
    weights = [np.asarray(value) for value in state["model"].values()]
    assert weights and all(np.isfinite(w).all() for w in weights)
    assert not (tmp_path / "boom" / "model.safetensors").exists()


def test_lr_schedule_is_recorded_and_changes_the_run(cli, tmp_path):
    args = ("fit", "abalone", "--model", "mlp", "--hidden", "8", "--epochs", "3",
            "--limit", "300", "--quiet")
    assert cli(*args, "--out", "constant").code == 0
    assert cli(*args, "--lr-schedule", "cosine", "--out", "cosine").code == 0
    spec = read_description(tmp_path / "cosine")
    assert spec["hyperparameters"]["lr_schedule"] == "cosine"
    state = load_checkpoint(tmp_path / "cosine" / "checkpoints" / "checkpoint-last.safetensors")
    assert state["scheduler"]["T_max"] == 3 and state["scheduler"]["last_epoch"] == 3
    assert state["optimizer"]["param_groups"][0]["lr"] == 0.0
    assert weight_bytes(tmp_path / "cosine") != weight_bytes(tmp_path / "constant")


def test_lr_schedule_is_refused_where_it_does_not_apply(cli, usage_error, tmp_path):
    message = usage_error(cli("fit", "abalone", "--lr-schedule", "cosine", "--out", "x"))
    assert message.startswith("--lr-schedule applies to --model mlp or classification")
    assert not (tmp_path / "x").exists()


def test_linear_divergence_exits_3_and_writes_nothing(cli, tmp_path):
    result = cli("fit", "abalone", "--lr", "10", "--no-standardize", "--out", "boom")
    assert result.code == 3
    assert len(result.err_lines) == 1 and "at step" in result.err
    assert not (tmp_path / "boom").exists()


def test_debug_shows_the_traceback(cli):
    result = cli("fit", "nosuchdata", "--debug")
    assert result.code == 2
    assert "Traceback" in result.err
    assert result.err_lines[-1].startswith("error: unknown dataset 'nosuchdata'")


def test_interrupt_writes_the_report_so_far_and_resume_matches_a_full_run(cli, tmp_path,
                                                                         monkeypatch):
    args = ("fit", "abalone", "--model", "mlp", "--hidden", "8", "--epochs", "4",
            "--limit", "300", "--quiet")
    assert cli(*args, "--out", "full").code == 0
    original = Trainer._train_step

    def interrupt_at_step_9(self, xb, yb, batch):
        if self.global_step + 1 == 9:  # the 3rd batch of epoch 2 (6 batches per epoch)
            raise KeyboardInterrupt
        return original(self, xb, yb, batch)

    monkeypatch.setattr(Trainer, "_train_step", interrupt_at_step_9)
    result = cli(*args, "--out", "cut")
    assert result.code == 130
    assert len(result.err_lines) == 1 and result.err_lines[0].startswith("interrupted: ")
    run = tmp_path / "cut"
    assert (run / "report.html").is_file() and not (run / "model.safetensors").exists()
    assert len((run / "history.csv").read_text().splitlines()) == 2  # header + epoch 1
    assert "interrupted in epoch 2" in (run / "report.html").read_text()
    command = result.err.split("to continue, run: ")[1].strip()
    words = shlex.split(command)
    assert words[:2] == ["descenso", "fit"] and "--resume" in words
    monkeypatch.setattr(Trainer, "_train_step", original)
    mismatched = [("4" if word == "8" else word) for word in words[1:]]  # --hidden 4
    assert cli(*mismatched).code == 2
    assert (run / "checkpoints" / "checkpoint-last.safetensors").is_file()
    resumed = cli(*words[1:])
    assert resumed.code == 0, resumed.err
    assert weight_bytes(run) == weight_bytes(tmp_path / "full")
    assert len((run / "history.csv").read_text().splitlines()) == 5


@pytest.mark.parametrize("command", ["fit", "predict", "evaluate", "datasets", "demo"])
def test_every_command_has_help_with_an_example(command, capsys):
    from descenso.cli.main import main

    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    assert "example" in capsys.readouterr().out


def test_fit_help_documents_the_learning_rate_schedule(capsys):
    from descenso.cli.main import main

    with pytest.raises(SystemExit):
        main(["fit", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--lr-schedule {constant,cosine,step}" in text
    assert "default: cosine for images, constant for tables" in text


def test_no_arguments_prints_the_help(cli):
    result = cli()
    assert result.code == 0 and "fit" in result.out and "predict" in result.out
