"""Regression metrics with scikit-learn's signatures and results.

All take ``(y_true, y_pred)`` of shape ``(n_samples,)`` (a column ``(n_samples, 1)`` is
accepted too) and return a Python float. ``mse``, ``rmse`` and ``mae`` are short aliases.
"""

from __future__ import annotations

import warnings

import numpy as np

from descenso.i18n import gettext as _
from descenso.metrics._targets import check_targets

__all__ = ["mae", "mean_absolute_error", "mean_squared_error", "mse", "r2_score", "rmse",
           "root_mean_squared_error"]


def mean_squared_error(y_true, y_pred, *, sample_weight=None) -> float:
    """Mean of the squared errors, ``mean((y_true - y_pred) ** 2)``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    sample_weight : array-like of shape (n_samples,), optional

    >>> mean_squared_error([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.375
    """
    true, pred, weight = check_targets(y_true, y_pred, sample_weight)
    return float(np.average((true - pred) ** 2, weights=weight))


def root_mean_squared_error(y_true, y_pred, *, sample_weight=None) -> float:
    """Square root of :func:`mean_squared_error`, in the target's own units.

    >>> root_mean_squared_error([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.6123724356957945
    """
    return float(np.sqrt(mean_squared_error(y_true, y_pred, sample_weight=sample_weight)))


def mean_absolute_error(y_true, y_pred, *, sample_weight=None) -> float:
    """Mean of the absolute errors, ``mean(|y_true - y_pred|)``.

    >>> mean_absolute_error([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.5
    """
    true, pred, weight = check_targets(y_true, y_pred, sample_weight)
    return float(np.average(np.abs(true - pred), weights=weight))


def r2_score(y_true, y_pred, *, sample_weight=None, force_finite: bool = True) -> float:
    """Coefficient of determination R² = 1 - SS_residual / SS_total.

    1 is a perfect fit, 0 is no better than always predicting the mean of ``y_true``, and it
    can be negative. As in scikit-learn, a constant ``y_true`` gives 1.0 when the predictions
    are exact and 0.0 otherwise (``force_finite=False`` gives NaN or -inf instead), and fewer
    than two samples give NaN with a warning.

    >>> r2_score([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.9486081370449679
    """
    true, pred, weight = check_targets(y_true, y_pred, sample_weight)
    if true.shape[0] < 2:
        warnings.warn(_("R² is not defined for fewer than two samples"), UserWarning,
                      stacklevel=2)
        return float("nan")
    ones = np.ones_like(true) if weight is None else weight
    residual = float(np.sum(ones * (true - pred) ** 2))
    total = float(np.sum(ones * (true - np.average(true, weights=weight)) ** 2))
    if total == 0.0:
        if force_finite:
            return 1.0 if residual == 0.0 else 0.0
        return float("nan") if residual == 0.0 else float("-inf")
    return 1.0 - residual / total


mse = mean_squared_error
rmse = root_mean_squared_error
mae = mean_absolute_error
