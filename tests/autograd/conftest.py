"""The one helper of the autograd tests: run an expression in descenso and in PyTorch.

``compare(fn, *inputs)`` builds float64 tensors from the NumPy inputs in both libraries, runs
``fn`` on each (or ``torch_fn`` on PyTorch's when the spelling differs), and checks the
output's values, shape and dtype, then backpropagates the same random gradient and checks
the gradient of every input.
"""

from __future__ import annotations

import numpy as np
import pytest

import descenso


def _run_descenso(fn, inputs, requires, upstream):
    tensors = [
        descenso.tensor(value, requires_grad=flag) if isinstance(value, np.ndarray) else value
        for value, flag in zip(inputs, requires)
    ]
    out = fn(*tensors)
    if upstream is not None:
        out.backward(upstream)
    return out, [getattr(t, "grad", None) for t in tensors]


def _run_torch(torch, fn, inputs, requires, upstream):
    tensors = [
        torch.tensor(value, requires_grad=flag and value.dtype.kind == "f")
        if isinstance(value, np.ndarray)
        else value
        for value, flag in zip(inputs, requires)
    ]
    out = fn(*tensors)
    if upstream is not None:
        out.backward(torch.from_numpy(upstream))
    grads = [None if getattr(t, "grad", None) is None else t.grad.numpy() for t in tensors]
    return out, grads


def compare_with_torch(
    fn, *inputs, torch_fn=None, requires=None, rtol=1e-10, atol=1e-12, backward=True
):
    """Assert that ``fn(*inputs)`` and its gradients equal PyTorch's in float64.

    ``inputs`` are ndarrays (float64 ones become tensors requiring grad unless ``requires``
    says otherwise) or other values passed unchanged (Python numbers, shapes).
    """
    torch = pytest.importorskip("torch")
    inputs = [np.asarray(v, dtype=np.float64) if isinstance(v, list) else v for v in inputs]
    if requires is None:
        requires = [isinstance(v, np.ndarray) and v.dtype.kind == "f" for v in inputs]
    plain, _ = _run_descenso(fn, inputs, [False] * len(inputs), None)
    assert isinstance(plain.data, np.ndarray) and not plain.requires_grad
    upstream = None
    if backward:
        upstream = np.random.default_rng(1).standard_normal(plain.shape)
    out, grads = _run_descenso(fn, inputs, requires, upstream)
    ref, ref_grads = _run_torch(torch, torch_fn or fn, inputs, requires, upstream)
    ref_value = ref.detach().numpy()
    assert out.shape == tuple(ref.shape)
    assert out.dtype == ref_value.dtype
    np.testing.assert_allclose(out.data, ref_value, rtol=rtol, atol=atol)
    np.testing.assert_array_equal(plain.data, out.data)
    if not backward:
        return out
    for position, (grad, ref_grad) in enumerate(zip(grads, ref_grads)):
        if ref_grad is None:
            assert grad is None, f"input {position} got a gradient PyTorch does not give"
            continue
        assert grad is not None, f"input {position} got no gradient"
        assert grad.shape == ref_grad.shape and grad.dtype == ref_grad.dtype
        np.testing.assert_allclose(
            grad, ref_grad, rtol=rtol, atol=atol, err_msg=f"gradient of input {position}"
        )
    return out


@pytest.fixture
def compare():
    """:func:`compare_with_torch`, as a fixture so test files need not import conftest."""
    return compare_with_torch
