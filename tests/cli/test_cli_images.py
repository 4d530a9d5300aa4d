"""Image models end to end on a small MNIST subset: fit, the report's image figures, and
``predict`` from ``.npy``, PNG and IDX files."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from descenso.cli.main import main
from descenso.datasets.mnist import load_mnist
from descenso.io import load_model, read_description
from descenso.pipeline.evaluation import softmax

matplotlib_image = pytest.importorskip("matplotlib.image")


@pytest.fixture(scope="module")
def mnist_run(tmp_path_factory, shared_data):
    """A 3-epoch MLP on the first 600 MNIST training images (and 600 test images)."""
    shared = shared_data
    folder = tmp_path_factory.mktemp("mnist") / "run"
    code = main(["fit", "mnist", "--data-dir", str(shared), "--limit", "600", "--epochs", "3",
                 "--hidden", "32", "--lr", "0.003", "--quiet", "--out", str(folder)])
    assert code == 0
    return folder


@pytest.fixture(scope="module")
def sample_images(shared_data):
    return load_mnist(data_dir=shared_data, progress=False).X_test[:6]


def _rows(text):
    return list(csv.reader(io.StringIO(text)))


def _expected_probabilities(run, images):
    saved = load_model(run)
    return softmax(saved.predict(images.astype(np.float32) / 255))


def test_image_fit_writes_the_image_report(mnist_run):
    for name in ("model.safetensors", "metrics.json", "history.csv",
                 "report.html", "confusion_matrix.png", "per_class_accuracy.png",
                 "prediction_grid.png", "confident_errors.png", "training_curves.png"):
        assert (mnist_run / name).is_file(), name
    metrics = json.loads((mnist_run / "metrics.json").read_text())
    assert all(set(values) == {"accuracy", "loss"} for values in metrics.values())
    assert metrics["test"]["accuracy"] > 0.5  # 3 epochs on 540 images, 10 classes
    spec = read_description(mnist_run)
    assert spec["architecture"]["layers"][0]["type"] == "Flatten"
    assert spec["preprocessing"]["image_shape"] == [28, 28]
    assert spec["preprocessing"]["class_names"] == [str(digit) for digit in range(10)]


def test_predict_npy_in_both_shapes_and_dtypes(cli, mnist_run, sample_images, tmp_path):
    np.save(tmp_path / "digits.npy", sample_images)
    np.save(tmp_path / "flat.npy", sample_images.reshape(6, 784) / 255.0)
    result = cli("predict", mnist_run, "digits.npy", "flat.npy")
    assert result.code == 0, result.err
    rows = _rows(result.out)
    assert rows[0] == ["input", "class", "class_name", "probability"] and len(rows) == 13
    probs = _expected_probabilities(mnist_run, sample_images)
    for k, row in enumerate(rows[1:7]):
        assert row[0] == f"digits.npy[{k}]"
        assert int(row[1]) == probs[k].argmax() and row[2] == str(probs[k].argmax())
        assert float(row[3]) == pytest.approx(probs[k].max(), abs=1e-6)
    assert [row[1] for row in rows[7:]] == [row[1] for row in rows[1:7]]


def test_predict_png_matches_the_array(cli, mnist_run, sample_images, tmp_path):
    matplotlib_image.imsave(tmp_path / "digit.png", sample_images[0], cmap="gray", vmin=0,
                            vmax=255)
    result = cli("predict", mnist_run, "digit.png")
    assert result.code == 0, result.err
    row = _rows(result.out)[1]
    probs = _expected_probabilities(mnist_run, sample_images[:1])[0]
    assert row[0] == "digit.png" and int(row[1]) == probs.argmax()
    assert float(row[3]) == pytest.approx(probs.max(), abs=1e-3)


def test_predict_idx_file_writes_one_row_per_image(cli, mnist_run, shared_data, tmp_path):
    images = shared_data / "mnist" / "t10k-images-idx3-ubyte.gz"
    result = cli("predict", mnist_run, images, "--out", "preds.csv")
    assert result.code == 0, result.err
    rows = _rows((tmp_path / "preds.csv").read_text())
    assert len(rows) == 10_001 and rows[1][0] == "t10k-images-idx3-ubyte.gz[0]"


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda tmp: matplotlib_image.imsave(tmp / "big.png", np.zeros((30, 30)), cmap="gray"),
         "big.png is 30x30"),
        (lambda tmp: np.save(tmp / "bad.npy", np.zeros((2, 27, 28))), "shape (2, 27, 28)"),
        (lambda tmp: np.save(tmp / "bad.npy", np.array([{"a": 1}], dtype=object)),
         "without pickle"),
        (lambda tmp: np.save(tmp / "bad.npy", np.full((1, 28, 28), 300.0)),
         "pixel values from 300 to 300"),
        (lambda tmp: (tmp / "bad.csv").write_text("a,b\n1,2\n"), "bad.csv"),
    ],
    ids=["png-30x30", "npy-wrong-shape", "npy-with-pickle", "npy-out-of-range", "csv"],
)
def test_predict_rejects_unusable_images(cli, usage_error, mnist_run, tmp_path, make, fragment):
    make(tmp_path)
    name = next(path.name for path in tmp_path.iterdir() if path.stem in ("big", "bad"))
    message = usage_error(cli("predict", mnist_run, name, "--out", "preds.csv"))
    assert fragment in message
    assert not (tmp_path / "preds.csv").exists()


def test_evaluate_on_the_official_test_split(cli, mnist_run, shared_data, tmp_path):
    result = cli("evaluate", mnist_run, "mnist", "--data-dir", shared_data, "--out", "m.json")
    assert result.code == 0, result.err
    metrics = json.loads((tmp_path / "m.json").read_text())["mnist (test)"]
    assert set(metrics) == {"accuracy", "loss"} and 0.5 < metrics["accuracy"] <= 1
