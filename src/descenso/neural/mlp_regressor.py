"""``MLPRegressor``: a multilayer perceptron that predicts numbers, trained on half the mean
squared error (scikit-learn's loss, so ``learning_rate_init`` means the same step and
``loss_curve_`` the same numbers), with scikit-learn's parameters and attributes (see
:mod:`descenso.neural.perceptron`).

>>> import numpy as np
>>> X = np.linspace(-1, 1, 64).reshape(-1, 1)
>>> model = MLPRegressor((16,), activation="tanh", learning_rate_init=0.05, max_iter=300,
...                      random_state=0).fit(X, 2 * X[:, 0] + 1)
>>> model.score(X, 2 * X[:, 0] + 1) > 0.99, model.coefs_[0].shape
(True, (1, 16))
"""

from __future__ import annotations

import numpy as np

from descenso import nn
from descenso.metrics import r2_score
from descenso.neural.perceptron import BaseMultilayerPerceptron
from descenso.threads import single_threaded_blas
from descenso.validation import as_float, check_array, check_consistent_length, check_y_given

__all__ = ["MLPRegressor"]


class HalfSquaredError(nn.MSELoss):
    """``mean((input - target) ** 2) / 2``: the mean squared error halved, whose gradient is
    ``(input - target) / n``."""

    def forward(self, input, target):
        """The loss of ``input`` against ``target`` (same shape)."""
        return super().forward(input, target) * 0.5


class MLPRegressor(BaseMultilayerPerceptron):
    __doc__ = ("Multilayer perceptron regressor (half the mean squared error).\n"
               + BaseMultilayerPerceptron.__doc__.split("\n", 2)[2])

    _estimator_type = "regressor"

    def fit(self, X, y) -> MLPRegressor:
        """Train on ``X`` (n_samples, n_features) and ``y`` (n_samples,) or
        (n_samples, n_outputs); returns ``self``."""
        check_y_given(y, "MLPRegressor")
        X_array = check_array(X)
        y_array = np.asarray(y)
        if y_array.ndim not in (1, 2):
            y_array = y_array.reshape(len(y_array), -1)
        targets = y_array.reshape(len(y_array), -1)
        check_consistent_length(X_array, targets)
        targets = np.column_stack([as_float(column, "y") for column in targets.T])
        with single_threaded_blas():
            self._train(X_array, targets, targets.shape[1])
        self.n_features_in_ = X_array.shape[1]
        return self

    def _loss(self):
        return HalfSquaredError()

    def _score_name(self) -> str:
        return "r2"

    def predict(self, X) -> np.ndarray:
        """Predictions of shape (n_samples,), or (n_samples, n_outputs) for several targets
        (one target, even given as a column, gives (n_samples,), as in scikit-learn)."""
        with single_threaded_blas():
            outputs = self._outputs(X)
        return outputs[:, 0] if self.n_outputs_ == 1 else outputs

    def score(self, X, y) -> float:
        """R² of the predictions for ``X`` against ``y`` (1 is perfect); with several targets,
        the mean of their R² (scikit-learn's ``multioutput="uniform_average"``)."""
        predictions = self.predict(X)
        if predictions.ndim == 1:
            return r2_score(y, predictions)
        targets = np.asarray(y).reshape(predictions.shape[0], -1)
        return float(np.mean([r2_score(targets[:, k], predictions[:, k])
                              for k in range(predictions.shape[1])]))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags
