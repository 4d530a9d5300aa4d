"""ModelCheckpoint(every_seconds=N): few writes, yet Ctrl-C, divergence and the end keep all.

A fake clock advances 4 "seconds" per epoch, so the policy is tested without waiting.
"""

from __future__ import annotations

import numpy as np
import pytest

from descenso import nn
from descenso.errors import ConfigError, TrainingDiverged
from descenso.io.checkpoint import load_checkpoint
from descenso.train import Callback, ModelCheckpoint, Trainer, TrainingInterrupted
from train_helpers import make_classifier, weights_equal

EPOCHS = 7  # 200 training rows in batches of 32: 7 steps per epoch


class _Clock(Callback):
    """Moves the checkpoint's clock 4 seconds forward at every epoch end (before it runs)."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def on_epoch_end(self, trainer, epoch, logs):
        self.now += 4.0


class _Interrupt(Callback):
    def __init__(self, step: int):
        self.step = step

    def on_batch_end(self, trainer, batch, loss):
        if trainer.global_step == self.step:
            raise KeyboardInterrupt


def _trainer(folder, every_seconds, *extra, save_best=True):
    model, optimizer = make_classifier()
    clock = _Clock()
    saver = ModelCheckpoint(folder, every_seconds=every_seconds, save_best=save_best)
    saver.clock = clock
    trainer = Trainer(model, nn.CrossEntropyLoss(), optimizer, epochs=EPOCHS, batch_size=32,
                      seed=0, verbose="quiet", callbacks=[clock, *extra, saver])
    return trainer, saver


def test_writes_at_most_every_n_seconds_and_at_the_end(blobs, tmp_path):
    trainer, saver = _trainer(tmp_path, 10.0, save_best=False)
    trainer.fit(*blobs)
    # due at 12 s (epoch 3) and 24 s (epoch 6), then at the end (epoch 7)
    assert saver.writes == 3 and saver.last_epoch == EPOCHS
    state = load_checkpoint(saver.last_path)
    assert state["epoch"] == EPOCHS
    assert weights_equal(state["model"], trainer.model.state_dict())


def test_every_epoch_without_a_period(blobs, tmp_path):
    trainer, saver = _trainer(tmp_path, None, save_best=False)
    trainer.fit(*blobs)
    assert saver.writes == EPOCHS + 1  # before the first epoch and after each one


def test_a_short_run_writes_once(blobs, tmp_path):
    trainer, saver = _trainer(tmp_path, every_seconds=3600.0)
    trainer.fit(*blobs)
    assert saver.writes == 2  # checkpoint-last and checkpoint-best, once each, at the end
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "checkpoint-best.safetensors", "checkpoint-last.safetensors"]


@pytest.mark.parametrize("step", [3, 16, 40])
def test_ctrl_c_writes_the_last_completed_epoch_and_resume_is_bit_identical(blobs, tmp_path,
                                                                             step):
    reference, _ = _trainer(tmp_path / "reference", every_seconds=None)
    reference.fit(*blobs)
    trainer, _saver = _trainer(tmp_path / "run", 3600.0, _Interrupt(step))
    with pytest.raises(TrainingInterrupted) as caught:
        trainer.fit(*blobs)
    done = (step - 1) // 7
    assert caught.value.checkpoint == tmp_path / "run" / "checkpoint-last.safetensors"
    assert load_checkpoint(caught.value.checkpoint)["epoch"] == done
    assert f"saved after epoch {done}" in str(caught.value)
    resumed, _saver = _trainer(tmp_path / "run", 3600.0)
    resumed.fit(*blobs, resume_from=caught.value.checkpoint)
    assert weights_equal(resumed.model.state_dict(), reference.model.state_dict())


def test_divergence_writes_the_last_finite_epoch(blobs, tmp_path):
    class _Explode(Callback):
        def on_epoch_end(self, trainer, epoch, logs):
            if epoch == 3:
                trainer.optimizer.param_groups[0]["lr"] = 1e12

    trainer, saver = _trainer(tmp_path, 3600.0, _Explode())
    with pytest.raises(TrainingDiverged):
        trainer.fit(*blobs)
    state = load_checkpoint(tmp_path / "checkpoint-last.safetensors")
    assert state["epoch"] == saver.last_epoch and 3 <= state["epoch"] < EPOCHS
    assert all(np.all(np.isfinite(value)) for value in state["model"].values())


def test_bad_period_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="every_seconds"):
        ModelCheckpoint(tmp_path, every_seconds=-1)
