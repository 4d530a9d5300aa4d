"""Report figures: real PNGs of the promised size, with content, identical for identical input."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pytest
from matplotlib.image import imread

from descenso.errors import DataError, ShapeError
from descenso.report.figures import (
    confident_errors,
    confusion_matrix_figure,
    most_confident_errors,
    per_class_accuracy_figure,
    png_size,
    predicted_vs_actual,
    prediction_grid,
    residual_histogram,
    training_curves,
)
from descenso.report.figures.canvas import RIGHT, WRONG

NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
         "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def pixels(png: bytes) -> np.ndarray:
    """RGBA floats in 0..1 of shape (height, width, 4), decoded by matplotlib."""
    return imread(io.BytesIO(png), format="png")


def assert_real_figure(png: bytes, size: tuple[int, int]) -> np.ndarray:
    image = pixels(png)
    assert png_size(png) == size
    assert image.shape[:2] == (size[1], size[0])
    rgb = image[..., :3]
    assert rgb.std() > 0.05, "the figure is (almost) blank"
    assert (rgb < 0.5).mean() > 0.002, "nothing dark is drawn: no text or lines"
    return image


def has_colour(png: bytes, hex_colour: str, min_pixels: int = 20) -> bool:
    rgb = np.round(pixels(png)[..., :3] * 255).astype(int)
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int(np.all(np.abs(rgb - target) <= 2, axis=-1).sum()) >= min_pixels


@pytest.fixture
def classifier_outputs(rng):
    n = 40
    y_true = rng.integers(0, 10, size=n)
    logits = rng.normal(size=(n, 10))
    logits[np.arange(n), y_true] += 2.0
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    return images, probs, y_true


def one_hot_probs(predicted: np.ndarray, n_classes: int = 10, confidence: float = 0.8):
    probs = np.full((predicted.size, n_classes), (1 - confidence) / (n_classes - 1))
    probs[np.arange(predicted.size), predicted] = confidence
    return probs


# ---- training curves -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "size"),
    [
        ({"loss": [1.0]}, (480, 360)),
        ({"loss": [1.0, 0.5], "val_loss": [1.2, 0.7], "accuracy": [0.5, 0.7],
          "val_accuracy": [0.4, 0.6]}, (960, 360)),
        ({"loss": [3.0, 2.0], "r2": [0.1, 0.3], "mse": [3.0, 2.0], "rmse": [1.7, 1.4],
          "mae": [1.2, 1.0], "val_r2": [0.0, 0.2]}, (1440, 720)),
    ],
)
def test_training_curves_have_one_panel_per_metric(history, size):
    assert_real_figure(training_curves(history), size)


def test_training_curves_put_loss_first_and_pair_validation():
    from descenso.report.figures.training import _panel_names

    assert _panel_names(["accuracy", "val_accuracy", "val_loss", "loss"]) == ["loss", "accuracy"]


def test_training_curves_switch_to_log_scale_only_for_wide_positive_losses():
    from descenso.report.figures.training import _wants_log_scale

    wide = [np.geomspace(1000.0, 1.0, 50)]
    assert _wants_log_scale("loss", wide)
    assert not _wants_log_scale("loss", [np.linspace(2.0, 1.0, 50)])
    assert not _wants_log_scale("accuracy", wide)
    assert not _wants_log_scale("mse", [np.array([100.0, 0.0])])


def test_a_full_batch_descent_gets_log_axes_so_its_tail_is_visible():
    """Abalone's gradient descent: 111 down to 4.87, 99% of the fall in the first 15 steps."""
    from descenso.report.figures.training import _wants_log_scale, _wants_log_steps

    steps = np.arange(2900)
    descent = [4.87 + 106.2 * np.exp(-steps / 3.0) + 0.1 * np.exp(-steps / 1000.0)]
    assert _wants_log_scale("loss", descent) and _wants_log_steps("loss", descent)
    gradual = [np.linspace(111.0, 4.87, 2900)]  # falls evenly: a linear step axis shows it
    assert _wants_log_scale("loss", gradual) and not _wants_log_steps("loss", gradual)
    assert not _wants_log_steps("loss", [descent[0][:50]])  # short curves: plain axes
    assert not _wants_log_steps("accuracy", descent)
    assert not _wants_log_steps("loss", [descent[0][::-1]])  # a rising loss
    assert not _wants_log_scale("loss", [np.array([10.0, 1.1])])  # less than 10 times


def test_training_curves_survive_a_diverged_run():
    png = training_curves({"loss": [1.0, 5.0, float("inf"), float("nan")]}, x_label="iteration")
    assert_real_figure(png, (480, 360))


def test_training_curves_reject_empty_or_malformed_history():
    with pytest.raises(DataError, match="history is empty"):
        training_curves({})
    with pytest.raises(ShapeError, match=r"history\['loss'\]"):
        training_curves({"loss": []})
    with pytest.raises(ShapeError, match=r"shape \(2, 2\)"):
        training_curves({"loss": [[1.0, 2.0], [3.0, 4.0]]})


# ---- regression ------------------------------------------------------------------------


def test_regression_figures(rng):
    y_true = rng.normal(10.0, 3.0, size=300)
    y_pred = 0.7 * y_true + rng.normal(0.0, 1.0, size=300)
    assert_real_figure(predicted_vs_actual(y_true, y_pred, r2=0.61, target_name="Rings"),
                       (600, 600))
    assert_real_figure(residual_histogram(y_true, y_pred, target_name="Rings"), (640, 420))


def test_regression_figures_accept_column_vectors_and_skip_non_finite(rng):
    y_true = rng.normal(size=(50, 1))
    y_pred = y_true.copy()
    y_pred[3] = np.nan
    assert_real_figure(predicted_vs_actual(y_true, y_pred, r2=1.0), (600, 600))
    assert_real_figure(residual_histogram(y_true, y_pred), (640, 420))


def test_large_data_is_sampled_reproducibly(rng):
    y_true = rng.normal(size=30_000)
    first = predicted_vs_actual(y_true, y_true * 0.9, r2=0.9, max_points=1_000)
    assert first == predicted_vs_actual(y_true, y_true * 0.9, r2=0.9, max_points=1_000)


def test_regression_figures_reject_mismatched_shapes():
    with pytest.raises(ShapeError, match=r"shapes \(3,\) and \(2,\)"):
        predicted_vs_actual([1.0, 2.0, 3.0], [1.0, 2.0], r2=0.0)
    with pytest.raises(ShapeError):
        residual_histogram([], [])


# ---- confusion matrix and per-class accuracy -------------------------------------------


def test_confusion_matrix_and_per_class_accuracy(rng):
    cm = rng.integers(0, 50, size=(10, 10)) + np.diag(np.full(10, 500))
    assert_real_figure(confusion_matrix_figure(cm, NAMES), (1000, 900))
    assert_real_figure(per_class_accuracy_figure(cm, NAMES), (640, 540))


def test_per_class_accuracy_copes_with_a_class_without_samples():
    cm = np.array([[3, 1, 0], [0, 0, 0], [1, 0, 4]])
    assert_real_figure(per_class_accuracy_figure(cm, ["a", "b", "c"]), (640, 330))


def test_confusion_matrix_accepts_whole_float_counts():
    png = confusion_matrix_figure(np.array([[2.0, 1.0], [0.0, 3.0]]), ["a", "b"])
    assert png == confusion_matrix_figure(np.array([[2, 1], [0, 3]]), ["a", "b"])


@pytest.mark.parametrize(
    ("cm", "names", "error", "message"),
    [
        (np.ones((2, 3), int), ["a", "b"], ShapeError, "square"),
        (np.ones((2, 2), int), ["a"], ShapeError, "2 classes but 1 class names"),
        (np.array([[1, -1], [0, 2]]), ["a", "b"], DataError, "negative"),
        (np.array([[0.5, 1.0], [0.0, 2.0]]), ["a", "b"], DataError, "whole counts"),
    ],
)
def test_confusion_matrix_validation(cm, names, error, message):
    with pytest.raises(error, match=message):
        confusion_matrix_figure(cm, names)
    with pytest.raises(error, match=message):
        per_class_accuracy_figure(cm, names)


# ---- prediction grid and confident errors ----------------------------------------------


def test_prediction_grid_is_the_tutorial_layout(classifier_outputs):
    images, probs, y_true = classifier_outputs
    assert_real_figure(prediction_grid(images, probs, y_true, NAMES), (1200, 1060))
    # Fewer images than cells: only the rows needed; flat 784-pixel float images work too.
    flat = images[:4].reshape(4, 784) / 255.0
    assert_real_figure(prediction_grid(flat, probs[:4], y_true[:4], NAMES, rows=5, cols=3),
                       (1200, 460))


def test_prediction_grid_is_red_only_where_a_prediction_is_wrong(rng):
    images = rng.integers(0, 256, size=(3, 28, 28), dtype=np.uint8)
    y_true = np.array([1, 4, 7])
    all_right = prediction_grid(images, one_hot_probs(y_true), y_true, NAMES, rows=1, cols=3)
    assert has_colour(all_right, RIGHT)
    assert not has_colour(all_right, WRONG, min_pixels=1000)  # only the legend's swatch

    one_wrong = prediction_grid(images, one_hot_probs(np.array([1, 4, 2])), y_true, NAMES,
                                rows=1, cols=3)
    assert has_colour(one_wrong, WRONG, min_pixels=1000)


def test_confident_errors_are_the_wrong_predictions_sorted_by_confidence():
    probs = np.array([
        [0.9, 0.1],   # right
        [0.3, 0.7],   # wrong, 0.7
        [0.05, 0.95],  # wrong, 0.95
        [0.3, 0.7],   # wrong, 0.7 (tie: keeps data order)
        [0.6, 0.4],   # wrong, 0.6
    ])
    y_true = np.array([0, 0, 0, 0, 1])
    assert confident_errors(probs, y_true, k=10).tolist() == [2, 1, 3, 4]
    assert confident_errors(probs, y_true, k=2).tolist() == [2, 1]
    assert confident_errors(probs, np.argmax(probs, axis=1), k=3).tolist() == []


def test_most_confident_errors(classifier_outputs):
    images, probs, y_true = classifier_outputs
    wrong = int((probs.argmax(axis=1) != y_true).sum())
    assert wrong >= 10, "the fixture must contain at least 10 mistakes"
    assert_real_figure(most_confident_errors(images, probs, y_true, NAMES, k=10), (1100, 560))
    assert_real_figure(most_confident_errors(images, probs, y_true, NAMES, k=3), (660, 280))


def test_most_confident_errors_without_errors_says_so(classifier_outputs):
    images, probs, _ = classifier_outputs
    png = most_confident_errors(images, probs, probs.argmax(axis=1), NAMES)
    assert_real_figure(png, (660, 200))


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda im, p, y, n: (im, p[:, :9], y, n), ShapeError, "9 classes but 10 class names"),
        (lambda im, p, y, n: (im, p, y[:5], n), ShapeError, "y_true must have shape"),
        (lambda im, p, y, n: (im, p, y + 10, n), DataError, "from 0 to 9"),
        (lambda im, p, y, n: (im, p, y.astype(float), n), DataError, "integer class labels"),
        (lambda im, p, y, n: (im[:5], p, y, n), ShapeError, "images must have shape"),
        (lambda im, p, y, n: (im.reshape(len(y), -1)[:, :700], p, y, n), ShapeError, "images"),
        (lambda im, p, y, n: (im, np.full_like(p, np.nan), y, n), DataError, "NaN"),
        (lambda im, p, y, n: (im, p[0], y, n), ShapeError, "probs must have shape"),
    ],
)
def test_image_figures_validate_their_inputs(classifier_outputs, change, error, message):
    args = change(*classifier_outputs, NAMES)
    with pytest.raises(error, match=message):
        prediction_grid(*args)
    with pytest.raises(error, match=message):
        most_confident_errors(*args)


# ---- properties of every figure --------------------------------------------------------


def test_identical_inputs_give_identical_bytes_without_a_software_tag(classifier_outputs):
    images, probs, y_true = classifier_outputs
    first = prediction_grid(images, probs, y_true, NAMES, rows=1, cols=2)
    assert first == prediction_grid(images, probs, y_true, NAMES, rows=1, cols=2)
    assert first != prediction_grid(images[::-1], probs, y_true, NAMES, rows=1, cols=2)
    assert b"Software" not in first and b"matplotlib" not in first.lower()
    curves = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.6]}
    assert training_curves(curves) == training_curves(dict(curves))


def test_drawing_never_imports_pyplot():
    code = (
        "import sys\n"
        "from descenso.report.figures import training_curves\n"
        "training_curves({'loss': [1.0, 0.5]})\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_png_size_rejects_other_data():
    with pytest.raises(ValueError, match="not PNG data"):
        png_size(b"GIF89a" + bytes(30))
