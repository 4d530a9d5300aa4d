"""Data types by PyTorch's names, and PyTorch's rule for the dtype of a mixed operation.

descenso's dtypes are NumPy dtypes: ``descenso.float32`` *is* ``np.dtype("float32")``, so
``x.dtype == descenso.float32`` and ``x.dtype == np.float32`` are both true. The names follow
PyTorch (``float`` is float32, ``double`` float64, ``long`` int64).

Type promotion follows PyTorch, not NumPy: an integer tensor times a float32 tensor stays
float32 (NumPy gives float64), and a Python number never widens a tensor (``x * 2.5`` keeps
``x``'s float dtype; an integer tensor times 2.5 becomes float32, the default float).

>>> result_dtype(np.zeros(2, np.int64), np.zeros(2, np.float32))
dtype('float32')
>>> result_dtype(np.zeros(2, np.float32), 2.5)
dtype('float32')
>>> result_dtype(np.zeros(2, np.int64), 2.5)
dtype('float32')
"""

from __future__ import annotations

import numbers

import numpy as np

from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = [
    "DEFAULT_FLOAT",
    "NAMES",
    "as_float",
    "promote",
    "result_dtype",
    "to_dtype",
]

DEFAULT_FLOAT = np.dtype(np.float32)

# PyTorch's attribute names for each dtype (several names share one dtype).
NAMES = {
    "float32": np.dtype(np.float32),
    "float": np.dtype(np.float32),
    "float64": np.dtype(np.float64),
    "double": np.dtype(np.float64),
    "float16": np.dtype(np.float16),
    "half": np.dtype(np.float16),
    "int64": np.dtype(np.int64),
    "long": np.dtype(np.int64),
    "int32": np.dtype(np.int32),
    "int": np.dtype(np.int32),
    "int16": np.dtype(np.int16),
    "short": np.dtype(np.int16),
    "int8": np.dtype(np.int8),
    "uint8": np.dtype(np.uint8),
    "bool": np.dtype(np.bool_),
}

# Python's own types as dtypes, as PyTorch reads them: float is float64 (like NumPy's).
_PYTHON_TYPES = {float: np.dtype(np.float64), int: np.dtype(np.int64), bool: np.dtype(np.bool_)}


def to_dtype(dtype) -> np.dtype:
    """``dtype`` (a NumPy dtype, ``descenso.float32``, ``"float64"``, ``float``...) as a dtype.

    Python's ``float`` means float64, as ``torch.tensor(x, dtype=float)`` in PyTorch;
    ``descenso.float`` is float32.

    >>> to_dtype("double"), to_dtype(float), to_dtype(np.int32)
    (dtype('float64'), dtype('float64'), dtype('int32'))
    """
    if isinstance(dtype, type) and dtype in _PYTHON_TYPES:
        return _PYTHON_TYPES[dtype]
    if isinstance(dtype, str) and dtype.removeprefix("torch.") in NAMES:
        return NAMES[dtype.removeprefix("torch.")]
    try:
        resolved = np.dtype(dtype)
    except TypeError:
        resolved = None
    if resolved is None or resolved.kind not in "biuf":
        raise ConfigError(
            _(
                "unknown dtype {dtype!r}; use descenso.float32, float64, int64, int32 or bool"
            ).format(dtype=dtype)
        )
    return resolved


def _category(dtype: np.dtype) -> int:
    return {"b": 0, "i": 1, "u": 1, "f": 2}[dtype.kind]


def _join(current, dtype: np.dtype) -> np.dtype:
    """Two dtypes of one tier: the higher kind wins outright (int64 with float32 is float32);
    within one kind, NumPy's promotion (float32 with float64 is float64)."""
    if current is None or _category(dtype) > _category(current):
        return dtype
    if _category(dtype) < _category(current):
        return current
    return np.promote_types(current, dtype)


def result_dtype(*operands) -> np.dtype:
    """The dtype of an operation on ``operands`` (ndarrays and Python numbers), as PyTorch.

    Three tiers, strongest first: arrays with at least one axis, 0-d arrays, Python numbers.
    A weaker tier only matters when its kind (bool < integer < float) is higher than the
    stronger tiers' result; a Python float then gives float32, a Python int int64.
    """
    dimensioned = zero_dim = None
    weak_category = -1
    for value in operands:
        if isinstance(value, np.ndarray):
            if value.ndim:
                dimensioned = _join(dimensioned, value.dtype)
            else:
                zero_dim = _join(zero_dim, value.dtype)
        elif isinstance(value, bool):
            weak_category = max(weak_category, 0)
        elif isinstance(value, numbers.Integral):
            weak_category = max(weak_category, 1)
        elif isinstance(value, numbers.Real):
            weak_category = max(weak_category, 2)
    result = dimensioned
    if zero_dim is not None and (result is None or _category(zero_dim) > _category(result)):
        result = zero_dim
    if weak_category >= 0 and (result is None or weak_category > _category(result)):
        result = [np.dtype(np.bool_), np.dtype(np.int64), DEFAULT_FLOAT][weak_category]
    return result


def as_float(array: np.ndarray) -> np.ndarray:
    """``array`` itself when it holds floats, else converted to float32 (``torch.exp(ints)``)."""
    return array if array.dtype.kind == "f" else array.astype(DEFAULT_FLOAT)


def promote(*operands):
    """``operands`` with every array converted to their :func:`result_dtype`.

    Python numbers stay as they are: NumPy then keeps the arrays' dtype. The common cases
    (arrays of one dtype, a float array and a Python number) return at once.
    """
    if len(operands) == 2:  # the hot path: one check for the usual pairs
        a, b = operands
        if type(a) is np.ndarray:
            if type(b) is np.ndarray:
                if a.dtype is b.dtype or a.dtype == b.dtype:
                    return operands
            elif type(b) is float and a.dtype.kind == "f" or type(b) is int and (
                    a.dtype.kind in "fiu"):
                return operands
        elif type(b) is np.ndarray and (type(a) is float and b.dtype.kind == "f" or type(
                a) is int and b.dtype.kind in "fiu"):
            return operands
    dtype = result_dtype(*operands)
    return tuple(
        value.astype(dtype, copy=False) if isinstance(value, np.ndarray) else value
        for value in operands
    )
