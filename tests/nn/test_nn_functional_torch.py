"""GELU, ELU, LogSoftmax and the SmoothL1, BCE and NLL losses against PyTorch in float64
(values and gradients to 1e-10) and against central differences."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
import descenso.nn.functional as F
from descenso import nn
from descenso.errors import ConfigError, DataError, ShapeError

rng = np.random.default_rng(11)
REDUCTIONS = ["mean", "sum", "none"]


def grad_of(tensor) -> np.ndarray:
    return np.asarray(tensor.grad)


def run_both(ours_fn, torch_fn, *inputs, grad_inputs=(0,)):
    """Run both functions on float64 copies of ``inputs``; compare output and gradients."""
    torch = pytest.importorskip("torch")
    ours_in = [descenso.tensor(x, requires_grad=i in grad_inputs) if x.dtype.kind == "f"
               else descenso.tensor(x) for i, x in enumerate(inputs)]
    theirs_in = [torch.tensor(x, requires_grad=i in grad_inputs) for i, x in enumerate(inputs)]
    ours, theirs = ours_fn(*ours_in), torch_fn(*theirs_in)
    assert ours.shape == tuple(theirs.shape) and ours.dtype == np.float64
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-10, atol=1e-12)
    upstream = np.random.default_rng(5).normal(size=ours.shape)
    ours.backward(upstream)
    theirs.backward(torch.from_numpy(upstream))
    for i in grad_inputs:
        np.testing.assert_allclose(grad_of(ours_in[i]), theirs_in[i].grad.numpy(),
                                   rtol=1e-10, atol=1e-12, err_msg=f"gradient of input {i}")
    for i, x in enumerate(ours_in):
        if i not in grad_inputs:
            assert x.grad is None


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_matches_pytorch(approximate):
    torch = pytest.importorskip("torch")
    x = np.concatenate([rng.normal(size=20) * 3, [0.0, -40.0, 40.0]])
    run_both(lambda t: F.gelu(t, approximate=approximate),
             lambda t: torch.nn.functional.gelu(t, approximate=approximate), x)
    run_both(nn.GELU(approximate), torch.nn.GELU(approximate=approximate), x.reshape(1, -1))


@pytest.mark.parametrize("alpha", [1.0, 0.3])
def test_elu_matches_pytorch(alpha):
    torch = pytest.importorskip("torch")
    x = np.concatenate([rng.normal(size=(4, 5)).ravel() * 2, [0.0, -1e-8, -700.0, 700.0]])
    run_both(lambda t: F.elu(t, alpha), lambda t: torch.nn.functional.elu(t, alpha), x)
    run_both(nn.ELU(alpha), torch.nn.ELU(alpha), x)


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_log_softmax_layer_matches_pytorch(dim):
    torch = pytest.importorskip("torch")
    x = rng.normal(size=(3, 5)) * 10
    run_both(nn.LogSoftmax(dim=dim), torch.nn.LogSoftmax(dim=dim), x)
    run_both(nn.Softmax(dim=dim), torch.nn.Softmax(dim=dim), x)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("beta", [1.0, 0.25, 0.0])
def test_smooth_l1_matches_pytorch_on_both_branches(reduction, beta):
    torch = pytest.importorskip("torch")
    prediction = rng.normal(size=30)
    target = prediction + np.linspace(-2, 2.1, 30)
    run_both(nn.SmoothL1Loss(reduction=reduction, beta=beta),
             torch.nn.SmoothL1Loss(reduction=reduction, beta=beta), prediction, target,
             grad_inputs=(0, 1))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
def test_bce_matches_pytorch_including_exact_zero_and_one(reduction, weighted):
    torch = pytest.importorskip("torch")
    probability = np.concatenate([rng.uniform(0.01, 0.99, size=8), [0.0, 1.0, 0.5]])
    target = np.concatenate([rng.uniform(size=8), [1.0, 0.0, 0.5]])
    weight = rng.uniform(0.5, 2.0, size=11) if weighted else None
    run_both(nn.BCELoss(weight=weight, reduction=reduction),
             torch.nn.BCELoss(weight=None if weight is None else torch.tensor(weight),
                              reduction=reduction),
             probability, target, grad_inputs=(0,))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
def test_nll_matches_pytorch_with_weights_and_ignored_rows(reduction, weighted):
    torch = pytest.importorskip("torch")
    log_probability = np.log(rng.dirichlet(np.ones(4), size=7))
    labels = np.array([0, 3, 1, -100, 2, 3, 1])
    weight = rng.uniform(0.5, 2.0, size=4) if weighted else None
    run_both(nn.NLLLoss(weight=weight, reduction=reduction),
             torch.nn.NLLLoss(weight=None if weight is None else torch.tensor(weight),
                              reduction=reduction),
             log_probability, labels)


def test_log_softmax_then_nll_equals_cross_entropy():
    scores = descenso.tensor(rng.normal(size=(6, 3)), requires_grad=True)
    labels = descenso.tensor(np.array([0, 2, 1, 1, 0, 2]))
    composed = nn.NLLLoss()(nn.LogSoftmax(dim=1)(scores), labels)
    fused = nn.CrossEntropyLoss()(scores, labels)
    assert composed.item() == pytest.approx(fused.item(), rel=1e-12)


@pytest.mark.parametrize("fn", [
    lambda t: F.gelu(t).sum(),
    lambda t: F.gelu(t, approximate="tanh").sum(),
    lambda t: (F.elu(t, 0.7) * F.elu(t, 0.7)).sum(),
    lambda t: F.smooth_l1_loss(t, descenso.tensor(np.full(9, 0.2)), beta=0.5),
    lambda t: F.binary_cross_entropy(F.sigmoid(t), descenso.tensor(np.linspace(0, 1, 9))),
    lambda t: F.nll_loss(F.log_softmax(t.reshape(3, 3), dim=1), np.array([2, 0, 1])),
])
def test_gradients_agree_with_central_differences(fn):
    x = descenso.tensor(np.linspace(-2.1, 1.9, 9), requires_grad=True)
    assert descenso.gradcheck(fn, [x])


def test_float32_stays_float32():
    x = descenso.tensor(np.linspace(-2, 2, 5, dtype=np.float32), requires_grad=True)
    for out in (F.gelu(x), F.gelu(x, "tanh"), F.elu(x)):
        out.sum().backward()
        assert out.dtype == np.float32 and grad_of(x).dtype == np.float32


def test_bad_inputs_get_clear_errors():
    with pytest.raises(DataError, match="between 0 and 1.*sigmoid"):
        F.binary_cross_entropy(descenso.tensor([1.5]), descenso.tensor([1.0]))
    with pytest.raises(DataError, match="integer class labels"):
        F.nll_loss(descenso.tensor([[-1.0, -0.5]]), descenso.tensor([1.0]))
    with pytest.raises(DataError, match="label 5.*2 classes"):
        F.nll_loss(descenso.tensor([[-1.0, -0.5]]), np.array([5]))
    with pytest.raises(ShapeError, match=r"\(n, n_classes\)"):
        F.nll_loss(descenso.tensor([-1.0, -0.5]), np.array([1]))
    with pytest.raises(ShapeError, match=r"\(5, 1\).*\(5,\)"):
        nn.SmoothL1Loss()(descenso.tensor(np.zeros((5, 1))), descenso.tensor(np.zeros(5)))
    with pytest.raises(ConfigError, match="beta"):
        nn.SmoothL1Loss(beta=-1)
    with pytest.raises(ConfigError, match="approximate"):
        nn.GELU("fast")
    with pytest.raises(ConfigError, match="alpha"):
        nn.ELU(float("nan"))
    with pytest.raises(ConfigError, match="LogSoftmax needs an integer dim"):
        nn.LogSoftmax(dim=None)
