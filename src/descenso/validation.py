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
descenso.errors.ShapeError: X must be 2-D (n_samples, n_features), got shape (3,); Reshape your data: X.reshape(-1, 1) if it has a single feature, X.reshape(1, -1) if it is a single sample

The wording keeps the phrases scikit-learn's own checks look for ("Reshape your data",
"Complex data not supported", "is expecting ... features as input"), so descenso's estimators
pass ``sklearn.utils.estimator_checks`` with descenso's errors.
"""

from __future__ import annotations

import numbers

import numpy as np

from descenso.errors import ConfigError, DataError, DataTypeError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["as_float", "check_X_y", "check_array", "check_consistent_length",
           "check_whole_number", "check_y_given", "column_or_1d", "refuse_sparse"]


def refuse_sparse(X, name: str = "X") -> None:
    """Refuse a SciPy sparse matrix or array (descenso computes on dense arrays)."""
    if type(X).__module__.startswith("scipy.sparse"):
        raise DataError(_("{name} is a sparse matrix ({kind}), which descenso does not support; "
                          "convert it with {name}.toarray() if it fits in memory").format(
            name=name, kind=type(X).__name__))


def _numeric(array: np.ndarray, name: str, advice: str) -> None:
    if np.iscomplexobj(array):
        raise DataError(_("{name} holds complex numbers (dtype {dtype}): Complex data not "
                          "supported; give real numbers, e.g. the real part with np.real({name}) "
                          "if the imaginary part is zero").format(name=name, dtype=array.dtype))
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
    refuse_sparse(X, name)
    array = np.asarray(X)
    if array.ndim != 2:
        raise ShapeError(_("{name} must be 2-D (n_samples, n_features), got shape {shape}; Reshape "
                           "your data: X.reshape(-1, 1) if it has a single feature, X.reshape(1, "
                           "-1) if it is a single sample").format(name=name, shape=array.shape))
    if array.dtype == object:  # numbers held as Python objects (pandas often gives these)
        try:
            array = array.astype(np.float64)
        except (TypeError, ValueError) as error:
            kind = DataTypeError if isinstance(error, TypeError) else DataError
            raise kind(_("{name} must hold numbers ({error}); one-hot encode text columns first")
                .format(name=name, error=error)) from None
    _numeric(array, name, _("{name} must hold numbers, got dtype {dtype}; one-hot encode text "
                            "columns first"))
    if array.dtype not in (np.float32, np.float64):
        array = array.astype(np.float64)
    if array.shape[0] < min_samples:
        raise DataError(_("{name} has 0 rows; give at least one sample").format(name=name))
    if array.shape[1] == 0:
        raise DataError(
            _("{name} has 0 feature(s) (shape={shape}) while a minimum of 1 is required; give "
              "at least one column").format(name=name, shape=array.shape))
    if not np.all(np.isfinite(array)):
        row, column = np.argwhere(~np.isfinite(array))[0]
        raise DataError(
            _("{name} contains NaN or infinity (first at row {row}, column {column}); remove "
              "or fill those values first").format(name=name, row=row, column=column))
    if n_features is not None and array.shape[1] != n_features:
        raise ShapeError(_("X has {n} features, but {estimator} is expecting {fitted} features as "
                           "input; give the columns it was fitted with").format(
                n=array.shape[1], estimator=estimator, fitted=n_features))
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
    if array.dtype == object:  # numbers held as Python objects
        try:
            array = array.astype(np.float64)
        except (TypeError, ValueError):
            pass  # refused just below, with the dtype named
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
        raise ShapeError(_("X has {n_x} rows but y has {n_y}; give one target per row").format(
                n_x=X.shape[0], n_y=y.shape[0]))


def check_y_given(y, estimator: str = "the estimator") -> None:
    """Refuse ``y=None`` for an estimator that learns from targets."""
    if y is None:
        raise DataError(_("{estimator} requires y to be passed, but the target y is None; call "
                          "fit(X, y) with one target per row").format(estimator=estimator))


def check_X_y(X, y, estimator: str = "the estimator") -> tuple[np.ndarray, np.ndarray]:
    """``X`` as by :func:`check_array` and ``y`` as a finite 1-D array of the same dtype and
    length; a target column ``(n_samples, 1)`` is flattened."""
    check_y_given(y, estimator)
    X_array = check_array(X)
    y_array = column_or_1d(y, "y")
    check_consistent_length(X_array, y_array)
    return X_array, as_float(y_array, "y", dtype=X_array.dtype)


def check_whole_number(value, name: str, minimum: int) -> int:
    """``value`` as an ``int``, refused unless a whole number >= ``minimum`` (a bool is not).

    >>> check_whole_number(0, "batch_size", 1)
    Traceback (most recent call last):
    ...
    descenso.errors.ConfigError: batch_size must be a whole number >= 1, got 0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ConfigError(_("{name} must be a whole number >= {minimum}, got {value!r}").format(
            name=name, minimum=minimum, value=value))
    return int(value)
