"""The Tensor itself: construction, dtypes, attributes, conversions, repr and errors."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
from descenso.autograd import GraphError, Tensor, from_numpy, tensor
from descenso.errors import DataError, ShapeError


def test_python_floats_become_float32_and_integers_stay_integers():
    assert tensor([1.0, 2.0]).dtype == np.float32
    assert tensor(3.5).dtype == np.float32
    assert tensor([1, 2]).dtype == np.int64
    assert tensor([True, False]).dtype == np.bool_


def test_arrays_keep_their_dtype_and_dtype_argument_wins():
    assert tensor(np.zeros(2)).dtype == np.float64
    assert tensor(np.zeros(2, dtype=np.float32)).dtype == np.float32
    assert tensor([1.0], dtype="float64").dtype == np.float64
    assert tensor([1.0], dtype=np.float64).dtype == np.float64
    assert tensor(np.zeros(2), dtype=np.float32).dtype == np.float32


def test_tensor_copies_and_from_numpy_shares():
    array = np.zeros(3, dtype=np.float32)
    copied, shared = tensor(array), from_numpy(array)
    array[0] = 7.0
    assert copied.data[0] == 0.0 and shared.data[0] == 7.0
    assert Tensor(copied).data is not copied.data


def test_attributes():
    t = tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    assert (t.shape, t.ndim, t.numel(), t.dim(), len(t)) == ((2, 3), 2, 6, 2, 2)
    assert t.size() == (2, 3) and t.size(1) == 3 and t.size(-2) == 2
    assert isinstance(t.data, np.ndarray) and t.grad is None
    assert t.requires_grad and t.is_leaf
    assert not (t * 2).is_leaf


def test_conversions():
    t = tensor([[1.5]])
    assert t.item() == 1.5 and float(t) == 1.5 and int(t) == 1 and bool(t)
    assert t.numpy() is t.data
    assert np.asarray(t) is t.data
    assert np.asarray(t, dtype=np.float64).dtype == np.float64
    assert np.array(t) is not t.data
    with pytest.raises(ShapeError, match=r"shape \(2,\).*\.sum\(\)"):
        tensor([1.0, 2.0]).item()


def test_repr_reads_like_pytorch():
    assert (
        repr(tensor([[1.0, 2.0]], requires_grad=True)) == "tensor([[1., 2.]], requires_grad=True)"
    )
    assert repr(tensor([1, 2])) == "tensor([1, 2])"
    assert repr(tensor(2.5)) == "tensor(2.5000)"
    assert repr(tensor([0.5], dtype="float64")) == "tensor([0.5000], dtype=descenso.float64)"
    assert repr(tensor([1e-5, 1.0])) == "tensor([1.0000e-05, 1.0000e+00])"
    x = tensor([1.0, 2.0], requires_grad=True)
    assert repr(x * 2) == "tensor([2., 4.], grad_fn=<MulBackward0>)"
    assert repr(x.log_softmax()).endswith("grad_fn=<LogSoftmaxBackward0>)")
    loss = (x * x).sum()
    loss.backward()
    assert repr(loss) == "tensor(5., grad_fn=<SumBackward0>)"


def test_integer_and_bool_tensors_cannot_require_grad():
    with pytest.raises(DataError, match="int64.*floats"):
        tensor([1, 2], requires_grad=True)
    with pytest.raises(ValueError, match="bool"):
        tensor([True], requires_grad=True)
    with pytest.raises(DataError, match="int32"):
        from_numpy(np.zeros(2, dtype=np.int32), requires_grad=True)


@pytest.mark.parametrize("data", [["a", "b"], [[1.0, 2.0], [3.0]], {"x": 1}, None])
def test_non_numeric_data_is_refused(data):
    with pytest.raises(DataError, match="tensor"):
        tensor(data)


def test_detach_shares_data_and_leaves_the_graph():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = (x * 3).detach()
    assert not y.requires_grad and y.is_leaf
    z = (y * x).sum()
    z.backward()
    np.testing.assert_array_equal(x.grad, [3.0, 6.0])  # y counted as a constant
    d = x.detach()
    d.data[0] = 10.0
    assert x.data[0] == 10.0


def test_in_place_arithmetic_needs_no_grad_for_tensors_that_require_grad():
    w = tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(GraphError, match="no_grad"):
        w -= 1.0
    data = w.data
    with descenso.no_grad():
        w -= tensor([0.5, 0.5])
        w *= 2
        w /= 4
        w += 1
    assert w.data is data and w.requires_grad
    np.testing.assert_array_equal(w.data, [1.25, 1.75])
    plain = tensor([1.0])
    plain += 1
    assert plain.item() == 2.0


def test_numpy_operands_on_the_left_give_tensors():
    x = tensor([1.0, 2.0], requires_grad=True)
    for result in (
        np.ones(2) + x,
        np.ones(2) - x,
        np.ones(2) * x,
        np.ones(2) / x,
        np.ones((2, 2)) @ x,
    ):
        assert isinstance(result, Tensor) and result.requires_grad


def test_numpy_scalars_do_not_upcast_float32():
    x = tensor([1.0, 2.0])
    assert (x * np.float64(2.0)).dtype == np.float32
    assert (np.float64(2.0) + x).dtype == np.float32
    assert (x ** np.float64(2.0)).dtype == np.float32
    assert (x + [1.0, 2.0]).dtype == np.float32
    assert (x + np.ones(2)).dtype == np.float64  # an ndarray follows NumPy's promotion


def test_broadcast_errors_name_both_shapes():
    with pytest.raises(ShapeError, match=r"\(2, 3\) \+ \(4,\)"):
        tensor(np.zeros((2, 3))) + tensor(np.zeros(4))


def test_matmul_shape_error_names_both_shapes():
    with pytest.raises(ShapeError, match=r"\(5, 3\) @ \(4, 2\)"):
        tensor(np.zeros((5, 3))) @ tensor(np.zeros((4, 2)))
    with pytest.raises(ShapeError, match=r"\(3,\) @ \(2,\)"):
        tensor(np.zeros(3)) @ tensor(np.zeros(2))


def test_shape_operation_errors():
    x = tensor(np.zeros((2, 3)))
    with pytest.raises(ShapeError, match=r"\(2, 3\).*\(4, 2\)"):
        x.reshape(4, 2)
    with pytest.raises(ShapeError, match="axis 2 is out of range"):
        x.sum(axis=2)
    with pytest.raises(ShapeError, match="permute"):
        x.permute(0, 0)
    with pytest.raises(ShapeError, match=r"transpose\(0, 5\)"):
        x.transpose(0, 5)
    with pytest.raises(DataError, match="float64"):
        x[np.array([0.0])]


def test_pow_needs_a_number_or_tensor_exponent():
    with pytest.raises(ValueError, match="exponent"):
        tensor([1.0]) ** "2"
    assert (tensor([3.0]) ** tensor([2.0])).item() == 9.0


def test_argmax_is_an_integer_tensor_without_grad():
    x = tensor([[1.0, 3.0, 2.0], [5.0, 0.0, 1.0]], requires_grad=True)
    index = x.argmax(axis=1)
    assert index.data.tolist() == [1, 0] and not index.requires_grad
