"""The three-question diagnosis of a ``descenso fit`` run, and the evidence its report draws.

:func:`descenso.diagnose.diagnose_model` judges a model through ``predict`` (and, for a
classifier, ``classes_`` and ``predict_proba``) on the rows as the model sees them. A run's
linear and logistic regressions are such estimators already; a network is wrapped in
:class:`RunModel`, which predicts in the target's own units (or class probabilities) from the
preprocessed inputs, and is judged by its training curve instead of an optimum.
"""

from __future__ import annotations

import numpy as np

from descenso.diagnose import ModelDiagnosis, diagnose_model
from descenso.pipeline.evaluation import softmax
from descenso.pipeline.preprocessing import Preprocessing
from descenso.pipeline.trained import TrainedModel

__all__ = ["RunModel", "diagnose_run", "evidence"]

#: learning curves refit the model about 16 times: by default only up to this many rows
AUTO_CURVE_ROWS = 20_000


class RunModel:
    """A trained network seen as an estimator: ``predict`` in the target's units (regression)
    or ``predict_proba`` and ``classes_`` (classification), from preprocessed inputs."""

    def __init__(self, trained: TrainedModel, pre: Preprocessing):
        self._trained, self._pre = trained, pre
        if pre.task == "classification":
            self.classes_ = np.arange(len(pre.class_names or ()))

    def predict(self, X: np.ndarray) -> np.ndarray:
        raw = self._trained.predict(X)
        if self._pre.task == "classification":
            return raw.argmax(axis=1)
        return np.asarray(self._pre.inverse_target(raw), dtype=np.float64).reshape(-1)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return softmax(self._trained.predict(X))


def diagnose_run(trained: TrainedModel, prepared: dict, pre: Preprocessing, *,
                 learning_curves: bool | None = None, refit=None,
                 seed: int = 0) -> ModelDiagnosis | None:
    """Diagnose a run's model on its training and validation rows (None for a split without
    rows). Images get the optimization and variance answers: their pixels are no table of
    features to fit the bias question's reference on.

    ``learning_curves``: None (auto) draws them for estimators on up to
    :data:`AUTO_CURVE_ROWS` training rows; a network needs ``refit`` (``refit(X, y) ->
    TrainedModel``, see :func:`descenso.pipeline.training.network_refit`) and
    ``learning_curves=True``.
    """
    tabular = pre.kind == "tabular"
    X_train, y_train = prepared["train"]
    X_val, y_val = prepared["val"]
    if len(y_train) < 2 or len(y_val) < 2:
        return None
    model = trained.estimator if trained.estimator is not None else RunModel(trained, pre)
    history = None if trained.estimator is not None else trained.history.get("loss")
    if not tabular:
        wanted, curve_refit = False, None
    elif trained.estimator is not None:
        wanted = (len(y_train) <= AUTO_CURVE_ROWS if learning_curves is None
                  else learning_curves)
        curve_refit = None
    else:
        wanted = bool(learning_curves) and refit is not None
        curve_refit = (lambda X, y: RunModel(refit(X, y), pre)) if wanted else None
    return diagnose_model(model, X_train, y_train, X_val, y_val, history=history,
                          learning_curves=wanted, refit=curve_refit, reference=tabular,
                          seed=seed)


def evidence(result: ModelDiagnosis, trained: TrainedModel, prepared: dict,
             pre: Preprocessing):
    """The :class:`~descenso.report.DiagnosisEvidence` the report draws for ``result``."""
    from descenso.report import DiagnosisEvidence  # loads matplotlib

    data = result.to_dict()
    fitted = residuals = features = None
    if not result.classification and pre.kind == "tabular":
        X_val, y_val = prepared["val"]
        model = trained.estimator if trained.estimator is not None else RunModel(trained, pre)
        fitted = np.asarray(model.predict(X_val), dtype=np.float64).reshape(-1)
        residuals = np.asarray(y_val, dtype=np.float64) - fitted
        features = X_val
    return DiagnosisEvidence(
        findings={name: data[name] for name in ("optimization", "bias", "variance")},
        margins=result.thresholds,
        learning_curve=result.learning_curve, classification=result.classification,
        fitted=fitted, residuals=residuals, features=features,
        feature_names=pre.feature_names)
