"""Module: registration, traversal order and names, modes, gradients, dtype, repr."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
from descenso import nn
from descenso.errors import ConfigError


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)
        self.act = nn.Tanh()
        self.scale = nn.Parameter(np.ones(4))

    def forward(self, x):
        return self.act(self.fc(x)) * self.scale


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = Block()
        self.body = nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 2, bias=False))
        self.register_buffer("counts", np.arange(3.0))

    def forward(self, x):
        return self.body(self.first(x))


def test_assignment_registers_parameters_and_submodules_in_pytorch_order():
    names = [name for name, _ in Net().named_parameters()]
    assert names == ["first.scale", "first.fc.weight", "first.fc.bias",
                     "body.0.weight", "body.0.bias", "body.2.weight"]


def test_state_dict_holds_parameters_and_buffers_as_copies():
    model = Net()
    state = model.state_dict()
    assert list(state) == ["counts", "first.scale", "first.fc.weight", "first.fc.bias",
                           "body.0.weight", "body.0.bias", "body.2.weight"]
    assert all(type(value) is np.ndarray for value in state.values())
    state["first.fc.weight"][...] = 123.0
    assert not np.any(model.first.fc.weight.data == 123.0)


def test_children_modules_and_parameters():
    model = Net()
    assert [type(m).__name__ for m in model.children()] == ["Block", "Sequential"]
    assert [type(m).__name__ for m in model.modules()] == [
        "Net", "Block", "Linear", "Tanh", "Sequential", "Linear", "ReLU", "Linear"]
    assert len(list(model.parameters())) == 6
    assert len(list(model.parameters(recurse=False))) == 0


def test_shared_parameter_is_listed_once():
    shared = nn.Linear(2, 2)
    model = nn.Sequential(shared, nn.ReLU(), shared)
    assert [name for name, _ in model.named_parameters()] == ["0.weight", "0.bias"]


def test_reassigning_and_deleting_attributes_updates_registration():
    model = Block()
    model.fc = nn.Identity()
    assert [name for name, _ in model.named_parameters()] == ["scale"]
    del model.scale
    assert list(model.parameters()) == []
    with pytest.raises(AttributeError, match="scale"):
        _ = model.scale


def test_assigning_a_plain_tensor_to_a_parameter_name_is_refused():
    layer = nn.Linear(2, 1)
    with pytest.raises(ConfigError, match="Parameter"):
        layer.weight = descenso.tensor(np.zeros((1, 2)))
    layer.bias = None
    assert [name for name, _ in layer.named_parameters()] == ["weight"]


def test_forgetting_super_init_gives_a_clear_error():
    class Broken(nn.Module):
        def __init__(self):
            self.fc = nn.Linear(2, 2)

    with pytest.raises(ConfigError, match=r"super\(\).__init__\(\)"):
        Broken()


def test_train_and_eval_reach_every_submodule():
    model = Net()
    assert model.eval() is model
    assert not any(m.training for m in model.modules())
    model.train()
    assert all(m.training for m in model.modules())
    with pytest.raises(ConfigError, match="True or False"):
        model.train("no")


def test_zero_grad_zeroes_in_place():
    model = Net()
    x = descenso.tensor(np.ones((2, 3), dtype=np.float32))
    model(x).sum().backward()
    grads = [p.grad for p in model.parameters()]
    assert all(g is not None and np.any(g != 0) for g in grads)
    model.zero_grad()
    assert all(p.grad is g and not np.any(g) for p, g in zip(model.parameters(), grads))


def test_double_converts_parameters_and_gradients():
    model = Net()
    model(descenso.tensor(np.ones((1, 3), dtype=np.float32))).sum().backward()
    before = {k: v.astype(np.float64) for k, v in model.state_dict().items()}
    model.double()
    assert all(p.dtype == np.float64 and p.grad.dtype == np.float64
               for p in model.parameters())
    for name, value in model.state_dict().items():
        if name != "counts":
            np.testing.assert_array_equal(value, before[name])
    assert model.float() is model and all(p.dtype == np.float32 for p in model.parameters())
    with pytest.raises(ConfigError, match="float32 and float64"):
        model.to("int64")
    with pytest.raises(ConfigError, match="float32 and float64"):
        model.to(None)


def test_repr_reads_like_pytorch():
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.2),
                          nn.Linear(128, 10))
    assert repr(model) == (
        "Sequential(\n"
        "  (0): Flatten(start_dim=1, end_dim=-1)\n"
        "  (1): Linear(in_features=784, out_features=128, bias=True)\n"
        "  (2): ReLU()\n"
        "  (3): Dropout(p=0.2)\n"
        "  (4): Linear(in_features=128, out_features=10, bias=True)\n"
        ")"
    )
    assert repr(Block()).startswith("Block(\n  (fc): Linear(in_features=3, out_features=4")


def test_forward_must_be_written():
    class Empty(nn.Module):
        pass

    with pytest.raises(NotImplementedError, match="forward"):
        Empty()(1)


def test_sequential_indexing_iteration_and_errors():
    layers = [nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)]
    model = nn.Sequential(*layers)
    assert len(model) == 3 and list(model) == layers
    assert model[-1] is layers[2]
    head = model[1:]
    assert isinstance(head, nn.Sequential) and list(head.state_dict()) == ["2.weight", "2.bias"]
    named = nn.Sequential({"hidden": layers[0], "act": layers[1]})
    assert list(named.state_dict()) == ["hidden.weight", "hidden.bias"]
    with pytest.raises(IndexError, match="out of range"):
        model[3]
    with pytest.raises(ConfigError, match="ReLU()"):
        nn.Sequential(nn.Linear(2, 2), nn.ReLU)
    model.append(nn.Sigmoid())
    assert len(model) == 4 and isinstance(model[3], nn.Sigmoid)


def test_parameter_always_requires_grad_and_follows_tensor_dtypes():
    assert nn.Parameter([1, 2]).dtype == np.float32
    assert nn.Parameter(np.zeros(2)).dtype == np.float64
    assert nn.Parameter(descenso.tensor([1.0], dtype="float64")).dtype == np.float64
    assert nn.Parameter([1.0], dtype=np.float64).requires_grad
    assert repr(nn.Parameter([1.0])) == "Parameter containing:\ntensor([1.], requires_grad=True)"
    with pytest.raises(ConfigError, match="numbers"):
        nn.Parameter(np.array(["a"]))


def test_buffers_are_saved_and_loaded_unless_not_persistent():
    model = Net()
    model.register_buffer("scratch", np.zeros(2), persistent=False)
    assert [name for name, _ in model.named_buffers()] == ["counts", "scratch"]
    assert "scratch" not in model.state_dict()
    state = model.state_dict()
    state["counts"] = np.array([7.0, 8.0, 9.0])
    model.load_state_dict(state)
    np.testing.assert_array_equal(model.counts, [7.0, 8.0, 9.0])
    with pytest.raises(ConfigError, match="already exists"):
        model.register_buffer("training", None)


def test_very_deep_models_do_not_hit_the_recursion_limit():
    model = nn.Linear(1, 1)
    for _ in range(5000):
        model = nn.Sequential(model)
    (name,) = [name for name, _ in model.named_parameters()][:1]
    assert name == "0." * 5000 + "weight"
    assert len(model.state_dict()) == 2
    model.load_state_dict(model.state_dict())
    assert len(list(model.eval().modules())) == 5001

