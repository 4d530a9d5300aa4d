"""Checking the arrays a public function is given, once for the whole package.

Like scikit-learn's ``check_array``: every estimator, transformer, metric and split checks its
input here, so the same mistake always gets the same message, naming the offending row and
column and saying what to do. A leaf module (NumPy, errors and messages only), so any layer may
use it.

>>> check_array([[1, 2], [3, 4]]).dtype
dtype('float64')
>>> check_array(np.ones(3))
Traceback (most recent call last):
...
descenso.errors.ShapeError: X must be 2-D (n_samples, n_features), got shape (3,); reshape a single feature with X.reshape(-1, 1)
"""

from __future__ import annotations

import numpy as np

from descenso.errors import DataError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["as_float", "check_X_y", "check_array", "check_consistent_length", "column_or_1d"]


def _numeric(array: np.ndarray, name: str, advice: str) -> None:
    if np.iscomplexobj(array):
        raise DataError(
            _("{name} holds complex numbers (dtype {dtype}); give real numbers, e.g. the real "
              "part with np.real({name}) if the imaginary part is zero").format(
                name=name, dtype=array.dtype))
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise DataError(advice.format(name=name, dtype=array.dtype))


def check_array(X, name: str = "X", *, n_features: int | None = None,
                estimator: str = "the estimator", min_samples: int = 1) -> np.ndarray:
    """``X`` as a finite 2-D floating array (n_samples, n_features); float32 stays float32.

    Parameters
    ----------
    n_features : int, optional
        The number of columns the caller was fitted with.
    estimator : str
        Named in the message when ``n_features`` does not match.
    min_samples : int, default 1
        Fewer rows are refused (0 allows an empty array).

    Raises
    ------
    ShapeError
        Not 2-D, or the wrong number of columns.
    DataError
        Not numbers (text, complex), too few rows, or NaN/infinity (the first one is named).
    """
    array = np.asarray(X)
    if array.ndim != 2:
        raise ShapeError(
            _("{name} must be 2-D (n_samples, n_features), got shape {shape}; reshape a single "
              "feature with X.reshape(-1, 1)").format(name=name, shape=array.shape)
        )
    _numeric(array, name, _("{name} must hold numbers, got dtype {dtype}; one-hot encode text "
                            "columns first"))
    if array.dtype not in (np.float32, np.float64):
        array = array.astype(np.float64)
    if array.shape[0] < min_samples:
        raise DataError(_("{name} has 0 rows; give at least one sample").format(name=name))
    if not np.all(np.isfinite(array)):
        row, column = np.argwhere(~np.isfinite(array))[0]
        raise DataError(
            _("{name} contains NaN or infinity (first at row {row}, column {column}); remove "
              "or fill those values first").format(name=name, row=row, column=column)
        )
    if n_features is not None and array.shape[1] != n_features:
        raise ShapeError(
            _("X has {n} features but {estimator} was fitted with {fitted}").format(
                n=array.shape[1], estimator=estimator, fitted=n_features)
        )
    return array


def column_or_1d(values, name: str, hint: str | None = None) -> np.ndarray:
    """``values`` as a 1-D array; a column ``(n, 1)`` is flattened, anything wider refused
    (``hint`` is added to the message).

    >>> column_or_1d([[1.0], [2.0]], "y")
    array([1., 2.])
    """
    array = np.asarray(values)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        if hint is None:
            message = _("{name} must be 1-D (n_samples,), got shape {shape}")
        else:
            message = _("{name} must be 1-D of shape (n_samples,), got shape {shape}; {hint}")
        raise ShapeError(message.format(name=name, shape=array.shape, hint=hint))
    return array


def as_float(array: np.ndarray, name: str, where: str = "row", dtype=None) -> np.ndarray:
    """A 1-D array of numbers as floats, all finite: ``dtype`` when given, else floats stay
    and the rest becomes float64.

    ``where`` names a position in the message: ``"row"`` or ``"index"``.
    """
    _numeric(array, name, _("{name} must hold numbers, got dtype {dtype}"))
    if dtype is not None:
        array = array.astype(dtype, copy=False)
    elif not np.issubdtype(array.dtype, np.floating):
        array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        bad = int(np.flatnonzero(~np.isfinite(array))[0])
        if where == "row":
            message = _("{name} contains NaN or infinity (first at row {row}); remove those "
                        "rows first")
        else:
            message = _("{name} contains NaN or infinity (first at index {index}); remove or "
                        "fill those values first")
        raise DataError(message.format(name=name, row=bad, index=bad))
    return array


def check_consistent_length(X: np.ndarray, y: np.ndarray) -> None:
    """One target per row of ``X``.

    >>> check_consistent_length(np.zeros((3, 2)), np.zeros(2))
    Traceback (most recent call last):
    ...
    descenso.errors.ShapeError: X has 3 rows but y has 2; give one target per row
    """
    if X.shape[0] != y.shape[0]:
        raise ShapeError(
            _("X has {n_x} rows but y has {n_y}; give one target per row").format(
                n_x=X.shape[0], n_y=y.shape[0])
        )


def check_X_y(X, y) -> tuple[np.ndarray, np.ndarray]:
    """``X`` as by :func:`check_array` and ``y`` as a finite 1-D array of the same dtype and
    length; a target column ``(n_samples, 1)`` is flattened."""
    X_array = check_array(X)
    y_array = column_or_1d(y, "y")
    check_consistent_length(X_array, y_array)
    return X_array, as_float(y_array, "y", dtype=X_array.dtype)
