"""nn.init: PyTorch's fan and gain rules, the right distributions, in place, reproducible."""

from __future__ import annotations

import math

import numpy as np
import pytest

import descenso
from descenso import nn
from descenso.errors import ConfigError, ShapeError

SHAPES = [(30, 20), (8, 4, 3, 3), (5, 7, 2)]


@pytest.mark.parametrize("shape", SHAPES)
def test_fans_match_pytorch(shape):
    torch = pytest.importorskip("torch")
    ours = nn.init.calculate_fan_in_and_fan_out(nn.Parameter(np.zeros(shape)))
    theirs = torch.nn.init._calculate_fan_in_and_fan_out(torch.zeros(shape))
    assert ours == theirs


@pytest.mark.parametrize("name, param", [("linear", None), ("sigmoid", None), ("tanh", None),
                                         ("relu", None), ("leaky_relu", None),
                                         ("leaky_relu", 0.2), ("selu", None),
                                         ("conv2d", None)])
def test_gains_match_pytorch(name, param):
    torch = pytest.importorskip("torch")
    assert nn.init.calculate_gain(name, param) == torch.nn.init.calculate_gain(name, param)


def bound_and_std(name, shape, **kwargs):
    """The bound (uniform) or std (normal) PyTorch would use, read off a huge PyTorch draw."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    weight = torch.empty(shape, dtype=torch.float64)
    getattr(torch.nn.init, name)(weight, **kwargs)
    return weight.abs().max().item(), weight.std().item()


@pytest.mark.parametrize("name, kwargs", [
    ("xavier_uniform_", {}), ("xavier_uniform_", {"gain": 2.0}),
    ("kaiming_uniform_", {}), ("kaiming_uniform_", {"a": math.sqrt(5)}),
    ("kaiming_uniform_", {"mode": "fan_out", "nonlinearity": "relu"}),
])
@pytest.mark.parametrize("shape", SHAPES)
def test_uniform_rules_use_pytorchs_bound(name, kwargs, shape):
    fan_in, fan_out = shape[1] * math.prod(shape[2:]), shape[0] * math.prod(shape[2:])
    if name == "xavier_uniform_":
        bound = kwargs.get("gain", 1.0) * math.sqrt(6.0 / (fan_in + fan_out))
    else:
        gain = nn.init.calculate_gain(kwargs.get("nonlinearity", "leaky_relu"),
                                      kwargs.get("a", 0.0))
        bound = gain * math.sqrt(3.0 / (fan_out if kwargs.get("mode") == "fan_out" else fan_in))
    weight = nn.Parameter(np.zeros(shape))
    assert getattr(nn.init, name)(weight, **kwargs) is weight
    values = np.asarray(weight.data)
    assert np.abs(values).max() <= bound and np.abs(values).max() > 0.8 * bound
    torch_bound, _ = bound_and_std(name, (400, 300), **kwargs) if shape == SHAPES[0] else (0, 0)
    if shape == SHAPES[0]:  # PyTorch's own draws fill the same interval for a big tensor
        ours = nn.Parameter(np.zeros((400, 300)))
        getattr(nn.init, name)(ours, **kwargs)
        assert abs(np.abs(ours.data).max() - torch_bound) < 1e-3 * torch_bound


@pytest.mark.parametrize("name, kwargs", [
    ("xavier_normal_", {}), ("xavier_normal_", {"gain": 0.5}), ("kaiming_normal_", {}),
    ("kaiming_normal_", {"mode": "fan_out", "nonlinearity": "relu"}),
    ("normal_", {"mean": 0.0, "std": 0.02}),
])
def test_normal_rules_have_pytorchs_std(name, kwargs):
    _, torch_std = bound_and_std(name, (400, 300), **kwargs)
    ours = nn.Parameter(np.zeros((400, 300)))
    getattr(nn.init, name)(ours, **kwargs)
    # 120,000 draws: the sample std is within 1% of the true one (about 0.2% is one sd).
    assert float(np.std(ours.data)) == pytest.approx(torch_std, rel=1e-2)
    if name == "xavier_normal_":
        assert float(np.std(ours.data)) == pytest.approx(
            kwargs.get("gain", 1.0) * math.sqrt(2 / 700), rel=1e-2)


def test_constant_fills_and_uniform_respects_its_interval():
    w = nn.Parameter(np.zeros((3, 2), dtype=np.float32))
    nn.init.constant_(w, 0.25)
    assert (w.data == np.float32(0.25)).all() and w.data.dtype == np.float32
    nn.init.ones_(w)
    assert (w.data == 1).all()
    nn.init.zeros_(w)
    assert (w.data == 0).all()
    nn.init.uniform_(w, -0.5, 0.25)
    assert (w.data >= -0.5).all() and (w.data < 0.25).all()


def test_manual_seed_makes_initialisation_reproducible():
    draws = []
    for _ in range(2):
        descenso.manual_seed(7)
        w = nn.Parameter(np.zeros((4, 3)))
        nn.init.kaiming_uniform_(w)
        draws.append(np.array(w.data))
    np.testing.assert_array_equal(*draws)


def test_init_keeps_the_optimizers_view():
    layer = nn.Linear(3, 2)
    optimizer = descenso.optim.SGD(layer.parameters(), lr=0.1)
    before = layer.weight.data
    nn.init.normal_(layer.weight)
    assert layer.weight.data is before
    assert np.shares_memory(layer.weight.data, optimizer._flats[0][0].data)


def test_bad_arguments_get_clear_errors():
    with pytest.raises(ShapeError, match="at least 2 dimensions"):
        nn.init.xavier_uniform_(nn.Parameter(np.zeros(3)))
    with pytest.raises(ConfigError, match="unknown nonlinearity 'swish'"):
        nn.init.kaiming_normal_(nn.Parameter(np.zeros((2, 2))), nonlinearity="swish")
    with pytest.raises(ConfigError, match="mode must be"):
        nn.init.kaiming_normal_(nn.Parameter(np.zeros((2, 2))), mode="fan")
    with pytest.raises(ConfigError, match="take a tensor"):
        nn.init.zeros_(np.zeros(2))
    with pytest.raises(ConfigError, match="a <= b"):
        nn.init.uniform_(nn.Parameter(np.zeros(2)), 1.0, 0.0)
    with pytest.raises(ConfigError, match="std must be >= 0"):
        nn.init.normal_(nn.Parameter(np.zeros(2)), std=-1.0)


def test_apply_visits_children_first_in_pytorchs_order():
    torch = pytest.importorskip("torch")
    ours = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.ReLU(), nn.Linear(3, 1)), nn.Tanh())
    theirs = torch.nn.Sequential(torch.nn.Linear(2, 3),
                                 torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(3, 1)),
                                 torch.nn.Tanh())
    visited_ours, visited_theirs = [], []
    assert ours.apply(lambda m: visited_ours.append(type(m).__name__)) is ours
    theirs.apply(lambda m: visited_theirs.append(type(m).__name__))
    assert visited_ours == visited_theirs


def test_apply_with_an_init_function_as_in_the_tutorials():
    def init_weights(module):
        if isinstance(module, nn.Linear):
            nn.init.xavier_uniform_(module.weight)
            nn.init.constant_(module.bias, 0.01)

    descenso.manual_seed(3)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1)).apply(init_weights)
    assert (model[0].bias.data == np.float32(0.01)).all()
    descenso.manual_seed(3)
    again = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1)).apply(init_weights)
    np.testing.assert_array_equal(model[2].weight.data, again[2].weight.data)
