"""Layers against PyTorch in float64: outputs, input gradients and parameter gradients."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
from descenso import nn
from descenso.errors import ConfigError, ShapeError


def compare_with_torch(layer, torch_layer, x, rng, rtol=1e-12, atol=1e-13):
    """Run both layers on ``x`` with the same weights and upstream gradient; compare all."""
    torch = pytest.importorskip("torch")
    torch_layer = torch_layer.double()
    layer.load_state_dict(torch_layer.state_dict())
    x_ours = descenso.tensor(x, requires_grad=True)
    x_theirs = torch.tensor(x, requires_grad=True)
    out = layer(x_ours)
    expected = torch_layer(x_theirs)
    assert out.shape == tuple(expected.shape) and out.dtype == np.float64
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=rtol, atol=atol)
    upstream = rng.normal(size=out.shape)
    out.backward(upstream)
    expected.backward(torch.from_numpy(upstream))
    np.testing.assert_allclose(x_ours.grad, x_theirs.grad.numpy(), rtol=rtol, atol=atol)
    theirs = dict(torch_layer.named_parameters())
    for name, param in layer.named_parameters():
        np.testing.assert_allclose(param.grad, theirs[name].grad.numpy(), rtol=rtol, atol=atol)


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape", [(5, 4), (2, 3, 4), (4,)])
def test_linear_matches_pytorch(rng, bias, shape):
    torch = pytest.importorskip("torch")
    compare_with_torch(nn.Linear(4, 3, bias=bias, dtype=np.float64),
                       torch.nn.Linear(4, 3, bias=bias), rng.normal(size=shape), rng)


@pytest.mark.parametrize("name, kwargs", [
    ("ReLU", {}), ("LeakyReLU", {}), ("LeakyReLU", {"negative_slope": 0.2}),
    ("Sigmoid", {}), ("Tanh", {}), ("Softmax", {"dim": 1}), ("Softmax", {"dim": -1}),
    ("Softmax", {"dim": 0}), ("Identity", {}), ("Flatten", {}),
    ("Flatten", {"start_dim": 0, "end_dim": 1}),
])
def test_parameter_free_layers_match_pytorch(rng, name, kwargs):
    torch = pytest.importorskip("torch")
    x = rng.normal(scale=3.0, size=(4, 3, 5))
    x[0, 0, :2] = 0.0  # the kink of ReLU and LeakyReLU: torch's subgradient there is 0
    compare_with_torch(getattr(nn, name)(**kwargs), getattr(torch.nn, name)(**kwargs), x, rng)


def test_sequential_mlp_matches_pytorch(rng):
    torch = pytest.importorskip("torch")
    ours = nn.Sequential(nn.Flatten(), nn.Linear(12, 7, dtype=np.float64), nn.LeakyReLU(0.1),
                         nn.Linear(7, 3, dtype=np.float64), nn.Softmax(dim=1))
    theirs = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(12, 7),
                                 torch.nn.LeakyReLU(0.1), torch.nn.Linear(7, 3),
                                 torch.nn.Softmax(dim=1))
    compare_with_torch(ours, theirs, rng.normal(size=(6, 3, 4)), rng)


def test_linear_init_is_bounded_uniform_and_reproducible():
    descenso.manual_seed(3)
    layer = nn.Linear(400, 300)
    bound = 1 / np.sqrt(400)
    weight, bias = layer.weight.data, layer.bias.data
    assert weight.shape == (300, 400) and bias.shape == (300,)
    assert weight.dtype == np.float32 and bias.dtype == np.float32
    assert np.abs(weight).max() <= bound and np.abs(bias).max() <= bound
    # uniform on [-b, b]: mean 0 and variance b**2 / 3, checked to a few standard errors
    assert abs(weight.mean()) < 4 * bound / np.sqrt(3 * weight.size)
    assert weight.var() == pytest.approx(bound ** 2 / 3, rel=0.02)
    assert np.abs(weight).max() > 0.99 * bound
    descenso.manual_seed(3)
    again = nn.Linear(400, 300)
    np.testing.assert_array_equal(again.weight.data, weight)
    np.testing.assert_array_equal(again.bias.data, bias)
    np.testing.assert_array_equal(nn.Linear(400, 300).weight.data != weight, True)


def test_linear_float64_starts_like_float32():
    descenso.manual_seed(5)
    single = nn.Linear(3, 2)
    descenso.manual_seed(5)
    double = nn.Linear(3, 2, dtype=np.float64)
    np.testing.assert_array_equal(double.weight.data.astype(np.float32), single.weight.data)


@pytest.mark.parametrize("kwargs", [
    {"in_features": 0, "out_features": 2}, {"in_features": 2.5, "out_features": 2},
    {"in_features": 2, "out_features": True}, {"in_features": 2, "out_features": 2, "bias": 1},
    {"in_features": 2, "out_features": 2, "dtype": np.int32},
    {"in_features": 2, "out_features": 2, "dtype": "banana"},
])
def test_linear_rejects_bad_arguments(kwargs):
    with pytest.raises(ConfigError):
        nn.Linear(**kwargs)


def test_linear_names_both_shapes_on_a_bad_input():
    with pytest.raises(ShapeError, match=r"\(2, 5\).*\(3, 4\)"):
        nn.Linear(4, 3)(descenso.tensor(np.zeros((2, 5), dtype=np.float32)))


def test_dropout_is_identity_in_eval_and_inverted_in_training():
    x = descenso.tensor(np.ones((200, 500)), requires_grad=True)
    layer = nn.Dropout(0.3)
    assert layer.eval()(x) is x
    layer.train()
    descenso.manual_seed(0)
    out = layer(x)
    kept = out.data != 0
    # each element is zeroed independently with p = 0.3: 4 standard errors of 100,000 draws
    assert abs((1 - kept.mean()) - 0.3) < 4 * np.sqrt(0.3 * 0.7 / kept.size)
    np.testing.assert_array_equal(out.data[kept], 1 / 0.7)
    out.sum().backward()
    np.testing.assert_array_equal(x.grad, np.where(kept, 1 / 0.7, 0.0))
    descenso.manual_seed(0)
    np.testing.assert_array_equal(layer(x).data, out.data)
    assert nn.Dropout(0.0)(x) is x


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5, float("nan"), "0.5", True])
def test_dropout_rejects_bad_probabilities(p):
    with pytest.raises(ConfigError, match=r"\[0, 1\)"):
        nn.Dropout(p)


def test_layer_arguments_are_validated():
    with pytest.raises(ConfigError, match="integer dim"):
        nn.Softmax(dim=None)
    with pytest.raises(ConfigError, match="negative_slope"):
        nn.LeakyReLU(float("inf"))
    with pytest.raises(ConfigError, match="start_dim"):
        nn.Flatten(start_dim=1.0)
    with pytest.raises(ShapeError, match=r"Flatten\(start_dim=1"):
        nn.Flatten()(descenso.tensor([1.0, 2.0]))


def test_linear_matches_pytorch_over_random_shapes():
    torch = pytest.importorskip("torch")
    hypothesis = pytest.importorskip("hypothesis")
    strategies = hypothesis.strategies

    @hypothesis.settings(max_examples=25, deadline=None)
    @hypothesis.given(batch=strategies.lists(strategies.integers(1, 4), max_size=2),
                      in_features=strategies.integers(1, 9),
                      out_features=strategies.integers(1, 9), bias=strategies.booleans(),
                      seed=strategies.integers(0, 2**16))
    def check(batch, in_features, out_features, bias, seed):
        generator = np.random.default_rng(seed)
        x = generator.normal(size=(*batch, in_features))
        compare_with_torch(nn.Linear(in_features, out_features, bias, dtype=np.float64),
                           torch.nn.Linear(in_features, out_features, bias), x, generator)

    check()
