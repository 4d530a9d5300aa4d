"""Question 2, bias (approximation): can this model class represent the relationship?

A low score alone cannot say: noise nobody can predict gives low scores too. The evidence is a
*reference* that can represent more: the same model on curved features, fitted on the same
training rows. Each feature gets a piecewise-linear spline (hinges ``max(0, z - knot)`` at its
quantiles, which bend to any shape along one feature: a square, a sine, a step) and, for up to
12 features, every product of two (interactions). On a large table the reference sees a
random subset of the rows (at most 5,000, fewer when there are many curved columns). If the
reference predicts the validation rows clearly better, the original model class is missing
structure that is there to be learned.

Both are fitted with ridge regularization chosen by generalized cross-validation on the
training rows, so that a reference with many more columns is not punished for its variance
(nor the original model for its own): the comparison isolates what each class can represent.
Classifiers are refitted (``clone`` + ``fit``) on the expanded features instead.

A second piece of evidence is the structure left in the residuals: a RESET-style test regresses
the training residuals on the squared and cubed fitted values; the share of their variance this
explains is compared with the same share after shuffling the residuals (a permutation test), so
no distributional assumption is needed.
"""

from __future__ import annotations

import numpy as np

from descenso.diagnose.errors_per_row import is_classifier, row_errors
from descenso.diagnose.estimation import default_refit
from descenso.diagnose.finding import Finding, bootstrap_interval

__all__ = ["check_bias", "curved_features", "reset_test", "ridge_gcv"]

#: above this many features, the reference adds no pairwise products (they grow as d²)
_MAX_INTERACTING = 12
#: the reference is fitted on at most this many training rows, and compared on at most this
#: many validation rows (a random subset): enough to see a difference of a few percent, and a
#: bounded cost in memory and time on a table of millions of rows
MAX_ROWS = 5_000
#: ... and at most this many values of curved features (rows x columns, 1 MB), so the
#: reference's temporaries stay small beside the table itself
_MAX_VALUES = 1 << 17
#: quantiles of each feature where its spline may bend
_KNOTS = (0.1, 0.25, 0.5, 0.75, 0.9)
_PERMUTATIONS = 199


def check_bias(model, X_train, y_train, X_val, y_val, baseline: float,
               rng: np.random.Generator, *, margin: float = 0.02,
               confidence: float = 0.95) -> Finding:
    """The bias finding: validation error of the model class minus the reference's.

    ``value`` is that difference as a fraction of ``baseline``; the problem is shown when it is
    at least ``margin`` and its bootstrap interval (validation rows resampled, the two errors
    paired) lies above zero.
    """
    d = np.shape(X_train)[1]
    width = d * (1 + len(_KNOTS)) + (d * (d - 1) // 2 if 1 < d <= _MAX_INTERACTING else 0)
    rows = max(min(MAX_ROWS, _MAX_VALUES // max(width, 1)), 2 * width // 3, 50)
    X_train, y_train = _subset(np.asarray(X_train), y_train, rng, rows)
    X_val, y_val = _subset(np.asarray(X_val), y_val, rng, rows)
    X_train, X_val = X_train.astype(np.float64), X_val.astype(np.float64)
    expand = _Expansion(X_train)
    if is_classifier(model):
        plain = model
        refit = default_refit(model)
        if refit is None:
            return Finding("bias", problem=None)
        reference = refit(expand(X_train), y_train)
        plain_val = row_errors(plain, X_val, y_val)
        ref_val = row_errors(reference, expand(X_val), y_val)
        residual = None
    else:
        y_train = np.asarray(y_train, dtype=np.float64)
        y_val = np.asarray(y_val, dtype=np.float64)
        plain = ridge_gcv(X_train, y_train)
        reference = ridge_gcv(expand(X_train), y_train)
        plain_val = (y_val - plain.predict(X_val)) ** 2
        ref_val = (y_val - reference.predict(expand(X_val))) ** 2
        fitted = plain.predict(X_train)
        residual = reset_test(fitted, y_train - fitted, rng)
    difference = plain_val - ref_val
    value = float(difference.mean()) / baseline
    low, high = bootstrap_interval(lambda i: difference[i].mean(axis=1) / baseline,
                                   [len(difference)], rng, confidence=confidence)
    evidence = {"model_val_error": float(plain_val.mean()),
                "reference_val_error": float(ref_val.mean()),
                "reference": expand.description, "n_reference_features": expand.n_out}
    if residual is not None:
        evidence["reset_share"], evidence["reset_p_value"] = residual
    return Finding("bias", problem=bool(value >= margin and low > 0), value=value, low=low,
                   high=high, confidence=confidence, evidence=evidence)


class _Expansion:
    """Standardize with the training rows' statistics, then add splines (and products)."""

    def __init__(self, X_train: np.ndarray):
        self.mean = X_train.mean(axis=0)
        std = X_train.std(axis=0)
        self.keep = std > 0
        self.std = np.where(self.keep, std, 1.0)
        Z = self._standard(X_train)
        self.knots = [np.unique(np.quantile(column, _KNOTS)) for column in Z.T]
        d = Z.shape[1]
        self.interactions = 1 < d <= _MAX_INTERACTING
        self.n_out = curved_features(Z[:1], self.knots, self.interactions).shape[1]
        self.description = "splines and products" if self.interactions else "splines"

    def _standard(self, X: np.ndarray) -> np.ndarray:
        return ((X - self.mean) / self.std)[:, self.keep]

    def __call__(self, X: np.ndarray) -> np.ndarray:
        return curved_features(self._standard(X), self.knots, self.interactions)


def curved_features(Z: np.ndarray, knots, interactions: bool = True) -> np.ndarray:
    """Columns of ``Z`` (n, d), a hinge ``max(0, z - k)`` per knot of each column and, with
    ``interactions``, the product of every pair of columns.

    >>> curved_features(np.array([[1.0, 2.0]]), [np.array([0.0]), np.array([3.0])]).tolist()
    [[1.0, 2.0, 1.0, 0.0, 2.0]]
    """
    parts = [Z] + [np.maximum(Z[:, [j]] - k, 0.0) for j, k in enumerate(knots)]
    if interactions and Z.shape[1] > 1:
        rows, cols = np.triu_indices(Z.shape[1], k=1)
        parts.append(Z[:, rows] * Z[:, cols])
    return np.hstack(parts)


class _Ridge:
    def __init__(self, coef, intercept, mean, alpha):
        self.coef, self.intercept, self.mean, self.alpha = coef, intercept, mean, alpha

    def predict(self, X: np.ndarray) -> np.ndarray:
        return (X - self.mean) @ self.coef + self.intercept


def ridge_gcv(X: np.ndarray, y: np.ndarray, alphas: np.ndarray | None = None) -> _Ridge:
    """Ridge regression whose penalty minimises the generalized cross-validation error.

    With the SVD ``X_c = U S Vᵀ`` of the centred features, the fitted values for a penalty α are
    ``U diag(s²/(s²+α)) Uᵀ y_c``, so every α on the grid costs one pass over ``s``:
    ``GCV(α) = n ||y_c − ŷ||² / (n − Σ s²/(s²+α))²``.

    >>> X = np.arange(10.0).reshape(-1, 1); y = 2 * X[:, 0] + 1
    >>> model = ridge_gcv(X, y)
    >>> np.allclose(model.predict(X), y, atol=1e-3)
    True
    """
    mean = X.mean(axis=0)
    y_mean = float(y.mean())
    U, s, Vt = np.linalg.svd(X - mean, full_matrices=False)
    Uy = U.T @ (y - y_mean)
    n = len(y)
    scale = float(s[0] ** 2) if s.size and s[0] > 0 else 1.0
    grid = scale * np.logspace(-10, 2, 49) if alphas is None else np.asarray(alphas)
    rest = float(((y - y_mean) ** 2).sum() - (Uy ** 2).sum())  # the part outside U's span
    best, best_score = grid[0], np.inf
    for alpha in grid:
        shrink = s * s / (s * s + alpha)
        residual = float((((1.0 - shrink) * Uy) ** 2).sum()) + max(rest, 0.0)
        dof = float(shrink.sum())
        if n - dof <= 0.5:
            continue
        score = n * residual / (n - dof) ** 2
        if score < best_score:
            best, best_score = alpha, score
    coef = Vt.T @ (s / (s * s + best) * Uy)
    return _Ridge(coef, y_mean, mean, float(best))


def reset_test(fitted: np.ndarray, residual: np.ndarray, rng: np.random.Generator,
               n_permutations: int = _PERMUTATIONS) -> tuple[float, float]:
    """Share of the residuals' variance explained by ``fitted²`` and ``fitted³``, and its
    permutation p-value (the chance that shuffled residuals show as much structure).

    >>> rng = np.random.default_rng(0)
    >>> f = np.linspace(-1, 1, 200)
    >>> share, p = reset_test(f, f ** 2 - np.mean(f ** 2), rng)
    >>> share > 0.9, p < 0.01
    (True, True)
    """
    z = (fitted - fitted.mean()) / (fitted.std() or 1.0)
    design = np.column_stack([z ** 2, z ** 3])
    design -= design.mean(axis=0)
    q, _ = np.linalg.qr(design)
    r = residual - residual.mean()
    total = float(r @ r)
    if total == 0.0:
        return 0.0, 1.0
    share = float(np.sum((q.T @ r) ** 2)) / total
    above = sum(float(np.sum((q.T @ rng.permutation(r)) ** 2)) / total >= share
                for _ in range(n_permutations))
    p_value = (1 + above) / (n_permutations + 1)
    return share, p_value


def _subset(X: np.ndarray, y, rng: np.random.Generator,
            most: int) -> tuple[np.ndarray, np.ndarray]:
    """At most ``most`` rows of ``(X, y)``, drawn at random (all of them if fewer)."""
    y = np.asarray(y)
    if len(y) <= most:
        return X, y
    rows = np.sort(rng.choice(len(y), size=most, replace=False))
    return X[rows], y[rows]
