"""Checking a pair ``(y_true, y_pred)`` before a metric compares them.

Every metric takes ``y_true`` first, as scikit-learn's do. A target may be 1-D ``(n,)`` or a
column ``(n, 1)``; both become 1-D so that mixing them never broadcasts to an ``(n, n)`` table.
"""

from __future__ import annotations

import numpy as np

from descenso.errors import DataError, ShapeError
from descenso.i18n import gettext as _
from descenso.validation import as_float, column_or_1d


def as_1d(values, name: str) -> np.ndarray:
    """``values`` as a 1-D array; a column ``(n, 1)`` is flattened, anything wider is refused."""
    return column_or_1d(values, name, _("metrics here compare one output at a time"))


def check_targets(y_true, y_pred, sample_weight=None, numeric: bool = True):
    """Validate and flatten ``(y_true, y_pred)`` of equal length ``n >= 1``, and the weights.

    Returns ``(y_true, y_pred, sample_weight)``: arrays of shape (n,), the weights None when
    not given. With ``numeric=True`` both targets become floating point and must be finite.
    """
    true = as_1d(y_true, "y_true")
    pred = as_1d(y_pred, "y_pred")
    if true.shape[0] != pred.shape[0]:
        raise ShapeError(
            _("y_true has {n_true} values but y_pred has {n_pred}; pass one prediction per "
              "sample").format(n_true=true.shape[0], n_pred=pred.shape[0])
        )
    if true.shape[0] == 0:
        raise DataError(_("y_true and y_pred are empty; a metric needs at least one sample"))
    if numeric:
        true = as_float(true, "y_true", where="index")
        pred = as_float(pred, "y_pred", where="index")
    return true, pred, check_sample_weight(sample_weight, true.shape[0])


def check_sample_weight(sample_weight, n: int) -> np.ndarray | None:
    """``None`` or a 1-D array of ``n`` finite non-negative weights."""
    if sample_weight is None:
        return None
    weight = as_float(as_1d(sample_weight, "sample_weight"), "sample_weight", where="index")
    if weight.shape[0] != n:
        raise ShapeError(
            _("sample_weight has {n_weight} values but there are {n} samples").format(
                n_weight=weight.shape[0], n=n)
        )
    if np.any(weight < 0):
        raise DataError(_("sample_weight must not be negative"))
    return weight
