"""The numbers a run reports for each split, the same in ``fit``, ``evaluate`` and ``predict``.

- regression: ``r2``, ``mse``, ``rmse``, ``mae`` of predictions in the target's own units;
- classification: ``accuracy`` and ``loss`` (mean cross-entropy of the logits, as the
  trainer computes it); probabilities are the softmax of the logits.

Each metric is the one the trainer computes under the same name
(:func:`descenso.train.evaluation.compute_metric`): metrics are defined by name once.

>>> import numpy as np
>>> regression_metrics(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 4.0]))
{'r2': 0.5, 'mse': 0.3333333333333333, 'rmse': 0.5773502691896257, 'mae': 0.3333333333333333}
>>> softmax(np.array([[0.0, np.log(3.0)]])).round(6)
array([[0.25, 0.75]])
"""

from __future__ import annotations

import numpy as np

from descenso.autograd import from_numpy, no_grad
from descenso.nn import CrossEntropyLoss
from descenso.train.evaluation import compute_metric

__all__ = ["REGRESSION_METRICS", "classification_metrics", "regression_metrics", "softmax"]

REGRESSION_METRICS = ("r2", "mse", "rmse", "mae")


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise probabilities (n, k) in float64 from logits (n, k), computed stably."""
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


def regression_metrics(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    """``r2``, ``mse``, ``rmse`` and ``mae`` of ``y_pred`` (n,) against ``y_true`` (n,)."""
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    return {name: compute_metric(name, y_true, y_pred) for name in REGRESSION_METRICS}


def classification_metrics(y_true: np.ndarray, logits: np.ndarray) -> dict[str, float]:
    """``accuracy`` of ``argmax(logits)`` and the mean cross-entropy ``loss``.

    >>> classification_metrics(np.array([0, 1]), np.array([[2.0, 0.0], [0.0, 0.0]],
    ...                                                    dtype=np.float32))["accuracy"]
    0.5
    """
    labels = np.asarray(y_true).astype(np.int64)
    with no_grad():
        loss = CrossEntropyLoss()(from_numpy(np.ascontiguousarray(logits)), from_numpy(labels))
    return {"accuracy": compute_metric("accuracy", labels, np.asarray(logits)),
            "loss": float(loss.data)}
