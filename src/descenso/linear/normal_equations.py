"""Least squares in closed form, the optimum that gradient descent walks towards.

Solving the normal equations ``XᵀX w = Xᵀy`` directly squares the condition number, so this
factors the data instead: ``[X - mean, y - mean(y)] = Q R`` (centring removes the intercept from
the problem). The triangular ``R``, of shape (n_features + 1, n_features + 1), holds everything
least squares needs: ``X_c = Q R[:, :d]`` with ``Q``'s columns orthonormal, so ``X_c`` and
``R[:, :d]`` have the same singular values, and minimising ``||X_c w - y_c||`` is minimising
``||R[:, :d] w - R[:, d]||``. That small system goes to ``np.linalg.lstsq``, an SVD-based solve.

``R`` is built a block of rows at a time (``R ← qr([R; next block])``), so the only copies made
are of one block (at most 8 MB, or an eighth of the rows): ``X`` is never copied whole, and the
answer is as accurate as a QR or SVD of all of ``X_c`` at once.

When the columns are linearly dependent - one-hot columns that always sum to 1 alongside an
intercept are the classic case - many weight vectors fit equally well; ``lstsq`` returns the
one of smallest norm, as scikit-learn's ``LinearRegression`` does, and the deficiency is
reported as ``rank < n_features`` (singular values below ``eps · max(n_samples, n_features)``
times the largest count as zero, NumPy's default).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["LeastSquares", "least_squares"]

_BLOCK_BYTES = 8 * 2**20  # rows are factored in blocks of about this size


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
    y : ndarray of shape (n_samples,), float, the same dtype
    fit_intercept : bool
        Fit ``intercept``; otherwise it is 0.

    >>> X = np.array([[0.0], [1.0], [2.0]])
    >>> solution = least_squares(X, 2 * X[:, 0] + 1)
    >>> solution.coef.round(12), round(solution.intercept, 12), solution.rank
    (array([2.]), 1.0, 1)
    """
    n_samples, n_features = X.shape
    if fit_intercept:
        X_mean, y_mean = X.mean(axis=0), y.mean()
    else:
        X_mean, y_mean = np.zeros(n_features, X.dtype), X.dtype.type(0.0)
    R = _triangular_factor(X, y, X_mean, y_mean)
    rows = min(R.shape[0], n_features)  # R's last row, if any, is the residual's norm alone
    cutoff = np.finfo(R.dtype).eps * max(n_samples, n_features)
    coef, _residuals, rank, singular_values = np.linalg.lstsq(R[:rows, :n_features],
                                                              R[:rows, n_features], rcond=cutoff)
    intercept = float(y_mean - X_mean @ coef) if fit_intercept else 0.0
    return LeastSquares(coef=coef, intercept=intercept, rank=int(rank),
                        singular_values=singular_values)


def _triangular_factor(X: np.ndarray, y: np.ndarray, X_mean, y_mean) -> np.ndarray:
    """``R`` of ``[X - X_mean, y - y_mean] = Q R``, shape (min(n, d + 1), d + 1), by blocks."""
    n_samples, n_features = X.shape
    width = n_features + 1
    # Blocks of at most 8 MB and at most an eighth of the rows (so the copies stay small next
    # to X however big it is), but several times wider than R (so R is refactored rarely).
    block = max(4 * width, min(_BLOCK_BYTES // (X.dtype.itemsize * width), -(-n_samples // 8)))
    # One buffer for [R; block]: R's rows on top, the next centred block of [X, y] below.
    work = np.empty((width + min(block, n_samples), width), X.dtype)
    R = work[:0]
    for start in range(0, n_samples, block):
        stop = min(start + block, n_samples)
        top = R.shape[0]
        work[:top] = R
        np.subtract(X[start:stop], X_mean, out=work[top:top + stop - start, :n_features])
        np.subtract(y[start:stop], y_mean, out=work[top:top + stop - start, n_features])
        R = np.linalg.qr(work[:top + stop - start], mode="r")
    return R
