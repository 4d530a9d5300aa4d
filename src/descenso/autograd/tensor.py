"""``Tensor``: a NumPy array that remembers how it was computed, so it can send gradients back.

A tensor made by you is a *leaf*. A tensor made by an operation also keeps its inputs and a
backward function; together they form the graph that ``backward()`` walks (see
:mod:`descenso.autograd.backward`). The operations themselves live in
:mod:`descenso.autograd.ops`; the methods and operators here (``+``, ``@``, ``.sum()``) call
them.

>>> import descenso
>>> x = descenso.tensor([[1.0, 2.0]], requires_grad=True)
>>> y = (x * x).sum()
>>> y.backward()
>>> x.grad
array([[2., 4.]], dtype=float32)
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.backward import GraphError, run_backward
from descenso.autograd.conversion import NUMERIC_KINDS, as_array, check_can_require_grad
from descenso.autograd.grad_mode import GradMode
from descenso.errors import DataError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["Tensor", "from_numpy", "tensor"]

_QUIET_DTYPES = (np.dtype(np.float32), np.dtype(np.int64), np.dtype(np.bool_))


class Tensor:
    """An n-dimensional array of numbers with reverse-mode automatic differentiation.

    Parameters
    ----------
    data : array-like, ndarray or Tensor
        The values; always copied. Python floats become float32; NumPy arrays keep their
        dtype; integers stay integers.
    requires_grad : bool, default False
        Record the operations applied to this tensor so ``backward()`` can fill ``.grad``.
        Only floating-point tensors may require gradients.
    dtype : numpy dtype or str, optional
        For example ``np.float64`` or ``"float64"``.

    Attributes
    ----------
    data : ndarray
        The values.
    grad : ndarray or None
        Same shape and dtype as ``data`` once a ``backward()`` reached this leaf. Gradients
        accumulate (``+=``) across ``backward()`` calls; set ``.grad = None`` to reset.
    requires_grad : bool
    """

    __slots__ = ("_backward", "_parents", "data", "grad", "requires_grad")
    __array_ufunc__ = None  # ndarray + Tensor must call Tensor.__radd__, not NumPy's add

    def __init__(self, data, requires_grad: bool = False, dtype=None):
        self.data = as_array(data.data if isinstance(data, Tensor) else data, dtype)
        if requires_grad:
            check_can_require_grad(self.data)
        self.grad = None
        self.requires_grad = bool(requires_grad)
        self._parents = ()
        self._backward = None

    # --- what it is ----------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def size(self) -> int:
        """The number of elements (NumPy's meaning, not PyTorch's ``size()`` method)."""
        return self.data.size

    @property
    def is_leaf(self) -> bool:
        """True for tensors you made; False for results of recorded operations."""
        return self._backward is None

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        text = np.array2string(self.data, separator=", ", prefix="tensor(")
        if self.data.dtype not in _QUIET_DTYPES:
            text += f", dtype={self.data.dtype}"
        if self._backward is not None:
            operation = self._backward.__qualname__.split(".")[0].strip("_")
            name = "".join(part.capitalize() for part in operation.split("_"))
            text += f", grad_fn=<{name}Backward>"
        elif self.requires_grad:
            text += ", requires_grad=True"
        return f"tensor({text})"

    # --- leaving autograd ----------------------------------------------------------------
    def item(self) -> float | int | bool:
        """The value of a one-element tensor as a Python number."""
        if self.data.size != 1:
            raise ShapeError(
                _(
                    "item() needs a tensor with one element, got shape {shape}; reduce it first, "
                    "e.g. with .sum() or .mean()"
                ).format(shape=self.data.shape)
            )
        return self.data.item()

    def numpy(self) -> np.ndarray:
        """The underlying ndarray (shared, not copied)."""
        return self.data

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        array = self.data if dtype is None else self.data.astype(dtype, copy=False)
        return array.copy() if copy else array

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __bool__(self) -> bool:
        return bool(self.item())

    def detach(self) -> Tensor:
        """A tensor sharing this one's data, cut off from the graph (no ``requires_grad``)."""
        return constant(self.data)

    # --- reverse mode --------------------------------------------------------------------
    def backward(self, grad=None, retain_graph: bool = False) -> None:
        """Compute the gradient of this tensor with respect to every leaf it depends on.

        Parameters
        ----------
        grad : array-like, optional
            d(something)/d(self), same shape as ``self``. May be omitted only for a
            one-element tensor (a loss), where it is 1.
        retain_graph : bool, default False
            Keep the graph so ``backward()`` can run through it again. Without it the graph is
            freed, as in PyTorch, and a second ``backward()`` raises ``GraphError``.
        """
        if not self.requires_grad:
            raise GraphError(
                _(
                    "backward() called on a tensor that does not require grad; create the "
                    "inputs with requires_grad=True and compute it outside no_grad()"
                )
            )
        if grad is None:
            if self.data.size != 1:
                raise ShapeError(
                    _(
                        "backward() without a gradient needs a one-element tensor (a loss), got "
                        "shape {shape}; reduce it first (e.g. .sum() or .mean()) or pass "
                        "grad="
                    ).format(shape=self.data.shape)
                )
            grad = np.ones_like(self.data)
        else:
            grad = np.asarray(grad.data if isinstance(grad, Tensor) else grad)
            if grad.shape != self.data.shape:
                raise ShapeError(
                    _(
                        "backward() got a gradient of shape {grad_shape} for a tensor of shape "
                        "{shape}; they must be equal"
                    ).format(grad_shape=grad.shape, shape=self.data.shape)
                )
            grad = grad.astype(self.data.dtype, copy=False)
        run_backward(self, grad, retain_graph)

    # --- arithmetic ----------------------------------------------------------------------
    def __add__(self, other):
        return add(self, other)

    def __radd__(self, other):
        return add(other, self)

    def __sub__(self, other):
        return sub(self, other)

    def __rsub__(self, other):
        return sub(other, self)

    def __mul__(self, other):
        return mul(self, other)

    def __rmul__(self, other):
        return mul(other, self)

    def __truediv__(self, other):
        return div(self, other)

    def __rtruediv__(self, other):
        return div(other, self)

    def __neg__(self):
        return neg(self)

    def __pow__(self, exponent):
        return power(self, exponent)

    def __matmul__(self, other):
        return matmul(self, other)

    def __rmatmul__(self, other):
        return matmul(other, self)

    def __abs__(self):
        return absolute(self)

    def __getitem__(self, index):
        return getitem(self, index)

    # In place (x -= lr * g) changes data without recording, as PyTorch does under no_grad.
    def __iadd__(self, other):
        return self._in_place(np.add, other)

    def __isub__(self, other):
        return self._in_place(np.subtract, other)

    def __imul__(self, other):
        return self._in_place(np.multiply, other)

    def __itruediv__(self, other):
        return self._in_place(np.divide, other)

    def _in_place(self, ufunc, other):
        if GradMode.enabled and (self.requires_grad or getattr(other, "requires_grad", False)):
            raise GraphError(
                _(
                    "in-place operation on a tensor that requires grad would not be recorded; "
                    "wrap it in `with descenso.no_grad():` or write `x = x - ...`"
                )
            )
        ufunc(self.data, other.data if isinstance(other, Tensor) else other, out=self.data)
        return self

    # --- methods that call operations ----------------------------------------------------
    def sum(self, axis=None, keepdims: bool = False):
        return reduce_sum(self, axis, keepdims)

    def mean(self, axis=None, keepdims: bool = False):
        return mean(self, axis, keepdims)

    def max(self, axis=None, keepdims: bool = False):
        return amax(self, axis, keepdims)

    def argmax(self, axis=None):
        """Index of the largest value (an integer tensor, no gradient)."""
        return constant(np.asarray(np.argmax(self.data, axis=axis)))

    def reshape(self, *shape):
        return reshape(self, shape[0] if len(shape) == 1 else shape)

    def transpose(self, dim0=None, dim1=None):
        return transpose(self, dim0, dim1)

    def permute(self, *dims):
        return permute(self, dims[0] if len(dims) == 1 else dims)

    @property
    def T(self):
        return permute(self, tuple(reversed(range(self.data.ndim))))

    def matmul(self, other):
        return matmul(self, other)

    def exp(self):
        return exp(self)

    def log(self):
        return log(self)

    def sqrt(self):
        return sqrt(self)

    def abs(self):
        return absolute(self)

    def clip(self, min=None, max=None):
        return clip(self, min, max)

    def relu(self):
        return relu(self)

    def leaky_relu(self, negative_slope: float = 0.01):
        return leaky_relu(self, negative_slope)

    def sigmoid(self):
        return sigmoid(self)

    def tanh(self):
        return tanh(self)

    def softmax(self, dim: int = -1):
        return softmax(self, dim)

    def log_softmax(self, dim: int = -1):
        return log_softmax(self, dim)


_new_tensor = object.__new__


def constant(data) -> Tensor:
    """A tensor outside the graph holding ``data`` (not copied)."""
    out = _new_tensor(Tensor)
    out.data = data if type(data) is np.ndarray else np.asarray(data)
    out.grad = None
    out.requires_grad = False
    out._parents = ()
    out._backward = None
    return out


def from_op(data, parents: tuple, backward) -> Tensor:
    """The result of a recorded operation: ``backward(grad)`` returns one gradient per parent.

    Each gradient has its parent's shape, or is None when that parent needs none.
    """
    out = _new_tensor(Tensor)
    out.data = data if type(data) is np.ndarray else np.asarray(data)
    out.grad = None
    out.requires_grad = True
    out._parents = parents
    out._backward = backward
    return out


def operand(value):
    """The NumPy value of an operand: a tensor's data, a Python number, or an array."""
    if isinstance(value, Tensor):
        return value.data
    if isinstance(value, np.generic):
        # A NumPy scalar acts like a Python number: float32 * np.float64(2) stays float32.
        return value.item()
    if isinstance(value, (float, int, np.ndarray)):
        return value
    return as_array(value, None)  # lists follow tensor()'s rules: Python floats -> float32


def tracks(value) -> bool:
    """Whether an operation must record ``value``: grad mode is on and it requires grad."""
    return GradMode.enabled and isinstance(value, Tensor) and value.requires_grad


def tensor(data, requires_grad: bool = False, dtype=None) -> Tensor:
    """Make a tensor from numbers, nested lists or an ndarray (always copied).

    Python floats become float32 unless ``dtype`` says otherwise; arrays keep their dtype;
    integer data stays integer and cannot require gradients.

    >>> tensor([[1.0, 2.0]], requires_grad=True)
    tensor([[1., 2.]], requires_grad=True)
    >>> tensor([1, 2]).dtype
    dtype('int64')
    >>> tensor([0.5], dtype="float64")
    tensor([0.5], dtype=float64)
    """
    return Tensor(data, requires_grad=requires_grad, dtype=dtype)


def from_numpy(array: np.ndarray, requires_grad: bool = False) -> Tensor:
    """A tensor sharing ``array``'s memory (no copy), as ``torch.from_numpy``.

    >>> a = np.zeros(2, dtype=np.float32)
    >>> t = from_numpy(a)
    >>> a[0] = 5
    >>> t
    tensor([5., 0.])
    """
    if not isinstance(array, np.ndarray) or array.dtype.kind not in NUMERIC_KINDS:
        raise DataError(
            _(
                "from_numpy needs a numeric ndarray, got {kind}; use descenso.tensor() for other "
                "data"
            ).format(kind=type(array).__name__)
        )
    out = constant(array)
    if requires_grad:
        check_can_require_grad(array)
        out.requires_grad = True
    return out


# The operations need Tensor, and Tensor's methods call them: import them last.
from descenso.autograd.ops.activation import (
    leaky_relu,
    log_softmax,
    relu,
    sigmoid,
    softmax,
    tanh,
)
from descenso.autograd.ops.arithmetic import add, div, mul, neg, power, sub
from descenso.autograd.ops.elementwise import absolute, clip, exp, log, sqrt
from descenso.autograd.ops.matmul import matmul
from descenso.autograd.ops.reduction import amax, mean, reduce_sum
from descenso.autograd.ops.shape import getitem, permute, reshape, transpose
