"""Ctrl-C stops cleanly with a checkpoint; resuming ends bit-identical to an uninterrupted run."""

from __future__ import annotations

import os
import signal

import pytest

from descenso import nn
from descenso.errors import ConfigError, ModelFileError
from descenso.io.checkpoint import load_checkpoint
from descenso.optim.lr_scheduler import CosineAnnealingLR, StepLR
from descenso.train import (
    Callback,
    EarlyStopping,
    ModelCheckpoint,
    Trainer,
    TrainingInterrupted,
)
from descenso.train.interruption import DeferredInterrupt
from train_helpers import make_classifier, weights_equal, without_time

EPOCHS, BATCH = 5, 32  # 200 training rows: 7 batches per epoch


class _InterruptAt(Callback):
    """Simulates Ctrl-C at a given global step, by raising or by sending a real SIGINT."""

    def __init__(self, step: int, real_signal: bool = False):
        self.step = step
        self.real_signal = real_signal

    def on_batch_end(self, trainer, batch, loss):
        if trainer.global_step == self.step:
            if self.real_signal:
                os.kill(os.getpid(), signal.SIGINT)
            else:
                raise KeyboardInterrupt


def _trainer(folder, *extra, epochs=EPOCHS, seed=0, batch_size=BATCH, schedule=None):
    model, optimizer = make_classifier()
    callbacks = [EarlyStopping(patience=2, min_delta=0.02), *extra, ModelCheckpoint(folder)]
    scheduler = None if schedule is None else schedule(optimizer)
    return Trainer(model, nn.CrossEntropyLoss(), optimizer, epochs=epochs,
                   batch_size=batch_size, seed=seed, verbose="quiet", callbacks=callbacks,
                   scheduler=scheduler)


def _cosine(optimizer):
    return CosineAnnealingLR(optimizer, T_max=EPOCHS)


@pytest.fixture
def reference(blobs, tmp_path):
    trainer = _trainer(tmp_path / "reference")
    history = trainer.fit(*blobs)
    return trainer.model.state_dict(), history


@pytest.mark.parametrize("step", [3, 7, 16, 33])
def test_resume_after_an_interrupt_is_bit_identical(blobs, tmp_path, reference, step):
    """Interrupts in epoch 1, at the end of epoch 1, mid epoch 3, and in the last epoch."""
    interrupted = _trainer(tmp_path, _InterruptAt(step))
    with pytest.raises(TrainingInterrupted) as caught:
        interrupted.fit(*blobs)
    error = caught.value
    assert isinstance(error, KeyboardInterrupt)
    done = (step - 1) // 7  # the epochs completed before the interrupted one
    assert error.epoch == done + 1 and error.batch == step - 7 * done
    assert error.history.interrupted and error.history.stop_reason == "interrupted"
    assert len(error.history) == done
    assert error.checkpoint == tmp_path / "checkpoint-last.safetensors"
    assert f"saved after epoch {done}" in str(error)

    resumed = _trainer(tmp_path)  # a fresh process would build everything again
    history = resumed.fit(*blobs, resume_from=error.checkpoint)
    weights, full_history = reference
    assert weights_equal(resumed.model.state_dict(), weights)
    assert without_time(history) == without_time(full_history)
    assert history.stop_reason == full_history.stop_reason
    assert history.best_epoch == full_history.best_epoch


@pytest.mark.parametrize("step", [7, 16, 33])
def test_resume_with_a_learning_rate_schedule_is_bit_identical(blobs, tmp_path, reference, step):
    straight = _trainer(tmp_path / "straight", schedule=_cosine)
    full_history = straight.fit(*blobs)
    # The schedule matters, so a resume that lost its state could not pass by luck.
    assert not weights_equal(straight.model.state_dict(), reference[0])

    interrupted = _trainer(tmp_path, _InterruptAt(step), schedule=_cosine)
    with pytest.raises(TrainingInterrupted) as caught:
        interrupted.fit(*blobs)
    saved = load_checkpoint(caught.value.checkpoint)
    done = (step - 1) // 7
    assert saved["scheduler"]["last_epoch"] == done
    assert saved["optimizer"]["param_groups"][0]["lr"] == interrupted.scheduler.get_last_lr()[0]

    resumed = _trainer(tmp_path, schedule=_cosine)
    history = resumed.fit(*blobs, resume_from=caught.value.checkpoint)
    assert weights_equal(resumed.model.state_dict(), straight.model.state_dict())
    assert without_time(history) == without_time(full_history)
    assert resumed.scheduler.state_dict() == straight.scheduler.state_dict()
    assert resumed._divergence.first_loss == straight._divergence.first_loss


@pytest.mark.parametrize("first, second, message", [
    (_cosine, None, "scheduler: 'CosineAnnealingLR' != None"),
    (None, _cosine, "scheduler: None != 'CosineAnnealingLR'"),
    (_cosine, lambda optimizer: StepLR(optimizer, step_size=2),
     "scheduler: 'CosineAnnealingLR' != 'StepLR'"),
])
def test_resuming_with_another_schedule_is_refused(blobs, tmp_path, first, second, message):
    _trainer(tmp_path, epochs=1, schedule=first).fit(*blobs)
    other = _trainer(tmp_path / "other", schedule=second)
    with pytest.raises(ConfigError, match=message):
        other.fit(*blobs, resume_from=tmp_path / "checkpoint-last.safetensors")


def test_a_real_sigint_stops_at_the_end_of_the_current_batch(blobs, tmp_path, reference):
    trainer = _trainer(tmp_path, _InterruptAt(10, real_signal=True))
    with pytest.raises(TrainingInterrupted) as caught:
        trainer.fit(*blobs)
    assert (caught.value.epoch, caught.value.batch, trainer.global_step) == (2, 3, 10)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    resumed = _trainer(tmp_path)
    resumed.fit(*blobs, resume_from=caught.value.checkpoint)
    assert weights_equal(resumed.model.state_dict(), reference[0])


def test_without_checkpoints_the_interrupt_says_so(blobs):
    model, optimizer = make_classifier()
    trainer = Trainer(model, nn.CrossEntropyLoss(), optimizer, epochs=3, verbose="quiet",
                      callbacks=[_InterruptAt(9)])
    with pytest.raises(TrainingInterrupted) as caught:
        trainer.fit(*blobs)
    assert caught.value.checkpoint is None
    assert len(caught.value.history) == 1


def test_resuming_can_train_for_more_epochs(blobs, tmp_path):
    short = _trainer(tmp_path, epochs=2)
    short.fit(*blobs)
    longer = _trainer(tmp_path / "more", epochs=4)
    history = longer.fit(*blobs, resume_from=tmp_path / "checkpoint-last.safetensors")
    assert history["epoch"] == [1, 2, 3, 4]


@pytest.mark.parametrize("change, message", [
    ({"seed": 1}, "seed: 0 != 1"),
    ({"batch_size": 16}, "batch_size: 32 != 16"),
])
def test_resuming_with_other_settings_is_refused(blobs, tmp_path, change, message):
    _trainer(tmp_path, epochs=1).fit(*blobs)
    other = _trainer(tmp_path / "other", **change)
    with pytest.raises(ConfigError, match=message):
        other.fit(*blobs, resume_from=tmp_path / "checkpoint-last.safetensors")


def test_resuming_with_other_data_or_callbacks_is_refused(blobs, tmp_path):
    _trainer(tmp_path, epochs=1).fit(*blobs)
    path = tmp_path / "checkpoint-last.safetensors"
    (X, y), val = blobs
    with pytest.raises(ConfigError, match="n_train: 200 != 150"):
        _trainer(tmp_path / "a").fit((X[:150], y[:150]), val, resume_from=path)
    model, optimizer = make_classifier()
    bare = Trainer(model, nn.CrossEntropyLoss(), optimizer, epochs=2, verbose="quiet")
    with pytest.raises(ConfigError, match="pass the same callbacks"):
        bare.fit(*blobs, resume_from=path)


def test_resuming_from_a_missing_checkpoint_is_a_model_file_error(blobs, tmp_path):
    with pytest.raises(ModelFileError, match="does not exist"):
        _trainer(tmp_path).fit(*blobs, resume_from=tmp_path / "nope.safetensors")


def test_best_checkpoint_is_written_when_validation_improves(blobs, tmp_path):
    trainer = _trainer(tmp_path)
    trainer.fit(*blobs)
    checkpoint = trainer.callbacks[-1]
    assert checkpoint.best_path == tmp_path / "checkpoint-best.safetensors"
    assert checkpoint.best_path.is_file() and checkpoint.last_path.is_file()


def test_deferred_interrupt_waits_for_the_first_and_obeys_the_second():
    with DeferredInterrupt() as interrupt:
        os.kill(os.getpid(), signal.SIGINT)
        assert interrupt.requested
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_unhandled_request_is_raised_when_the_block_ends():
    with pytest.raises(KeyboardInterrupt), DeferredInterrupt():
        os.kill(os.getpid(), signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
