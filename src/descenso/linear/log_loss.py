"""The objective of logistic and softmax regression: regularized log-loss, its gradient,
its curvature bound and Hessian-vector products.

The weights are one matrix ``θ`` of shape (m, d + 1): row ``k`` holds class ``k``'s ``d``
weights and, last, its intercept (kept 0 when there is none). ``m = 1`` for two classes (one
logit ``z``, the probability of the second class is ``sigmoid(z)``, as scikit-learn does) and
``m = K`` for ``K > 2`` classes (softmax of ``K`` logits). With ``A = [X, 1]`` the logits are
``Z = A θᵀ`` (n, m), ``P`` their probabilities and ``Y`` the targets (0/1 column, or one-hot).

The objective is scikit-learn's ``LogisticRegression(C=C)`` divided by ``C n``, so it has the
same minimiser::

    f(θ) = mean_i(-log p_i[y_i]) + (α/2) ||W||²,    α = 1 / (C n)

(``W`` is ``θ`` without the intercept column: the intercept is not penalised). Both cases
have the same gradient, forward and backward side by side::

    ∇f = (P - Y)ᵀ A / n + α [W, 0]

Curvature: the Hessian is ``Aᵀ D A / n + α`` with ``D = p(1 - p) <= 1/4`` (sigmoid) or
``D = diag(p) - p pᵀ``, whose eigenvalues are at most 1/2 (softmax, Böhning's bound). So
``L = λmax(AᵀA/n) / 4 + α`` (two classes) or ``/ 2`` (more) bounds it everywhere, and a
step ``1 / L`` lowers ``f`` at every iteration by at least ``||∇f||² / (2L)``.
"""

from __future__ import annotations

import numpy as np

from descenso.linear.step_size import curvature

__all__ = ["LogLoss"]


class LogLoss:
    """Regularized log-loss of a linear classifier on ``X`` (n, d) with labels ``y_index``.

    ``y_index`` holds class indices ``0 .. n_classes - 1`` (n,). ``alpha`` is the L2 strength
    ``1 / (C n)`` (0 for none).

    >>> X = np.array([[-1.0], [1.0]])
    >>> objective = LogLoss(X, np.array([0, 1]), n_classes=2, alpha=0.0)
    >>> loss, grad = objective.value_and_gradient(objective.zeros())
    >>> round(loss, 6), grad
    (0.693147, array([[-0.5,  0. ]]))
    """

    def __init__(self, X: np.ndarray, y_index: np.ndarray, n_classes: int, alpha: float,
                 fit_intercept: bool = True):
        self.X = X
        self.n_samples, self.n_features = X.shape
        self.binary = n_classes == 2
        self.n_rows = 1 if self.binary else n_classes
        self.alpha = float(alpha)
        self.fit_intercept = fit_intercept
        if self.binary:
            self.Y = y_index.astype(X.dtype).reshape(-1, 1)
        else:
            self.Y = np.zeros((self.n_samples, n_classes), X.dtype)
            self.Y[np.arange(self.n_samples), y_index] = 1.0

    def zeros(self) -> np.ndarray:
        """The starting weights: all zero, shape (m, d + 1)."""
        return np.zeros((self.n_rows, self.n_features + 1), self.X.dtype)

    def logits(self, theta: np.ndarray, X: np.ndarray | None = None) -> np.ndarray:
        """``Z = X Wᵀ + b``, shape (n, m)."""
        X = self.X if X is None else X
        return X @ theta[:, :-1].T + theta[:, -1]

    def probabilities(self, logits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(P, per-sample losses)`` for logits (n, m), computed without overflow."""
        if self.binary:
            # -log p(y=1) = log(1 + e^-z), -log p(y=0) = log(1 + e^z)
            softplus = np.logaddexp(0.0, logits)
            probs = np.exp(logits - softplus)
            losses = softplus[:, 0] - self.Y[:, 0] * logits[:, 0]
            return probs, losses
        top = logits.max(axis=1, keepdims=True)
        shifted = logits - top
        log_norm = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        probs = np.exp(shifted - log_norm)
        losses = log_norm[:, 0] - np.einsum("nk,nk->n", shifted, self.Y)
        return probs, losses

    def value_and_gradient(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        """``f(θ)`` (a float64 number) and ``∇f(θ)`` (same shape and dtype as ``θ``)."""
        probs, losses = self.probabilities(self.logits(theta))
        residual = probs - self.Y                                  # (n, m)
        weights = theta[:, :-1]
        value = float(np.mean(losses, dtype=np.float64))
        value += 0.5 * self.alpha * float(np.sum(weights.astype(np.float64) ** 2))
        grad = np.empty_like(theta)
        grad[:, :-1] = residual.T @ self.X
        grad[:, :-1] *= 1.0 / self.n_samples
        grad[:, :-1] += self.alpha * weights
        grad[:, -1] = residual.mean(axis=0) if self.fit_intercept else 0.0
        return value, grad

    def hessian_product(self, theta: np.ndarray, direction: np.ndarray) -> np.ndarray:
        """``H(θ) v`` for a direction ``v`` of θ's shape, without forming ``H``."""
        probs, _losses = self.probabilities(self.logits(theta))
        change = self.logits(direction)                            # A vᵀ, (n, m)
        if self.binary:
            response = probs * (1.0 - probs) * change
        else:
            response = probs * (change - np.einsum("nk,nk->n", probs, change)[:, None])
        product = np.empty_like(direction)
        product[:, :-1] = response.T @ self.X / self.n_samples + self.alpha * direction[:, :-1]
        product[:, -1] = response.mean(axis=0) if self.fit_intercept else 0.0
        return product

    def lipschitz(self) -> float:
        """An upper bound ``L`` of the Hessian's largest eigenvalue, for every ``θ``.

        ``curvature(X).largest`` is ``λmax((2/n) AᵀA)``, the mean squared error's curvature.
        """
        gram_largest = curvature(self.X, self.fit_intercept).largest / 2.0  # λmax(AᵀA/n)
        return gram_largest * (0.25 if self.binary else 0.5) + self.alpha
