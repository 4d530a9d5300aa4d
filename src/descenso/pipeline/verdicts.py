"""The diagnosis ``descenso fit`` prints: what the numbers mean and what to try next.

Regression uses :func:`descenso.diagnose.diagnose` (bias, variance and fit from R², and for
linear regression by descent whether it converged and how far it stopped from the optimum,
plus scaling advice). Classification compares training and validation accuracy with each
other and with chance. Networks also get a sentence on the validation curve: whether the
best epoch came early (overfitting later) or the loss was still falling (more epochs).

>>> metrics = {"train": {"accuracy": 0.99}, "val": {"accuracy": 0.90},
...            "test": {"accuracy": 0.89}}
>>> print(classification_lines(metrics, n_classes=10)[1])  # doctest: +NORMALIZE_WHITESPACE
overfitting: the training accuracy is 9.0% above the validation accuracy; try --dropout 0.2,
--patience 3 or fewer --epochs
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from descenso.diagnose import check_convergence, check_scaling
from descenso.diagnose.convergence import convergence_advice
from descenso.diagnose.diagnosis import scaling_lines
from descenso.i18n import gettext as _

__all__ = ["classification_lines", "curve_lines", "regression_lines", "scaling_line"]

_OVERFIT_GAP = 0.05
_CHANCE_MARGIN = 0.05
_LATE_EPOCHS = 3


def regression_lines(metrics, *, estimator=None, X_train=None, y_train=None,
                     feature_names=None, diagnosis=None) -> list[str]:
    """R² on each split, the three questions, what to change in a descent that stopped short,
    and the scaling of ``X_train``."""
    lines = [_("R² train {train:.4f}, validation {val:.4f}, test {test:.4f}").format(
        train=metrics["train"]["r2"], val=metrics["val"]["r2"], test=metrics["test"]["r2"])]
    if diagnosis is not None:
        lines += diagnosis.text()
    descended = getattr(estimator, "solver", "normal") != "normal"
    if descended and X_train is not None and getattr(estimator, "loss", "mse") == "mse":
        lines += convergence_advice(check_convergence(estimator, X_train, y_train))
    if X_train is not None:
        report = check_scaling(X_train, feature_names, 10.0,
                               bool(getattr(estimator, "fit_intercept", True)))
        if report is not None:
            lines += scaling_lines(report)
    return lines


def classification_lines(metrics, n_classes: int, diagnosis=None) -> list[str]:
    """Accuracy on each split, the three questions (or, without them, overfitting read off the
    accuracies), and a warning when no better than chance."""
    train, val = metrics["train"]["accuracy"], metrics["val"]["accuracy"]
    lines = [_("accuracy train {train:.4f}, validation {val:.4f}, test {test:.4f}").format(
        train=train, val=val, test=metrics["test"]["accuracy"])]
    gap = train - val
    if diagnosis is not None:
        lines += diagnosis.text()
    elif gap > _OVERFIT_GAP:
        lines.append(
            _("overfitting: the training accuracy is {gap:.1%} above the validation accuracy; "
              "try --dropout 0.2, --patience 3 or fewer --epochs").format(gap=gap))
    else:
        lines.append(
            _("variance: low (training and validation accuracy differ by {gap:.1%})").format(
                gap=abs(gap)))
    chance = 1.0 / max(n_classes, 1)
    if val <= chance + _CHANCE_MARGIN:
        lines.append(
            _("the validation accuracy is no better than chance ({chance:.1%} for {k} classes): "
              "lower the learning rate, standardize the inputs or train longer").format(
                chance=chance, k=n_classes))
    return lines


def curve_lines(history: Mapping[str, Sequence[float]], stop_reason: str,
                best_epoch: int | None) -> list[str]:
    """What the validation loss curve says about the number of epochs."""
    val_loss = np.asarray(history.get("val_loss", ()), dtype=np.float64)
    if val_loss.size == 0 or not np.isfinite(val_loss).any():
        return []
    best = int(np.nanargmin(val_loss)) + 1
    n = len(val_loss)
    if stop_reason == "early_stopping":
        return [_("early stopping: the validation loss stopped improving, so training ended at "
                  "epoch {n} with the weights of epoch {best}").format(
            n=n, best=best_epoch or best)]
    if best_epoch is not None:
        return [_("the model keeps the weights of epoch {best}, where the validation loss was "
                  "lowest").format(best=best_epoch)]
    if n - best >= _LATE_EPOCHS:
        return [_("the validation loss was lowest at epoch {best} of {n}, so the later epochs "
                  "overfit; try --patience 3 or --epochs {best}").format(best=best, n=n)]
    if best == n and n > 1:
        return [_("the validation loss was still falling at the last epoch; more --epochs may "
                  "help")]
    return []


def scaling_line(X_train: np.ndarray, feature_names) -> list[str]:
    """Advice to standardize when the features' scales differ by 10x or more."""
    report = check_scaling(X_train, feature_names)
    if report is None or not report.warn:
        return []
    return [_("scaling: feature scales differ by {ratio:.0f}x ({big} has std {big_std:.3g}, "
              "{small} {small_std:.3g}); standardize the features (remove --no-standardize)")
            .format(ratio=report.ratio, big=report.largest_feature, big_std=report.largest_std,
                    small=report.smallest_feature, small_std=report.smallest_std)]
