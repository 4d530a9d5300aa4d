"""Every primitive operation against PyTorch in float64: values and gradients to 1e-10."""

from __future__ import annotations

import numpy as np
import pytest

rng = np.random.default_rng(0)


def normal(*shape):
    return rng.standard_normal(shape)


def positive(*shape):
    return rng.uniform(0.5, 2.0, shape)


def with_zeros(*shape):
    values = rng.standard_normal(shape)
    values.flat[::3] = 0.0
    return values


def with_ties(*shape):
    return rng.integers(0, 3, shape).astype(np.float64)


ARITHMETIC = [
    pytest.param(lambda a, b: a + b, None, [normal(3, 4), normal(3, 4)], id="add"),
    pytest.param(lambda a, b: a + b, None, [normal(3, 1), normal(1, 4)], id="add-(3,1)+(1,4)"),
    pytest.param(lambda a, b: a + b, None, [normal(2, 3, 4), normal(4)], id="add-(2,3,4)+(4,)"),
    pytest.param(lambda a, b: a + b, None, [normal(), normal(2, 3)], id="add-()+(2,3)"),
    pytest.param(lambda a, b: a - b, None, [normal(3, 1), normal(1, 4)], id="sub-(3,1)-(1,4)"),
    pytest.param(lambda a, b: a - b, None, [normal(2, 3, 4), normal(3, 1)], id="sub-rank"),
    pytest.param(lambda a, b: a * b, None, [normal(3, 1), normal(1, 4)], id="mul-(3,1)*(1,4)"),
    pytest.param(lambda a, b: a * b, None, [normal(2, 3, 4), normal(4)], id="mul-(2,3,4)*(4,)"),
    pytest.param(lambda a, b: a / b, None, [normal(3, 1), positive(1, 4)], id="div-broadcast"),
    pytest.param(lambda a, b: a / b, None, [normal(2, 3), -positive(2, 3)], id="div"),
    pytest.param(lambda a: -a, None, [normal(3, 4)], id="neg"),
    pytest.param(lambda a: a**2, None, [normal(3, 4)], id="pow-2"),
    pytest.param(lambda a: a**3, None, [normal(3, 4)], id="pow-3"),
    pytest.param(lambda a: a**0.5, None, [positive(3, 4)], id="pow-0.5"),
    pytest.param(lambda a: a**-1.5, None, [positive(3, 4)], id="pow--1.5"),
    pytest.param(lambda a: a**0, None, [normal(3, 4)], id="pow-0"),
    pytest.param(lambda a: a + 2.5, None, [normal(3)], id="add-scalar"),
    pytest.param(lambda a: 2.5 + a, None, [normal(3)], id="radd-scalar"),
    pytest.param(lambda a: a - 1, None, [normal(3)], id="sub-scalar"),
    pytest.param(lambda a: 2.5 - a, None, [normal(3)], id="rsub-scalar"),
    pytest.param(lambda a: 3 * a, None, [normal(3)], id="rmul-scalar"),
    pytest.param(lambda a: a / 4, None, [normal(3)], id="div-scalar"),
    pytest.param(lambda a: 2.0 / a, None, [positive(3)], id="rdiv-scalar"),
    pytest.param(lambda a: a * a + a, None, [normal(3, 2)], id="reused-x*x+x"),
    pytest.param(
        lambda a, b: (a * b) * (a + b) / (b * b + 1), None, [normal(4), normal(4)], id="reused-2"
    ),
    pytest.param(lambda a, b: a * b, None, [normal(3), normal(3)], id="one-requires"),
]

ELEMENTWISE = [
    pytest.param(lambda a: a.exp(), None, [normal(3, 4)], id="exp"),
    pytest.param(lambda a: a.log(), None, [positive(3, 4)], id="log"),
    pytest.param(lambda a: a.sqrt(), None, [positive(3, 4)], id="sqrt"),
    pytest.param(lambda a: a.abs(), None, [with_zeros(3, 4)], id="abs-with-zeros"),
    pytest.param(lambda a: abs(a), None, [with_zeros(3, 4)], id="abs-builtin"),
    pytest.param(lambda a: a.clip(-0.5, 0.5), None, [normal(4, 5)], id="clip"),
    pytest.param(lambda a: a.clip(-0.5), None, [normal(4, 5)], id="clip-min"),
    pytest.param(lambda a: a.clip(max=0.5), None, [normal(4, 5)], id="clip-max"),
    pytest.param(
        lambda a: a.clip(-1.0, 1.0), None, [np.array([-2.0, -1.0, 0.0, 1.0, 2.0])], id="clip-edges"
    ),
    pytest.param(lambda a: a.relu(), None, [with_zeros(3, 4)], id="relu"),
    pytest.param(
        lambda a: a.leaky_relu(0.1),
        lambda a: __import__("torch").nn.functional.leaky_relu(a, 0.1),
        [with_zeros(3, 4)],
        id="leaky_relu",
    ),
    pytest.param(lambda a: a.sigmoid(), None, [normal(3, 4) * 5], id="sigmoid"),
    pytest.param(
        lambda a: a.sigmoid(), None, [np.array([-800.0, -40.0, 0.0, 40.0, 800.0])], id="sigmoid-big"
    ),
    pytest.param(lambda a: a.tanh(), None, [normal(3, 4)], id="tanh"),
    pytest.param(lambda a: a.softmax(-1), None, [normal(3, 4)], id="softmax"),
    pytest.param(lambda a: a.softmax(0), None, [normal(3, 4)], id="softmax-dim0"),
    pytest.param(lambda a: a.softmax(1), None, [normal(2, 3, 4)], id="softmax-3d"),
    pytest.param(lambda a: a.softmax(1), None, [normal(2, 3) * 1e4], id="softmax-huge"),
    pytest.param(lambda a: a.log_softmax(1), None, [normal(3, 4)], id="log_softmax"),
    pytest.param(lambda a: a.log_softmax(0), None, [normal(2, 3, 4)], id="log_softmax-3d"),
    pytest.param(lambda a: a.log_softmax(1), None, [normal(2, 3) * 1e4], id="log_softmax-huge"),
]

REDUCTIONS = [
    pytest.param(lambda a: a.sum(), None, [normal(3, 4)], id="sum"),
    pytest.param(lambda a: a.sum(axis=0), lambda a: a.sum(dim=0), [normal(3, 4)], id="sum-0"),
    pytest.param(
        lambda a: a.sum(axis=-1, keepdims=True),
        lambda a: a.sum(dim=-1, keepdim=True),
        [normal(2, 3, 4)],
        id="sum-keepdims",
    ),
    pytest.param(
        lambda a: a.sum(axis=(0, 2)), lambda a: a.sum(dim=(0, 2)), [normal(2, 3, 4)], id="sum-tuple"
    ),
    pytest.param(lambda a: a.mean(), None, [normal(3, 4)], id="mean"),
    pytest.param(lambda a: a.mean(axis=1), lambda a: a.mean(dim=1), [normal(3, 4)], id="mean-1"),
    pytest.param(
        lambda a: a.mean(axis=(0, 1), keepdims=True),
        lambda a: a.mean(dim=(0, 1), keepdim=True),
        [normal(2, 3, 4)],
        id="mean-tuple-keepdims",
    ),
    pytest.param(lambda a: a.max(), lambda a: a.amax(), [normal(3, 4)], id="max"),
    pytest.param(lambda a: a.max(), lambda a: a.amax(), [with_ties(3, 4)], id="max-ties"),
    pytest.param(
        lambda a: a.amax(axis=1), lambda a: a.amax(dim=1), [with_ties(4, 5)], id="amax-axis-ties"
    ),
    pytest.param(lambda a: a.max(dim=1).values, None, [normal(4, 5)], id="max-dim-values"),
    pytest.param(lambda a: a.min(0, keepdim=True)[0], None, [normal(4, 5)], id="min-dim-keepdim"),
    pytest.param(
        lambda a: a.max(axis=(0, 2), keepdims=True),
        lambda a: a.amax(dim=(0, 2), keepdim=True),
        [with_ties(2, 3, 4)],
        id="max-tuple-keepdims",
    ),
]

SHAPES = [
    pytest.param(lambda a: a.reshape(3, 4), None, [normal(2, 6)], id="reshape"),
    pytest.param(lambda a: a.reshape((-1,)), lambda a: a.reshape(-1), [normal(2, 6)], id="flat"),
    pytest.param(lambda a: a.transpose(0, 1), None, [normal(2, 3)], id="transpose"),
    pytest.param(lambda a: a.transpose(0, 2), None, [normal(2, 3, 4)], id="transpose-3d"),
    pytest.param(lambda a: a.T, None, [normal(2, 3)], id="T"),
    pytest.param(lambda a: a.permute(2, 0, 1), None, [normal(2, 3, 4)], id="permute"),
    pytest.param(lambda a: a[1:, ::2], None, [normal(3, 4)], id="slice"),
    pytest.param(lambda a: a[1], None, [normal(3, 4)], id="int"),
    pytest.param(lambda a: a[1, 2], None, [normal(3, 4)], id="int-int"),
    pytest.param(lambda a: a[..., None, 1], None, [normal(2, 3, 4)], id="ellipsis-none"),
    pytest.param(lambda a: a[[0, 0, 2]], None, [normal(3, 4)], id="int-array-repeats"),
    pytest.param(lambda a: a[[0, 1, 1], [2, 2, 0]], None, [normal(3, 4)], id="two-int-arrays"),
    pytest.param(
        lambda a: a[np.array([[0, 2], [2, 2]])],
        lambda a: a[__import__("torch").tensor([[0, 2], [2, 2]])],
        [normal(3, 4)],
        id="int-2d-array",
    ),
    pytest.param(
        lambda a: a[a.numpy() > 0],
        lambda a: a[a.detach() > 0],
        [normal(3, 4)],
        id="bool-mask",
    ),
    pytest.param(
        lambda a: a[:, np.array([True, False, True, True])],
        lambda a: a[:, __import__("torch").tensor([True, False, True, True])],
        [normal(3, 4)],
        id="bool-mask-axis1",
    ),
]

MATMUL = [
    pytest.param(lambda a, b: a @ b, None, [normal(3, 4), normal(4, 5)], id="2d@2d"),
    pytest.param(lambda a, b: a @ b, None, [normal(4), normal(4, 5)], id="1d@2d"),
    pytest.param(lambda a, b: a @ b, None, [normal(3, 4), normal(4)], id="2d@1d"),
    pytest.param(lambda a, b: a @ b, None, [normal(4), normal(4)], id="1d@1d"),
    pytest.param(lambda a, b: a @ b, None, [normal(2, 3, 4), normal(4, 5)], id="3d@2d"),
    pytest.param(lambda a, b: a @ b, None, [normal(2, 3, 4), normal(2, 4, 5)], id="3d@3d"),
    pytest.param(lambda a, b: a @ b, None, [normal(2, 1, 3, 4), normal(5, 4, 2)], id="batch-bcast"),
    pytest.param(lambda a, b: a @ b, None, [normal(4), normal(2, 4, 3)], id="1d@3d"),
    pytest.param(lambda a, b: a @ b, None, [normal(2, 3, 4), normal(4)], id="3d@1d"),
    pytest.param(lambda a, b: a.matmul(b), None, [normal(3, 4), normal(4, 2)], id="method"),
]


@pytest.mark.parametrize("fn, torch_fn, inputs", ARITHMETIC + ELEMENTWISE)
def test_elementwise_matches_torch(compare, fn, torch_fn, inputs):
    compare(fn, *inputs, torch_fn=torch_fn)


@pytest.mark.parametrize("fn, torch_fn, inputs", REDUCTIONS + SHAPES)
def test_reduction_and_shape_match_torch(compare, fn, torch_fn, inputs):
    compare(fn, *inputs, torch_fn=torch_fn)


@pytest.mark.parametrize("fn, torch_fn, inputs", MATMUL)
def test_matmul_matches_torch(compare, fn, torch_fn, inputs):
    compare(fn, *inputs, torch_fn=torch_fn)


def test_only_the_inputs_that_require_grad_get_gradients(compare):
    compare(lambda a, b: a @ b, normal(3, 4), normal(4, 2), requires=[False, True])
    compare(lambda a, b: a / b, normal(3, 4), positive(3, 4), requires=[True, False])


def test_ndarray_operands_on_either_side(compare):
    torch = pytest.importorskip("torch")
    array = normal(3, 4)
    compare(
        lambda a: array + a * array,
        normal(3, 4),
        torch_fn=lambda a: torch.from_numpy(array) + a * torch.from_numpy(array),
    )
    compare(
        lambda a: array / a - (array.T @ a).sum(0),
        positive(3, 4),
        torch_fn=lambda a: torch.from_numpy(array) / a - (torch.from_numpy(array.T) @ a).sum(0),
    )
