"""Question 3, variance (estimation): does the model fit the rows it saw better than new rows?

The evidence is the gap between the validation error and the training error, with its
uncertainty: both sets of rows are resampled (bootstrap), because a validation set of a few
hundred rows gives an error that itself varies by several percent. A gap whose whole interval
lies above zero is real; a large one means the weights learned the particular training rows.

The second piece of evidence is the *learning curve*: the training and validation errors of
the same model class refitted on growing subsets of the training rows. When the validation
error is still falling at the full size, more data would help; when the two curves have met,
more data will not, and only a different model (question 2) can lower the error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from descenso.diagnose.errors_per_row import row_errors
from descenso.diagnose.finding import Finding, bootstrap_interval

__all__ = ["check_variance", "default_refit", "learning_curve"]

FRACTIONS = (0.1, 0.2, 0.35, 0.5, 0.75, 1.0)
#: the bootstrap resamples at most this many rows of each split (a subsample beyond it)
_BOOTSTRAP_ROWS = 4000


def check_variance(model, X_train, y_train, X_val, y_val, baseline: float,
                   rng: np.random.Generator, *, margin: float = 0.05,
                   confidence: float = 0.95) -> Finding:
    """The variance finding: (validation error − training error) / ``baseline``.

    The problem is shown when the gap is at least ``margin`` and its bootstrap interval lies
    above zero.
    """
    train_all = row_errors(model, X_train, y_train)
    val_all = row_errors(model, X_val, y_val)
    value = (float(val_all.mean()) - float(train_all.mean())) / baseline
    train, val = _subsample(train_all, rng), _subsample(val_all, rng)
    low, high = bootstrap_interval(
        lambda i, j: (val[j].mean(axis=1) - train[i].mean(axis=1)) / baseline,
        [len(train), len(val)], rng, confidence=confidence)
    return Finding("variance", problem=bool(value >= margin and low > 0), value=value, low=low,
                   high=high, confidence=confidence,
                   evidence={"train_error": float(train_all.mean()),
                             "val_error": float(val_all.mean())})


def learning_curve(refit: Callable, X_train, y_train, X_val, y_val, rng: np.random.Generator, *,
                   fractions: Sequence[float] = FRACTIONS, repeats: int = 3,
                   min_rows: int = 2) -> dict:
    """Training and validation error of ``refit(X_subset, y_subset)`` on growing subsets.

    Returns a dict of arrays: ``sizes`` (rows used), ``train_error`` and ``val_error`` (means
    over ``repeats`` random subsets; one at the full size). Sizes below ``min_rows`` are left
    out.
    """
    n = len(y_train)
    sizes, train_errors, val_errors = [], [], []
    # Class labels are integers (targets of regression are floats): every subset needs them all.
    labels = np.unique(np.asarray(y_train))
    classes = labels.size if np.issubdtype(labels.dtype, np.integer) else None
    for fraction in fractions:
        size = int(round(fraction * n))
        if size < min_rows:
            continue
        runs = 1 if size >= n else repeats
        train_sum = val_sum = 0.0
        done = 0
        for _ in range(runs):
            rows = rng.choice(n, size=size, replace=False) if size < n else np.arange(n)
            if classes is not None and np.unique(y_train[rows]).size < classes:
                continue  # a classifier cannot be scored on classes its subset never had
            fitted = refit(X_train[rows], y_train[rows])
            train_sum += float(row_errors(fitted, X_train[rows], y_train[rows]).mean())
            val_sum += float(row_errors(fitted, X_val, y_val).mean())
            done += 1
        if done == 0:
            continue
        sizes.append(size)
        train_errors.append(train_sum / done)
        val_errors.append(val_sum / done)
    return {"sizes": np.asarray(sizes), "train_error": np.asarray(train_errors),
            "val_error": np.asarray(val_errors)}


def more_data_helps(curve: dict, baseline: float, drop: float = 0.02) -> bool | None:
    """True when the validation error fell by at least ``drop`` × baseline from half the rows
    to all of them and still lies that much above the training error (the curves have not
    met); None when the curve has fewer than two points."""
    sizes, val = curve["sizes"], curve["val_error"]
    if len(sizes) < 2:
        return None
    half = int(np.argmin(np.abs(sizes - sizes[-1] / 2)))
    if half == len(sizes) - 1:
        return None
    falling = (val[half] - val[-1]) / baseline >= drop
    apart = (val[-1] - curve["train_error"][-1]) / baseline >= drop
    return bool(falling and apart)


def default_refit(model) -> Callable | None:
    """How to refit ``model``'s class on other rows: a new estimator with the same parameters.

    A linear regression trained by descent is refitted in closed form: the learning curve is
    about the model class, not about one training run. None when the model cannot be cloned.
    """
    if not hasattr(model, "get_params"):
        return None
    params = model.get_params()
    if "verbose" in params:  # refits are the diagnosis' own work: no progress lines
        params["verbose"] = False
    if "solver" in params and hasattr(model, "coef_") and not hasattr(model, "classes_"):
        params["solver"] = "normal"
    return lambda X, y: type(model)(**params).fit(X, y)


def _subsample(errors: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    if len(errors) <= _BOOTSTRAP_ROWS:
        return errors
    return errors[rng.choice(len(errors), size=_BOOTSTRAP_ROWS, replace=False)]
