"""Metrics by name, and running a model over data in batches without recording a graph.

The trainer reports metrics by name: ``"accuracy"`` for classification, and ``"r2"``,
``"mae"``, ``"mse"``, ``"rmse"`` for regression. Each takes the targets and the model's raw
outputs: for classification, logits of shape (n, n_classes) (the class is the largest) or
(n, 1) / (n,) for a binary logit (the class is 1 when the logit is positive).

>>> import numpy as np
>>> compute_metric("accuracy", np.array([0, 1, 1]), np.array([[2.0, 1.0], [0.0, 3.0], [1.0, 0.5]]))
0.6666666666666666
>>> compute_metric("r2", np.array([[1.0], [2.0], [3.0]]), np.array([[1.0], [2.0], [4.0]]))
0.5
"""

from __future__ import annotations

import numpy as np

from descenso.autograd import from_numpy, no_grad
from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.metrics import (
    accuracy_score,
    mean_absolute_error,
    mean_squared_error,
    r2_score,
    root_mean_squared_error,
)

__all__ = ["DEFAULT_METRICS", "METRICS", "PREDICT_BATCH_SIZE", "TASKS", "check_metrics",
           "compute_metric", "predict_in_batches"]

TASKS = ("regression", "classification")
_REGRESSION = {
    "r2": r2_score,
    "mae": mean_absolute_error,
    "mse": mean_squared_error,
    "rmse": root_mean_squared_error,
}
METRICS = {"regression": tuple(_REGRESSION), "classification": ("accuracy",)}
DEFAULT_METRICS = {"regression": ("r2",), "classification": ("accuracy",)}
PREDICT_BATCH_SIZE = 1024  # large batches for inference: no graph, so memory stays small


def check_metrics(metrics, task: str) -> tuple[str, ...]:
    """Validate metric names for ``task``; None gives the task's default.

    >>> check_metrics(None, "regression")
    ('r2',)
    >>> check_metrics(["accuracy"], "regression")
    Traceback (most recent call last):
    ...
    descenso.errors.ConfigError: metric 'accuracy' does not apply to regression; choose from 'r2', 'mae', 'mse', 'rmse'
    """
    if metrics is None:
        return DEFAULT_METRICS[task]
    if isinstance(metrics, str):
        metrics = (metrics,)
    names = tuple(metrics)
    for name in names:
        if name not in METRICS[task]:
            raise ConfigError(
                _("metric {name!r} does not apply to {task}; choose from {choices}").format(
                    name=name, task=task,
                    choices=", ".join(repr(choice) for choice in METRICS[task])))
    if len(set(names)) != len(names):
        raise ConfigError(_("metrics {names} list a name twice").format(names=list(names)))
    return names


def predicted_classes(outputs: np.ndarray) -> np.ndarray:
    """Class labels from logits: argmax over classes, or ``logit > 0`` for one binary logit.

    >>> predicted_classes(np.array([[0.1, 2.0], [3.0, -1.0]]))
    array([1, 0])
    >>> predicted_classes(np.array([[-0.5], [0.5]]))
    array([0, 1])
    """
    if outputs.ndim == 2 and outputs.shape[1] > 1:
        return outputs.argmax(axis=1)
    return (outputs.reshape(-1) > 0).astype(np.int64)


def compute_metric(name: str, y_true: np.ndarray, outputs: np.ndarray) -> float:
    """The metric ``name`` of raw model ``outputs`` against ``y_true``.

    Regression metrics of several outputs are averaged over the output columns, as
    scikit-learn's ``multioutput="uniform_average"`` does.
    """
    if name == "accuracy":
        return float(accuracy_score(np.asarray(y_true).reshape(-1).astype(np.int64),
                                    predicted_classes(outputs)))
    function = _REGRESSION[name]
    y_true = np.asarray(y_true).reshape(len(y_true), -1)
    outputs = np.asarray(outputs).reshape(len(outputs), -1)
    scores = [function(y_true[:, column], outputs[:, column])
              for column in range(y_true.shape[1])]
    return float(np.mean(scores)) if len(scores) > 1 else float(scores[0])


def predict_in_batches(model, X: np.ndarray, batch_size: int = PREDICT_BATCH_SIZE) -> np.ndarray:
    """``model``'s outputs for every row of ``X``, batch by batch, in eval mode, without a graph.

    Parameters
    ----------
    model : Module
    X : ndarray of shape (n_samples, ...)
        Converted once to the model's floating dtype (float32 normally).
    batch_size : int

    Returns
    -------
    ndarray of shape (n_samples, ...) : the outputs, in the model's dtype. The model's
    training/eval mode is restored afterwards.

    >>> from descenso.nn import Linear
    >>> predict_in_batches(Linear(3, 2), np.zeros((5, 3)), batch_size=2).shape
    (5, 2)
    """
    X = np.asarray(X, dtype=model_dtype(model))
    was_training = model.training
    model.eval()
    outputs = None
    try:
        with no_grad():
            for start in range(0, len(X), batch_size):
                result = model(from_numpy(X[start:start + batch_size])).data
                if outputs is None:
                    outputs = np.empty((len(X),) + result.shape[1:], dtype=result.dtype)
                outputs[start:start + len(result)] = result
    finally:
        model.train(was_training)
    if outputs is None:  # no rows: run once on an empty batch to learn the output shape
        with no_grad():
            model.eval()
            outputs = model(from_numpy(X[:0])).data
            model.train(was_training)
    return outputs


def model_dtype(model) -> np.dtype:
    """The floating dtype of the model's first parameter (float32 for a model without any)."""
    for param in model.parameters():
        return param.data.dtype
    return np.dtype(np.float32)
