"""RMSprop and Adagrad against PyTorch in float64 (1 and 100 steps), float32, state dicts."""

from __future__ import annotations

import json

import numpy as np
import pytest

import descenso
from descenso import nn, optim
from descenso.errors import ConfigError

SHAPES = [(4, 3), (3,), (2, 2, 2)]

CASES = [
    ("RMSprop", {}),
    ("RMSprop", {"lr": 0.001, "alpha": 0.9, "eps": 1e-6}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.9}),
    ("RMSprop", {"lr": 0.01, "centered": True}),
    ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5, "weight_decay": 0.1}),
    ("Adagrad", {}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01}),
    ("Adagrad", {"lr": 0.1, "weight_decay": 0.1, "initial_accumulator_value": 0.5}),
    ("Adagrad", {"lr": 0.1, "eps": 1e-6}),
]


def run_both(name, kwargs, steps, torch, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    values = [rng.normal(size=shape).astype(dtype) for shape in SHAPES]
    ours = [nn.Parameter(v, dtype=dtype) for v in values]
    theirs = [torch.tensor(v, requires_grad=True) for v in values]
    our_opt = getattr(optim, name)(ours, **kwargs)
    their_opt = getattr(torch.optim, name)(theirs, **kwargs)
    for _ in range(steps):
        our_opt.zero_grad()
        their_opt.zero_grad()
        for mine, other in zip(ours, theirs):
            gradient = rng.normal(size=mine.shape).astype(dtype)
            gradient[..., 0] = 0.0  # zero gradients exercise eps
            mine.grad = descenso.tensor(gradient)
            other.grad = torch.from_numpy(gradient.copy())
        our_opt.step()
        their_opt.step()
    return ours, theirs, our_opt, their_opt


@pytest.mark.parametrize("steps", [1, 100])
@pytest.mark.parametrize("name, kwargs", CASES)
def test_matches_pytorch_in_float64(name, kwargs, steps):
    torch = pytest.importorskip("torch")
    ours, theirs, _, _ = run_both(name, kwargs, steps, torch)
    for mine, other in zip(ours, theirs):
        np.testing.assert_allclose(mine.data, other.detach().numpy(), rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("name, kwargs", CASES)
def test_float32_stays_float32_and_tracks_pytorch(name, kwargs):
    torch = pytest.importorskip("torch")
    ours, theirs, _, _ = run_both(name, kwargs, 100, torch, dtype=np.float32)
    for mine, other in zip(ours, theirs):
        assert mine.data.dtype == np.float32
        np.testing.assert_allclose(mine.data, other.detach().numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name, kwargs", CASES)
def test_state_dict_round_trip_continues_bit_for_bit(name, kwargs):
    torch = pytest.importorskip("torch")
    ours, _, opt, their_opt = run_both(name, kwargs, 7, torch)
    state = json.loads(json.dumps(opt.state_dict(), default=lambda a: np.asarray(a).tolist()))
    ours_state = opt.state_dict()
    twin = [nn.Parameter(np.array(p.data)) for p in ours]
    twin_opt = getattr(optim, name)(twin, **kwargs)
    twin_opt.load_state_dict(state)
    # The layout (names of the state arrays, the step) is PyTorch's.
    theirs_state = their_opt.state_dict()
    assert sorted(ours_state["state"][0]) == sorted(theirs_state["state"][0])
    assert ours_state["state"][0]["step"] == int(theirs_state["state"][0]["step"])
    gradient_rng = np.random.default_rng(3)
    for _ in range(5):
        gradients = [gradient_rng.normal(size=p.shape) for p in ours]
        for optimizer, params in ((opt, ours), (twin_opt, twin)):
            optimizer.zero_grad()
            for param, gradient in zip(params, gradients):
                param.grad = descenso.tensor(gradient)
            optimizer.step()
    for a, b in zip(ours, twin):
        np.testing.assert_array_equal(a.data, b.data)


@pytest.mark.parametrize("make, message", [
    (lambda p: optim.RMSprop(p, alpha=1.5), "alpha"),
    (lambda p: optim.RMSprop(p, centered="yes"), "centered"),
    (lambda p: optim.RMSprop(p, momentum=-1), "momentum"),
    (lambda p: optim.Adagrad(p, lr_decay=-0.1), "lr_decay"),
    (lambda p: optim.Adagrad(p, initial_accumulator_value=float("nan")),
     "initial_accumulator_value"),
])
def test_bad_hyperparameters_are_clear_errors(make, message):
    with pytest.raises(ConfigError, match=message):
        make(nn.Linear(2, 1).parameters())
