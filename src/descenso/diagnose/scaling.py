"""Are the features on wildly different scales? Would standardizing help gradient descent?

Gradient descent takes one step size for every weight. When one feature varies a hundred times
more than another, the loss is a long narrow valley: the step that is safe across it is tiny
along it, and training crawls. The condition number ``L/μ`` of
:mod:`descenso.linear.step_size` measures exactly that, before and after standardizing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from descenso.linear.step_size import Curvature

__all__ = ["ScalingReport", "check_scaling"]

# Values per block of rows (8 MB of float64): the only temporaries the check allocates.
_BLOCK_VALUES = 1 << 20


@dataclass(frozen=True)
class ScalingReport:
    """Spread of the feature scales and what standardizing would do.

    Attributes
    ----------
    ratio : float, largest over smallest standard deviation (constant columns ignored)
    largest_feature, smallest_feature : str, the names of those two columns
    largest_std, smallest_std : float
    condition_number : float, ``L/μ`` of the features as given
    standardized_condition_number : float, ``L/μ`` after standardizing
    warn : bool, ``ratio`` at or above the threshold
    """

    ratio: float
    largest_feature: str
    smallest_feature: str
    largest_std: float
    smallest_std: float
    condition_number: float
    standardized_condition_number: float
    warn: bool

    @property
    def standardizing_helps(self) -> bool:
        """Standardizing would cut the condition number (and so the steps needed) tenfold."""
        return self.condition_number >= 10 * self.standardized_condition_number

    def to_dict(self) -> dict:
        result = asdict(self)
        result["standardizing_helps"] = self.standardizing_helps
        return result


def check_scaling(X_train, feature_names=None, scale_ratio: float = 10.0,
                  fit_intercept: bool = True) -> ScalingReport | None:
    """Compare the standard deviations of the columns of ``X_train`` (n, d).

    Returns None when fewer than two columns vary. Both condition numbers come from ``d x d``
    Gram matrices accumulated a block of rows at a time, so the check never copies ``X_train``
    (a million-row table would otherwise need several copies of itself).

    >>> X = np.array([[1.0, 100.0], [2.0, 300.0], [3.0, 200.0]])
    >>> report = check_scaling(X, ["small", "big"])
    >>> round(report.ratio), report.largest_feature, report.warn
    (100, 'big', True)
    """
    X = np.asarray(X_train)
    if X.dtype not in (np.float32, np.float64):
        X = X.astype(np.float64)
    names = ([f"x{index}" for index in range(X.shape[1])] if feature_names is None
             else [str(name) for name in feature_names])
    n_samples = X.shape[0]
    mean = X.mean(axis=0, dtype=np.float64)
    gram, centred, centred_sums = _gram_matrices(X, mean)
    std = np.sqrt(np.maximum(np.diag(centred), 0.0) / n_samples)
    varying = np.flatnonzero(std > 10 * np.finfo(np.float64).eps * np.abs(mean))
    if varying.size < 2:
        return None
    largest = varying[np.argmax(std[varying])]
    smallest = varying[np.argmin(std[varying])]
    ratio = float(std[largest] / std[smallest])
    return ScalingReport(
        ratio=ratio,
        largest_feature=names[largest],
        smallest_feature=names[smallest],
        largest_std=float(std[largest]),
        smallest_std=float(std[smallest]),
        condition_number=_condition_number(gram, n_samples * mean, n_samples, fit_intercept),
        standardized_condition_number=_condition_number(
            *_standardized_gram(centred, centred_sums, mean, std, varying, n_samples),
            n_samples, fit_intercept),
        warn=ratio >= scale_ratio,
    )


def _gram_matrices(X: np.ndarray, mean: np.ndarray):
    """``XᵀX``, the centred ``(X - m)ᵀ(X - m)`` and the centred column sums (rounding only).

    Shapes (d, d), (d, d), (d,). Centring each block before its product, rather than using
    ``XᵀX - n m mᵀ``, keeps the small spread of a column with a large mean exact.
    """
    n_samples, n_features = X.shape
    gram = np.zeros((n_features, n_features))
    centred = np.zeros((n_features, n_features))
    centred_sums = np.zeros(n_features)
    block = max(1, _BLOCK_VALUES // max(n_features, 1))
    for start in range(0, n_samples, block):
        rows = X[start:start + block].astype(np.float64, copy=False)
        gram += rows.T @ rows
        rows = rows - mean
        centred += rows.T @ rows
        centred_sums += rows.sum(axis=0)
    return gram, centred, centred_sums


def _standardized_gram(centred, centred_sums, mean, std, varying, n_samples):
    """``ZᵀZ`` and ``Zᵀ1`` of ``X`` with its varying columns standardized, from the centred
    Gram matrix: ``Z = (Xc + 1 eᵀ) D`` with ``e`` the means of the columns left alone."""
    kept = np.ones(mean.shape[0], dtype=bool)
    kept[varying] = False
    offset = np.where(kept, mean, 0.0)
    scale = np.ones_like(std)
    scale[varying] = std[varying]
    gram = (centred + np.outer(centred_sums, offset) + np.outer(offset, centred_sums)
            + n_samples * np.outer(offset, offset))
    gram /= np.outer(scale, scale)
    return gram, (centred_sums + n_samples * offset) / scale


def _condition_number(gram: np.ndarray, sums: np.ndarray, n_samples: int,
                      fit_intercept: bool) -> float:
    """``L/μ`` of the rows whose ``XᵀX`` is ``gram`` and column sums ``sums`` (see
    :func:`descenso.linear.step_size.augmented_gram`)."""
    if fit_intercept:
        n_features = gram.shape[0]
        augmented = np.empty((n_features + 1, n_features + 1))
        augmented[:n_features, :n_features] = gram
        augmented[:n_features, n_features] = augmented[n_features, :n_features] = sums
        augmented[n_features, n_features] = n_samples
        gram = augmented
    return Curvature.from_gram(gram, n_samples).condition_number
