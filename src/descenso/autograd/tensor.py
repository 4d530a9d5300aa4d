"""``Tensor``: a NumPy array that remembers how it was computed, so it can send gradients back.

A tensor made by you is a *leaf*. A tensor made by an operation also keeps its inputs and a
backward function; together they form the graph that ``backward()`` walks (see
:mod:`descenso.autograd.backward`). The operations themselves live in
:mod:`descenso.autograd.ops`; the operators and methods that call them (``+``, ``@``,
``.sum()``) are in :mod:`descenso.autograd.methods`. This file holds what a tensor *is*: its
data, its gradient, how it prints and converts, and ``backward()``.

>>> import descenso
>>> x = descenso.tensor([[1.0, 2.0]], requires_grad=True)
>>> y = (x * x).sum()
>>> y.backward()
>>> x.grad
tensor([[2., 4.]])
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.backward import (
    GraphError,
    Node,
    check_no_create_graph,
    run_backward,
    seed_gradient,
)
from descenso.autograd.conversion import NUMERIC_KINDS, as_array, check_can_require_grad
from descenso.autograd.device import check_device
from descenso.autograd.device import device as _Device
from descenso.autograd.dtypes import DEFAULT_FLOAT, to_dtype
from descenso.autograd.grad_mode import GradMode
from descenso.autograd.methods import TensorMethods, bind_operations
from descenso.autograd.printing import format_values, quiet_dtype
from descenso.autograd.size import Size
from descenso.errors import ConfigError, DataError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["Tensor", "from_numpy", "tensor"]

_CPU = _Device("cpu")


class Tensor(TensorMethods):
    """An n-dimensional array of numbers with reverse-mode automatic differentiation.

    Parameters
    ----------
    data : array-like, ndarray or Tensor
        The values; always copied. Python floats become float32; floating NumPy arrays keep
        their dtype; integers and booleans become float32, as ``torch.Tensor`` (use
        :func:`tensor`, which keeps them, for integer tensors).
    requires_grad : bool, default False
        Record the operations applied to this tensor so ``backward()`` can fill ``.grad``.
        Only floating-point tensors may require gradients.
    dtype : dtype, optional
        For example ``descenso.float64``, ``np.float64`` or ``"float64"``.
    device : "cpu", optional
        Accepted for PyTorch code; descenso runs on the CPU only.

    Attributes
    ----------
    data : ndarray
        The values (a NumPy array, where PyTorch's ``.data`` is a tensor).
    grad : Tensor or None
        None until a ``backward()`` reaches this leaf; then a tensor of the same shape and
        dtype. Gradients accumulate (``+=``) across ``backward()`` calls; reset them with
        ``.grad.zero_()`` or ``.grad = None``.
    requires_grad : bool
    """

    __slots__ = ("_backward", "_grad", "_grad_buffer", "_parents", "data", "requires_grad")
    __hash__ = object.__hash__  # == compares values, yet tensors stay usable as dict keys

    def __init__(self, data, requires_grad: bool = False, dtype=None, device=None):
        check_device(device)
        self.data = as_array(data.data if isinstance(data, Tensor) else data,
                             None if dtype is None else to_dtype(dtype))
        if dtype is None and self.data.dtype.kind != "f":
            # torch.Tensor([1, 2]) is a float tensor; descenso.tensor([1, 2]) keeps integers.
            self.data = self.data.astype(DEFAULT_FLOAT)
        if requires_grad:
            check_can_require_grad(self.data)
        self._grad = None
        self._grad_buffer = None
        self.requires_grad = bool(requires_grad)
        self._parents = ()
        self._backward = None

    # --- what it is ----------------------------------------------------------------------
    @property
    def shape(self) -> Size:
        return Size(self.data.shape)

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def device(self) -> _Device:
        return _CPU

    @property
    def is_leaf(self) -> bool:
        """True for tensors you made; False for results of recorded operations."""
        return self._backward is None

    @property
    def grad_fn(self) -> Node | None:
        """The operation that made this tensor (``<MulBackward0>``); None for a leaf."""
        return None if self._backward is None else Node(self._backward)

    def size(self, dim: int | None = None):
        """The shape (a :class:`Size`), or the length of axis ``dim``, as PyTorch.

        >>> tensor([[1, 2, 3]]).size(), tensor([[1, 2, 3]]).size(-1)
        (descenso.Size([1, 3]), 3)
        """
        if dim is None:
            return Size(self.data.shape)
        return self.data.shape[self._axis(dim)]

    def numel(self) -> int:
        """The number of elements."""
        return self.data.size

    def dim(self) -> int:
        """The number of axes (``ndim``)."""
        return self.data.ndim

    def _axis(self, dim: int, new: int = 0) -> int:
        """``dim`` as an axis from 0, checked; ``new`` axes about to be added count too."""
        ndim = max(self.data.ndim + new, 1)
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or not (
                -ndim <= dim < ndim):
            raise ShapeError(
                _("dimension {dim} is out of range for a tensor with {ndim} dimensions; use a "
                  "dimension from {low} to {high}").format(
                    dim=dim, ndim=self.data.ndim, low=-ndim, high=ndim - 1)
            )
        return int(dim) % ndim

    def __len__(self) -> int:
        if self.data.ndim == 0:
            raise ShapeError(_("len() of a 0-d tensor; use .item() to read its value"))
        return len(self.data)

    def __iter__(self):
        if self.data.ndim == 0:
            raise ShapeError(_("iteration over a 0-d tensor; use .item() to read its value"))
        return (self[i] for i in range(len(self.data)))

    def __repr__(self) -> str:
        text = format_values(self.data)
        if not quiet_dtype(self.data.dtype):
            text += f", dtype=descenso.{self.data.dtype}"
        if self._backward is not None:
            text += f", grad_fn=<{Node(self._backward).name()}>"
        elif self.requires_grad:
            text += ", requires_grad=True"
        return f"tensor({text})"

    def __format__(self, spec: str) -> str:
        """``f"{loss:.4f}"`` formats a one-element tensor's value; ``f"{x}"`` is ``str(x)``."""
        if self.data.size == 1 and spec:
            return format(self.data.item(), spec)
        return format(str(self), spec)

    # --- the gradient --------------------------------------------------------------------
    @property
    def grad(self):
        return self._grad

    @grad.setter
    def grad(self, value) -> None:
        if value is not None:
            if isinstance(value, np.ndarray):
                value = constant(value)
            elif not isinstance(value, Tensor):
                raise ConfigError(
                    _("a gradient must be a tensor or None, got {kind}").format(
                        kind=type(value).__name__)
                )
            if value.data.shape != self.data.shape or value.data.dtype != self.data.dtype:
                raise ShapeError(
                    _("assigned grad of shape {grad_shape} and dtype {grad_dtype} to a tensor "
                      "of shape {shape} and dtype {dtype}; they must be equal").format(
                        grad_shape=value.data.shape, grad_dtype=value.data.dtype,
                        shape=self.data.shape, dtype=self.data.dtype)
                )
        self._grad = value

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Start (or stop) recording operations on this leaf; returns ``self``."""
        if requires_grad:
            check_can_require_grad(self.data)
        elif self._backward is not None:
            raise GraphError(
                _("requires_grad_(False) on a tensor computed by an operation; use .detach()")
            )
        self.requires_grad = bool(requires_grad)
        return self

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

    def tolist(self):
        """The values as (nested) Python lists of numbers; a 0-d tensor gives a number."""
        return self.data.tolist()

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

    def __index__(self) -> int:
        if self.data.dtype.kind not in "iu":
            raise DataError(_("only integer tensors can be used as an index"))
        return int(self.item())

    def __bool__(self) -> bool:
        if self.data.size != 1:
            raise ShapeError(
                _("the truth value of a tensor with {n} elements is ambiguous; use .any() or "
                  ".all()").format(n=self.data.size)
            )
        return bool(self.data.item())

    def detach(self) -> Tensor:
        """A tensor sharing this one's data, cut off from the graph (no ``requires_grad``)."""
        return constant(self.data)

    # --- dtype and device ----------------------------------------------------------------
    def to(self, *args, dtype=None, device=None, copy: bool = False) -> Tensor:
        """This tensor in another dtype (``x.to(descenso.float64)``); ``"cpu"`` is accepted.

        Returns ``self`` when nothing changes, as PyTorch. The conversion is differentiable.
        """
        for arg in args:
            if isinstance(arg, Tensor):
                dtype = arg.dtype
            elif isinstance(arg, (str, _Device)) and not (
                    isinstance(arg, str) and arg.removeprefix("torch.") in _DTYPE_WORDS):
                device = arg
            else:
                dtype = arg
        check_device(device)
        if dtype is None or to_dtype(dtype) == self.data.dtype:
            return self.clone() if copy else self
        return cast(self, to_dtype(dtype))

    def type(self, dtype=None):
        """The dtype's name with no argument; otherwise the same as ``to(dtype)``."""
        if dtype is None:
            return f"descenso.{self.data.dtype}"
        return self.to(dtype)

    def cpu(self) -> Tensor:
        return self

    def cuda(self, *args, **kwargs) -> Tensor:
        check_device("cuda")

    def float(self) -> Tensor:
        return self.to(np.float32)

    def double(self) -> Tensor:
        return self.to(np.float64)

    def half(self) -> Tensor:
        return self.to(np.float16)

    def long(self) -> Tensor:
        return self.to(np.int64)

    def int(self) -> Tensor:
        return self.to(np.int32)

    def bool(self) -> Tensor:
        return self.to(np.bool_)

    # --- reverse mode --------------------------------------------------------------------
    def backward(self, gradient=None, retain_graph: bool | None = None,
                 create_graph: bool = False, *, grad=None) -> None:
        """Compute the gradient of this tensor with respect to every leaf it depends on.

        Parameters
        ----------
        gradient : array-like or Tensor, optional
            d(something)/d(self), same shape as ``self`` (``grad=`` is an alias). May be
            omitted only for a one-element tensor (a loss), where it is 1.
        retain_graph : bool, default False
            Keep the graph so ``backward()`` can run through it again. Without it the graph is
            freed, as in PyTorch, and a second ``backward()`` raises ``GraphError``.
        create_graph : False
            Gradients of gradients are not supported (backward runs on NumPy arrays).
        """
        check_no_create_graph(create_graph)
        gradient = grad if gradient is None else gradient
        if not self.requires_grad:
            raise GraphError(
                _(
                    "backward() called on a tensor that does not require grad; create the "
                    "inputs with requires_grad=True and compute it outside no_grad()"
                )
            )
        run_backward([self], [seed_gradient(self, gradient)], bool(retain_graph))


_DTYPE_WORDS = ("float32", "float", "float64", "double", "float16", "half", "int64", "long",
                "int32", "int", "int16", "short", "int8", "uint8", "bool")
_new_tensor = object.__new__


def constant(data) -> Tensor:
    """A tensor outside the graph holding ``data`` (not copied)."""
    out = _new_tensor(Tensor)
    out.data = data if type(data) is np.ndarray else np.asarray(data)
    out._grad = None
    out._grad_buffer = None
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
    out._grad = None
    out._grad_buffer = None
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


def tensor(data, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Make a tensor from numbers, nested lists or an ndarray (always copied).

    Python floats become float32 unless ``dtype`` says otherwise; arrays keep their dtype;
    integer data stays integer and cannot require gradients.

    >>> tensor([[1.0, 2.0]], requires_grad=True)
    tensor([[1., 2.]], requires_grad=True)
    >>> tensor([1, 2]).dtype
    dtype('int64')
    >>> tensor([0.5], dtype="float64")
    tensor([0.5000], dtype=descenso.float64)
    """
    if isinstance(dtype, bool):  # tensor(x, True): the old positional requires_grad
        dtype, requires_grad = None, dtype
    check_device(device)
    array = as_array(data.data if isinstance(data, Tensor) else data,
                     None if dtype is None else to_dtype(dtype))
    return from_numpy(array, requires_grad=requires_grad)


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
bind_operations()
from descenso.autograd.ops.cast import cast
