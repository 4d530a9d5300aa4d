"""How big a gradient step can be: the curvature of the mean squared error.

For ``loss(θ) = mean((y - A θ) ** 2)`` with ``A = [X, 1]`` (the column of ones carries the
intercept), the Hessian is the constant matrix ``H = (2/n) AᵀA``. Along an eigenvector of ``H``
with eigenvalue ``λ``, one step of size ``lr`` multiplies the error by ``1 - lr λ``. So:

- the step is **stable** only while ``lr < 2 / L``, where ``L`` is the largest eigenvalue (the
  *stability limit*); beyond it the loss grows without bound;
- the slowest direction shrinks by ``1 - lr μ`` per step, ``μ`` being the smallest non-zero
  eigenvalue, so ``L / μ`` (the *condition number*) says how many steps convergence takes;
- the step that shrinks the worst direction fastest is ``2 / (L + μ)``.

``lr="auto"`` uses ``2 / (L + μ)``, capped at 95 % of the stability limit so rounding can never
push it over. Features on very different scales make ``L / μ`` large; standardizing them is
what shrinks it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Curvature", "augmented_gram", "curvature", "sgd_auto_lr"]

_AUTO_CAP = 0.95


@dataclass(frozen=True)
class Curvature:
    """Largest and smallest non-zero eigenvalues of the MSE Hessian ``(2/n) AᵀA``."""

    largest: float
    smallest: float

    @property
    def stability_limit(self) -> float:
        """``2 / L``: any larger learning rate makes full-batch gradient descent diverge."""
        return 2.0 / self.largest if self.largest > 0 else float("inf")

    @property
    def auto_lr(self) -> float:
        """The fastest safe constant step, ``min(2 / (L + μ), 0.95 · 2 / L)``."""
        if self.largest <= 0:
            return 1.0
        return min(2.0 / (self.largest + self.smallest), _AUTO_CAP * self.stability_limit)

    @property
    def condition_number(self) -> float:
        """``L / μ``: roughly how many steps of size ``1/L`` it takes to shrink an error e-fold."""
        return self.largest / self.smallest if self.smallest > 0 else float("inf")

    @classmethod
    def from_gram(cls, gram: np.ndarray, n_samples: int) -> Curvature:
        """From the Gram matrix ``AᵀA`` of ``n_samples`` rows."""
        eigenvalues = np.linalg.eigvalsh(gram.astype(np.float64)) * (2.0 / n_samples)
        largest = float(eigenvalues[-1])
        # Eigenvalues below rounding noise belong to directions the data cannot see (e.g.
        # one-hot columns plus an intercept); gradient descent never moves along them.
        noise = largest * gram.shape[0] * np.finfo(gram.dtype).eps
        visible = eigenvalues[eigenvalues > noise]
        smallest = float(visible[0]) if visible.size else largest
        return cls(largest=largest, smallest=smallest)


def augmented_gram(X: np.ndarray, y: np.ndarray, fit_intercept: bool = True):
    """``AᵀA`` and ``Aᵀy`` with ``A = [X, 1]`` (or ``A = X`` without an intercept).

    Shapes: (p, p) and (p,), ``p = n_features + 1`` with an intercept. The intercept is last.
    ``A`` itself is never built (it would copy ``X``): its blocks are ``XᵀX``, the column sums
    ``Xᵀ1`` and ``1ᵀ1 = n``.

    >>> gram, moment = augmented_gram(np.array([[1.0], [2.0]]), np.array([3.0, 5.0]))
    >>> gram
    array([[5., 3.],
           [3., 2.]])
    >>> moment
    array([13.,  8.])
    """
    if not fit_intercept:
        return X.T @ X, X.T @ y
    n_features = X.shape[1]
    gram = np.empty((n_features + 1, n_features + 1), X.dtype)
    gram[:n_features, :n_features] = X.T @ X
    gram[:n_features, n_features] = gram[n_features, :n_features] = X.sum(axis=0)
    gram[n_features, n_features] = X.shape[0]
    moment = np.empty(n_features + 1, X.dtype)
    moment[:n_features] = X.T @ y
    moment[n_features] = y.sum()
    return gram, moment


def curvature(X: np.ndarray, fit_intercept: bool = True) -> Curvature:
    """The MSE curvature of ``X`` (n_samples, n_features) with or without an intercept.

    >>> X = np.array([[1.0], [-1.0]])
    >>> c = curvature(X)
    >>> c.largest, c.smallest, c.stability_limit
    (2.0, 2.0, 1.0)
    >>> c.auto_lr
    0.5
    """
    gram, _moment = augmented_gram(X, np.zeros(X.shape[0], X.dtype), fit_intercept)
    return Curvature.from_gram(gram, X.shape[0])


def sgd_auto_lr(X: np.ndarray, batch_size: int, fit_intercept: bool = True) -> float:
    """A step that is stable for every minibatch of ``batch_size`` rows of ``X``.

    A batch's Hessian ``(2/B) Σ a_i a_iᵀ`` has its largest eigenvalue below its trace,
    ``(2/B) Σ ||a_i||²``, which is at most twice the mean of the ``B`` largest ``||a_i||²``.
    The step is one over that bound, so it is at most ``1 / L`` of any batch.

    >>> sgd_auto_lr(np.array([[1.0], [3.0]]), batch_size=1)
    0.05
    """
    row_norms = np.einsum("ij,ij->i", X, X) + (1.0 if fit_intercept else 0.0)
    batch = min(batch_size, row_norms.shape[0])
    largest = np.partition(row_norms, row_norms.shape[0] - batch)[-batch:]
    bound = 2.0 * float(largest.mean())
    return 1.0 / bound if bound > 0 else 1.0
