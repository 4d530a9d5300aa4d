"""Matrix product ``a @ b`` for 1-D, 2-D and batched (N-D) operands, as NumPy's ``matmul``.

For C = A @ B with A of shape (n, k) and B of shape (k, m), the chain rule gives
dA = dC @ B.T and dB = A.T @ dC: :func:`product_grads` computes them, here and in
``nn.Linear``'s fused :func:`~descenso.autograd.ops.fused.linear` (which runs in training,
with B = weight.T). A 1-D operand is treated as a row (left) or column (right)
vector, and batch axes broadcast, so their gradients are summed back by ``unbroadcast``.

>>> from descenso import tensor
>>> a = tensor([[1.0, 2.0]], requires_grad=True)
>>> b = tensor([[3.0], [4.0]])
>>> (a @ b).backward()
>>> a.grad
tensor([[3., 4.]])
"""

from __future__ import annotations

import numpy as np

from descenso import threads
from descenso.autograd.broadcast import unbroadcast
from descenso.autograd.dtypes import promote
from descenso.autograd.tensor import constant, from_op, operand, tracks
from descenso.errors import ShapeError
from descenso.i18n import gettext as _

__all__ = ["matmul", "mm", "product_grads"]


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


def product_grads(grad, a, b, a_needed: bool, b_needed: bool, b_stored_transposed=False):
    """The gradients of C = A @ B for 2-D A (n, k) and B (k, m), given dC = ``grad`` (n, m).

    dA = dC @ B.T and dB = A.T @ dC; None for an operand that is not ``needed``. When B is
    kept as its transpose (``b`` is W of shape (m, k) with B = W.T, as ``nn.Linear``'s
    weight), the second gradient is returned in W's layout: dW = dC.T @ A.

    >>> import numpy as np
    >>> a, b = np.array([[1.0, 2.0]]), np.array([[3.0], [4.0]])
    >>> product_grads(np.ones((1, 1)), a, b, True, True)
    (array([[3., 4.]]), array([[1.],
           [2.]]))
    """
    grad_a = grad_b = None
    if a_needed:  # by fixed blocks of rows, as the forward: the same bits with any thread count
        grad_a = threads.matmul(grad, b if b_stored_transposed else b.T)
    if b_needed:
        grad_b = grad.T @ a if b_stored_transposed else a.T @ grad
    return grad_a, grad_b


def matmul(a, b):
    """``a @ b``; a shape mismatch raises ``ShapeError`` naming both shapes.

    >>> from descenso import tensor
    >>> matmul(tensor([[1.0, 2.0]]), tensor([1.0, 1.0]))
    tensor([3.])
    """
    a_data, b_data = promote(operand(a), operand(b))
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
            return product_grads(grad, a_data, b_data, a_tracked, b_tracked)

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


def mm(a, b):
    """The product of two matrices (2-D only, as ``torch.mm``); see :func:`matmul`.

    >>> from descenso import tensor
    >>> mm(tensor([[1.0, 2.0]]), tensor([[3.0], [4.0]]))
    tensor([[11.]])
    """
    a_shape, b_shape = np.shape(operand(a)), np.shape(operand(b))
    if len(a_shape) != 2 or len(b_shape) != 2:
        raise ShapeError(
            _("mm multiplies two matrices, got shapes {a_shape} and {b_shape}; use matmul for "
              "vectors and batches").format(a_shape=a_shape, b_shape=b_shape)
        )
    return matmul(a, b)
