"""Turning user data into the ndarray a tensor holds, and the dtype rules that go with it.

Python floats become float32 (the dtype of the hot path); NumPy arrays keep their dtype;
integers and booleans stay as they are but cannot require gradients.

>>> as_array([1.0, 2.0], None).dtype
dtype('float32')
>>> as_array(np.zeros(2), None).dtype
dtype('float64')
"""

from __future__ import annotations

import numpy as np

from descenso.errors import DataError
from descenso.i18n import gettext as _

__all__ = ["NUMERIC_KINDS", "as_array", "check_can_require_grad"]

NUMERIC_KINDS = "biuf"


def as_array(data, dtype) -> np.ndarray:
    """Copy ``data`` into a new array: floats from Python become float32, arrays keep dtype."""
    try:
        if dtype is not None:
            array = np.array(data, dtype=np.dtype(dtype))
        elif isinstance(data, (np.ndarray, np.generic)):
            array = np.array(data)
        else:
            array = np.array(data)
            if array.dtype == np.float64:
                array = array.astype(np.float32)
    except (TypeError, ValueError) as error:
        raise DataError(
            _(
                "cannot make a tensor from {kind}: {error}; pass numbers, nested lists of equal "
                "length, or a NumPy array"
            ).format(kind=type(data).__name__, error=error)
        ) from error
    if array.dtype.kind not in NUMERIC_KINDS:
        raise DataError(
            _(
                "a tensor holds numbers, got data of dtype {dtype}; convert it to floats first"
            ).format(dtype=array.dtype)
        )
    return array


def check_can_require_grad(array: np.ndarray) -> None:
    if array.dtype.kind != "f":
        raise DataError(
            _(
                "only floating-point tensors can require gradients, got dtype {dtype}; "
                "pass floats or dtype='float32'"
            ).format(dtype=array.dtype)
        )
