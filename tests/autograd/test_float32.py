"""float32 in, float32 out: no operation may silently upcast values or gradients."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.autograd import (
    binary_cross_entropy_with_logits,
    cross_entropy,
    dropout,
    huber_loss,
    l1_loss,
    linear,
    mse_loss,
    tensor,
)

rng = np.random.default_rng(0)

CASES = [
    pytest.param(lambda a, b: a + b * 2.5 - 1, id="add-sub-mul-scalars"),
    pytest.param(lambda a, b: a / b + 3 / b, id="div"),
    pytest.param(lambda a, b: -(a**2) + abs(a) ** 1.5, id="neg-pow-abs"),
    pytest.param(lambda a, b: a.exp() + b.abs().log() + b.abs().sqrt(), id="exp-log-sqrt"),
    pytest.param(lambda a, b: a.clip(-0.1, 0.1) + a.relu() + a.leaky_relu(0.1), id="clip-relu"),
    pytest.param(lambda a, b: a.sigmoid() + a.tanh(), id="sigmoid-tanh"),
    pytest.param(lambda a, b: a.softmax(1) + a.log_softmax(0), id="softmax"),
    pytest.param(lambda a, b: a.sum(axis=0) + a.mean(axis=0) + a.max(axis=0), id="reductions"),
    pytest.param(lambda a, b: a.reshape(-1)[[0, 0, 3]] + a.T[1, :3], id="shape-index"),
    pytest.param(lambda a, b: a @ b.T, id="matmul"),
    pytest.param(lambda a, b: linear(a, b, b[0]), id="linear"),
    pytest.param(lambda a, b: cross_entropy(a, np.array([0, 1, 2, 3])), id="cross_entropy"),
    pytest.param(lambda a, b: dropout(a, 0.5), id="dropout"),
    pytest.param(lambda a, b: mse_loss(a, b) + l1_loss(a, b) + huber_loss(a, b), id="losses"),
    pytest.param(lambda a, b: binary_cross_entropy_with_logits(a, b.sigmoid()), id="bce"),
]


@pytest.mark.parametrize("fn", CASES)
def test_float32_stays_float32(fn):
    a = tensor(rng.standard_normal((4, 4)), requires_grad=True, dtype=np.float32)
    b = tensor(rng.standard_normal((4, 4)) + 3, requires_grad=True, dtype=np.float32)
    out = fn(a, b)
    assert out.dtype == np.float32
    out.backward(np.ones(out.shape, dtype=np.float32))
    for leaf in (a, b):
        assert leaf.grad is None or leaf.grad.dtype == np.float32
    assert a.grad is not None
