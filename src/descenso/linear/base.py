"""scikit-learn's estimator contract, written once for descenso's estimators.

``__init__`` only stores its arguments; ``get_params`` and ``set_params`` read and change them
by name (so ``sklearn.base.clone`` works); fitted state ends in ``_``; ``fit`` checks its
inputs with :func:`check_X_y` and ``predict`` with :func:`check_X`.
"""

from __future__ import annotations

import inspect

import numpy as np

from descenso.errors import ConfigError, DataError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["BaseEstimator", "check_X", "check_X_y"]


class BaseEstimator:
    """Parameters by name: ``get_params``, ``set_params`` and a readable ``repr``."""

    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return [name for name, parameter in signature.parameters.items()
                if name != "self" and parameter.kind != parameter.VAR_KEYWORD]

    def get_params(self, deep: bool = True) -> dict:
        """The constructor's arguments as a dict (``deep`` is accepted for scikit-learn)."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params):
        """Change constructor arguments by name; returns ``self``."""
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise ConfigError(
                    _("{estimator} has no parameter {name!r}; valid parameters are: "
                      "{valid}").format(estimator=type(self).__name__, name=name,
                                        valid=", ".join(valid))
                )
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        signature = inspect.signature(type(self).__init__)
        changed = [f"{name}={getattr(self, name)!r}" for name in self._param_names()
                   if getattr(self, name) is not signature.parameters[name].default
                   and getattr(self, name) != signature.parameters[name].default]
        return f"{type(self).__name__}({', '.join(changed)})"


def check_X(X, n_features: int | None = None, estimator: str = "the estimator") -> np.ndarray:
    """``X`` as a finite 2-D float array (n_samples, n_features); float32 stays float32."""
    array = np.asarray(X)
    if array.ndim != 2:
        raise ShapeError(
            _("X must be 2-D (n_samples, n_features), got shape {shape}; reshape a single "
              "feature with X.reshape(-1, 1)").format(shape=array.shape)
        )
    if array.dtype.kind == "c":
        raise DataError(
            _("X holds complex numbers (dtype {dtype}); descenso fits real numbers: pass the "
              "real and imaginary parts as separate columns").format(dtype=array.dtype))
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise DataError(
            _("X must hold numbers, got dtype {dtype}; one-hot encode text columns "
              "first").format(dtype=array.dtype)
        )
    if array.dtype not in (np.float32, np.float64):
        array = array.astype(np.float64)
    if array.shape[0] == 0:
        raise DataError(_("X has 0 rows; give at least one sample"))
    if not np.all(np.isfinite(array)):
        row, column = np.argwhere(~np.isfinite(array))[0]
        raise DataError(
            _("X contains NaN or infinity (first at row {row}, column {column}); remove or "
              "fill those values first").format(row=row, column=column)
        )
    if n_features is not None and array.shape[1] != n_features:
        raise ShapeError(
            _("X has {n} features but {estimator} was fitted with {fitted}").format(
                n=array.shape[1], estimator=estimator, fitted=n_features)
        )
    return array


def check_X_y(X, y) -> tuple[np.ndarray, np.ndarray]:
    """``X`` as by :func:`check_X` and ``y`` as a finite 1-D array of the same dtype and length.

    A target column ``(n_samples, 1)`` is flattened.
    """
    X_array = check_X(X)
    y_array = np.asarray(y)
    if y_array.ndim == 2 and y_array.shape[1] == 1:
        y_array = y_array[:, 0]
    if y_array.ndim != 1:
        raise ShapeError(
            _("y must be 1-D (n_samples,), got shape {shape}").format(shape=y_array.shape)
        )
    if y_array.shape[0] != X_array.shape[0]:
        raise ShapeError(
            _("X has {n_x} rows but y has {n_y}; give one target per row").format(
                n_x=X_array.shape[0], n_y=y_array.shape[0])
        )
    if y_array.dtype.kind == "c":
        raise DataError(
            _("y holds complex numbers (dtype {dtype}); descenso fits real numbers: fit the "
              "real and imaginary parts separately").format(dtype=y_array.dtype))
    if not (np.issubdtype(y_array.dtype, np.number) or y_array.dtype == bool):
        raise DataError(_("y must hold numbers, got dtype {dtype}").format(dtype=y_array.dtype))
    y_array = y_array.astype(X_array.dtype, copy=False)
    if not np.all(np.isfinite(y_array)):
        index = int(np.flatnonzero(~np.isfinite(y_array))[0])
        raise DataError(
            _("y contains NaN or infinity (first at row {row}); remove those rows "
              "first").format(row=index)
        )
    return X_array, y_array
