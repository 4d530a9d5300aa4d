"""A learning-rate scheduler in the Trainer: stepped once after every epoch, its rate used."""

from __future__ import annotations

import math

import numpy as np
import pytest

from descenso import nn, optim
from descenso.autograd import manual_seed
from descenso.errors import ConfigError
from descenso.optim.lr_scheduler import CosineAnnealingLR, StepLR
from descenso.train import Callback, Trainer


class _RecordRate(Callback):
    def __init__(self):
        self.rates = []

    def on_epoch_begin(self, trainer, epoch):
        self.rates.append(trainer.optimizer.param_groups[0]["lr"])


def _regression(n=40):
    generator = np.random.default_rng(0)
    X = generator.normal(size=(n, 3))
    return X, X @ np.array([1.0, -2.0, 0.5]) + 0.3


def test_each_epoch_trains_with_the_scheduled_rate():
    manual_seed(0)
    model = nn.Linear(3, 1)
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    recorder = _RecordRate()
    trainer = Trainer(model, nn.MSELoss(), optimizer, epochs=6, batch_size=8, verbose="quiet",
                      callbacks=[recorder], scheduler=CosineAnnealingLR(optimizer, T_max=6))
    trainer.fit(_regression())
    expected = [0.1 * (1 + math.cos(math.pi * epoch / 6)) / 2 for epoch in range(6)]
    np.testing.assert_allclose(recorder.rates, expected, rtol=1e-12, atol=1e-15)
    assert trainer.scheduler.last_epoch == 6
    assert optimizer.param_groups[0]["lr"] == 0.0  # stepped after the last epoch too


def test_the_steps_follow_hand_written_gradient_descent_with_the_schedule():
    """Full-batch SGD on a linear model: each epoch's step uses that epoch's rate."""
    X, y = _regression()
    manual_seed(0)
    model = nn.Linear(3, 1)
    w = model.weight.data.astype(np.float64).ravel().copy()
    b = float(model.bias.data[0])
    optimizer = optim.SGD(model.parameters(), lr=0.2)
    trainer = Trainer(model, nn.MSELoss(), optimizer, epochs=5, batch_size=len(X),
                      shuffle=False, verbose="quiet",
                      scheduler=StepLR(optimizer, step_size=2, gamma=0.5))
    trainer.fit((X, y))
    for epoch in range(5):
        lr = 0.2 * 0.5 ** (epoch // 2)
        residual = X @ w + b - y
        w -= lr * 2 * X.T @ residual / len(X)
        b -= lr * 2 * residual.mean()
    np.testing.assert_allclose(model.weight.data.ravel(), w, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.bias.data[0], b, rtol=1e-5, atol=1e-6)


def test_a_scheduler_changes_the_result():
    results = []
    for make in (lambda opt: None, lambda opt: CosineAnnealingLR(opt, T_max=4)):
        manual_seed(0)
        model = nn.Linear(3, 1)
        optimizer = optim.Adam(model.parameters(), lr=0.05)
        Trainer(model, nn.MSELoss(), optimizer, epochs=4, batch_size=8, verbose="quiet",
                scheduler=make(optimizer)).fit(_regression())
        results.append(model.weight.data.copy())
    assert not np.array_equal(*results)


def test_a_scheduler_of_another_optimizer_or_another_object_is_refused():
    model = nn.Linear(3, 1)
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    other = optim.SGD(nn.Linear(3, 1).parameters(), lr=0.1)
    with pytest.raises(ConfigError, match="made for another optimizer"):
        Trainer(model, nn.MSELoss(), optimizer, epochs=1, scheduler=StepLR(other, step_size=1))
    with pytest.raises(ConfigError, match="scheduler must be a learning-rate scheduler"):
        Trainer(model, nn.MSELoss(), optimizer, epochs=1, scheduler="cosine")
