"""Loss modules against PyTorch in float64, for every reduction, plus their validation."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
from descenso import nn
from descenso.errors import ConfigError, ShapeError

REDUCTIONS = ["mean", "sum", "none"]


def compare_loss(loss, torch_loss, prediction, target, rng, target_is_label=False):
    torch = pytest.importorskip("torch")
    ours_in = descenso.tensor(prediction, requires_grad=True)
    theirs_in = torch.tensor(prediction, requires_grad=True)
    ours = loss(ours_in, target if target_is_label else descenso.tensor(target))
    theirs = torch_loss(theirs_in, torch.from_numpy(target))
    assert ours.shape == tuple(theirs.shape) and ours.dtype == np.float64
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-12, atol=1e-14)
    upstream = rng.normal(size=ours.shape)
    ours.backward(upstream)
    theirs.backward(torch.from_numpy(upstream))
    np.testing.assert_allclose(ours_in.grad, theirs_in.grad.numpy(), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", ["MSELoss", "L1Loss"])
def test_regression_losses_match_pytorch(rng, name, reduction):
    torch = pytest.importorskip("torch")
    compare_loss(getattr(nn, name)(reduction=reduction),
                 getattr(torch.nn, name)(reduction=reduction),
                 rng.normal(size=(8, 3)), rng.normal(size=(8, 3)), rng)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("delta", [1.0, 0.3])
def test_huber_matches_pytorch_on_both_branches(rng, reduction, delta):
    torch = pytest.importorskip("torch")
    prediction = rng.normal(size=40)
    target = prediction + np.linspace(-3, 3, 40)  # residuals inside and outside delta
    compare_loss(nn.HuberLoss(reduction=reduction, delta=delta),
                 torch.nn.HuberLoss(reduction=reduction, delta=delta), prediction, target, rng)
    residuals = np.abs(prediction - target)
    assert (residuals < delta).any() and (residuals > delta).any()


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("scale", [1.0, 1e4])
def test_cross_entropy_matches_pytorch_even_for_extreme_logits(rng, reduction, scale):
    torch = pytest.importorskip("torch")
    logits = rng.normal(size=(10, 4)) * scale
    labels = rng.integers(0, 4, size=10)
    compare_loss(nn.CrossEntropyLoss(reduction=reduction),
                 torch.nn.CrossEntropyLoss(reduction=reduction), logits, labels, rng,
                 target_is_label=True)


def test_cross_entropy_is_finite_for_huge_logits():
    loss = nn.CrossEntropyLoss()(descenso.tensor([[1e30, -1e30], [-1e30, 1e30]],
                                                 dtype=np.float64), np.array([1, 1]))
    assert loss.item() == pytest.approx(1e30)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_bce_with_logits_matches_pytorch(rng, reduction):
    torch = pytest.importorskip("torch")
    logits = np.concatenate([rng.normal(size=6), [-80.0, 80.0, 0.0]])
    target = np.concatenate([rng.uniform(size=6), [1.0, 0.0, 0.5]])
    compare_loss(nn.BCEWithLogitsLoss(reduction=reduction),
                 torch.nn.BCEWithLogitsLoss(reduction=reduction), logits, target, rng)


@pytest.mark.parametrize("name", ["MSELoss", "L1Loss", "HuberLoss", "BCEWithLogitsLoss"])
def test_column_against_vector_is_a_shape_error_not_a_broadcast(name):
    prediction = descenso.tensor(np.zeros((5, 1)), requires_grad=True)
    with pytest.raises(ShapeError, match=r"\(5, 1\).*\(5,\)"):
        getattr(nn, name)()(prediction, descenso.tensor(np.zeros(5)))


@pytest.mark.parametrize("name", ["MSELoss", "L1Loss", "HuberLoss", "CrossEntropyLoss",
                                  "BCEWithLogitsLoss"])
def test_reduction_is_validated(name):
    with pytest.raises(ConfigError, match="'mean', 'sum' or 'none'|mean, sum, none"):
        getattr(nn, name)(reduction="average")


@pytest.mark.parametrize("delta", [0, -1.0, float("nan"), "1"])
def test_huber_delta_is_validated(delta):
    with pytest.raises(ConfigError, match="delta"):
        nn.HuberLoss(delta=delta)


def test_loss_reprs():
    assert repr(nn.MSELoss()) == "MSELoss()"
    assert repr(nn.L1Loss(reduction="sum")) == "L1Loss(reduction='sum')"
    assert repr(nn.HuberLoss(delta=2)) == "HuberLoss(reduction='mean', delta=2.0)"
