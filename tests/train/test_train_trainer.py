"""The training loop against hand-written gradient descent, determinism, evaluate, predict."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, mean_absolute_error, r2_score

from descenso import nn, optim
from descenso.autograd import manual_seed
from descenso.errors import ConfigError, DataError, ShapeError
from descenso.train import Callback, Trainer
from train_helpers import make_classifier, weights_equal, without_time


def _regression(n=48, d=3, seed=0):
    generator = np.random.default_rng(seed)
    X = generator.normal(size=(n, d))
    y = X @ generator.normal(size=d) + 0.5 + 0.1 * generator.normal(size=n)
    return X, y


@pytest.mark.parametrize("batch_size", [48, 16])
def test_each_step_is_plain_gradient_descent_on_the_batch(batch_size):
    """Sequential batches of MSE on a linear model, checked against NumPy in float64."""
    X, y = _regression()
    manual_seed(0)
    model = nn.Linear(3, 1)
    w = model.weight.data.astype(np.float64).ravel().copy()
    b = float(model.bias.data[0])
    lr, epochs = 0.05, 6
    trainer = Trainer(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=lr), epochs=epochs,
                      batch_size=batch_size, shuffle=False, verbose="quiet")
    history = trainer.fit((X, y))
    epoch_losses = []
    for _ in range(epochs):
        total = 0.0
        for start in range(0, len(X), batch_size):
            xb, yb = X[start:start + batch_size], y[start:start + batch_size]
            residual = xb @ w + b - yb
            total += np.mean(residual ** 2) * len(xb)
            w -= lr * 2 * xb.T @ residual / len(xb)
            b -= lr * 2 * residual.mean()
        epoch_losses.append(total / len(X))
    np.testing.assert_allclose(model.weight.data.ravel(), w, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.bias.data[0], b, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(history["loss"], epoch_losses, rtol=1e-5)
    assert history["epoch"] == list(range(1, epochs + 1))
    assert trainer.global_step == epochs * -(-len(X) // batch_size)


def test_same_seed_gives_bit_identical_weights_and_history(blobs):
    runs = []
    for _ in range(2):
        model, optimizer = make_classifier()
        trainer = Trainer(model, nn.CrossEntropyLoss(), optimizer, epochs=4, batch_size=16,
                          seed=3, verbose="quiet")
        history = trainer.fit(*blobs)
        runs.append((model.state_dict(), without_time(history)))
    assert weights_equal(runs[0][0], runs[1][0])
    assert runs[0][1] == runs[1][1]
    # The seed matters: shuffling and dropout change with it.
    model, optimizer = make_classifier()
    Trainer(model, nn.CrossEntropyLoss(), optimizer, epochs=4, batch_size=16, seed=4,
            verbose="quiet").fit(*blobs)
    assert not weights_equal(runs[0][0], model.state_dict())


def test_every_sample_is_seen_once_per_shuffled_epoch():
    X = np.arange(10.0).reshape(-1, 1)
    seen = []

    class Spy(Callback):
        def on_epoch_begin(self, trainer, epoch):
            seen.append([])

    model = nn.Linear(1, 1)
    original = model.forward

    def recording_forward(x):
        if model.training:
            seen[-1].extend(x.data.ravel().tolist())
        return original(x)

    model.forward = recording_forward
    trainer = Trainer(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.0), epochs=3,
                      batch_size=4, verbose="quiet", callbacks=[Spy()])
    trainer.fit((X, X[:, 0]))
    assert [sorted(epoch) for epoch in seen] == [list(range(10))] * 3
    assert seen[0] != seen[1] and seen[0] != list(range(10))


def test_evaluate_and_predict_match_the_reference_metrics(blobs):
    (X, y), (X_val, y_val) = blobs
    model, optimizer = make_classifier()
    trainer = Trainer(model, nn.CrossEntropyLoss(), optimizer, epochs=3, batch_size=32,
                      verbose="quiet")
    history = trainer.fit((X, y), (X_val, y_val))
    model.train()
    logits = trainer.predict(X_val)
    assert model.training, "predict restores the training mode"
    assert logits.shape == (60, 3) and logits.dtype == np.float32
    np.testing.assert_array_equal(trainer.predict(X_val, batch_size=7)[:7], logits[:7])
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    expected_loss = -log_probs[np.arange(60), y_val].mean()
    results = trainer.evaluate((X_val, y_val))
    assert set(results) == {"loss", "accuracy"}
    np.testing.assert_allclose(results["loss"], expected_loss, rtol=1e-6)
    assert results["accuracy"] == accuracy_score(y_val, logits.argmax(axis=1))
    assert results["loss"] == history["val_loss"][-1]  # dropout is off when evaluating


def test_regression_metrics_and_a_one_dimensional_target():
    X, y = _regression(n=64)
    manual_seed(0)
    model = nn.Linear(3, 1)
    trainer = Trainer(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.1), epochs=30,
                      batch_size=16, metrics=("r2", "mae"), verbose="quiet")
    history = trainer.fit((X, y), (X, y))
    prediction = trainer.predict(X)
    assert prediction.shape == (64, 1)
    results = trainer.evaluate((X, y))
    np.testing.assert_allclose(results["r2"], r2_score(y, prediction[:, 0]), rtol=1e-6)
    np.testing.assert_allclose(results["mae"], mean_absolute_error(y, prediction[:, 0]),
                               rtol=1e-6)
    assert results["r2"] > 0.99
    assert history.columns == ["epoch", "loss", "r2", "mae", "val_loss", "val_r2", "val_mae",
                               "time"]


def test_binary_classification_with_one_logit():
    generator = np.random.default_rng(0)
    X = generator.normal(size=(100, 2))
    y = (X[:, 0] - X[:, 1] > 0).astype(np.float64)
    manual_seed(0)
    model = nn.Linear(2, 1)
    trainer = Trainer(model, nn.BCEWithLogitsLoss(), optim.SGD(model.parameters(), lr=0.5),
                      epochs=20, batch_size=20, verbose="quiet")
    assert trainer.task == "classification" and trainer.metrics == ("accuracy",)
    trainer.fit((X, y))
    logits = trainer.predict(X)[:, 0]
    assert trainer.evaluate((X, y))["accuracy"] == accuracy_score(y, logits > 0) > 0.95


@pytest.mark.parametrize("arguments, message", [
    ({"epochs": 0}, "epochs must be a positive integer"),
    ({"epochs": 2.0}, "epochs must be a positive integer"),
    ({"batch_size": -1}, "batch_size must be a positive integer"),
    ({"seed": -3}, "seed must be a non-negative integer"),
    ({"verbose": 1}, "verbose must be one of"),
    ({"task": "ranking"}, "task must be"),
    ({"metrics": ("accuracy",)}, "does not apply to regression"),
    ({"metrics": ("r2", "r2")}, "twice"),
])
def test_bad_settings_are_refused_when_the_trainer_is_made(arguments, message):
    model = nn.Linear(2, 1)
    settings = {"epochs": 1, **arguments}
    with pytest.raises(ConfigError, match=message):
        Trainer(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.1), **settings)


def _trainer(loss=None, outputs=1):
    manual_seed(0)
    model = nn.Linear(2, outputs)
    return Trainer(model, loss or nn.MSELoss(), optim.SGD(model.parameters(), lr=0.1), epochs=1,
                   verbose="quiet")


@pytest.mark.parametrize("data, error, message", [
    ((np.zeros((5, 2)), np.zeros(4)), ShapeError, r"X has shape \(5, 2\) but y has shape \(4,\)"),
    ((np.zeros((0, 2)), np.zeros(0)), DataError, "no rows"),
    ((np.array([[1.0, np.nan], [0, 0]]), np.zeros(2)), DataError, "NaN or infinite value in row 0"),
    ((np.zeros((2, 2)), np.array([0.0, np.inf])), DataError, "y has a NaN or infinite value in row 1"),
    ((np.array([["a", "b"]]), np.zeros(1)), DataError, "must hold numbers"),
    ((np.zeros((3, 2)), np.zeros((3, 2))), ShapeError, "make the last layer output 2 value"),
    (np.zeros((3, 2)), ConfigError, r"tuple \(X, y\)"),
])
def test_bad_regression_data_gets_a_clear_error(data, error, message):
    with pytest.raises(error, match=message):
        _trainer().fit(data)


@pytest.mark.parametrize("labels, message", [
    (np.array([0, 1, 3]), "labels from 0 to 3 but the model outputs 3 class scores"),
    (np.array([0.0, 1.5, 2.0]), "non-integer"),
    (np.array([-1, 0, 1]), "labels must be 0 to 2"),
])
def test_bad_class_labels_get_a_clear_error(labels, message):
    with pytest.raises(DataError, match=message):
        _trainer(nn.CrossEntropyLoss(), outputs=3).fit((np.zeros((3, 2)), labels))


def test_predict_refuses_text():
    with pytest.raises(ConfigError, match="predict needs an array of numbers"):
        _trainer().predict(np.array(["x"]))


class _MemoryProbe(Callback):
    def __init__(self):
        self.current = []

    def on_epoch_end(self, trainer, epoch, logs):
        self.current.append(tracemalloc.get_traced_memory()[0])


class _Leak(Callback):
    """Keeps 8 KB per batch alive, like a loop that stored each batch's graph would."""

    def __init__(self):
        self.kept = []

    def on_batch_end(self, trainer, batch, loss):
        self.kept.append(np.ones(2048, dtype=np.float32))


def _memory_growth(extra_callbacks):
    generator = np.random.default_rng(0)
    X = generator.normal(size=(512, 20))
    y = generator.integers(0, 3, size=512)
    manual_seed(0)
    model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 3))
    probe = _MemoryProbe()
    trainer = Trainer(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr=1e-3),
                      epochs=8, batch_size=32, verbose="quiet",
                      callbacks=[probe, *extra_callbacks])
    tracemalloc.start()
    try:
        trainer.fit((X, y), (X[:128], y[:128]))
    finally:
        tracemalloc.stop()
    # From epoch 3 on, every buffer (optimizer state, history lists) exists already.
    return max(probe.current[2:]) - probe.current[2]


def test_memory_stays_flat_across_epochs():
    # A graph kept per batch would cost hundreds of KB per epoch; allow a few KB of history.
    assert _memory_growth([]) < 32_000


def test_the_memory_check_does_see_a_leak():
    assert _memory_growth([_Leak()]) > 16 * 8192 * 5
