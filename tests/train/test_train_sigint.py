"""A real Ctrl-C: SIGINT sent to a training subprocess, then resumed here, bit for bit."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from descenso import nn
from descenso.train import History, ModelCheckpoint, Trainer
from train_helpers import make_classifier, weights_equal, without_time

EPOCHS = 30

SCRIPT = r'''
import sys, time
sys.path.insert(0, sys.argv[1])
import numpy as np
from train_helpers import make_classifier
from descenso import nn
from descenso.train import Callback, ModelCheckpoint, Trainer, TrainingInterrupted

class Slow(Callback):  # stretches each batch so the parent can interrupt mid-run
    def on_batch_end(self, trainer, batch, loss):
        time.sleep(0.02)

data = np.load(sys.argv[3])
model, optimizer = make_classifier()
trainer = Trainer(model, nn.CrossEntropyLoss(), optimizer, epochs=int(sys.argv[4]),
                  batch_size=32, verbose="epochs", stream=sys.stdout,
                  callbacks=[Slow(), ModelCheckpoint(sys.argv[2])])
try:
    trainer.fit((data["X"], data["y"]))
except TrainingInterrupted as stop:
    stop.history.to_csv(sys.argv[2] + "/history.csv")
    print("interrupted", stop.checkpoint, flush=True)
    sys.exit(130)
print("completed", flush=True)
'''


def _trainer(folder):
    model, optimizer = make_classifier()
    return Trainer(model, nn.CrossEntropyLoss(), optimizer, epochs=EPOCHS, batch_size=32,
                   verbose="quiet", callbacks=[ModelCheckpoint(folder)])


def test_sigint_to_a_training_process_then_resume(blobs, tmp_path):
    (X, y), _ = blobs
    np.savez(tmp_path / "data.npz", X=X, y=y)
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    folder = tmp_path / "run"
    folder.mkdir()
    process = subprocess.Popen(
        [sys.executable, str(script), str(Path(__file__).parents[1]), str(folder),
         str(tmp_path / "data.npz"), str(EPOCHS)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("epoch 2/"):
                process.send_signal(signal.SIGINT)
                break
        output, errors = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, errors
    assert "interrupted" in output and "Traceback" not in errors
    history = (folder / "history.csv").read_text().splitlines()
    assert history[0].startswith("epoch,loss,accuracy") and len(history) >= 3

    resumed = _trainer(folder)
    resumed_history = resumed.fit((X, y), resume_from=folder / "checkpoint-last.safetensors")
    uninterrupted = _trainer(tmp_path / "reference")
    full_history = uninterrupted.fit((X, y))
    assert weights_equal(resumed.model.state_dict(), uninterrupted.model.state_dict())
    assert without_time(resumed_history) == without_time(full_history)
    assert isinstance(resumed_history, History) and len(resumed_history) == EPOCHS


@pytest.fixture(autouse=True)
def _posix_only():
    if sys.platform == "win32":
        pytest.skip("SIGINT to a child process is POSIX")
