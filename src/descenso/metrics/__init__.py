"""Metrics that compare targets with predictions, with scikit-learn's names and signatures.

NumPy only, so every layer above may use them.

>>> from descenso.metrics import r2_score, mse
>>> round(r2_score([1.0, 2.0, 3.0], [1.0, 2.0, 4.0]), 4)
0.5
>>> mse([1.0, 2.0], [1.0, 4.0])
2.0
"""

from descenso.metrics import classification, regression
from descenso.metrics.classification import accuracy_score, confusion_matrix
from descenso.metrics.regression import (
    mae,
    mean_absolute_error,
    mean_squared_error,
    mse,
    r2_score,
    rmse,
    root_mean_squared_error,
)

__all__ = classification.__all__ + regression.__all__
