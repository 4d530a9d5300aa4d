"""Multilayer perceptrons as scikit-learn estimators, trained by descenso's own engine
(``nn.Sequential``, losses, optimizers and the :class:`~descenso.train.Trainer`).

>>> from descenso.neural import MLPClassifier, MLPRegressor
>>> MLPClassifier(hidden_layer_sizes=(32,), max_iter=50)
MLPClassifier(hidden_layer_sizes=(32,), max_iter=50)
"""

from descenso.neural.mlp_classifier import MLPClassifier
from descenso.neural.mlp_regressor import MLPRegressor

__all__ = ["MLPClassifier", "MLPRegressor"]
