"""From a trained model to its results: metrics per split, the diagnosis, the figures' data."""

from __future__ import annotations

import numpy as np

from descenso.pipeline.diagnosis import diagnose_run
from descenso.pipeline.evaluation import classification_metrics, regression_metrics, softmax
from descenso.pipeline.preprocessing import Preprocessing
from descenso.pipeline.trained import TrainedModel
from descenso.pipeline.verdicts import (
    classification_lines,
    curve_lines,
    regression_lines,
    scaling_line,
)

__all__ = ["evaluate_splits", "figures_data", "run_diagnosis"]


def evaluate_splits(trained: TrainedModel, prepared: dict, pre: Preprocessing):
    """Metrics of ``trained`` on each ``prepared[split] = (X, y)`` (X preprocessed, y raw).

    Returns
    -------
    metrics : dict
        ``{"train": {...}, "val": {...}, "test": {...}}``.
    test_outputs : ndarray
        Test predictions in the target's units (regression, (n,)) or logits (n, k).
    """
    metrics: dict[str, dict[str, float]] = {}
    outputs = None
    for split, (X, y) in prepared.items():
        raw = trained.predict(X)
        if pre.task == "regression":
            outputs = pre.inverse_target(raw)
            metrics[split] = regression_metrics(y, outputs)
        else:
            outputs = raw
            metrics[split] = classification_metrics(y, raw)
    return metrics, outputs


def run_diagnosis(trained: TrainedModel, prepared: dict, pre: Preprocessing, metrics, *,
                  learning_curves: bool | None = None, refit=None, seed: int = 0):
    """The diagnosis lines (see :mod:`descenso.pipeline.verdicts`) and the three-question
    :class:`~descenso.diagnose.ModelDiagnosis` behind them (None for images)."""
    X_train, y_train = prepared["train"]
    tabular = pre.kind == "tabular"
    result = diagnose_run(trained, prepared, pre, learning_curves=learning_curves, refit=refit,
                          seed=seed)
    if pre.task == "regression":
        lines = regression_lines(metrics, estimator=trained.estimator,
                                 X_train=X_train if tabular else None, y_train=y_train,
                                 feature_names=pre.feature_names, diagnosis=result)
    else:
        lines = classification_lines(metrics, len(pre.class_names or ()), result)
        if tabular and pre.x_mean is None:
            lines += scaling_line(X_train, pre.feature_names)
    if trained.estimator is None:
        lines += curve_lines(trained.history, trained.training.get("stop_reason", ""),
                             trained.training.get("best_epoch"))
    return lines, result


def figures_data(pre: Preprocessing, splits, test_outputs: np.ndarray, metrics, source):
    """``(RegressionResults or None, ClassificationResults or None)`` for the test split."""
    from descenso.report import ClassificationResults, RegressionResults  # loads matplotlib

    if pre.task == "regression":
        return RegressionResults(y_true=np.asarray(splits.y_test, dtype=np.float64),
                                 y_pred=test_outputs, r2=metrics["test"]["r2"], split="test",
                                 target_name=pre.target_name), None
    return None, ClassificationResults(
        y_true=splits.y_test, probs=softmax(test_outputs), class_names=list(pre.class_names),
        split="test", images=splits.X_test if source.images else None)
