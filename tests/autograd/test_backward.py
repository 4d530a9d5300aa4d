"""Reverse mode: accumulation, graph freeing, deep graphs, no_grad and the errors of backward."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
from descenso.autograd import GraphError, enable_grad, is_grad_enabled, no_grad, tensor
from descenso.errors import ShapeError


def test_gradients_accumulate_across_backward_calls_until_reset():
    x = tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    (x * 3).sum().backward()
    np.testing.assert_array_equal(x.grad, [5.0, 7.0])
    x.grad = None
    (x * 3).sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])


def test_accumulation_is_in_place_so_views_of_a_flat_buffer_stay_views():
    buffer = np.zeros(6, dtype=np.float32)
    w = tensor(np.ones((2, 2), dtype=np.float32), requires_grad=True)
    b = tensor(np.ones(2, dtype=np.float32), requires_grad=True)
    w.grad, b.grad = buffer[:4].reshape(2, 2), buffer[4:]
    for _ in range(2):
        (w.sum(axis=0) * b * 2).sum().backward()
    np.testing.assert_array_equal(buffer, [4, 4, 4, 4, 8, 8])
    assert np.shares_memory(w.grad, buffer) and np.shares_memory(b.grad, buffer)


def test_fresh_gradients_are_private_writable_copies():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = tensor([3.0, 4.0], requires_grad=True)
    upstream = np.ones(2, dtype=np.float32)
    (x + y).backward(upstream)
    assert not np.shares_memory(x.grad, y.grad) and not np.shares_memory(x.grad, upstream)
    s = tensor(np.ones(3), requires_grad=True)
    s.sum().backward()  # the gradient of a sum is a read-only broadcast view
    s.grad[0] = 5.0
    assert s.grad.data.flags.writeable


def test_gradient_of_a_float64_leaf_from_a_float32_path_keeps_the_leaf_dtype():
    x = tensor(np.ones(2), requires_grad=True)  # float64
    (x * tensor([1.0, 2.0])).sum().backward()
    assert x.grad.dtype == np.float64


def test_only_leaves_keep_gradients():
    x = tensor([1.0, 2.0], requires_grad=True)
    hidden = x * 2
    (hidden * hidden).sum().backward()
    assert hidden.grad is None
    np.testing.assert_array_equal(x.grad, [8.0, 16.0])


def test_reused_node_sums_every_path():
    x = tensor([3.0], requires_grad=True)
    y = x * x + x  # dy/dx = 2x + 1
    (y * y).backward(grad=np.ones(1))  # d(y**2)/dx = 2 y (2x + 1) = 2 * 12 * 7
    np.testing.assert_array_equal(x.grad, [168.0])


def test_a_chain_of_100000_operations_needs_no_recursion():
    x = tensor([1.0], requires_grad=True, dtype=np.float64)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward(np.ones(1))
    assert x.grad[0] == 1.0


def test_second_backward_raises_unless_the_graph_is_retained():
    x = tensor([1.0, 2.0], requires_grad=True)
    loss = (x * x).sum()
    loss.backward(retain_graph=True)
    loss.backward()
    np.testing.assert_array_equal(x.grad, [4.0, 8.0])
    with pytest.raises(GraphError, match="second time.*retain_graph=True"):
        loss.backward()


def test_backward_on_a_leaf_sets_its_gradient():
    x = tensor(2.0, requires_grad=True)
    x.backward()
    assert x.grad == 1.0


def test_non_scalar_backward_needs_a_gradient():
    x = tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(ShapeError, match=r"shape \(2,\).*\.sum\(\).*grad="):
        (x * 2).backward()
    with pytest.raises(ShapeError, match=r"\(3,\).*\(2,\)"):
        (x * 2).backward(np.ones(3))
    (x * 2).backward(tensor([1.0, 1.0]))
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])


def test_backward_without_requires_grad_is_an_error():
    with pytest.raises(GraphError, match="requires_grad=True"):
        (tensor([1.0]) * 2).sum().backward()


def test_no_grad_records_nothing_and_enable_grad_restores():
    x = tensor([1.0], requires_grad=True)
    with no_grad():
        assert not is_grad_enabled()
        y = x * 2
        with enable_grad():
            z = x * 2
        assert not is_grad_enabled()
    assert is_grad_enabled()
    assert not y.requires_grad and y.is_leaf
    assert z.requires_grad


def test_no_grad_as_decorator_and_after_an_exception():
    @no_grad()
    def double(t):
        return t * 2

    assert not double(tensor([1.0], requires_grad=True)).requires_grad
    with pytest.raises(ZeroDivisionError), no_grad():
        raise ZeroDivisionError
    assert is_grad_enabled()


def test_unused_inputs_get_no_gradient_and_unreached_branches_are_skipped():
    x = tensor([1.0], requires_grad=True)
    unused = tensor([1.0], requires_grad=True)
    branch = unused * 2  # built but not part of the loss
    (x * 2).sum().backward()
    assert unused.grad is None and branch.requires_grad


def test_manual_seed_reproduces_the_default_generator():
    descenso.manual_seed(5)
    generator = descenso.autograd.default_generator()
    first = generator.random(4)
    descenso.manual_seed(5)
    assert descenso.autograd.default_generator() is generator
    np.testing.assert_array_equal(generator.random(4), first)
    with pytest.raises(ValueError, match="non-negative integer"):
        descenso.manual_seed(-1)
