"""Classification metrics with scikit-learn's signatures and results.

Labels may be integers or strings; ``y_true`` comes first, then ``y_pred``, both of shape
``(n_samples,)``.
"""

from __future__ import annotations

import numpy as np

from descenso.errors import ConfigError, DataError
from descenso.i18n import gettext as _
from descenso.metrics._targets import as_1d, check_targets

__all__ = ["accuracy_score", "confusion_matrix"]

_NORMALIZE = (None, "true", "pred", "all")


def accuracy_score(y_true, y_pred, *, normalize: bool = True, sample_weight=None) -> float:
    """Fraction of samples whose predicted label equals the true one.

    With ``normalize=False`` it returns the number (or total weight) of correct samples.

    >>> accuracy_score([0, 1, 2, 3], [0, 2, 1, 3])
    0.5
    >>> accuracy_score([0, 1, 2, 3], [0, 2, 1, 3], normalize=False)
    2.0
    """
    true, pred, weight = check_targets(y_true, y_pred, sample_weight, numeric=False)
    correct = (true == pred).astype(np.float64)
    if not normalize:
        return float(correct.sum() if weight is None else correct @ weight)
    return float(np.average(correct, weights=weight))


def confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None):
    """Counts ``C[i, j]`` of samples whose true label is ``labels[i]`` and predicted ``labels[j]``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    labels : array-like of shape (n_classes,), optional
        The classes and their order; samples with another label are left out. By default the
        sorted labels that appear in ``y_true`` or ``y_pred``.
    sample_weight : array-like of shape (n_samples,), optional
    normalize : {None, "true", "pred", "all"}
        Divide by the row sums (recall per class), the column sums, or the total.

    Returns
    -------
    ndarray of shape (n_classes, n_classes)
        int64 counts, or float64 when weighted or normalized.

    >>> confusion_matrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])
    array([[2, 0, 0],
           [0, 0, 1],
           [1, 0, 2]])
    """
    if normalize not in _NORMALIZE:
        raise ConfigError(
            _("normalize must be one of None, 'true', 'pred' or 'all', got {value!r}").format(
                value=normalize)
        )
    true, pred, weight = check_targets(y_true, y_pred, sample_weight, numeric=False)
    classes = np.unique(np.concatenate([true, pred])) if labels is None else as_1d(labels,
                                                                                   "labels")
    if classes.shape[0] == 0:
        raise DataError(_("labels is empty; give at least one class"))
    if np.unique(classes).shape[0] != classes.shape[0]:
        raise DataError(_("labels contains repeated classes: {labels}").format(labels=classes))
    true_index, true_known = _positions(true, classes)
    pred_index, pred_known = _positions(pred, classes)
    keep = true_known & pred_known
    k = classes.shape[0]
    cells = true_index[keep] * k + pred_index[keep]
    kept_weight = None if weight is None else weight[keep]
    counts = np.bincount(cells, weights=kept_weight, minlength=k * k).reshape(k, k)
    matrix = counts.astype(np.int64) if weight is None else counts
    if normalize is None:
        return matrix
    axis = {"true": 1, "pred": 0, "all": None}[normalize]
    totals = matrix.sum(axis=axis, keepdims=axis is not None)
    return np.divide(matrix, totals, out=np.zeros(matrix.shape), where=totals != 0)


def _positions(values: np.ndarray, classes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of each value in ``classes`` (any order) and whether it is there at all."""
    order = np.argsort(classes, kind="stable")
    sorted_classes = classes[order]
    slot = np.searchsorted(sorted_classes, values)
    slot = np.clip(slot, 0, sorted_classes.shape[0] - 1)
    known = sorted_classes[slot] == values
    return order[slot], known
