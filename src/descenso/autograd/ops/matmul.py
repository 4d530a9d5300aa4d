"""Matrix product ``a @ b`` for 1-D, 2-D and batched (N-D) operands, as NumPy's ``matmul``.

For C = A @ B with A of shape (n, k) and B of shape (k, m), the chain rule gives
dA = dC @ B.T and dB = A.T @ dC. A 1-D operand is treated as a row (left) or column (right)
vector, and batch axes broadcast, so their gradients are summed back by ``unbroadcast``.

>>> from descenso import tensor
>>> a = tensor([[1.0, 2.0]], requires_grad=True)
>>> b = tensor([[3.0], [4.0]])
>>> (a @ b).backward()
>>> a.grad
array([[3., 4.]], dtype=float32)
"""

from __future__ import annotations

import numpy as np

from descenso import threads
from descenso.autograd.broadcast import unbroadcast
from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ShapeError
from descenso.i18n import gettext as _

__all__ = ["matmul"]


def _shape_error(a_shape, b_shape) -> ShapeError:
    return ShapeError(
        _(
            "cannot multiply shapes {a_shape} @ {b_shape}: the last axis of the left operand "
            "({left}) must equal the first axis of a 1-D right operand or the second to last "
            "of a matrix ({right}); transpose or reshape one of them"
        ).format(
            a_shape=a_shape,
            b_shape=b_shape,
            left=a_shape[-1] if a_shape else None,
            right=(b_shape[0] if len(b_shape) == 1 else b_shape[-2]) if b_shape else None,
        )
    )


def matmul(a, b):
    """``a @ b``; a shape mismatch raises ``ShapeError`` naming both shapes.

    >>> from descenso import tensor
    >>> matmul(tensor([[1.0, 2.0]]), tensor([1.0, 1.0]))
    tensor([3.])
    """
    a_data, b_data = operand(a), operand(b)
    try:
        # 2-D products go by fixed blocks of rows: the same bits with any thread count
        out = (threads.matmul(a_data, b_data) if a_data.ndim == 2 == np.ndim(b_data)
               else np.matmul(a_data, b_data))
    except ValueError as error:
        raise _shape_error(np.shape(a_data), np.shape(b_data)) from error
    a_tracked, b_tracked = tracks(a), tracks(b)
    if not (a_tracked or b_tracked):
        return constant(out)
    if a_data.ndim == 2 and b_data.ndim == 2:

        def backward(grad):
            return (
                grad @ b_data.T if a_tracked else None,
                a_data.T @ grad if b_tracked else None,
            )

        return from_op(out, (a, b), backward)

    # General case: make both operands at least 2-D, then undo that on the gradients.
    a_matrix = a_data[np.newaxis, :] if a_data.ndim == 1 else a_data
    b_matrix = b_data[:, np.newaxis] if b_data.ndim == 1 else b_data

    def backward_nd(grad):
        if b_data.ndim == 1:
            grad = np.expand_dims(grad, -1)
        if a_data.ndim == 1:
            grad = np.expand_dims(grad, -2)
        grad_a = grad_b = None
        if a_tracked:
            grad_a = grad @ np.swapaxes(b_matrix, -1, -2)
            if a_data.ndim == 1:
                grad_a = grad_a[..., 0, :]
            grad_a = unbroadcast(grad_a, a_data.shape)
        if b_tracked:
            grad_b = np.swapaxes(a_matrix, -1, -2) @ grad
            if b_data.ndim == 1:
                grad_b = grad_b[..., 0]
            grad_b = unbroadcast(grad_b, b_data.shape)
        return grad_a, grad_b

    return from_op(out, (a, b), backward_nd)
