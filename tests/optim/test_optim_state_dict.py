"""Optimizer checkpoints: bit-identical resume, PyTorch's layout, and load errors."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
from descenso import nn, optim
from descenso.errors import ConfigError

OPTIMIZERS = [
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("Adam", {"lr": 0.01}),
    ("AdamW", {"lr": 0.01, "amsgrad": True}),
]


def make_model(seed=0):
    descenso.manual_seed(seed)
    return nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 3))


def train(model, optimizer, x, y, steps):
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(steps):
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()


@pytest.fixture
def batch(rng):
    return descenso.tensor(rng.normal(size=(16, 5)).astype(np.float32)), rng.integers(0, 3, 16)


@pytest.mark.parametrize("name, kwargs", OPTIMIZERS)
def test_resuming_from_a_checkpoint_is_bit_identical(batch, name, kwargs):
    x, y = batch
    straight = make_model()
    straight_opt = getattr(optim, name)(straight.parameters(), **kwargs)
    train(straight, straight_opt, x, y, 10)

    first = make_model()
    first_opt = getattr(optim, name)(first.parameters(), **kwargs)
    train(first, first_opt, x, y, 5)
    model_state, optimizer_state = first.state_dict(), first_opt.state_dict()
    train(first, first_opt, x, y, 3)  # later changes must not leak into the saved copies

    resumed = make_model(seed=99)
    resumed.load_state_dict(model_state)
    resumed_opt = getattr(optim, name)(resumed.parameters(), **{**kwargs, "lr": 123.0})
    resumed_opt.load_state_dict(optimizer_state)
    assert resumed_opt.param_groups[0]["lr"] == kwargs["lr"]
    train(resumed, resumed_opt, x, y, 5)
    for name_, value in resumed.state_dict().items():
        np.testing.assert_array_equal(value, straight.state_dict()[name_])


def test_layout_follows_pytorch(batch):
    x, y = batch
    model = make_model()
    optimizer = optim.Adam(model.parameters(), lr=0.01)
    assert optimizer.state_dict()["state"] == {}
    train(model, optimizer, x, y, 2)
    state = optimizer.state_dict()
    assert sorted(state["state"]) == [0, 1, 2, 3]
    assert sorted(state["state"][0]) == ["exp_avg", "exp_avg_sq", "step"]
    assert state["state"][0]["step"] == 2 and state["state"][2]["exp_avg"].shape == (3, 8)
    group = state["param_groups"][0]
    assert group["params"] == [0, 1, 2, 3] and group["betas"] == (0.9, 0.999)
    sgd = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    train(model, sgd, x, y, 1)
    assert sorted(sgd.state_dict()["state"][3]) == ["momentum_buffer"]


def test_string_keys_and_lists_from_json_load(batch):
    x, y = batch
    model = make_model()
    optimizer = optim.Adam(model.parameters(), lr=0.01)
    train(model, optimizer, x, y, 2)
    state = optimizer.state_dict()
    as_json = {"state": {str(k): {n: (v.tolist() if isinstance(v, np.ndarray) else v)
                                  for n, v in entry.items()}
                         for k, entry in state["state"].items()},
               "param_groups": [{**g, "betas": list(g["betas"])} for g in state["param_groups"]]}
    other = optim.Adam(model.parameters(), lr=0.01)
    other.load_state_dict(as_json)
    for key, entry in other.state_dict()["state"].items():
        np.testing.assert_array_equal(entry["exp_avg"], state["state"][key]["exp_avg"])


def test_pytorch_optimizer_state_continues_identically(rng):
    torch = pytest.importorskip("torch")
    model = nn.Sequential(nn.Linear(5, 8, dtype=np.float64), nn.Tanh(),
                          nn.Linear(8, 3, dtype=np.float64))
    reference = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.Tanh(),
                                    torch.nn.Linear(8, 3)).double()
    reference.load_state_dict({k: torch.from_numpy(v) for k, v in model.state_dict().items()})
    x = rng.normal(size=(16, 5))
    y = rng.integers(0, 3, 16)
    their_opt = torch.optim.Adam(reference.parameters(), lr=0.01)

    def torch_steps(steps):
        for _ in range(steps):
            their_opt.zero_grad()
            torch.nn.functional.cross_entropy(reference(torch.from_numpy(x)),
                                              torch.from_numpy(y)).backward()
            their_opt.step()

    torch_steps(5)
    model.load_state_dict(reference.state_dict())
    saved = their_opt.state_dict()
    our_opt = optim.Adam(model.parameters(), lr=0.01)
    our_opt.load_state_dict({
        "state": {k: {n: v.numpy() for n, v in entry.items()}
                  for k, entry in saved["state"].items()},
        "param_groups": saved["param_groups"]})
    torch_steps(5)
    train(model, our_opt, descenso.tensor(x), y, 5)
    for name, value in reference.state_dict().items():
        np.testing.assert_allclose(model.state_dict()[name], value.numpy(), rtol=1e-10)


def test_bad_optimizer_state_is_a_clear_error(batch):
    x, y = batch
    model = make_model()
    optimizer = optim.Adam(model.parameters(), lr=0.01)
    train(model, optimizer, x, y, 1)
    good = optimizer.state_dict()
    fresh = optim.Adam(model.parameters(), lr=0.01)
    with pytest.raises(ConfigError, match="'state' and 'param_groups'"):
        fresh.load_state_dict({"state": {}})
    with pytest.raises(ConfigError, match="groups of sizes"):
        optim.Adam(list(model.parameters())[:2]).load_state_dict(good)
    bad_shape = {**good, "state": {**good["state"], 1: {**good["state"][1],
                                                         "exp_avg": np.zeros(2)}}}
    with pytest.raises(ConfigError, match=r"exp_avg.*parameter 1.*\(2,\).*\(8,\)"):
        fresh.load_state_dict(bad_shape)
    unknown = {**good, "state": {**good["state"], 0: {**good["state"][0], "velocity": 1}}}
    with pytest.raises(ConfigError, match="unknown optimizer state 'velocity'"):
        fresh.load_state_dict(unknown)
    uneven = {**good, "state": {**good["state"], 0: {**good["state"][0], "step": 7}}}
    with pytest.raises(ConfigError, match="differs between parameters"):
        fresh.load_state_dict(uneven)
    bad_lr = {**good, "param_groups": [{**good["param_groups"][0], "lr": -1.0}]}
    with pytest.raises(ConfigError, match="invalid lr"):
        fresh.load_state_dict(bad_lr)
    assert fresh.state_dict()["state"] == {} and fresh.param_groups[0]["lr"] == 0.01
