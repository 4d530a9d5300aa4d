"""Early stopping ends on the best weights; divergence stops at once with advice."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from descenso import nn, optim
from descenso.autograd import from_numpy, manual_seed
from descenso.errors import ConfigError, TrainingDiverged
from descenso.io.checkpoint import load_checkpoint
from descenso.train import Callback, DivergenceStop, EarlyStopping, ModelCheckpoint, Trainer
from train_helpers import weights_equal


class _Recorder(Callback):
    """Keeps a copy of the weights after every epoch."""

    def __init__(self):
        self.weights = {}

    def on_epoch_end(self, trainer, epoch, logs):
        self.weights[epoch] = trainer.model.state_dict()


def _rising_val_loss_run(callbacks, epochs=40):
    """Train y = x from w = 0 while validating on y = 0.5 x.

    Gradient descent moves w monotonically from 0 towards 1, so the validation loss
    (w - 0.5)^2 * mean(x^2) falls until w passes 0.5 and then rises: its best epoch is in the
    middle of the run.
    """
    x = np.linspace(-1.0, 1.0, 32).reshape(-1, 1)
    model = nn.Linear(1, 1, bias=False)
    model.weight.data[...] = 0.0
    trainer = Trainer(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.1), epochs=epochs,
                      batch_size=32, shuffle=False, verbose="quiet", callbacks=callbacks)
    history = trainer.fit((x, x[:, 0]), (x, 0.5 * x[:, 0]))
    return trainer, history


def test_early_stopping_stops_after_patience_and_restores_the_best_weights():
    recorder = _Recorder()
    stopper = EarlyStopping(patience=3)
    trainer, history = _rising_val_loss_run([stopper, recorder])
    val_loss = history["val_loss"]
    best = int(np.argmin(val_loss)) + 1
    assert 3 < best < len(val_loss), "the validation loss must fall and then rise"
    assert val_loss[-1] > val_loss[best - 1]
    assert len(history) == best + 3  # stopped after 3 epochs without improvement
    assert history.stop_reason == "early_stopping" and history.best_epoch == best
    assert stopper.best_epoch == best and stopper.stopped_epoch == best + 3
    assert weights_equal(trainer.model.state_dict(), recorder.weights[best])
    assert trainer.evaluate((np.linspace(-1, 1, 32).reshape(-1, 1),
                             0.5 * np.linspace(-1, 1, 32)))["loss"] == val_loss[best - 1]


def test_best_weights_are_restored_even_when_patience_is_never_exhausted():
    recorder = _Recorder()
    trainer, history = _rising_val_loss_run([EarlyStopping(patience=100), recorder], epochs=25)
    best = int(np.argmin(history["val_loss"])) + 1
    assert len(history) == 25 and history.stop_reason == "completed"
    assert best < 25 and history.best_epoch == best
    assert weights_equal(trainer.model.state_dict(), recorder.weights[best])
    assert not weights_equal(trainer.model.state_dict(), recorder.weights[25])


def test_a_second_fit_starts_early_stopping_afresh():
    stopper = EarlyStopping(patience=100)
    trainer, first = _rising_val_loss_run([stopper], epochs=25)
    x = np.linspace(-1.0, 1.0, 32).reshape(-1, 1)
    second = trainer.fit((x, -x[:, 0]), (x, -x[:, 0]))  # a new target: w heads for -1
    assert stopper.best == min(second["val_loss"]) != min(first["val_loss"])
    assert second.best_epoch == int(np.argmin(second["val_loss"])) + 1
    assert second["epoch"] == list(range(1, 26))


def test_min_delta_ignores_tiny_improvements():
    stopper = EarlyStopping(monitor="loss", patience=2, min_delta=1e9)
    _, history = _rising_val_loss_run([stopper])
    assert len(history) == 3  # epoch 1 sets the best; nothing can beat it by 1e9
    assert history.best_epoch == 1


def test_auto_mode_maximises_accuracy_and_r2():
    assert EarlyStopping(monitor="val_accuracy").mode == "max"
    assert EarlyStopping(monitor="r2").mode == "max"
    assert EarlyStopping(monitor="val_mae").mode == "min"


@pytest.mark.parametrize("arguments, message", [
    ({"patience": 0}, "patience"),
    ({"patience": 2.5}, "patience"),
    ({"min_delta": -1.0}, "min_delta"),
    ({"mode": "up"}, "mode"),
    ({"monitor": ""}, "monitor"),
])
def test_early_stopping_rejects_bad_settings(arguments, message):
    with pytest.raises(ConfigError, match=message):
        EarlyStopping(**arguments)


def test_monitoring_validation_without_validation_data_is_an_error():
    manual_seed(0)
    model = nn.Linear(1, 1)
    trainer = Trainer(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.1), epochs=2,
                      verbose="quiet", callbacks=[EarlyStopping()])
    with pytest.raises(ConfigError, match="monitors 'val_loss'.*pass validation data"):
        trainer.fit((np.zeros((4, 1)), np.zeros(4)))


def _exploding(tmp_path=None):
    manual_seed(0)
    generator = np.random.default_rng(0)
    X = generator.normal(size=(256, 4)) * 10
    y = X @ np.array([1.0, 2.0, -1.0, 0.5]) + 3
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
    callbacks = [] if tmp_path is None else [ModelCheckpoint(tmp_path)]
    trainer = Trainer(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=1e6), epochs=50,
                      batch_size=16, verbose="quiet", callbacks=callbacks)
    return trainer, (X, y)


def test_a_huge_learning_rate_stops_within_a_few_steps_with_advice():
    trainer, data = _exploding()
    with pytest.raises(TrainingDiverged) as caught:
        trainer.fit(data)
    error = caught.value
    assert isinstance(error, FloatingPointError)
    assert 1 <= error.step <= 5 and trainer.global_step == error.step
    message = str(error)
    assert f"at step {error.step} (epoch 1, batch {error.step})" in message
    assert "Lower the learning rate" in message and "standardize the inputs" in message
    assert error.history.stop_reason == "diverged" and len(error.history) == 0
    assert error.checkpoint is None
    # The check runs before the optimizer step: the weights stay finite.
    assert all(np.isfinite(array).all() for array in trainer.model.state_dict().values())


def test_divergence_keeps_the_last_finite_checkpoint(tmp_path):
    trainer, data = _exploding(tmp_path)
    initial = trainer.model.state_dict()
    with pytest.raises(TrainingDiverged) as caught:
        trainer.fit(data)
    assert caught.value.checkpoint == tmp_path / "checkpoint-last.safetensors"
    assert "last checkpoint with finite weights" in str(caught.value)
    state = load_checkpoint(caught.value.checkpoint)
    assert state["epoch"] == 0
    assert weights_equal(state["model"], initial)


def _adam_explosion():
    """Adam with lr=1e6 on a standardized regression: the loss explodes but stays finite."""
    generator = np.random.default_rng(0)
    X = generator.normal(size=(256, 4))
    y = X @ np.array([1.0, 2.0, -1.0, 0.5]) + 0.1 * generator.normal(size=256)
    manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    return model, optim.Adam(model.parameters(), lr=1e6), (X, y)


def test_a_finite_explosion_stops_within_a_few_steps(tmp_path):
    # Without the growth rule nothing would stop it: 30 plain steps stay finite but huge.
    model, optimizer, (X, y) = _adam_explosion()
    losses = []
    for start in range(0, 30 * 16, 16):
        rows = slice(start % 256, start % 256 + 16)
        optimizer.zero_grad()
        loss = nn.MSELoss()(model(from_numpy(X[rows].astype(np.float32))),
                            from_numpy(y[rows].astype(np.float32).reshape(-1, 1)))
        losses.append(float(loss.data))
        loss.backward()
        optimizer.step()
    assert all(math.isfinite(value) for value in losses) and max(losses) > 1e12 * losses[0]

    model, optimizer, data = _adam_explosion()
    trainer = Trainer(model, nn.MSELoss(), optimizer, epochs=20, batch_size=16,
                      verbose="quiet", callbacks=[ModelCheckpoint(tmp_path)])
    with pytest.raises(TrainingDiverged) as caught:
        trainer.fit(data)
    error = caught.value
    assert 2 <= error.step <= 5 and trainer.global_step == error.step
    message = str(error)
    assert re.search(r"the loss grew from [\d.]+ to [\d.e+]+ \(more than 1000 times its "
                     r"first value\) at step \d \(epoch 1, batch \d\)", message), message
    assert "Lower the learning rate" in message
    assert error.checkpoint == tmp_path / "checkpoint-last.safetensors"
    state = load_checkpoint(error.checkpoint)
    assert all(np.isfinite(array).all() for array in state["model"].values())
    assert state["divergence"] == {"first_loss": None}  # saved before the first batch


def test_growth_is_measured_against_the_first_loss():
    class FakeTrainer:
        global_step, epoch = 7, 2

    stop = DivergenceStop()
    stop.check_batch(FakeTrainer(), 0, 0.0)  # no scale yet: the next positive loss is the start
    stop.check_batch(FakeTrainer(), 1, 2.0)
    assert stop.first_loss == 2.0
    stop.check_batch(FakeTrainer(), 2, 1e-6)  # a tiny loss does not move the reference...
    stop.check_batch(FakeTrainer(), 3, 0.5)   # ...so a noisy batch later is fine
    stop.check_batch(FakeTrainer(), 4, 2000.0)  # exactly 1000 times: still allowed
    with pytest.raises(TrainingDiverged, match="grew from 2 to 2003 ") as caught:
        stop.check_batch(FakeTrainer(), 5, 2003.0)
    assert caught.value.step == 7
    stop.on_train_begin(type("Fresh", (), {"epochs_done": 0})())
    assert stop.first_loss is None


def test_a_regression_whose_loss_starts_huge_and_falls_runs_to_the_end():
    generator = np.random.default_rng(1)
    X = generator.normal(size=(200, 3))
    y = 1000.0 + X @ np.array([5.0, -3.0, 2.0])  # unstandardized: the first loss is ~1e6
    manual_seed(0)
    model = nn.Linear(3, 1)
    trainer = Trainer(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.1), epochs=30,
                      batch_size=16, verbose="quiet")
    history = trainer.fit((X, y))
    assert trainer._divergence.first_loss > 1e5
    assert len(history) == 30 and history["loss"][-1] < 1e-3 * trainer._divergence.first_loss


def test_a_non_finite_validation_loss_also_stops_training():
    manual_seed(0)
    model = nn.Linear(1, 1)
    trainer = Trainer(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.01), epochs=3,
                      verbose="quiet")
    huge = np.full((4, 1), 3e38)  # finite in float32, but its square overflows
    with pytest.raises(TrainingDiverged, match="val_loss became inf at the end of epoch 1"):
        trainer.fit((np.zeros((4, 1)), np.zeros(4)), (huge, np.zeros(4)))


def test_a_callback_can_stop_training():
    class StopAtTwo(Callback):
        def on_epoch_end(self, trainer, epoch, logs):
            trainer.stop_training = epoch == 2

    _, history = _rising_val_loss_run([StopAtTwo()])
    assert len(history) == 2 and history.stop_reason == "early_stopping"
    assert math.isfinite(history["loss"][-1])


def test_callbacks_must_be_instances():
    model = nn.Linear(1, 1)
    with pytest.raises(ConfigError, match="parentheses"):
        Trainer(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.1), epochs=1,
                callbacks=[EarlyStopping])


class _Log(Callback):
    def __init__(self, name, calls, order=0):
        self.name, self.calls, self.order = name, calls, order

    def on_batch_end(self, trainer, batch, loss):
        self.calls.append(("batch", self.name))

    def on_epoch_end(self, trainer, epoch, logs):
        self.calls.append(("epoch", self.name))


def test_callbacks_run_in_their_declared_order_and_every_hook_is_called(tmp_path):
    calls = []
    checkpoint = ModelCheckpoint(tmp_path)
    late, first, second = _Log("late", calls, order=5), _Log("a", calls), _Log("b", calls)
    model = nn.Linear(1, 1)
    trainer = Trainer(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.1), epochs=1,
                      batch_size=4, verbose="quiet",
                      callbacks=[late, checkpoint, first, second])
    assert ModelCheckpoint.order == 1 and Callback.order == 0
    assert trainer.callbacks == [first, second, checkpoint, late]
    assert not any(isinstance(c, DivergenceStop) for c in trainer.callbacks)
    trainer.fit((np.ones((4, 1)), np.ones(4)))
    assert calls == [("batch", "a"), ("batch", "b"), ("batch", "late"),
                     ("epoch", "a"), ("epoch", "b"), ("epoch", "late")]


def test_a_callback_without_state_is_not_stored_in_checkpoints(tmp_path):
    model = nn.Linear(1, 1)
    trainer = Trainer(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.1), epochs=1,
                      batch_size=4, verbose="quiet",
                      callbacks=[_Log("a", []), EarlyStopping(monitor="loss"),
                                 ModelCheckpoint(tmp_path)])
    trainer.fit((np.ones((4, 1)), np.ones(4)))
    state = load_checkpoint(tmp_path / "checkpoint-last.safetensors")
    assert [entry["type"] for entry in state["callbacks"]] == ["EarlyStopping",
                                                              "ModelCheckpoint"]
