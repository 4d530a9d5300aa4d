"""The operators and methods of a Tensor, each a call to an operation of :mod:`.ops`.

``Tensor`` inherits them from :class:`TensorMethods`, so ``tensor.py`` stays about what a
tensor *is*. Names and arguments are PyTorch's: reductions take ``dim=`` and ``keepdim=``
(NumPy's ``axis=`` and ``keepdims=`` are accepted too), ``max(dim)`` returns
``(values, indices)``, comparisons return boolean tensors (:mod:`.comparison`), and methods ending in ``_``
change the tensor in place (:mod:`.in_place`).

>>> import descenso
>>> x = descenso.tensor([[1.0, 5.0], [7.0, 2.0]])
>>> values, indices = x.max(dim=1)
>>> values, indices
(tensor([5., 7.]), tensor([1, 0]))
>>> x > 2
tensor([[False,  True],
        [ True, False]])
"""

from __future__ import annotations

import math
from collections import namedtuple

import numpy as np

from descenso.autograd.comparison import ComparisonMethods
from descenso.autograd.in_place import InPlaceMethods
from descenso.errors import ConfigError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["TensorMethods", "ValuesIndices", "reduction_dims"]

ValuesIndices = namedtuple("ValuesIndices", ["values", "indices"])
ValuesIndices.__doc__ = "What ``max(dim)``, ``min(dim)`` return: ``values`` and ``indices``."


def reduction_dims(dim, axis, keepdim, keepdims):
    """PyTorch's ``dim``/``keepdim`` or NumPy's ``axis``/``keepdims`` (not both, differing)."""
    if axis is not None:
        if dim is not None and dim != axis:
            raise ConfigError(
                _("got dim={dim} and axis={axis}; pass one of them").format(dim=dim, axis=axis)
            )
        dim = axis
    if keepdims is not None:
        keepdim = keepdims
    if isinstance(dim, list):
        dim = tuple(dim)
    return dim, bool(keepdim)


class TensorMethods(ComparisonMethods, InPlaceMethods):
    """Operators and methods shared by every :class:`~descenso.autograd.Tensor`."""

    __slots__ = ()

    # --- arithmetic ----------------------------------------------------------------------
    def __add__(self, other):
        return ops.add(self, other)

    def __radd__(self, other):
        return ops.add(other, self)

    def __sub__(self, other):
        return ops.sub(self, other)

    def __rsub__(self, other):
        return ops.sub(other, self)

    def __mul__(self, other):
        return ops.mul(self, other)

    def __rmul__(self, other):
        return ops.mul(other, self)

    def __truediv__(self, other):
        return ops.div(self, other)

    def __rtruediv__(self, other):
        return ops.div(other, self)

    def __floordiv__(self, other):
        return constant(np.floor_divide(self.data, operand(other)))

    def __mod__(self, other):
        return constant(np.remainder(self.data, operand(other)))

    def __neg__(self):
        return ops.neg(self)

    def __pos__(self):
        return self

    def __pow__(self, exponent):
        return ops.power(self, exponent)

    def __rpow__(self, base):
        return ops.power(constant(np.asarray(operand(base))), self)

    def __matmul__(self, other):
        return ops.matmul(self, other)

    def __rmatmul__(self, other):
        return ops.matmul(other, self)

    def __abs__(self):
        return ops.absolute(self)

    def __getitem__(self, index):
        return ops.getitem(self, index)

    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        """NumPy meeting a tensor: ``array - tensor`` is a tensor, ``array -= tensor`` stays an
        array updated in place (so ``w.data -= lr * w.grad`` works)."""
        operation = _UFUNC_OPERATIONS.get(ufunc.__name__)
        if out is None and method == "__call__" and not kwargs and operation is not None:
            return operation(*inputs)
        raw = [value.data if isinstance(value, TensorMethods) else value for value in inputs]
        if out is not None:
            kwargs["out"] = tuple(
                value.data if isinstance(value, TensorMethods) else value for value in out)
        result = getattr(ufunc, method)(*raw, **kwargs)
        return constant(result) if out is None and isinstance(result, np.ndarray) else result

    def any(self, dim=None, keepdim=False, *, axis=None, keepdims=None, out=None):
        dim, keepdim = reduction_dims(dim, axis, keepdim, keepdims)
        return constant(np.asarray(np.any(self.data, axis=dim, keepdims=keepdim)))

    def all(self, dim=None, keepdim=False, *, axis=None, keepdims=None, out=None):
        dim, keepdim = reduction_dims(dim, axis, keepdim, keepdims)
        return constant(np.asarray(np.all(self.data, axis=dim, keepdims=keepdim)))

    # --- reductions ----------------------------------------------------------------------
    def sum(self, dim=None, keepdim=False, *, axis=None, keepdims=None, dtype=None,
            out=None):
        dim, keepdim = reduction_dims(dim, axis, keepdim, keepdims)
        out = ops.reduce_sum(self, dim, keepdim)
        return out if dtype is None else out.to(dtype)

    def mean(self, dim=None, keepdim=False, *, axis=None, keepdims=None, dtype=None,
             out=None):
        dim, keepdim = reduction_dims(dim, axis, keepdim, keepdims)
        out = ops.mean(self if dtype is None else self.to(dtype), dim, keepdim)
        return out

    def _extreme(self, largest, dim, keepdim, axis, keepdims):
        if isinstance(dim, TensorMethods):  # x.max(other): elementwise
            return ops.maximum(self, dim) if largest else ops.minimum(self, dim)
        dim, keepdim = reduction_dims(dim, axis, keepdim, keepdims)
        if dim is None or isinstance(dim, tuple):  # several axes: PyTorch's amax/amin
            return ops.amax(self, dim, keepdim) if largest else ops.amin(self, dim, keepdim)
        values, indices = ops.select_extreme(self, dim, keepdim, largest)
        return ValuesIndices(values, indices)

    def max(self, dim=None, keepdim=False, *, axis=None, keepdims=None, out=None):
        """The largest value; with ``dim``, ``(values, indices)`` along it; with a tensor,
        the elementwise maximum."""
        return self._extreme(True, dim, keepdim, axis, keepdims)

    def min(self, dim=None, keepdim=False, *, axis=None, keepdims=None, out=None):
        """The smallest value; with ``dim``, ``(values, indices)``; with a tensor, minimum."""
        return self._extreme(False, dim, keepdim, axis, keepdims)

    def amax(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        """The largest value over ``dim`` (an int or a tuple); ties share the gradient."""
        return ops.amax(self, *reduction_dims(dim, axis, keepdim, keepdims))

    def amin(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        return ops.amin(self, *reduction_dims(dim, axis, keepdim, keepdims))

    def argmax(self, dim=None, keepdim=False, *, axis=None, keepdims=None, out=None):
        """Index of the largest value (an int64 tensor, no gradient); flat when ``dim`` is None."""
        dim, keepdim = reduction_dims(dim, axis, keepdim, keepdims)
        return constant(np.asarray(np.argmax(self.data, axis=dim, keepdims=keepdim)))

    def argmin(self, dim=None, keepdim=False, *, axis=None, keepdims=None, out=None):
        dim, keepdim = reduction_dims(dim, axis, keepdim, keepdims)
        return constant(np.asarray(np.argmin(self.data, axis=dim, keepdims=keepdim)))

    def sort(self, dim=-1, descending=False):
        """``(values, indices)`` sorted along ``dim`` (stable)."""
        return ValuesIndices(*ops.sort(self, dim, descending))

    def argsort(self, dim=-1, descending=False):
        return ops.sort(self, dim, descending)[1]

    def topk(self, k, dim=-1, largest=True, sorted=True):
        """The ``k`` largest (or smallest) values along ``dim`` and their indices."""
        values, indices = ops.sort(self, dim, descending=largest)
        pick = (slice(None),) * (self._axis(dim) if self.ndim else 0) + (slice(0, k),)
        return ValuesIndices(values[pick], indices[pick])

    def prod(self, dim=None, keepdim=False, *, axis=None, keepdims=None, out=None):
        dim, keepdim = reduction_dims(dim, axis, keepdim, keepdims)
        return ops.product(self, dim, keepdim)

    def cumsum(self, dim, *, axis=None):
        return ops.cumulative_sum(self, reduction_dims(dim, axis, False, None)[0])

    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None,
            keepdims=None):
        """Variance with Bessel's correction (divide by n - 1) unless ``correction=0``."""
        dim, keepdim = reduction_dims(dim, axis, keepdim, keepdims)
        if correction is None:
            correction = 1 if unbiased is None or unbiased else 0
        return ops.variance(self, dim, correction, keepdim)

    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None,
            keepdims=None):
        """Standard deviation: the square root of :meth:`var` (n - 1 by default)."""
        return ops.sqrt(self.var(dim, unbiased, keepdim, correction=correction, axis=axis,
                             keepdims=keepdims))

    def norm(self, p="fro", dim=None, keepdim=False):
        """The p-norm (2 by default; 1, ``inf`` or any p > 0) over ``dim`` or all elements."""
        return ops.norm(self, 2 if p == "fro" else p, dim, keepdim)

    # --- shape ---------------------------------------------------------------------------
    def reshape(self, *shape):
        return ops.reshape(self, shape[0] if len(shape) == 1 else shape)

    def view(self, *shape):
        return ops.reshape(self, shape[0] if len(shape) == 1 else shape)

    def view_as(self, other):
        return ops.reshape(self, other.shape)

    def reshape_as(self, other):
        return ops.reshape(self, other.shape)

    def unsqueeze(self, dim):
        # the new axis may go anywhere, the end included
        return ops.reshape(self, np.expand_dims(self.data, self._axis(dim, new=1)).shape)

    def squeeze(self, dim=None):
        if dim is None:
            shape = tuple(size for size in self.data.shape if size != 1)
        else:
            axis = self._axis(dim) if self.data.ndim else 0
            shape = self.data.shape
            if shape and shape[axis] == 1:
                shape = shape[:axis] + shape[axis + 1:]
        return ops.reshape(self, shape)

    def flatten(self, start_dim=0, end_dim=-1):
        if self.data.ndim == 0:
            return ops.reshape(self, (1,))
        start, end = self._axis(start_dim), self._axis(end_dim)
        shape = self.data.shape
        flat = shape[:start] + (math.prod(shape[start:end + 1]),) + shape[end + 1:]
        return ops.reshape(self, flat)

    def transpose(self, dim0=None, dim1=None):
        return ops.transpose(self, dim0, dim1)

    def permute(self, *dims):
        return ops.permute(self, dims[0] if len(dims) == 1 else dims)

    def t(self):
        """The transpose of a matrix (a 0-d or 1-D tensor is returned as it is)."""
        if self.data.ndim > 2:
            raise ShapeError(
                _("t() expects a tensor with at most 2 dimensions, got {ndim}; use "
                  "transpose(dim0, dim1)").format(ndim=self.data.ndim)
            )
        return ops.permute(self, tuple(reversed(range(self.data.ndim))))

    @property
    def T(self):
        return ops.permute(self, tuple(reversed(range(self.data.ndim))))

    def contiguous(self):
        return self

    def clone(self):
        return ops.clone(self)

    def expand(self, *sizes):
        sizes = sizes[0] if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)) else sizes
        shape = tuple(old if new == -1 else new for old, new in zip(
            (1,) * (len(sizes) - self.data.ndim) + self.data.shape, sizes))
        return ops.add(self, np.zeros(shape, dtype=self.data.dtype))

    # --- elementwise ---------------------------------------------------------------------
    def pow(self, exponent):
        return ops.power(self, exponent)

    def matmul(self, other):
        return ops.matmul(self, other)

    def mm(self, other):
        return ops.mm(self, other)

    def exp(self):
        return ops.exp(self)

    def log(self):
        return ops.log(self)

    def sqrt(self):
        return ops.sqrt(self)

    def sin(self):
        return ops.sin(self)

    def cos(self):
        return ops.cos(self)

    def abs(self):
        return ops.absolute(self)

    def sign(self):
        return ops.sign(self)

    def neg(self):
        return ops.neg(self)

    def clamp(self, min=None, max=None):
        return ops.clip(self, min, max)

    clip = clamp

    def maximum(self, other):
        return ops.maximum(self, other)

    def minimum(self, other):
        return ops.minimum(self, other)

    def relu(self):
        return ops.relu(self)

    def leaky_relu(self, negative_slope: float = 0.01):
        return ops.leaky_relu(self, negative_slope)

    def sigmoid(self):
        return ops.sigmoid(self)

    def tanh(self):
        return ops.tanh(self)

    def softmax(self, dim: int = -1):
        return ops.softmax(self, dim)

    def log_softmax(self, dim: int = -1):
        return ops.log_softmax(self, dim)


_UFUNCS = {
    "add": "add", "subtract": "sub", "multiply": "mul", "true_divide": "div", "divide": "div",
    "matmul": "matmul", "negative": "neg", "exp": "exp", "log": "log", "sqrt": "sqrt",
    "sin": "sin", "cos": "cos", "tanh": "tanh", "absolute": "absolute", "maximum": "maximum",
    "minimum": "minimum",
}
_UFUNC_OPERATIONS: dict = {}


def bind_operations() -> None:
    """Import the operations the methods call; ``tensor.py`` runs this once ``Tensor`` exists.

    The operations import ``Tensor``, which inherits from this module's class, so they cannot
    be imported when this module is.
    """
    global ops, constant, operand
    from descenso.autograd import ops
    from descenso.autograd.tensor import constant, operand

    _UFUNC_OPERATIONS.update({ufunc: getattr(ops, name) for ufunc, name in _UFUNCS.items()})
