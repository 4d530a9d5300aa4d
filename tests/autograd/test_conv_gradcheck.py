"""The image operations by finite differences (no PyTorch needed), in float32, and their errors."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
import descenso.nn.functional as F
from descenso.autograd import gradcheck
from descenso.errors import ConfigError, DataError, ShapeError

rng = np.random.default_rng(7)


def leaf(*shape):
    return descenso.tensor(rng.standard_normal(shape), requires_grad=True, dtype="float64")


GRADCHECKS = [
    pytest.param(lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1, dilation=1),
                 [leaf(2, 2, 5, 6), leaf(3, 2, 3, 2), leaf(3)], id="conv2d-stride"),
    pytest.param(lambda x, w, b: F.conv2d(x, w, b, padding=(2, 1), dilation=2, groups=2),
                 [leaf(1, 4, 5, 5), leaf(2, 2, 2, 3), leaf(2)], id="conv2d-dilation-groups"),
    pytest.param(lambda x, w: F.conv2d(x, w, padding="same"),
                 [leaf(1, 2, 4, 5), leaf(2, 2, 2, 3)], id="conv2d-same"),
    pytest.param(lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1,
                                                    output_padding=1),
                 [leaf(1, 2, 3, 3), leaf(2, 3, 3, 3), leaf(3)], id="conv_transpose2d"),
    pytest.param(lambda x: F.max_pool2d(x, 3, stride=2, padding=1), [leaf(2, 2, 5, 6)],
                 id="max_pool2d"),
    pytest.param(lambda x: F.avg_pool2d(x, 2, padding=1, count_include_pad=False),
                 [leaf(2, 2, 5, 5)], id="avg_pool2d"),
    pytest.param(lambda x: F.adaptive_avg_pool2d(x, (2, 3)), [leaf(2, 2, 5, 7)],
                 id="adaptive_avg_pool2d"),
    pytest.param(lambda x: F.pad(x, (1, 2, 2, 1), "reflect"), [leaf(1, 2, 4, 4)],
                 id="pad-reflect"),
    pytest.param(lambda x: F.pad(x, (2, 0, 1, 3), "circular"), [leaf(1, 2, 4, 4)],
                 id="pad-circular"),
    pytest.param(lambda x: F.pad(x, (2, 1, 0, 2), "replicate"), [leaf(1, 2, 3, 3)],
                 id="pad-replicate"),
    pytest.param(lambda x, w, b: F.batch_norm(x, np.zeros(3), np.ones(3), w, b, training=True),
                 [leaf(4, 3, 2, 2), leaf(3), leaf(3)], id="batch_norm-train"),
]


@pytest.mark.parametrize("fn, inputs", GRADCHECKS)
def test_gradcheck(fn, inputs):
    assert gradcheck(fn, inputs)


def test_conv2d_float32_stays_float32_and_matches_float64():
    x, w, b = rng.standard_normal((2, 3, 8, 8)), rng.standard_normal((4, 3, 3, 3)), rng.standard_normal(4)
    results = {}
    for dtype in ("float32", "float64"):
        tensors = [descenso.tensor(v, requires_grad=True, dtype=dtype) for v in (x, w, b)]
        out = F.max_pool2d(F.relu(F.conv2d(*tensors, padding=1)), 2)
        out.sum().backward()
        results[dtype] = [out.data] + [np.asarray(t.grad) for t in tensors]
    for single, double in zip(results["float32"], results["float64"]):
        assert single.dtype == np.float32
        np.testing.assert_allclose(single, double, rtol=1e-5, atol=1e-5)


def test_conv2d_weight_gradient_is_a_correlation_of_input_and_output_gradient():
    """The lesson of the backward pass, checked on its definition."""
    x, w = leaf(1, 1, 5, 5), leaf(1, 1, 3, 3)
    upstream = rng.standard_normal((1, 1, 3, 3))
    F.conv2d(x, w).backward(upstream)
    correlation = F.conv2d(descenso.tensor(x.data), descenso.tensor(upstream)).data
    np.testing.assert_allclose(np.asarray(w.grad), correlation, rtol=1e-12)
    full = F.conv2d(descenso.tensor(upstream), descenso.tensor(w.data[:, :, ::-1, ::-1]),
                    padding=2).data
    np.testing.assert_allclose(np.asarray(x.grad), full, rtol=1e-12, atol=1e-14)


def test_training_loop_reuses_its_buffers():
    from descenso.autograd.ops.buffer_pool import pool

    # Large enough that the columns, outputs and gradients come from the pool.
    x = descenso.tensor(rng.standard_normal((16, 8, 32, 32)), dtype="float32")
    w = descenso.tensor(rng.standard_normal((16, 8, 3, 3)), requires_grad=True, dtype="float32")

    def step():
        F.max_pool2d(F.relu(F.conv2d(x, w, padding=1)), 2).sum().backward()

    step()
    seen = {id(b) for buffers in pool._buffers.values() for b in buffers}
    assert len(seen) >= 3
    for _step in range(3):
        step()
        assert {id(b) for buffers in pool._buffers.values() for b in buffers} == seen


@pytest.mark.parametrize("call, error, words", [
    (lambda: F.conv2d(np.zeros((2, 3, 4)), np.zeros((1, 3, 2, 2))), ShapeError, "(N, C, H, W)"),
    (lambda: F.conv2d(np.zeros((1, 2, 4, 4)), np.zeros((1, 3, 2, 2))), ShapeError, "in_channels"),
    (lambda: F.conv2d(np.zeros((1, 3, 2, 2)), np.zeros((1, 3, 3, 3))), ShapeError, "does not fit"),
    (lambda: F.conv2d(np.zeros((1, 3, 4, 4)), np.zeros((1, 3, 2, 2), np.float32)), DataError,
     "one dtype"),
    (lambda: F.conv2d(np.zeros((1, 3, 4, 4)), np.zeros((1, 3, 2, 2)), stride=0), ConfigError,
     "stride"),
    (lambda: F.conv2d(np.zeros((1, 3, 4, 4)), np.zeros((1, 3, 2, 2)), padding="full"),
     ConfigError, "'same'"),
    (lambda: F.conv2d(np.zeros((1, 3, 4, 4)), np.zeros((1, 3, 2, 2)), stride=2, padding="same"),
     ConfigError, "stride 1"),
    (lambda: F.conv2d(np.zeros((1, 4, 4, 4)), np.zeros((3, 2, 2, 2)), groups=2), ShapeError,
     "divisible"),
    (lambda: F.conv2d(np.zeros((1, 3, 4, 4)), np.zeros((2, 3, 2, 2)), np.zeros(3)), ShapeError,
     "bias"),
    (lambda: F.max_pool2d(np.zeros((1, 1, 4, 4)), 2, padding=2), ConfigError, "half"),
    (lambda: F.max_pool2d(np.zeros((1, 1, 1, 4)), 2), ShapeError, "smaller"),
    (lambda: F.pad(np.zeros((1, 1, 2, 2)), (2, 2), "reflect"), ShapeError, "replicate"),
    (lambda: F.pad(np.zeros((1, 1, 2, 2)), (1,)), ConfigError, "even number"),
    (lambda: F.pad(np.zeros((1, 1, 2, 2)), (1, 1), "mirror"), ConfigError, "circular"),
    (lambda: F.conv_transpose2d(np.zeros((1, 2, 3, 3)), np.zeros((2, 1, 3, 3)),
                                output_padding=1), ConfigError, "smaller than the stride"),
    (lambda: F.batch_norm(np.zeros((1, 3)), np.zeros(3), np.ones(3), training=True), ShapeError,
     "more than one value"),
])
def test_errors_say_what_to_do(call, error, words):
    with pytest.raises(error, match="; ") as caught:
        call()
    assert words in str(caught.value)


@pytest.mark.parametrize("fn, inputs", GRADCHECKS)
def test_float32_in_float32_out_within_rounding(fn, inputs):
    results = {}
    for dtype in ("float32", "float64"):
        tensors = [descenso.tensor(t.data, requires_grad=True, dtype=dtype) for t in inputs]
        out = fn(*tensors)
        out.backward(np.ones(out.shape, dtype=dtype))
        results[dtype] = [out.data] + [np.asarray(t.grad) for t in tensors]
    for single, double in zip(results["float32"], results["float64"]):
        assert single.dtype == np.float32
        np.testing.assert_allclose(single, double, rtol=2e-4, atol=2e-4)
