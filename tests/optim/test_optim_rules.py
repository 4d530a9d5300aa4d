"""SGD, Adam and AdamW against PyTorch in float64: one step and 100 steps, groups, schedules."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
from descenso import nn, optim

SHAPES = [(4, 3), (3,), (2, 2, 2), (1,)]

SGD_CASES = [
    {"lr": 0.1},
    {"lr": 0.1, "momentum": 0.9},
    {"lr": 0.05, "momentum": 0.9, "dampening": 0.3},
    {"lr": 0.05, "momentum": 0.8, "nesterov": True},
    {"lr": 0.1, "weight_decay": 0.01},
    {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.05},
    {"lr": 0.05, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.05},
]
ADAM_CASES = [
    {},
    {"lr": 0.01, "betas": (0.5, 0.9), "eps": 1e-6},
    {"lr": 0.01, "weight_decay": 0.1},
    {"lr": 0.01, "amsgrad": True},
    {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True},
]


def make_pair(rng, torch):
    values = [rng.normal(size=shape) for shape in SHAPES]
    ours = [nn.Parameter(v) for v in values]
    theirs = [torch.tensor(v, requires_grad=True) for v in values]
    return ours, theirs


def run_both(optimizer_name, kwargs, steps, rng, torch):
    ours, theirs = make_pair(rng, torch)
    our_opt = getattr(optim, optimizer_name)(ours, **kwargs)
    their_opt = getattr(torch.optim, optimizer_name)(theirs, **kwargs)
    for _ in range(steps):
        our_opt.zero_grad()
        their_opt.zero_grad()
        for mine, other in zip(ours, theirs):
            gradient = rng.normal(size=mine.shape)
            gradient[..., 0] = 0.0  # zero gradients exercise the eps and decay paths
            mine.grad = descenso.tensor(gradient)
            other.grad = torch.from_numpy(gradient.copy())
        our_opt.step()
        their_opt.step()
    return ours, theirs


def assert_same(ours, theirs, rtol=1e-10):
    for mine, other in zip(ours, theirs):
        assert mine.dtype == np.float64
        np.testing.assert_allclose(mine.data, other.detach().numpy(), rtol=rtol, atol=1e-13)


@pytest.mark.parametrize("steps", [1, 100])
@pytest.mark.parametrize("kwargs", SGD_CASES)
def test_sgd_matches_pytorch(rng, kwargs, steps):
    torch = pytest.importorskip("torch")
    assert_same(*run_both("SGD", kwargs, steps, rng, torch))


@pytest.mark.parametrize("steps", [1, 100])
@pytest.mark.parametrize("kwargs", ADAM_CASES)
@pytest.mark.parametrize("name", ["Adam", "AdamW"])
def test_adam_and_adamw_match_pytorch(rng, name, kwargs, steps):
    torch = pytest.importorskip("torch")
    assert_same(*run_both(name, kwargs, steps, rng, torch))


def test_adamw_default_weight_decay_differs_from_adam(rng):
    torch = pytest.importorskip("torch")
    adam = run_both("Adam", {"lr": 0.01}, 5, np.random.default_rng(1), torch)[0]
    adamw = run_both("AdamW", {"lr": 0.01}, 5, np.random.default_rng(1), torch)[0]
    assert optim.AdamW(adam).param_groups[0]["weight_decay"] == 0.01
    assert not np.array_equal(adam[0].data, adamw[0].data)


def test_parameter_groups_and_a_changed_learning_rate_match_pytorch(rng):
    torch = pytest.importorskip("torch")
    ours, theirs = make_pair(rng, torch)
    our_opt = optim.SGD([{"params": ours[:2]}, {"params": ours[2:], "lr": 0.01}],
                        lr=0.1, momentum=0.9)
    their_opt = torch.optim.SGD([{"params": theirs[:2]}, {"params": theirs[2:], "lr": 0.01}],
                                lr=0.1, momentum=0.9)
    for step in range(20):
        if step == 10:  # a learning-rate schedule edits param_groups between steps
            our_opt.param_groups[0]["lr"] = 0.02
            their_opt.param_groups[0]["lr"] = 0.02
        for mine, other in zip(ours, theirs):
            gradient = rng.normal(size=mine.shape)
            mine.grad = descenso.tensor(gradient)
            other.grad = torch.from_numpy(gradient.copy())
        our_opt.step()
        their_opt.step()
    assert_same(ours, theirs)


def test_float32_parameters_stay_float32_and_track_pytorch(rng):
    torch = pytest.importorskip("torch")
    values = [rng.normal(size=shape).astype(np.float32) for shape in SHAPES]
    ours = [nn.Parameter(v) for v in values]
    theirs = [torch.tensor(v, requires_grad=True) for v in values]
    our_opt, their_opt = optim.Adam(ours, lr=0.01), torch.optim.Adam(theirs, lr=0.01)
    for _ in range(50):
        for mine, other in zip(ours, theirs):
            gradient = rng.normal(size=mine.shape).astype(np.float32)
            mine.grad = descenso.tensor(gradient)
            other.grad = torch.from_numpy(gradient.copy())
        our_opt.step()
        their_opt.step()
    for mine, other in zip(ours, theirs):
        assert mine.dtype == np.float32 and mine.grad.dtype == np.float32
        np.testing.assert_allclose(mine.data, other.detach().numpy(), rtol=1e-5, atol=1e-6)
