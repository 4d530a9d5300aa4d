"""``diagnose``: the learner's verdict from training and validation R², plus what it leaves out.

- **bias** is high when the training R² is below 0.3, medium below 0.7, low otherwise: how much
  of the target's variance the model fails to explain even on the rows it learned from;
- **variance** is high when training and validation R² differ by more than 0.2, medium above
  0.1, low otherwise: how much worse the model does on rows it has not seen;
- the **fit** is "underfit" when the training R² is below 0.3, "overfit" when the training R²
  is at least 0.7 and exceeds the validation R² by more than 0.2, and "fit" otherwise.

The cut-offs live in :class:`Thresholds`. A model trained by gradient descent can get a poor R²
because it never finished training, and then "high bias" is the wrong lesson. So when it is
given the model and its training rows, ``diagnose`` also says whether training reached the
least-squares optimum, how far above it the training MSE stopped, how the learning rate
compares with the largest stable one, and whether the features' scales slow descent down.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

from descenso.diagnose import convergence
from descenso.diagnose.convergence import ConvergenceReport, check_convergence
from descenso.diagnose.scaling import ScalingReport, check_scaling
from descenso.errors import DataError
from descenso.i18n import N_
from descenso.i18n import gettext as _

__all__ = ["Diagnosis", "Thresholds", "bias_level", "diagnose", "fit_verdict", "scaling_lines",
           "variance_level"]

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


_WORDS = {
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
    "underfit": N_("underfitting"),
    "overfit": N_("overfitting"),
    "fit": N_("good fit"),
}


@dataclass(frozen=True)
class Diagnosis:
    """The result of :func:`diagnose`; ``text()`` gives it as sentences, ``to_dict()`` as data.

    ``bias`` and ``variance`` are ``"high"``, ``"medium"`` or ``"low"``; ``fit`` is
    ``"underfit"``, ``"overfit"`` or ``"fit"``. ``convergence`` and ``scaling`` are None when
    the model or the training rows were not given.
    """

    r2_train: float
    r2_val: float
    bias: str
    variance: str
    fit: str
    thresholds: Thresholds
    r2_test: float | None = None
    convergence: ConvergenceReport | None = None
    scaling: ScalingReport | None = None

    @property
    def r2_gap(self) -> float:
        """Training minus validation R²."""
        return self.r2_train - self.r2_val

    def to_dict(self) -> dict:
        """Plain data (numbers, strings, nested dicts), with the sentences under ``"text"``."""
        data = {field.name: getattr(self, field.name) for field in fields(self)}
        for name in ("thresholds", "convergence", "scaling"):
            data[name] = None if data[name] is None else data[name].to_dict()
        return {**data, "r2_gap": self.r2_gap, "text": self.text()}

    def text(self) -> list[str]:
        """The diagnosis as sentences in the current language, one per line."""
        limits = self.thresholds
        scores = _("R² train {train:.4f}, validation {val:.4f}").format(
            train=self.r2_train, val=self.r2_val)
        if self.r2_test is not None:
            scores += _(", test {test:.4f}").format(test=self.r2_test)
        lines = [
            scores,
            _("bias: {level} (training R² {r2:.4f}; high below {high:g}, medium below "
              "{medium:g})").format(level=_(_WORDS[self.bias]), r2=self.r2_train,
                                    high=limits.bias_high, medium=limits.bias_medium),
            _("variance: {level} (train and validation R² differ by {gap:.4f}; high above "
              "{high:g}, medium above {medium:g})").format(
                level=_(_WORDS[self.variance]), gap=abs(self.r2_gap),
                high=limits.variance_high, medium=limits.variance_medium),
            _("verdict: {verdict}").format(verdict=_(_WORDS[self.fit])),
        ]
        if self.convergence is not None:
            lines += _convergence_lines(self.convergence)
        if self.scaling is not None:
            lines += scaling_lines(self.scaling)
        return lines


def _convergence_lines(report: ConvergenceReport) -> list[str]:
    if report.converged and report.gap < 0.001:  # "within 0.0%" would say nothing
        lines = [_("converged: the training MSE {mse:.4g} is the least-squares optimum "
                   "{optimum:.4g} to within 0.1%").format(
            mse=report.train_mse, optimum=report.optimal_mse)]
    elif report.converged:
        lines = [_("converged: the training MSE {mse:.4g} is within {gap:.1%} of the "
                   "least-squares optimum {optimum:.4g}").format(
            mse=report.train_mse, gap=report.gap, optimum=report.optimal_mse)]
    else:
        if report.solver == "sgd":
            stopped = _("not converged: after {n_iter} epochs the training MSE {mse:.4g} "
                        "stopped {gap:.0%} above the least-squares optimum {optimum:.4g}")
        else:
            stopped = _("not converged: after {n_iter} steps the training MSE {mse:.4g} "
                        "stopped {gap:.0%} above the least-squares optimum {optimum:.4g}")
        lines = [
            stopped.format(n_iter=report.n_iter if report.n_iter is not None else "?",
                           mse=report.train_mse, gap=report.gap, optimum=report.optimal_mse),
            _("the least-squares optimum reaches R² {optimum:.4f} on the training rows, against "
              "{r2:.4f} here: the verdict above judges where training stopped, not what a "
              "linear model can do").format(optimum=report.optimal_r2_train, r2=report.r2_train),
        ]
    return lines + convergence.convergence_advice(report)


def scaling_lines(report: ScalingReport) -> list[str]:
    """Advice when the features' scales differ widely, with what standardizing would gain."""
    lines = []
    if report.warn:
        lines.append(
            _("scaling: feature scales differ by {ratio:.0f}x ({big} has std {big_std:.3g}, "
              "{small} {small_std:.3g}); standardize the features").format(
                ratio=report.ratio, big=report.largest_feature, big_std=report.largest_std,
                small=report.smallest_feature, small_std=report.smallest_std)
        )
    if report.standardizing_helps:
        lines.append(
            _("standardizing would shrink the condition number from {before:.3g} to {after:.3g}, "
              "so gradient descent would need about {factor:.0f}x fewer steps").format(
                before=report.condition_number, after=report.standardized_condition_number,
                factor=report.condition_number / report.standardized_condition_number)
        )
    return lines


def diagnose(r2_train: float, r2_val: float, *, r2_test: float | None = None, model=None,
             X_train=None, y_train=None, feature_names=None,
             thresholds: Thresholds | None = None) -> Diagnosis:
    """Judge bias, variance and fit from R², and convergence and scaling when it can.

    Parameters
    ----------
    r2_train, r2_val : float
        R² on the training and validation rows.
    r2_test : float, optional
        Reported alongside, never used in the verdict.
    model : fitted estimator, optional
        With ``X_train`` and ``y_train``, a model trained by descent (``solver`` other than
        "normal", ``loss="mse"``) is compared with the least-squares optimum.
    X_train : array-like of shape (n_samples, n_features), optional
        The rows the model was trained on (after any standardizing); also used for the
        scaling check.
    y_train : array-like of shape (n_samples,), optional
    feature_names : sequence of str, optional
        Names used in the scaling message.
    thresholds : Thresholds, optional
        The cut-offs; the learner's by default.

    >>> result = diagnose(0.3755, 0.3729)
    >>> result.bias, result.variance, result.fit
    ('medium', 'low', 'fit')
    >>> result.text()[3]
    'verdict: good fit'
    """
    limits = Thresholds() if thresholds is None else thresholds
    for name, value in (("r2_train", r2_train), ("r2_val", r2_val)):
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            raise DataError(
                _("{name} must be a finite number, got {value!r}").format(name=name, value=value)
            )
    convergence = None
    descended = getattr(model, "solver", "normal") != "normal"
    if (model is not None and X_train is not None and y_train is not None and descended
            and getattr(model, "loss", "mse") == "mse"):
        convergence = check_convergence(model, X_train, y_train, limits.optimality_gap)
    scaling = None
    if X_train is not None:
        scaling = check_scaling(X_train, feature_names, limits.scale_ratio,
                                bool(getattr(model, "fit_intercept", True)))
    return Diagnosis(
        r2_train=float(r2_train),
        r2_val=float(r2_val),
        r2_test=None if r2_test is None else float(r2_test),
        bias=bias_level(r2_train, limits),
        variance=variance_level(r2_train, r2_val, limits),
        fit=fit_verdict(r2_train, r2_val, limits),
        thresholds=limits,
        convergence=convergence,
        scaling=scaling,
    )
