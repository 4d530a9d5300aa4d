"""Finite-difference checks of every operation with ``gradcheck``: these need no PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
from descenso.autograd import (
    GradcheckError,
    binary_cross_entropy_with_logits,
    cross_entropy,
    gradcheck,
    huber_loss,
    l1_loss,
    linear,
    mse_loss,
    tensor,
)
from descenso.autograd.tensor import from_op

rng = np.random.default_rng(0)


def leaf(*shape, low=-2.0, high=2.0):
    return tensor(rng.uniform(low, high, shape), requires_grad=True)


def away_from_zero(*shape):
    values = rng.uniform(0.3, 2.0, shape) * rng.choice([-1.0, 1.0], shape)
    return tensor(values, requires_grad=True)


LABELS = np.array([2, 0, 1, 2])

CASES = [
    pytest.param(lambda a, b: a + b, [leaf(3, 1), leaf(1, 4)], id="add"),
    pytest.param(lambda a, b: a - b, [leaf(2, 3, 4), leaf(4)], id="sub"),
    pytest.param(lambda a, b: a * b, [leaf(3, 1), leaf(3, 4)], id="mul"),
    pytest.param(lambda a, b: a / b, [leaf(3, 4), away_from_zero(4)], id="div"),
    pytest.param(lambda a: 1.5 - 2 / a, [away_from_zero(5)], id="scalars"),
    pytest.param(lambda a: a**3 + a**-0.5, [leaf(5, low=0.5)], id="pow"),
    pytest.param(lambda a: a.exp() + a.tanh() + a.sigmoid(), [leaf(2, 3)], id="exp-tanh-sigmoid"),
    pytest.param(lambda a: a.log() + a.sqrt(), [leaf(2, 3, low=0.2)], id="log-sqrt"),
    pytest.param(lambda a: a.abs() + a.relu() + a.leaky_relu(0.2), [away_from_zero(6)], id="kinks"),
    pytest.param(
        lambda a: a.clip(-0.5, 0.5), [tensor([-1.0, 0.1, 0.9], requires_grad=True)], id="clip"
    ),
    pytest.param(lambda a: a.softmax(0) * a.log_softmax(1), [leaf(3, 4)], id="softmax"),
    pytest.param(lambda a: a.sum(axis=1) + a.mean(axis=0).sum(), [leaf(3, 3)], id="sum-mean"),
    pytest.param(lambda a: a.amax(axis=1, keepdims=True), [leaf(3, 4)], id="amax"),
    pytest.param(lambda a: a.max(dim=1, keepdim=True).values, [leaf(3, 4)], id="max-dim"),
    pytest.param(
        lambda a: a.reshape(4, 3).T.transpose(0, 1)[1:, [0, 0, 2]],
        [leaf(3, 4)],
        id="shape-and-index",
    ),
    pytest.param(lambda a, b: a @ b, [leaf(3, 4), leaf(4, 2)], id="matmul-2d"),
    pytest.param(lambda a: a.sin() * a.cos(), [leaf(3, 4)], id="sin-cos"),
    pytest.param(lambda a, b: a ** b, [leaf(3, low=0.5), leaf(3)], id="pow-tensor"),
    pytest.param(lambda a: 2.0 ** a, [leaf(4)], id="rpow"),
    pytest.param(lambda a, b: descenso.maximum(a, b) + descenso.minimum(a, b) * 2,
                 [leaf(3, 4), leaf(4)], id="maximum-minimum"),
    pytest.param(lambda a, b: descenso.where(a > 0, a * 3, b), [away_from_zero(3, 4), leaf(4)],
                 id="where"),
    pytest.param(lambda a, b: descenso.cat([a, b], dim=1) * 2, [leaf(2, 3), leaf(2, 1)],
                 id="cat"),
    pytest.param(lambda a, b: descenso.stack([a, b], dim=-1).exp(), [leaf(2, 3), leaf(2, 3)],
                 id="stack"),
    pytest.param(lambda a: a.prod(dim=1), [leaf(3, 4)], id="prod"),
    pytest.param(lambda a: a.prod(), [tensor([1.5, 0.0, -2.0, 0.7], requires_grad=True)],
                 id="prod-with-a-zero"),
    pytest.param(lambda a: a.cumsum(dim=0), [leaf(4, 3)], id="cumsum"),
    pytest.param(lambda a: a.var(dim=1) + a.std(), [leaf(3, 4)], id="var-std"),
    pytest.param(lambda a: a.norm() + a.norm(dim=0).sum() + a.norm(p=1) + a.norm(p=3),
                 [away_from_zero(3, 4)], id="norm"),
    pytest.param(lambda a: a.min(dim=0).values * a.max(dim=1, keepdim=True).values,
                 [leaf(3, 3)], id="min-max-dim"),
    pytest.param(lambda a: a.double() * a.to(descenso.float64), [leaf(3)], id="casts"),
    pytest.param(lambda a: a.clone().unsqueeze(0).flatten().view(2, 2).t(), [leaf(4)],
                 id="clone-and-shapes"),
    pytest.param(lambda a, b: descenso.meshgrid(a, b, indexing="xy")[0] *
                 descenso.meshgrid(a, b, indexing="xy")[1], [leaf(3), leaf(2)], id="meshgrid"),
    pytest.param(lambda a, b: a @ b, [leaf(2, 3, 4), leaf(4, 2)], id="matmul-batched"),
    pytest.param(lambda a, b: a @ b, [leaf(4), leaf(4)], id="matmul-1d"),
    pytest.param(linear, [leaf(5, 3), leaf(2, 3), leaf(2)], id="linear"),
    pytest.param(lambda z: cross_entropy(z, LABELS), [leaf(4, 3)], id="cross_entropy"),
    pytest.param(
        lambda z: cross_entropy(z, LABELS, reduction="none", weight=np.array([1, 2, 3])),
        [leaf(4, 3)],
        id="cross_entropy-weighted",
    ),
    pytest.param(mse_loss, [leaf(4, 2), leaf(4, 2)], id="mse"),
    pytest.param(l1_loss, [leaf(4, 2), leaf(4, 2)], id="l1"),
    pytest.param(lambda p, t: huber_loss(p, t, delta=0.7), [leaf(4, 2), leaf(4, 2)], id="huber"),
    pytest.param(
        binary_cross_entropy_with_logits, [leaf(4, 2), leaf(4, 2, low=0, high=1)], id="bce"
    ),
]


@pytest.mark.parametrize("fn, inputs", CASES)
def test_gradients_agree_with_finite_differences(fn, inputs):
    assert gradcheck(fn, inputs)


def test_gradcheck_leaves_its_inputs_untouched():
    x = tensor([1.0, 2.0], requires_grad=True)
    gradcheck(lambda t: (t * t).sum(), [x])
    assert x.grad is None and x.dtype == np.float32


def test_gradcheck_catches_a_wrong_backward_and_names_the_element():
    def wrong_square(x):
        def backward(grad):  # should be 2 * x * grad
            return (grad * x.data,)

        return from_op(x.data**2, (x,), backward)

    with pytest.raises(GradcheckError, match=r"input 0 .*index \(1,\)") as info:
        gradcheck(wrong_square, [tensor([0.0, 3.0], requires_grad=True)])
    assert isinstance(info.value, AssertionError)


def test_gradcheck_needs_an_input_that_requires_grad():
    with pytest.raises(ValueError, match="requires_grad=True"):
        gradcheck(lambda t: t * 2, [tensor([1.0])])


def test_gradcheck_accepts_a_single_tensor_and_non_tensor_arguments():
    assert gradcheck(lambda t: t.exp(), descenso.tensor([0.1], requires_grad=True))
    assert gradcheck(lambda t, k: (t * k).exp(), [tensor([0.1, 0.2], requires_grad=True), 3.0])
