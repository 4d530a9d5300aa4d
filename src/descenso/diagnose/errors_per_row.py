"""The error of a model on each row, and the baseline error every finding is measured against.

Regression uses the squared error (its mean is the MSE); classification the log-loss of the
true class (its mean is the cross-entropy), or, for a model without probabilities, the 0/1
loss. Keeping one number per row lets the diagnosis resample rows (bootstrap) without
predicting again.
"""

from __future__ import annotations

import numpy as np

from descenso.errors import DataError
from descenso.i18n import gettext as _

__all__ = ["baseline_error", "is_classifier", "row_errors"]

#: probabilities are clipped to [EPS, 1] before the log, as scikit-learn's log_loss does
_EPS = 1e-15


def is_classifier(model) -> bool:
    """A model that predicts classes: it has ``classes_`` (scikit-learn's convention)."""
    return getattr(model, "classes_", None) is not None


def row_errors(model, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Shape (n_samples,): squared error, or log-loss (0/1 loss without ``predict_proba``).

    >>> from descenso.linear import LinearRegression
    >>> X = np.array([[0.0], [1.0], [2.0]]); y = np.array([0.0, 1.0, 3.0])
    >>> row_errors(LinearRegression().fit(X, y), X, y).round(3).tolist()
    [0.028, 0.111, 0.028]
    """
    if not is_classifier(model):
        prediction = np.asarray(model.predict(X), dtype=np.float64).reshape(-1)
        return (np.asarray(y, dtype=np.float64).reshape(-1) - prediction) ** 2
    classes = np.asarray(model.classes_)
    codes = np.searchsorted(classes, y)
    codes = np.clip(codes, 0, len(classes) - 1)
    if np.any(classes[codes] != y):
        raise DataError(_("the labels include classes the model never saw; diagnose it on rows "
                          "whose labels are among its classes"))
    if hasattr(model, "predict_proba"):
        proba = np.asarray(model.predict_proba(X), dtype=np.float64)
        chosen = proba[np.arange(len(codes)), codes]
        return -np.log(np.clip(chosen, _EPS, 1.0))
    return (np.asarray(model.predict(X)) != y).astype(np.float64)


def baseline_error(y_train: np.ndarray, classifier: bool) -> float:
    """Mean error of the best constant prediction on the training rows (never 0).

    Regression: the variance of ``y_train``; classification: the entropy of the class
    frequencies (the log-loss of predicting them for every row).

    >>> round(baseline_error(np.array([1.0, 2.0, 3.0]), False), 4)
    0.6667
    >>> round(baseline_error(np.array([0, 1, 1, 0]), True), 4)
    0.6931
    """
    if classifier:
        _, counts = np.unique(y_train, return_counts=True)
        freq = counts / counts.sum()
        value = float(-(freq * np.log(freq)).sum())
    else:
        value = float(np.var(np.asarray(y_train, dtype=np.float64)))
    return value if value > 0 else 1.0
