"""Learning-rate schedulers: the same sequence of rates as PyTorch's, bit for bit; resuming."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import descenso
from descenso import nn, optim
from descenso.errors import ConfigError
from descenso.optim.lr_scheduler import CosineAnnealingLR, ExponentialLR, StepLR

torch = pytest.importorskip("torch")


def _decay_then_floor(epoch):
    return max(0.05, 0.9 ** epoch)


SCHEDULERS = [
    ("MultiStepLR", {"milestones": [3, 7, 7, 12]}),
    ("MultiStepLR", {"milestones": (5, 1), "gamma": 0.5}),
    ("LambdaLR", {"lr_lambda": _decay_then_floor}),
    ("StepLR", {"step_size": 3}),
    ("StepLR", {"step_size": 2, "gamma": 0.7}),
    ("ExponentialLR", {"gamma": 0.9}),
    ("CosineAnnealingLR", {"T_max": 10}),
    ("CosineAnnealingLR", {"T_max": 7, "eta_min": 1e-4}),
    ("CosineAnnealingLR", {"T_max": 1}),
]
EPOCHS = 25  # past T_max, so the cosine's climb back up is compared too


def _descenso_rates(name, kwargs, epochs, lrs=(1e-3,)):
    groups = [{"params": [nn.Parameter(np.zeros(2))], "lr": lr} for lr in lrs]
    optimizer = optim.Adam(groups)
    scheduler = getattr(optim.lr_scheduler, name)(optimizer, **kwargs)
    rates = [scheduler.get_last_lr()]
    for _epoch in range(epochs):
        optimizer.step()
        scheduler.step()
        rates.append(scheduler.get_last_lr())
        assert rates[-1] == [group["lr"] for group in optimizer.param_groups]
    return rates


def _torch_rates(name, kwargs, epochs, lrs=(1e-3,)):
    groups = [{"params": [torch.zeros(2, requires_grad=True)], "lr": lr} for lr in lrs]
    optimizer = torch.optim.Adam(groups)
    scheduler = getattr(torch.optim.lr_scheduler, name)(optimizer, **kwargs)
    rates = [scheduler.get_last_lr()]
    for _epoch in range(epochs):
        optimizer.step()
        scheduler.step()
        rates.append(scheduler.get_last_lr())
    return rates


@pytest.mark.parametrize("name, kwargs", SCHEDULERS)
def test_rates_equal_pytorch_bit_for_bit(name, kwargs):
    ours = _descenso_rates(name, kwargs, EPOCHS, lrs=(1e-3, 0.37))
    theirs = _torch_rates(name, kwargs, EPOCHS, lrs=(1e-3, 0.37))
    assert ours == theirs  # floats compared exactly: same operations in the same order
    assert len(set(map(tuple, ours))) > 1  # the schedule did change the rate


def test_cosine_follows_its_closed_form():
    rates = [lr for (lr,) in _descenso_rates("CosineAnnealingLR", {"T_max": 10,
                                                                   "eta_min": 1e-5}, 10)]
    expected = [1e-5 + (1e-3 - 1e-5) * (1 + np.cos(np.pi * t / 10)) / 2 for t in range(11)]
    np.testing.assert_allclose(rates, expected, rtol=1e-12, atol=0)


def test_step_lr_closed_form():
    rates = [lr for (lr,) in _descenso_rates("StepLR", {"step_size": 3, "gamma": 0.5}, 9)]
    assert rates == [1e-3 * 0.5 ** (t // 3) for t in range(10)]


def test_the_scheduled_rate_is_what_the_optimizer_uses():
    weight = nn.Parameter(np.array([1.0]))
    optimizer = optim.SGD([weight], lr=1.0)
    scheduler = ExponentialLR(optimizer, gamma=0.5)
    steps = []
    for _epoch in range(3):
        before = float(weight.data[0])
        weight.grad = descenso.ones_like(weight)
        optimizer.step()
        steps.append(before - float(weight.data[0]))
        scheduler.step()
    assert steps == [1.0, 0.5, 0.25]


@pytest.mark.parametrize("name, kwargs", SCHEDULERS)
def test_state_dict_resumes_the_sequence_exactly(name, kwargs):
    straight = _descenso_rates(name, kwargs, 12)
    optimizer = optim.Adam([nn.Parameter(np.zeros(2))], lr=1e-3)
    scheduler = getattr(optim.lr_scheduler, name)(optimizer, **kwargs)
    for _epoch in range(5):
        scheduler.step()
    saved_optimizer, saved = optimizer.state_dict(), scheduler.state_dict()

    fresh = optim.Adam([nn.Parameter(np.zeros(2))], lr=1e-3)
    fresh.load_state_dict(saved_optimizer)
    resumed = getattr(optim.lr_scheduler, name)(fresh, **kwargs)
    resumed.load_state_dict(saved)
    rates = [resumed.get_last_lr()]
    for _epoch in range(7):
        resumed.step()
        rates.append(resumed.get_last_lr())
    assert rates == straight[5:]


def test_state_dict_keys_follow_pytorch():
    ours = CosineAnnealingLR(optim.SGD([nn.Parameter(np.zeros(1))], lr=0.1), T_max=5)
    theirs = torch.optim.lr_scheduler.CosineAnnealingLR(
        torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1), T_max=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch_state = theirs.state_dict()
    assert set(ours.state_dict()) <= set(torch_state)
    for key, value in ours.state_dict().items():
        assert value == torch_state[key], key


def test_initial_lr_is_recorded_like_pytorch():
    optimizer = optim.SGD([nn.Parameter(np.zeros(1))], lr=0.1)
    scheduler = StepLR(optimizer, step_size=1)
    scheduler.step()
    assert optimizer.param_groups[0]["initial_lr"] == 0.1
    assert scheduler.base_lrs == [0.1]
    again = StepLR(optimizer, step_size=1)  # a second scheduler keeps the first initial_lr
    assert again.base_lrs == [0.1]


@pytest.mark.parametrize("make, message", [
    (lambda opt: StepLR(opt, step_size=0), "step_size must be a whole number >= 1, got 0"),
    (lambda opt: StepLR(opt, step_size=2.5), "step_size must be a whole number >= 1"),
    (lambda opt: ExponentialLR(opt, gamma=-0.5), "gamma must be a finite number >= 0"),
    (lambda opt: ExponentialLR(opt, gamma=float("nan")), "gamma must be a finite number"),
    (lambda opt: CosineAnnealingLR(opt, T_max=0), "T_max must be a whole number >= 1"),
    (lambda opt: CosineAnnealingLR(opt, T_max=3, eta_min=-1.0), "eta_min must be"),
    (lambda opt: CosineAnnealingLR(opt, T_max=3, last_epoch=2), "has no 'initial_lr'"),
    (lambda opt: StepLR(object(), step_size=2), "needs an optimizer"),
    (lambda opt: optim.lr_scheduler.MultiStepLR(opt, milestones=5), "milestones must be"),
    (lambda opt: optim.lr_scheduler.MultiStepLR(opt, milestones=[2, -1]), "milestones must"),
    (lambda opt: optim.lr_scheduler.LambdaLR(opt, lr_lambda=0.5), "lr_lambda must be"),
    (lambda opt: optim.lr_scheduler.LambdaLR(opt, lr_lambda=[abs, abs]), "list of 1"),
    (lambda opt: optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda e: "x"), "returned 'x'"),
])
def test_bad_arguments_are_config_errors(make, message):
    optimizer = optim.SGD([nn.Parameter(np.zeros(1))], lr=0.1)
    with pytest.raises(ConfigError, match=message):
        make(optimizer)


def test_a_bad_state_dict_is_refused():
    scheduler = StepLR(optim.SGD([nn.Parameter(np.zeros(1))], lr=0.1), step_size=2)
    with pytest.raises(ConfigError, match="state_dict needs the keys"):
        scheduler.load_state_dict({"last_epoch": 3})


def test_lambda_lr_takes_one_function_per_group():
    groups = [{"params": [nn.Parameter(np.zeros(1))], "lr": 1.0},
              {"params": [nn.Parameter(np.zeros(1))], "lr": 2.0}]
    optimizer = optim.SGD(groups, lr=0.1)
    scheduler = optim.lr_scheduler.LambdaLR(optimizer, [lambda e: 0.5 ** e, lambda e: 1 + e])
    scheduler.step()
    scheduler.step()
    assert scheduler.get_last_lr() == [0.25, 6.0]
    assert "lr_lambdas" not in scheduler.state_dict()
