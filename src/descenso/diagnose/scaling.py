"""Are the features on wildly different scales? Would standardizing help gradient descent?

Gradient descent takes one step size for every weight. When one feature varies a hundred times
more than another, the loss is a long narrow valley: the step that is safe across it is tiny
along it, and training crawls. The condition number ``L/μ`` of
:mod:`descenso.linear.step_size` measures exactly that, before and after standardizing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from descenso.linear.step_size import curvature

__all__ = ["ScalingReport", "check_scaling"]


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

    Returns None when fewer than two columns vary.

    >>> X = np.array([[1.0, 100.0], [2.0, 300.0], [3.0, 200.0]])
    >>> report = check_scaling(X, ["small", "big"])
    >>> round(report.ratio), report.largest_feature, report.warn
    (100, 'big', True)
    """
    X = np.asarray(X_train, dtype=np.float64)
    names = ([f"x{index}" for index in range(X.shape[1])] if feature_names is None
             else [str(name) for name in feature_names])
    std = X.std(axis=0)
    varying = np.flatnonzero(std > 10 * np.finfo(np.float64).eps * np.abs(X.mean(axis=0)))
    if varying.size < 2:
        return None
    largest = varying[np.argmax(std[varying])]
    smallest = varying[np.argmin(std[varying])]
    ratio = float(std[largest] / std[smallest])
    standardized = X.copy()
    standardized[:, varying] = (X[:, varying] - X[:, varying].mean(axis=0)) / std[varying]
    return ScalingReport(
        ratio=ratio,
        largest_feature=names[largest],
        smallest_feature=names[smallest],
        largest_std=float(std[largest]),
        smallest_std=float(std[smallest]),
        condition_number=curvature(X, fit_intercept).condition_number,
        standardized_condition_number=curvature(standardized, fit_intercept).condition_number,
        warn=ratio >= scale_ratio,
    )
