"""Standardizing features: subtract each column's mean and divide by its standard deviation.

The statistics come from the **training rows only** (``fit``) and are then applied unchanged to
validation and test rows (``transform``), so nothing about the held-out rows leaks into
training. The standard deviation is the population one (``ddof=0``), as in scikit-learn's
``StandardScaler``. A constant column is centred but left unscaled (``scale_ = 1``), with a
warning that names it, instead of being divided by zero.
"""

from __future__ import annotations

import warnings

import numpy as np

from descenso.errors import DataError, NotFittedError, ShapeError
from descenso.estimator import BaseEstimator
from descenso.i18n import gettext as _
from descenso.validation import check_array

__all__ = ["Standardizer"]


class Standardizer(BaseEstimator):
    """Z-score each feature: ``(X - mean_) / scale_``.

    Parameters
    ----------
    with_mean : bool
        Subtract the mean (otherwise ``mean_`` is all zeros).
    with_std : bool
        Divide by the standard deviation (otherwise ``scale_`` is all ones).

    Attributes
    ----------
    mean_ : ndarray of shape (n_features,)
    scale_ : ndarray of shape (n_features,), 1 for constant columns
    n_features_in_ : int
    constant_features_ : ndarray of int, indices of the columns left unscaled

    >>> X_train = np.array([[1.0, 10.0], [3.0, 10.0]])
    >>> scaler = Standardizer()
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     Z = scaler.fit_transform(X_train, feature_names=["x", "const"])
    >>> Z
    array([[-1.,  0.],
           [ 1.,  0.]])
    >>> scaler.inverse_transform(Z)
    array([[ 1., 10.],
           [ 3., 10.]])
    """

    def __init__(self, with_mean: bool = True, with_std: bool = True):
        self.with_mean = with_mean
        self.with_std = with_std

    def fit(self, X, y=None, *, feature_names=None) -> Standardizer:
        """Learn ``mean_`` and ``scale_`` from the training rows ``X`` (n_samples, n_features).

        ``feature_names`` (one per column) only makes warnings easier to read; ``y`` is ignored.
        """
        X_array = check_array(X, min_samples=0)
        if X_array.shape[0] == 0:
            raise DataError(_("cannot fit a Standardizer on 0 rows"))
        n_features = X_array.shape[1]
        names = _feature_names(feature_names, n_features)
        mean = X_array.mean(axis=0) if self.with_mean else np.zeros(n_features, X_array.dtype)
        scale = np.ones(n_features, X_array.dtype)
        constant = np.array([], dtype=np.int64)
        if self.with_std:
            std = X_array.std(axis=0)
            # A constant column's computed std is rounding noise of order eps * |mean|.
            noise = 10 * np.finfo(X_array.dtype).eps * np.abs(X_array.mean(axis=0))
            constant = np.flatnonzero(std <= noise)
            scale = np.where(std <= noise, 1.0, std).astype(X_array.dtype)
        if constant.size:
            listed = ", ".join(names[i] for i in constant)
            warnings.warn(
                _("constant column(s) {columns} on the training rows: centred but left "
                  "unscaled (scale 1) instead of divided by zero").format(columns=listed),
                UserWarning,
                stacklevel=2,
            )
        self.mean_ = mean
        self.scale_ = scale
        self.n_features_in_ = n_features
        self.constant_features_ = constant
        return self

    def transform(self, X) -> np.ndarray:
        """``(X - mean_) / scale_`` for rows of shape (n_samples, n_features_in_)."""
        X_array = self._check(X)
        Z = X_array - self.mean_  # the one new array; dividing in place needs no other
        Z /= self.scale_
        return Z

    def fit_transform(self, X, y=None, *, feature_names=None) -> np.ndarray:
        """``fit`` on ``X``, then ``transform`` it."""
        return self.fit(X, feature_names=feature_names).transform(X)

    def inverse_transform(self, Z) -> np.ndarray:
        """Back to the original units: ``Z * scale_ + mean_``."""
        Z_array = self._check(Z)
        X = Z_array * self.scale_
        X += self.mean_
        return X

    def _check(self, X) -> np.ndarray:
        if not hasattr(self, "mean_"):
            raise NotFittedError(_("this Standardizer is not fitted yet; call fit(X_train) first"))
        return check_array(X, n_features=self.n_features_in_, estimator="Standardizer",
                           min_samples=0)

    def __repr__(self) -> str:
        return f"Standardizer(with_mean={self.with_mean}, with_std={self.with_std})"


def _feature_names(feature_names, n_features: int) -> list[str]:
    if feature_names is None:
        return [_("column {index}").format(index=index) for index in range(n_features)]
    names = [str(name) for name in feature_names]
    if len(names) != n_features:
        raise ShapeError(_("{n_names} feature names given for {n} columns").format(
                n_names=len(names), n=n_features))
    return [repr(name) for name in names]
