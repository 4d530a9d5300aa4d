"""Getting data ready for training: checked arrays in the model's dtype.

:func:`prepare_arrays` converts the inputs once, before the first epoch, to the model's
floating dtype (float32 normally), so no batch is converted again inside the loop. It checks
what would otherwise fail deep inside training with a confusing message: unequal numbers of
rows, NaN or infinite inputs, class labels outside the model's outputs, and targets whose
shape does not match the model's output (a target of shape (n,) for a model that outputs
(n, 1) is reshaped, because broadcasting them would silently compute an (n, n) loss).

The trainer then batches them with :class:`descenso.utils.data.DataLoader`.
"""

from __future__ import annotations

import numpy as np

from descenso.errors import ConfigError, DataError, ShapeError
from descenso.i18n import gettext as _
from descenso.train.evaluation import model_dtype, predict_in_batches

__all__ = ["prepare_arrays"]


def _numeric(array, what: str, name: str) -> np.ndarray:
    try:
        array = np.asarray(array)
    except (TypeError, ValueError) as error:
        raise DataError(_("{name} {what} is not an array of numbers ({error})").format(
                name=name, what=what, error=error)) from None
    if array.dtype.kind not in "biuf":
        raise DataError(_("{name} {what} has dtype {dtype}; it must hold numbers (encode text "
                          "columns first)").format(name=name, what=what, dtype=array.dtype))
    return array


def _first_non_finite_row(array: np.ndarray) -> int | None:
    # A NaN or infinity makes the sum non-finite, so a finite sum (one pass, no temporary
    # array) clears the data; only a non-finite sum (or an overflow) needs the row search.
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(array.sum()):
            return None
    bad = ~np.isfinite(array.reshape(len(array), -1)).all(axis=1)
    return int(np.argmax(bad)) if bad.any() else None


def prepare_arrays(model, data, task: str, integer_labels: bool, name: str):
    """Check ``data = (X, y)`` and return ``(X, y)`` ready for ``model``.

    Parameters
    ----------
    model : Module
    data : tuple (X, y)
        X of shape (n_samples, ...) and y of shape (n_samples,) or (n_samples, n_outputs).
    task : {"regression", "classification"}
    integer_labels : bool
        True for losses that take class labels (cross-entropy): y becomes int64 labels.
        Otherwise y becomes floats in the model's dtype (regression, or 0/1 targets of a
        binary logit).
    name : str
        How messages call the data, already translated (``_("train")``, ``_("validation")``).

    Returns
    -------
    X : ndarray in the model's dtype, y : ndarray shaped like the model's output (or (n,)
    int64 labels).
    """
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        raise ConfigError(_("{name} data must be a tuple (X, y) of arrays, got {kind}").format(
                name=name, kind=type(data).__name__))
    dtype = model_dtype(model)
    X = _numeric(data[0], "X", name)
    y = _numeric(data[1], "y", name)
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise ShapeError(
            _("{name} X has shape {x_shape} but y has shape {y_shape}; they need the same "
              "number of rows (samples)").format(name=name, x_shape=X.shape, y_shape=y.shape))
    if len(X) == 0:
        raise DataError(_("{name} data has no rows; pass at least one sample").format(name=name))
    X = X.astype(dtype, copy=False)
    row = _first_non_finite_row(X)
    if row is not None:
        raise DataError(_("{name} X has a NaN or infinite value in row {row}; remove or impute "
                          "missing values first").format(name=name, row=row))
    output = predict_in_batches(model, X[:2])  # eval mode: dropout draws no random numbers
    if integer_labels:
        return X, _class_labels(y, output, name)
    y = y.astype(dtype, copy=False)
    row = _first_non_finite_row(y)
    if row is not None:
        raise DataError(
            _("{name} y has a NaN or infinite value in row {row}; remove those rows first")
            .format(name=name, row=row))
    if y.ndim == 1 and output.ndim == 2 and output.shape[1] == 1:
        y = y.reshape(-1, 1)
    if y.shape[1:] != output.shape[1:]:
        raise ShapeError(
            _("the model outputs shape {out} per batch of {rows} but {name} y has shape "
              "{y_shape}; make the last layer output {wanted} value(s) per sample").format(
                out=output.shape, rows=len(output), name=name, y_shape=y.shape,
                wanted=int(np.prod(y.shape[1:], dtype=np.int64))))
    return X, y


def _class_labels(y: np.ndarray, output: np.ndarray, name: str) -> np.ndarray:
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.reshape(-1)
    if y.ndim != 1:
        raise ShapeError(_("{name} y has shape {shape}; classification needs one integer label per "
                           "sample, shape (n_samples,)").format(name=name, shape=y.shape))
    if y.dtype.kind == "f" and not (np.isfinite(y).all() and (y == np.round(y)).all()):
        raise DataError(_("{name} y holds non-integer values; classification needs class labels 0, "
                          "1, ..., n_classes - 1").format(name=name))
    labels = y.astype(np.int64, copy=False)
    n_classes = output.shape[1] if output.ndim == 2 else 0
    if labels.min() < 0 or labels.max() >= n_classes:
        raise DataError(
            _("{name} y has labels from {low} to {high} but the model outputs {n} class "
              "scores; labels must be 0 to {last}: give the last layer as many outputs as there "
              "are classes").format(name=name, low=int(labels.min()), high=int(labels.max()),
                                    n=n_classes, last=n_classes - 1))
    return labels

