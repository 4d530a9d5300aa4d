"""Training on MNIST keeps memory flat across epochs (issue 7).

The lesson's model (Flatten, Linear(784, 128), ReLU, Dropout(0.2), Linear(128, 10)) trains
with ``Trainer`` on a few thousand MNIST images for several epochs while tracemalloc records
what is allocated at the end of each epoch. Once the first epochs have created every lasting
buffer (Adam's moments, the history), nothing may grow: a graph, a batch or an output kept
alive per step would add its size every epoch. The second test checks that this measurement
does see such a leak, so the first cannot pass by accident.
"""

from __future__ import annotations

import tracemalloc

import numpy as np

from descenso import nn, optim
from descenso.autograd import manual_seed
from descenso.datasets.mnist import load_mnist
from descenso.train import Callback, Trainer

N_TRAIN, N_VAL, EPOCHS, BATCH = 3000, 500, 6, 64
STEPS_PER_EPOCH = -(-N_TRAIN // BATCH)


class _EpochMemory(Callback):
    def __init__(self):
        self.current = []

    def on_epoch_end(self, trainer, epoch, logs):
        self.current.append(tracemalloc.get_traced_memory()[0])


class _KeepsOutputs(nn.Module):
    """The model, plus the classic leak: every training output is kept in a list."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        self.kept = []

    def forward(self, x):
        out = self.model(x)
        if self.training:
            self.kept.append(out)
        return out


def _growth(shared_data, leak: bool) -> int:
    """Bytes allocated at the end of the last epoch beyond the end of epoch 2."""
    data = load_mnist(shared_data, download=False, progress=False)
    X = data.X_train[:N_TRAIN + N_VAL].astype(np.float32) / 255
    y = data.y_train[:N_TRAIN + N_VAL]
    manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.2),
                          nn.Linear(128, 10))
    if leak:
        model = _KeepsOutputs(model)
    probe = _EpochMemory()
    trainer = Trainer(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters()),
                      epochs=EPOCHS, batch_size=BATCH, verbose="quiet", callbacks=[probe])
    tracemalloc.start()
    try:
        history = trainer.fit((X[:N_TRAIN], y[:N_TRAIN]), (X[N_TRAIN:], y[N_TRAIN:]))
    finally:
        tracemalloc.stop()
    assert len(history["loss"]) == EPOCHS and history["val_accuracy"][-1] > 0.85
    return max(probe.current[2:]) - probe.current[1]


def test_memory_stays_flat_across_epochs_on_mnist(shared_data):
    # One batch's activations alone are 64 x 128 floats (32 KB); a graph kept per step would
    # add about that times 47 steps every epoch. Allow a few KB for the history's rows.
    assert _growth(shared_data, leak=False) < 16_000


def test_the_mnist_memory_check_sees_a_leak(shared_data):
    # Each kept output holds a (64, 10) float32 array: 2.5 KB per step, so over the 4 epochs
    # after epoch 2 at least 470 KB; asking for half of that leaves room for rounding.
    assert _growth(shared_data, leak=True) > 2 * STEPS_PER_EPOCH * BATCH * 10 * 4
