"""Least squares in closed form, the optimum that gradient descent walks towards.

Solving the normal equations ``XᵀX w = Xᵀy`` directly squares the condition number, so this
centres ``X`` and ``y`` (which removes the intercept from the problem) and calls
``np.linalg.lstsq``, an SVD-based solve. When the columns are linearly dependent - one-hot
columns that always sum to 1 alongside an intercept are the classic case - many weight vectors
fit equally well; ``lstsq`` returns the one of smallest norm, as scikit-learn's
``LinearRegression`` does, and the deficiency is reported as ``rank < n_features``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["LeastSquares", "least_squares"]


@dataclass(frozen=True)
class LeastSquares:
    """The least-squares solution and what the solve learned about ``X``.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
    intercept : float
    rank : int, rank of the (centred, if fitting an intercept) design matrix
    singular_values : ndarray of shape (min(n_samples, n_features),)
    """

    coef: np.ndarray
    intercept: float
    rank: int
    singular_values: np.ndarray

    @property
    def rank_deficient(self) -> bool:
        """True when the columns are linearly dependent, so the weights are not unique."""
        return self.rank < self.coef.shape[0]


def least_squares(X: np.ndarray, y: np.ndarray, fit_intercept: bool = True) -> LeastSquares:
    """Minimise ``mean((y - X @ coef - intercept) ** 2)`` exactly.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), float
    y : ndarray of shape (n_samples,), float
    fit_intercept : bool
        Fit ``intercept``; otherwise it is 0.

    >>> X = np.array([[0.0], [1.0], [2.0]])
    >>> solution = least_squares(X, 2 * X[:, 0] + 1)
    >>> solution.coef.round(12), round(solution.intercept, 12), solution.rank
    (array([2.]), 1.0, 1)
    """
    if fit_intercept:
        X_mean = X.mean(axis=0)
        y_mean = y.mean()
        coef, _residuals, rank, singular_values = np.linalg.lstsq(X - X_mean, y - y_mean,
                                                                  rcond=None)
        intercept = float(y_mean - X_mean @ coef)
    else:
        coef, _residuals, rank, singular_values = np.linalg.lstsq(X, y, rcond=None)
        intercept = 0.0
    return LeastSquares(coef=coef, intercept=intercept, rank=int(rank),
                        singular_values=singular_values)
