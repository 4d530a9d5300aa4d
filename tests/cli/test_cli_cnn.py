"""``descenso fit mnist --model cnn`` end to end on a few hundred images: outputs, the
convolution figures, predict and evaluate with the saved CNN, Ctrl-C and resume, bad options.

The real accuracy (>= 0.99 on MNIST, >= 0.91 on Fashion-MNIST with the defaults) is measured
by a full run, recorded in the README; these tests train a tiny CNN for seconds."""

from __future__ import annotations

import json
import shlex

import numpy as np
import pytest
from safetensors.numpy import load_file

from descenso.datasets.mnist import load_mnist
from descenso.io import load_model, read_description
from descenso.train import Trainer

TINY = ("--model", "cnn", "--channels", "8,16", "--hidden", "32", "--dropout", "0",
        "--limit", "300", "--epochs", "3", "--batch-size", "16", "--lr", "0.005", "--quiet")


@pytest.fixture(scope="module")
def cnn_run(tmp_path_factory, shared_data):
    from descenso.cli.main import main

    folder = tmp_path_factory.mktemp("cnn") / "run"
    assert main(["fit", "mnist", "--data-dir", str(shared_data), *TINY,
                 "--out", str(folder)]) == 0
    return folder


def test_cnn_fit_writes_the_model_the_metrics_and_the_convolution_figures(cnn_run):
    for name in ("model.safetensors", "metrics.json", "history.csv",
                 "report.html", "conv_filters.png", "feature_maps.png", "prediction_grid.png"):
        assert (cnn_run / name).is_file(), name
    spec = read_description(cnn_run)
    kinds = [layer["type"] for layer in spec["architecture"]["layers"]]
    assert kinds == ["Unflatten", "Conv2d", "ReLU", "MaxPool2d", "Conv2d", "ReLU", "MaxPool2d",
                     "Flatten", "Linear", "ReLU", "Linear"]
    assert spec["architecture"]["layers"][4]["out_channels"] == 16
    metrics = json.loads((cnn_run / "metrics.json").read_text())
    assert metrics["test"]["accuracy"] > 0.3  # 3 epochs on 270 images: well above chance
    report = (cnn_run / "report.html").read_text()
    assert "conv_filters.png" in report and "convolutional neural network" in report


def test_predict_and_evaluate_use_the_saved_cnn(cli, cnn_run, shared_data, tmp_path):
    images = load_mnist(data_dir=shared_data, progress=False).X_test[:5]
    np.save(tmp_path / "digits.npy", images)
    result = cli("predict", cnn_run, tmp_path / "digits.npy")
    assert result.code == 0, result.err
    rows = [line.split(",") for line in result.out.strip().splitlines()[1:]]
    logits = load_model(cnn_run).predict(images.astype(np.float32) / 255)
    assert [int(row[1]) for row in rows] == list(logits.argmax(axis=1))
    evaluated = cli("evaluate", cnn_run, "mnist", "--data-dir", shared_data)
    assert evaluated.code == 0, evaluated.err
    assert "accuracy" in evaluated.out


def test_cnn_interrupted_then_resumed_equals_an_uninterrupted_run(cli, shared_data, tmp_path,
                                                                 monkeypatch):
    args = ("fit", "mnist", "--data-dir", shared_data, *TINY, "--limit", "100")
    assert cli(*args, "--out", "full").code == 0
    original = Trainer._train_step

    def interrupt(self, xb, yb, batch):
        if self.global_step + 1 == 9:  # in epoch 2 (6 batches of 16 per epoch)
            raise KeyboardInterrupt
        return original(self, xb, yb, batch)

    monkeypatch.setattr(Trainer, "_train_step", interrupt)
    result = cli(*args, "--out", "cut")
    assert result.code == 130
    monkeypatch.setattr(Trainer, "_train_step", original)
    words = shlex.split(result.err.split("to continue, run: ")[1].strip())
    resumed = cli(*words[1:])
    assert resumed.code == 0, resumed.err
    # Every tensor bit for bit (the file's description names the run's own folder).
    cut, full = (load_file(tmp_path / run / "model.safetensors") for run in ("cut", "full"))
    assert cut.keys() == full.keys()
    assert all(cut[name].tobytes() == full[name].tobytes() for name in full)


@pytest.mark.parametrize("args, words", [
    (("abalone", "--model", "cnn"), "--model cnn needs images"),
    (("mnist", "--model", "mlp", "--channels", "8"), "--channels applies to --model cnn only"),
    (("mnist", "--model", "cnn", "--channels", "8,x"), "not a list of whole numbers"),
    (("mnist", "--model", "cnn", "--channels", "8,0"), "positive numbers"),
    (("mnist", "--model", "cnn", "--channels", "2,2,2,2,2,2"), "at most 4"),
])
def test_bad_cnn_options_are_one_line_errors(cli, usage_error, shared_data, args, words):
    data = () if args[0] == "abalone" else ("--data-dir", shared_data)
    assert words in usage_error(cli("fit", *args, *data))
