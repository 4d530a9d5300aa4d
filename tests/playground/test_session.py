"""The playground's training: reproducible bit for bit, live changes, and its exports."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from descenso.errors import ConfigError
from descenso.playground import export
from descenso.playground.data import DATASETS, make_data
from descenso.playground.frames import frame, setup
from descenso.playground.session import Session


def _weights(session):
    return [p.data.copy() for p in session.model.parameters()]


def test_same_seed_and_settings_give_the_same_run_bit_for_bit():
    settings = {"data": "spiral", "classes": 3, "hidden": [6, 4], "optimizer": "adam",
                "lr": 0.01, "batch": 7}
    runs = []
    for _ in range(2):
        session = Session(settings)
        session.step(40)
        session.change({"lr": 0.05, "optimizer": "rmsprop"})
        session.step(25)
        runs.append((_weights(session), session.losses()))
    for a, b in zip(runs[0][0], runs[1][0]):
        assert np.array_equal(a, b)
    assert runs[0][1] == runs[1][1]
    other = Session({**settings, "seed": 1})
    other.step(65)
    assert not np.array_equal(_weights(other)[0], runs[0][0][0])


def test_live_settings_change_at_the_next_step_and_others_need_a_new_run():
    session = Session({"data": "circle", "n": 50})
    session.step(3)
    assert session.change({"lr": 0.5, "batch": 4})
    session.step()
    assert session.optimizer.param_groups[0]["lr"] == 0.5
    assert session.changes == [(3, {**session.initial_live, "lr": 0.5, "batch": 4})]
    assert not session.change({"hidden": [3]})
    with pytest.raises(ConfigError, match="lr"):
        session.change({"lr": "fast"})


@pytest.mark.parametrize("name", DATASETS)
def test_every_data_set_trains_and_draws(name):
    if name == "abalone":
        pytest.importorskip("pandas")
    session = Session({"data": name, "n": 60, "hidden": [3], "features": ["x1", "x2"]})
    session.run_for(0.001)
    message, described = frame(session), setup(session)
    assert message["step"] >= 1 and np.isfinite(message["train_loss"])
    assert len(described["y_train"]) + len(described["y_test"]) == len(session.data.y)


def test_the_line_is_a_two_parameter_model_with_its_surface():
    session = Session({"data": "line", "hidden": [], "features": ["x"], "lr": 0.1,
                       "batch": 5000})  # full-batch descent reaches least squares
    surface = setup(session)["surface"]
    session.step(300)
    w, b = frame(session)["wb"]
    assert surface is not None and np.allclose([w, b], surface["best"], rtol=1e-4)


def test_bad_settings_are_refused_with_what_to_do():
    with pytest.raises(ConfigError, match="unknown setting"):
        Session({"path": "/etc/passwd"})
    with pytest.raises(ConfigError, match="cross-entropy"):
        Session({"data": "circle", "loss": "mse"})
    with pytest.raises(ConfigError, match="between 10 and 5000"):
        make_data("xor", n=3)


def test_the_exported_script_reproduces_the_final_loss(tmp_path):
    session = Session({"data": "xor", "n": 120, "hidden": [5], "features": ["x1", "x2", "x1*x2"],
                       "l1": 0.001, "l2": 0.001})
    session.step(30)
    session.change({"optimizer": "momentum", "lr": 0.05})
    session.step(20)
    session.change({"batch": 3, "schedule": "cosine"})
    session.step(15)
    script = tmp_path / "run.py"
    script.write_text(export.script(session))
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False,
                            timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    printed = float(result.stdout.rsplit(":", 1)[1])
    assert abs(printed - session.losses()[0]) <= 1e-6


def test_the_exported_model_is_read_by_descenso_predict(tmp_path):
    from descenso.cli.main import main

    session = Session({"data": "gauss", "n": 80, "hidden": [4]})
    session.step(50)
    (tmp_path / "model.safetensors").write_bytes(export.model_file(session))
    rows = tmp_path / "points.csv"
    rows.write_text("x1,x2\n2,2\n-2,-2\n")
    out = tmp_path / "predictions.csv"
    assert main(["predict", str(tmp_path / "model.safetensors"), str(rows),
                 "--out", str(out)]) == 0
    expected = session.predict(np.array([[2.0, 2.0], [-2.0, -2.0]]))
    assert out.read_text().count("\n") == 3 and expected[0] > 0.5 > expected[1]


def test_the_history_csv_has_one_row_per_frame():
    session = Session({"data": "gauss", "n": 40})
    session.record()
    session.step(5)
    session.record()
    lines = export.history_csv(session).splitlines()
    assert lines[0] == "step,epoch,train_loss,test_loss,lr" and len(lines) == 3


def test_a_frame_packs_the_heat_map_as_float32():
    import base64

    session = Session({"data": "circle", "n": 60, "hidden": [3, 2]})
    message = frame(session)
    output = np.frombuffer(base64.b64decode(message["output"]), dtype="<f4")
    expected = session.predict(session.grid(40)).astype(np.float32)
    assert np.array_equal(output, expected)
    neurons = [np.frombuffer(base64.b64decode(layer), dtype="<f4") for layer in message["neurons"]]
    assert [len(layer) for layer in neurons] == [2 * 16 * 16, 3 * 16 * 16, 2 * 16 * 16]


def test_a_csv_with_a_category_trains_and_its_model_predicts_the_same_csv(tmp_path):
    from descenso.cli.main import main
    from descenso.playground.server import read_table

    rows = ["size,colour,weight"] + [
        f"{i % 9},{'red' if i % 3 else 'blue'},{i % 9 * 2.37 + (i % 7) * 0.13:.2f}"
        for i in range(60)]
    body = ("\n".join(rows) + "\n").encode()
    table = read_table(body, None)
    assert table.target_name == "weight" and table.task == "regression"
    session = Session({"data": "csv", "hidden": [4], "features": table.feature_names}, table)
    session.step(30)
    (tmp_path / "model.safetensors").write_bytes(export.model_file(session))
    data = tmp_path / "data.csv"
    data.write_bytes(body)
    out = tmp_path / "predictions.csv"
    assert main(["predict", str(tmp_path / "model.safetensors"), str(data), "--out",
                 str(out)]) == 0
    predicted = np.array([float(line.split(",")[0])
                          for line in out.read_text().splitlines()[1:]])
    assert np.allclose(predicted, session.predict(table.X), rtol=1e-5)


def test_a_diverging_run_stops_before_the_optimizer_moves():
    from descenso.errors import TrainingDiverged

    session = Session({"data": "sine", "hidden": [], "features": ["x", "x^2", "x^3"],
                       "lr": 10, "batch": 400})
    with pytest.raises(TrainingDiverged, match="lower the learning rate") as stopped:
        session.step(200)
    assert stopped.value.step == session.steps and all(
        np.isfinite(p.data).all() for p in session.model.parameters())


def test_without_chosen_features_a_run_takes_the_plain_inputs():
    assert Session({"data": "sine", "features": []}).settings["features"] == ["x"]
    assert Session({"data": "spiral", "features": []}).settings["features"] == ["x1", "x2"]
    abalone = Session({"data": "abalone", "features": []})
    assert abalone.settings["features"] == abalone.data.feature_names


@pytest.mark.parametrize("settings", [
    {"data": "spiral", "classes": 3, "hidden": [6], "optimizer": "adam", "lr": 0.01},
    {"data": "bumps", "hidden": [5, 3], "activation": "relu", "loss": "mae", "l2": 0.01},
])
def test_the_exported_script_trains_under_pytorch_too_to_the_same_loss(tmp_path, settings):
    pytest.importorskip("torch")
    session = Session(settings)
    session.step(20)
    session.change({"lr": 0.003})
    session.step(10)
    script = export.script(session).replace("import descenso as torch", "import torch")
    assert "import torch\n" in script
    path = tmp_path / "torch_run.py"
    path.write_text(script)
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                            timeout=120, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    # the same initial weights and steps: equal to 1e-6 (float32 rounding may differ)
    assert float(result.stdout.rsplit(":", 1)[1]) == pytest.approx(session.losses()[0],
                                                                   abs=1e-6)
