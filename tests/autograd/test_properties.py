"""Property-based tests: broadcasting and reductions over shapes Hypothesis chooses."""

from __future__ import annotations

import operator

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, mutually_broadcastable_shapes

from descenso.autograd import gradcheck, tensor

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
OPERATORS = [operator.add, operator.sub, operator.mul, operator.truediv]


def values(shape, seed, low=0.5, high=2.0):
    generator = np.random.default_rng(seed)
    return np.asarray(generator.uniform(low, high, shape) * generator.choice([-1.0, 1.0], shape))


@SETTINGS
@given(
    shapes=mutually_broadcastable_shapes(num_shapes=2, max_dims=4, max_side=3),
    op=st.sampled_from(OPERATORS),
    seed=st.integers(0, 2**16),
)
def test_broadcast_binary_operations_match_torch(compare, shapes, op, seed):
    a_shape, b_shape = shapes.input_shapes
    out = compare(op, values(a_shape, seed), values(b_shape, seed + 1))
    assert out.shape == shapes.result_shape


@settings(max_examples=15, deadline=None)
@given(
    shapes=mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3),
    op=st.sampled_from(OPERATORS),
    seed=st.integers(0, 2**16),
)
def test_broadcast_gradients_match_finite_differences(shapes, op, seed):
    a_shape, b_shape = shapes.input_shapes
    a = tensor(values(a_shape, seed), requires_grad=True)
    b = tensor(values(b_shape, seed + 1), requires_grad=True)
    assert gradcheck(op, [a, b])


@st.composite
def shape_and_axis(draw):
    shape = draw(array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4))
    axes = draw(
        st.lists(st.integers(0, len(shape) - 1), unique=True, min_size=1, max_size=len(shape))
    )
    axis = draw(st.sampled_from([None, tuple(axes), axes[0], axes[0] - len(shape)]))
    return shape, axis


@SETTINGS
@given(
    case=shape_and_axis(),
    keepdims=st.booleans(),
    method=st.sampled_from(["sum", "mean", "amax"]),
    seed=st.integers(0, 2**16),
)
def test_reductions_match_torch(compare, case, keepdims, method, seed):
    shape, axis = case
    # Small integers make ties, which amax must share out as torch.amax does.
    data = np.random.default_rng(seed).integers(-2, 3, shape).astype(np.float64)
    torch_name = method

    def torch_fn(t):
        if axis is None and not keepdims:
            return getattr(t, torch_name)()
        dims = tuple(range(len(shape))) if axis is None else axis
        return getattr(t, torch_name)(dim=dims, keepdim=keepdims)

    compare(lambda t: getattr(t, method)(axis=axis, keepdims=keepdims), data, torch_fn=torch_fn)
