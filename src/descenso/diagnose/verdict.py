"""The learner's bias / variance / fit verdict, read off training and validation R².

- **bias** is high when the training R² is below 0.3, medium below 0.7, low otherwise: how much
  of the target's variance the model fails to explain even on the rows it learned from;
- **variance** is high when training and validation R² differ by more than 0.2, medium above
  0.1, low otherwise: how much worse the model does on rows it has not seen;
- the **fit** is "underfit" when the training R² is below 0.3, "overfit" when the training R²
  is at least 0.7 and exceeds the validation R² by more than 0.2, and "fit" otherwise.

All the cut-offs live in :class:`Thresholds` and can be changed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = ["Thresholds", "bias_level", "fit_verdict", "variance_level"]


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs of the diagnosis (R² values, except where noted)."""

    bias_high: float = 0.3
    bias_medium: float = 0.7
    variance_high: float = 0.2
    variance_medium: float = 0.1
    underfit: float = 0.3
    overfit_train: float = 0.7
    overfit_gap: float = 0.2
    #: training MSE may exceed the least-squares optimum by this fraction and count as converged
    optimality_gap: float = 0.01
    #: ratio of the largest to the smallest feature standard deviation that triggers a warning
    scale_ratio: float = 10.0

    def to_dict(self) -> dict:
        return asdict(self)


def bias_level(r2_train: float, thresholds: Thresholds = Thresholds()) -> str:
    """``"high"``, ``"medium"`` or ``"low"`` from the training R².

    >>> bias_level(0.3755), bias_level(0.25), bias_level(0.9)
    ('medium', 'high', 'low')
    """
    if r2_train < thresholds.bias_high:
        return "high"
    if r2_train < thresholds.bias_medium:
        return "medium"
    return "low"


def variance_level(r2_train: float, r2_val: float, thresholds: Thresholds = Thresholds()) -> str:
    """``"high"``, ``"medium"`` or ``"low"`` from ``|r2_train - r2_val|``.

    >>> variance_level(0.3755, 0.3729), variance_level(0.9, 0.75), variance_level(0.9, 0.5)
    ('low', 'medium', 'high')
    """
    gap = abs(r2_train - r2_val)
    if gap > thresholds.variance_high:
        return "high"
    if gap > thresholds.variance_medium:
        return "medium"
    return "low"


def fit_verdict(r2_train: float, r2_val: float, thresholds: Thresholds = Thresholds()) -> str:
    """``"underfit"``, ``"overfit"`` or ``"fit"``.

    >>> fit_verdict(0.2, 0.2), fit_verdict(0.95, 0.6), fit_verdict(0.532, 0.4978)
    ('underfit', 'overfit', 'fit')
    """
    if r2_train < thresholds.underfit:
        return "underfit"
    if r2_train >= thresholds.overfit_train and r2_train - r2_val > thresholds.overfit_gap:
        return "overfit"
    return "fit"
