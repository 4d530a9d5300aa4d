"""ModuleList, ModuleDict and gradient clipping (against PyTorch)."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
from descenso import nn
from descenso.errors import ConfigError, TrainingDiverged


class Tower(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(3, 4), nn.Linear(4, 4)])
        self.heads = nn.ModuleDict({"a": nn.Linear(4, 1), "b": nn.Linear(4, 2)})

    def forward(self, x):
        for block in self.blocks:
            x = block(x).relu()
        return self.heads["a"](x), self.heads["b"](x)


def test_containers_register_parameters_with_pytorchs_names():
    names = [name for name, _ in Tower().named_parameters()]
    assert names == ["blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias",
                     "heads.a.weight", "heads.a.bias", "heads.b.weight", "heads.b.bias"]
    a, b = Tower()(descenso.tensor(np.ones((2, 3))))
    assert a.shape == (2, 1) and b.shape == (2, 2)


def test_state_dict_keys_match_pytorch():
    torch = pytest.importorskip("torch")

    class TorchTower(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.blocks = torch.nn.ModuleList([torch.nn.Linear(3, 4), torch.nn.Linear(4, 4)])
            self.heads = torch.nn.ModuleDict({"a": torch.nn.Linear(4, 1),
                                              "b": torch.nn.Linear(4, 2)})

    assert list(Tower().state_dict()) == list(TorchTower().state_dict())


def test_module_list_behaves_like_a_list():
    layers = nn.ModuleList()
    layers.append(nn.ReLU()).extend([nn.Tanh(), nn.Sigmoid()])
    layers.insert(0, nn.Identity())
    layers[1] = nn.GELU()
    assert [type(m).__name__ for m in layers] == ["Identity", "GELU", "Tanh", "Sigmoid"]
    assert list(layers._modules) == ["0", "1", "2", "3"]
    assert len(layers[1:3]) == 2 and type(layers[-1]).__name__ == "Sigmoid"
    with pytest.raises(IndexError, match="out of range"):
        layers[4]
    with pytest.raises(ConfigError, match="instance such as nn.ReLU"):
        layers.append(nn.ReLU)
    with pytest.raises(ConfigError, match="no forward"):
        layers(descenso.tensor([1.0]))


def test_module_dict_behaves_like_a_dict():
    heads = nn.ModuleDict()
    heads["x"] = nn.Linear(2, 1)
    heads.update({"y": nn.Linear(2, 3)})
    assert list(heads) == ["x", "y"] and "y" in heads and len(heads) == 2
    heads["x"] = nn.Linear(2, 5)
    assert list(heads) == ["x", "y"] and heads["x"].out_features == 5
    del heads["x"]
    assert list(heads.keys()) == ["y"]
    with pytest.raises(KeyError, match="no module named 'z'"):
        heads["z"]


def gradients(torch, norm_type):
    values = [np.random.default_rng(i).normal(size=shape) * 3
              for i, shape in enumerate([(4, 3), (4,), (2, 4)])]
    ours = [nn.Parameter(v.copy()) for v in values]
    theirs = [torch.nn.Parameter(torch.tensor(v)) for v in values]
    for o, t in zip(ours, theirs):
        (o * o).sum().backward()
        (t * t).sum().backward()
    return ours, theirs


@pytest.mark.parametrize("norm_type", [2.0, 1.0, float("inf"), 3.0])
@pytest.mark.parametrize("max_norm", [0.5, 1e6])
def test_clip_grad_norm_matches_pytorch(norm_type, max_norm):
    torch = pytest.importorskip("torch")
    ours, theirs = gradients(torch, norm_type)
    total = nn.utils.clip_grad_norm_(ours, max_norm, norm_type=norm_type)
    expected = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type=norm_type)
    assert float(total) == pytest.approx(float(expected), rel=1e-12)
    for o, t in zip(ours, theirs):
        np.testing.assert_allclose(np.asarray(o.grad), t.grad.numpy(), rtol=1e-12)


def test_clip_grad_value_matches_pytorch():
    torch = pytest.importorskip("torch")
    ours, theirs = gradients(torch, 2.0)
    nn.utils.clip_grad_value_(ours, 1.5)
    torch.nn.utils.clip_grad_value_(theirs, 1.5)
    for o, t in zip(ours, theirs):
        np.testing.assert_array_equal(np.asarray(o.grad), t.grad.numpy())


def test_clipping_works_on_the_optimizers_buffer_in_a_training_step():
    descenso.manual_seed(0)
    model = nn.Linear(3, 1)
    optimizer = descenso.optim.SGD(model.parameters(), lr=0.1)
    x, y = descenso.tensor(np.ones((4, 3)) * 100), descenso.tensor(np.zeros((4, 1)))
    nn.MSELoss()(model(x), y).backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    flat_grad = optimizer._flats[0][0].grad
    assert np.linalg.norm(flat_grad) == pytest.approx(1.0, rel=1e-5)


def test_clip_errors():
    w = nn.Parameter([1.0])
    (w * float("nan")).sum().backward()
    with pytest.raises(TrainingDiverged, match="cannot be clipped"):
        nn.utils.clip_grad_norm_([w], 1.0, error_if_nonfinite=True)
    with pytest.raises(ConfigError, match="max_norm > 0"):
        nn.utils.clip_grad_norm_([w], 0.0)
    with pytest.raises(ConfigError, match="model.parameters"):
        nn.utils.clip_grad_norm_(3, 1.0)
    assert float(nn.utils.clip_grad_norm_([nn.Parameter([1.0])], 1.0)) == 0.0
