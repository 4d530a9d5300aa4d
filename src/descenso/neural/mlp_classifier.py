"""``MLPClassifier``: a multilayer perceptron that predicts classes, with scikit-learn's
parameters and attributes (see :mod:`descenso.neural.perceptron`). As in scikit-learn, two
classes get one output, a logit trained with the binary cross-entropy (``BCEWithLogitsLoss``),
and more classes one output each, trained with the cross-entropy of their softmax
(``CrossEntropyLoss``).

>>> import numpy as np
>>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]] * 8)
>>> model = MLPClassifier((8,), learning_rate_init=0.05, max_iter=100, random_state=0)
>>> model.fit(X, np.array(["no", "no", "yes", "yes"] * 8)).predict([[-3.0], [3.0]]).tolist()
['no', 'yes']
"""

from __future__ import annotations

import numpy as np

from descenso import nn
from descenso.linear.logistic_regression import encode_labels
from descenso.metrics import accuracy_score
from descenso.neural.perceptron import BaseMultilayerPerceptron
from descenso.threads import single_threaded_blas
from descenso.train.evaluation import predicted_classes
from descenso.validation import check_array, check_y_given

__all__ = ["MLPClassifier"]


class MLPClassifier(BaseMultilayerPerceptron):
    __doc__ = ("Multilayer perceptron classifier (logistic or softmax output); ``classes_`` "
               "holds the sorted labels.\n" + BaseMultilayerPerceptron.__doc__.split("\n", 2)[2])

    _estimator_type = "classifier"

    def fit(self, X, y) -> MLPClassifier:
        """Train on ``X`` (n_samples, n_features) and labels ``y`` (n_samples,); returns
        ``self``."""
        check_y_given(y, "MLPClassifier")
        X_array = check_array(X)
        self.classes_, y_index = encode_labels(y, X_array.shape[0])
        with single_threaded_blas():
            if len(self.classes_) == 2:  # one logit
                self._train(X_array, y_index.astype(np.float64), 1)
            else:
                self._train(X_array, y_index.astype(np.int64), len(self.classes_))
        self.n_features_in_ = X_array.shape[1]
        return self

    def _loss(self):
        return nn.BCEWithLogitsLoss() if len(self.classes_) == 2 else nn.CrossEntropyLoss()

    def _score_name(self) -> str:
        return "accuracy"

    def _split_order(self, targets, rng) -> np.ndarray:
        """Stratified: each class gives its share of the held-out rows, as in scikit-learn."""
        order = rng.permutation(targets.shape[0])
        # A stable sort by class of the shuffled rows, then every k-th row first.
        by_class = order[np.argsort(targets[order], kind="stable")]
        step = max(1, round(1.0 / self.validation_fraction))
        ranks = np.arange(by_class.shape[0])
        return np.concatenate([by_class[ranks % step == 0], by_class[ranks % step != 0]])

    def predict_log_proba(self, X) -> np.ndarray:
        """Log-probabilities of the classes, shape (n_samples, n_classes), columns in
        ``classes_`` order (computed stably from the logits)."""
        with single_threaded_blas():
            logits = self._outputs(X)
        if logits.shape[1] == 1:  # log sigmoid(-z) and log sigmoid(z)
            return np.column_stack([-np.logaddexp(0.0, logits[:, 0]),
                                    -np.logaddexp(0.0, -logits[:, 0])])
        shifted = logits - logits.max(axis=1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, shape (n_samples, n_classes), columns in ``classes_`` order."""
        return np.exp(self.predict_log_proba(X))

    def predict(self, X) -> np.ndarray:
        """The most probable class of each row, shape (n_samples,)."""
        with single_threaded_blas():
            logits = self._outputs(X)
        return self.classes_[predicted_classes(logits)]

    def score(self, X, y) -> float:
        """Accuracy of the predictions for ``X`` against ``y`` (1 is perfect)."""
        return accuracy_score(y, self.predict(X))
