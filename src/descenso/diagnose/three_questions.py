"""``diagnose_model``: what stands between a trained model and the data, told apart.

Three different things can, and each calls for a different remedy:

1. **optimization**: training stopped short of what this model can do (train longer, use
   ``--lr auto``); judged exactly for linear models, from the training curve for networks;
2. **bias**: the model class cannot represent the relationship (add features or capacity);
   judged against a more flexible reference fitted on the same rows, and by the structure left
   in the residuals;
3. **variance**: the model fits its training rows better than new rows (more data,
   regularization, early stopping); judged by the train/validation gap with its bootstrap
   interval, and by the learning curve.

Each answer is a :class:`~descenso.diagnose.finding.Finding` with a number, an interval and
the evidence the report draws. The verdict names the first problem in that order, because an
unfinished training run makes every other judgement about an unfinished model.

>>> import numpy as np
>>> from descenso.linear import LinearRegression
>>> rng = np.random.default_rng(0)
>>> x = rng.uniform(-3, 3, size=(300, 1)); y = x[:, 0] ** 2 + rng.normal(0, 0.3, 300)
>>> line = LinearRegression().fit(x[:200], y[:200])
>>> diagnose_model(line, x[:200], y[:200], x[200:], y[200:]).verdict
'bias'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from descenso.advice import option
from descenso.diagnose.approximation import check_bias
from descenso.diagnose.errors_per_row import baseline_error, is_classifier
from descenso.diagnose.estimation import (
    check_variance,
    default_refit,
    learning_curve,
    more_data_helps,
)
from descenso.diagnose.finding import Finding
from descenso.diagnose.optimization import check_optimization
from descenso.errors import DataError
from descenso.i18n import N_
from descenso.i18n import gettext as _

__all__ = ["Margins", "ModelDiagnosis", "diagnose_model"]

QUESTIONS = ("optimization", "bias", "variance")
_WHICH = {"training": N_("training"), "validation": N_("validation")}
_NAMES = {"optimization": N_("optimization"), "bias": N_("bias"), "variance": N_("variance"),
          "good fit": N_("good fit")}


@dataclass(frozen=True)
class Margins:
    """How large each problem must be to count (fractions of the baseline error, except
    ``optimality_gap``, relative to the optimum, and ``still_falling``, relative to the loss)."""

    optimality_gap: float = 0.01
    still_falling: float = 0.01
    bias: float = 0.02
    #: for classifiers: log-loss also rewards confident probabilities, and a reference with
    #: more features is more confident on separable data without representing more
    bias_log_loss: float = 0.05
    variance: float = 0.05
    more_data: float = 0.02
    confidence: float = 0.95


@dataclass(frozen=True)
class ModelDiagnosis:
    """The result of :func:`diagnose_model`.

    Attributes
    ----------
    optimization, bias, variance : Finding
    baseline : float, the error of the best constant prediction (the unit of every value)
    classification : bool
    learning_curve : dict or None, arrays ``sizes``, ``train_error``, ``val_error``
    more_data_helps : bool or None
    """

    optimization: Finding
    bias: Finding
    variance: Finding
    baseline: float
    classification: bool
    learning_curve: dict | None = None
    more_data_helps: bool | None = None
    margins: Margins = field(default_factory=Margins)

    @property
    def thresholds(self) -> dict:
        """The bias and variance margins that applied, in units of the baseline error."""
        bias = self.margins.bias_log_loss if self.classification else self.margins.bias
        return {"bias": bias, "variance": self.margins.variance}

    @property
    def problems(self) -> list[str]:
        """The questions whose answer is "yes", in the order they should be fixed."""
        return [name for name in QUESTIONS if getattr(self, name).problem]

    @property
    def verdict(self) -> str:
        """The problem to fix first, or ``"good fit"``.

        An optimization problem comes first: until training finishes, the other answers judge an
        unfinished model. Between bias and variance, the larger one (in baseline units) first.
        """
        problems = self.problems
        if not problems:
            return "good fit"
        if problems[0] == "optimization" or len(problems) == 1:
            return problems[0]
        return max(problems, key=lambda name: getattr(self, name).value)

    def to_dict(self) -> dict:
        """Plain data, with the sentences under ``"text"``."""
        curve = None if self.learning_curve is None else {
            key: value.tolist() for key, value in self.learning_curve.items()}
        return {"verdict": self.verdict, "problems": self.problems, "baseline": self.baseline,
                "classification": self.classification,
                **{name: getattr(self, name).to_dict() for name in QUESTIONS},
                "learning_curve": curve, "more_data_helps": self.more_data_helps,
                "text": self.text()}

    def text(self) -> list[str]:
        """The three answers, the learning curve and the verdict, one sentence per line."""
        unit = _("of the baseline log-loss") if self.classification else _(
            "of the target's variance")
        lines = [_optimization_line(self.optimization, unit),
                 _bias_line(self.bias, unit), _variance_line(self.variance, unit)]
        if self.more_data_helps is not None:
            lines.append(_("learning curve: the validation error is still falling at the full "
                           "training size, so more data would help") if self.more_data_helps
                         else _("learning curve: the validation error has levelled off, so "
                                "more rows alone will not lower it"))
        verdict = self.verdict
        if verdict == "good fit":
            lines.append(_("verdict: good fit (no optimization, bias or variance problem shown)"))
        else:
            lines.append(_("verdict: {problem} (fix this first)").format(
                problem=_(_NAMES[verdict])))
        return lines


def diagnose_model(model, X_train, y_train, X_val, y_val, *,
                   history: Sequence[float] | None = None,
                   learning_curves: bool | str = "auto", refit: Callable | None = None,
                   reference: bool = True, margins: Margins | None = None,
                   seed: int = 0) -> ModelDiagnosis:
    """Answer the three questions for a fitted ``model``.

    Parameters
    ----------
    model : fitted estimator with ``predict`` (and ``classes_`` + ``predict_proba`` for a
        classifier)
    X_train, X_val : array-like of shape (n_train, n_features), (n_val, n_features)
        The rows the model was trained on and held-out rows, preprocessed as the model sees
        them.
    y_train, y_val : array-like of shape (n_train,), (n_val,)
    history : sequence of float, optional
        Training loss per epoch, for models without a known optimum (networks).
    learning_curves : bool or "auto"
        Refit on growing subsets of the training rows; "auto" does for models that can be
        refitted (``get_params``) with at most 20,000 training rows.
    refit : callable, optional
        ``refit(X, y) -> fitted model`` for the learning curve (default: the same class with
        the same parameters; linear regression in closed form).
    reference : bool
        Fit the curved-feature reference for the bias question (False leaves bias "not
        judged": for images, whose pixels are no table of features).
    margins : Margins, optional
    seed : int
        Seed of the bootstrap and of the subsets: the same seed gives the same diagnosis.
    """
    limits = Margins() if margins is None else margins
    X_train, y_train = _rows(X_train, y_train, "training", reference)
    X_val, y_val = _rows(X_val, y_val, "validation", reference)
    if X_train.shape[1:] != X_val.shape[1:]:
        raise DataError(_("the training rows have {a} features but the validation rows {b}; "
                          "preprocess both the same way").format(a=X_train.shape[1:],
                                                                  b=X_val.shape[1:]))
    rng = np.random.default_rng(seed)
    classification = is_classifier(model)
    baseline = baseline_error(y_train, classification)
    optimization = check_optimization(model, X_train, y_train, baseline, history=history,
                                      optimality_gap=limits.optimality_gap,
                                      still_falling_drop=limits.still_falling)
    if reference:
        bias = check_bias(model, X_train, y_train, X_val, y_val, baseline, rng,
                          margin=limits.bias_log_loss if classification else limits.bias,
                          confidence=limits.confidence)
    else:
        bias = Finding("bias", problem=None)
    variance = check_variance(model, X_train, y_train, X_val, y_val, baseline, rng,
                              margin=limits.variance, confidence=limits.confidence)
    curve = helps = None
    refit = refit if refit is not None else default_refit(model)
    wanted = (len(y_train) <= 20_000) if learning_curves == "auto" else bool(learning_curves)
    if wanted and refit is not None:
        curve = learning_curve(refit, X_train, y_train, X_val, y_val, rng,
                               min_rows=X_train.shape[1] + 2)
        helps = more_data_helps(curve, baseline, limits.more_data)
    return ModelDiagnosis(optimization=optimization, bias=bias, variance=variance,
                          baseline=baseline, classification=classification,
                          learning_curve=curve, more_data_helps=helps, margins=limits)


def _rows(X, y, rows: str, table: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Checked rows: X of shape (n, d) (or (n, ...) for images, ``table=False``), y (n,)."""
    which = _(_WHICH[rows])
    X = np.asarray(X)
    y = np.asarray(y)
    shape_ok = X.ndim == 2 if table else X.ndim >= 2
    if not shape_ok or y.ndim != 1 or len(X) != len(y) or len(y) < 2:
        raise DataError(_("the {which} rows must be X of shape (n, d) and y of shape (n,) with "
                          "n >= 2, got {x} and {y}; pass the rows as the model saw them").format(
            which=which, x=X.shape, y=y.shape))
    if not np.issubdtype(X.dtype, np.number) or np.iscomplexobj(X):
        raise DataError(_("the {which} features must be real numbers; encode text columns "
                          "first").format(which=which))
    X = X.astype(np.float64, copy=False)
    if not np.isfinite(X).all():
        raise DataError(_("the {which} features contain NaN or infinite values; drop or fill "
                          "them first").format(which=which))
    return X, y


def _interval(finding: Finding) -> str:
    if finding.low is None:
        return ""
    return _(", {level:.0%} interval {low:+.1%} to {high:+.1%}").format(
        level=finding.confidence, low=finding.low, high=finding.high)


def _optimization_line(finding: Finding, unit: str) -> str:
    if finding.problem is None:
        return _("optimization: not judged (no optimum is known for this model and no training "
                 "curve was given)")
    evidence = finding.evidence
    # "within 0.0%" says nothing: a gap that rounds to zero reads as "within 0.1%"
    within = max(evidence.get("gap") or 0.0, 0.001)
    if evidence.get("solver") is not None:  # linear regression: the least-squares optimum
        numbers = {"n_iter": evidence["n_iter"] if evidence["n_iter"] is not None else "?",
                   "mse": evidence["train_error"], "gap": evidence["gap"],
                   "optimum": evidence["optimal_error"]}
        if not finding.problem:
            return _("optimization: no; the training MSE {mse:.4g} is within {gap:.1%} of the "
                     "least-squares optimum {optimum:.4g}").format(**{**numbers, "gap": within})
        if evidence["solver"] == "sgd":
            return _("optimization: yes; after {n_iter} epochs the training MSE {mse:.4g} "
                     "stopped {gap:.0%} above the least-squares optimum {optimum:.4g}").format(
                **numbers)
        return _("optimization: yes; after {n_iter} steps the training MSE {mse:.4g} stopped "
                 "{gap:.0%} above the least-squares optimum {optimum:.4g}").format(**numbers)
    if evidence.get("kind") == "optimum":
        if finding.problem:
            return _("optimization: yes; training stopped {gap:.1%} above the best this model "
                     "can do on its training rows (error {error:.4g} against {optimum:.4g}); "
                     "train longer ({max_iter}) or use {auto}").format(
                gap=evidence["gap"], error=evidence["train_error"],
                optimum=evidence["optimal_error"], max_iter=option("max_iter"),
                auto=option("lr", "auto"))
        return _("optimization: no; training reached the best this model can do on its "
                 "training rows (within {gap:.1%})").format(gap=within)
    if finding.problem:
        return _("optimization: yes; the training loss was still falling at the end (by "
                 "{drop:.1%} over the last tenth of training); train for more epochs").format(
            drop=evidence["drop"])
    return _("optimization: no; the training loss had levelled off (it fell {drop:.1%} over "
             "the last tenth of training)").format(drop=evidence["drop"])


def _bias_line(finding: Finding, unit: str) -> str:
    if finding.problem is None:
        return _("bias: not judged (no reference model could be fitted on these inputs)")
    evidence = finding.evidence
    reference = (_("a spline of each feature and products of pairs")
                 if evidence["reference"] == "splines and products"
                 else _("a spline of each feature"))
    numbers = f"{finding.value:+.1%} {unit}{_interval(finding)}"
    numbers += _("; validation error {model:.4g} against the reference's {reference:.4g}").format(
        model=evidence["model_val_error"], reference=evidence["reference_val_error"])
    if finding.problem:
        line = _("bias: yes; the same model with curved features ({reference}) predicts the "
                 "validation rows better by {numbers}; add features or capacity").format(
            reference=reference, numbers=numbers)
    else:
        line = _("bias: no; the same model with curved features ({reference}) is not clearly "
                 "better on the validation rows ({numbers})").format(
            reference=reference, numbers=numbers)
    if "reset_p_value" in evidence and evidence["reset_p_value"] < 0.01:
        line += _("; the residuals keep structure (RESET permutation p = {p:.3f})").format(
            p=evidence["reset_p_value"])
    return line


def _variance_line(finding: Finding, unit: str) -> str:
    numbers = f"{finding.value:+.1%} {unit}{_interval(finding)}"
    if finding.problem:
        return _("variance: yes; the validation error minus the training error is {numbers}; "
                 "get more data, regularize or stop earlier").format(numbers=numbers)
    return _("variance: no; the validation error minus the training error is {numbers}").format(
        numbers=numbers)
