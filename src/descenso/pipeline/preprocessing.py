"""What is done to the data before the model sees it, learned once and saved with the model.

A :class:`Preprocessing` is learned from the **training rows only** and stored in
the model file, so ``descenso predict`` and ``descenso evaluate`` apply exactly the same steps
to new data:

- tables: one-hot categories (applied when reading the CSV), then missing values filled with
  the training rows' median (numbers, dates) or most frequent category, then, with
  ``--standardize``, each feature becomes ``(x - mean) / scale``; a neural network's regression target is
  standardized the same way, and its predictions are turned back into the target's units;
- images: pixels 0..255 become float32 in [0, 1] (``pixel / 255``).

>>> import numpy as np
>>> pre = Preprocessing("tabular", "regression", "y", feature_names=["a"],
...                     x_mean=np.array([1.0]), x_scale=np.array([2.0]))
>>> pre.transform(np.array([[3.0]]))
array([[1.]])
>>> Preprocessing.from_metadata(pre.to_metadata()).x_scale
array([2.])
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from descenso.data.listing import listing
from descenso.data.standardizer import Standardizer
from descenso.errors import DataError, ModelFileError, ShapeError
from descenso.i18n import gettext as _
from descenso.i18n import ngettext

__all__ = ["IMAGE_SHAPE", "Preprocessing", "fit_preprocessing", "scale_pixels"]

IMAGE_SHAPE = (28, 28)
_KINDS = ("tabular", "images")


def scale_pixels(images: np.ndarray) -> np.ndarray:
    """uint8 pixels 0..255 as float32 in [0, 1]: ``pixel / 255``.

    >>> scale_pixels(np.array([[0, 255]], dtype=np.uint8))
    array([[0., 1.]], dtype=float32)
    """
    return np.divide(images, 255, dtype=np.float32)


@dataclass
class Preprocessing:
    """The steps between raw data and the model's inputs, and back for its outputs.

    Attributes
    ----------
    kind : {"tabular", "images"}
    task : {"regression", "classification"}
    target_name : str or None
    class_names : list of str or None
        For classification, the name of each class index.
    feature_names : list of str
        The model's input columns (one-hot columns named ``column_category``).
    input_features : list of str
        The CSV columns a new file must have (before one-hot encoding).
    categories : dict of str to list of str
        The categories of each one-hot encoded column, in column order.
    dates : list of str
        The input columns read as dates (turned into year, month, ...).
    ignored : list of str
        Columns of the training file left out (ids, ``--drop``); a new file may have them.
    x_fill : ndarray of shape (n_features,) or None
        What replaces a missing value (NaN) of each feature: the training rows' median, and
        for a one-hot group 1 in its most frequent category's column and 0 in the others.
        None in models made before it existed: missing values are then refused.
    x_mean, x_scale : ndarray of shape (n_features,) or None
        The standardizer's statistics (None: features used as they are).
    y_mean, y_scale : float or None
        The target's standardizer (regression networks only).
    image_shape : tuple of int or None
        (28, 28) for images.
    """

    kind: str
    task: str
    target_name: str | None
    class_names: list[str] | None = None
    feature_names: list[str] = field(default_factory=list)
    input_features: list[str] = field(default_factory=list)
    categories: dict[str, list[str]] = field(default_factory=dict)
    dates: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    x_fill: np.ndarray | None = None
    x_mean: np.ndarray | None = None
    x_scale: np.ndarray | None = None
    y_mean: float | None = None
    y_scale: float | None = None
    image_shape: tuple[int, ...] | None = None

    def transform(self, X: np.ndarray, *, copy: bool = True) -> np.ndarray:
        """Raw rows (n, n_features) or uint8 images (n, 28, 28) -> the model's inputs.

        With ``copy=False`` a writeable float64 table is standardized in place and returned,
        saving a copy of it (``descenso fit`` does this to its split rows, no longer needed raw).
        """
        if self.kind == "images":
            return scale_pixels(X)
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != len(self.feature_names):
            raise ShapeError(
                _("the data has shape {shape} but the model needs {d} features: {names}").format(
                    shape=X.shape, d=len(self.feature_names), names=", ".join(self.feature_names))
            )
        if X.size and np.isnan(X.min()):  # min is NaN when any value is: no mask to build
            X = self.fill(X, copy=copy)
            copy = False
        if self.x_mean is None:
            return X
        if copy or not X.flags.writeable:
            X = X - self.x_mean  # the one new array; dividing in place needs no other
        else:
            X -= self.x_mean
        X /= self.x_scale
        return X

    def fill(self, X: np.ndarray, *, copy: bool = True) -> np.ndarray:
        """``X`` (n, n_features) float64 with each NaN replaced by its feature's :attr:`x_fill`.

        Raises
        ------
        DataError
            For a model without fill values (made before descenso filled missing values).
        """
        missing = np.isnan(X)
        if self.x_fill is None:
            raise DataError(
                _("the data has {count} missing values, and this model was made before descenso "
                  "filled missing values; fill them in, remove their rows, or pass "
                  "--drop-missing").format(count=int(missing.sum())))
        if copy or not X.flags.writeable:
            return np.where(missing, self.x_fill, X)
        np.copyto(X, np.broadcast_to(self.x_fill, X.shape), where=missing)
        return X

    def transform_target(self, y: np.ndarray) -> np.ndarray:
        """The training target as the model learns it (standardized for regression nets)."""
        if self.y_mean is None:
            return y
        return (np.asarray(y, dtype=np.float64) - self.y_mean) / self.y_scale

    def inverse_target(self, values: np.ndarray) -> np.ndarray:
        """The model's regression outputs back in the target's units, as float64 (n,)."""
        values = np.asarray(values, dtype=np.float64).reshape(len(values))
        if self.y_mean is None:
            return values
        return values * self.y_scale + self.y_mean

    def to_metadata(self) -> dict:
        """JSON-ready data for the model file's description."""
        return {
            "kind": self.kind,
            "task": self.task,
            "target_name": self.target_name,
            "class_names": self.class_names,
            "feature_names": list(self.feature_names),
            "input_features": list(self.input_features),
            "categories": {key: list(values) for key, values in self.categories.items()},
            "dates": list(self.dates),
            "ignored": list(self.ignored),
            "fill": None if self.x_fill is None else self.x_fill.tolist(),
            "standardizer": None if self.x_mean is None else {
                "mean": self.x_mean.tolist(), "scale": self.x_scale.tolist()},
            "target_standardizer": None if self.y_mean is None else {
                "mean": self.y_mean, "scale": self.y_scale},
            "image_shape": None if self.image_shape is None else list(self.image_shape),
            "pixel_scale": "1/255" if self.kind == "images" else None,
        }

    @classmethod
    def from_metadata(cls, data) -> Preprocessing:
        """Rebuild from :meth:`to_metadata`'s output; a damaged entry is a ModelFileError."""
        try:
            if data["kind"] not in _KINDS:
                raise ValueError(data["kind"])
            scaler = data.get("standardizer")
            target = data.get("target_standardizer")
            pre = cls(
                kind=data["kind"], task=str(data["task"]), target_name=data.get("target_name"),
                class_names=None if data.get("class_names") is None
                else [str(name) for name in data["class_names"]],
                feature_names=[str(name) for name in data.get("feature_names", [])],
                input_features=[str(name) for name in data.get("input_features", [])],
                categories={str(key): [str(v) for v in values]
                            for key, values in data.get("categories", {}).items()},
                dates=[str(name) for name in data.get("dates", [])],
                ignored=[str(name) for name in data.get("ignored", [])],
                x_fill=None if data.get("fill") is None
                else np.asarray(data["fill"], dtype=np.float64),
                x_mean=None if scaler is None else np.asarray(scaler["mean"], dtype=np.float64),
                x_scale=None if scaler is None else np.asarray(scaler["scale"],
                                                               dtype=np.float64),
                y_mean=None if target is None else float(target["mean"]),
                y_scale=None if target is None else float(target["scale"]),
                image_shape=None if data.get("image_shape") is None
                else tuple(int(size) for size in data["image_shape"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ModelFileError(
                _("the model's 'preprocessing' entry in the model file is missing or damaged; "
                  "train the model again with 'descenso fit'")
            ) from None
        if pre.x_mean is not None and not (pre.x_mean.shape == pre.x_scale.shape
                                           == (len(pre.feature_names),)):
            raise ModelFileError(
                _("the standardizer in the model file does not match its {d} features; train the "
                  "model again with 'descenso fit'").format(d=len(pre.feature_names))
            )
        if pre.x_fill is not None and not (pre.x_fill.shape == (len(pre.feature_names),)
                                           and np.all(np.isfinite(pre.x_fill))):
            raise ModelFileError(
                _("the fill values in the model file do not match its {d} features or are not "
                  "finite; train the model again with 'descenso fit'").format(
                    d=len(pre.feature_names)))
        pre._check_values()
        return pre

    def _check_values(self) -> None:
        """A task descenso knows, class names for a classifier, finite means and positive
        scales: a zero scale would divide by zero and predict NaN without a word."""
        damaged = _("; the model file is damaged: train the model again with 'descenso fit'")
        if self.task not in ("regression", "classification"):
            raise ModelFileError(
                _("the model file's preprocessing has task {task!r}, neither 'regression' nor "
                  "'classification'").format(task=self.task) + damaged)
        if self.task == "classification" and not self.class_names:
            raise ModelFileError(_("the model file's classifier has no class names") + damaged)
        for name, mean, scale in (("standardizer", self.x_mean, self.x_scale),
                                  ("target_standardizer", self.y_mean, self.y_scale)):
            if mean is None:
                continue
            if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(scale))
                    and np.all(np.asarray(scale) > 0)):
                raise ModelFileError(
                    _("the {name} in the model file has a scale that is zero, negative or not "
                      "finite, or a mean that is not finite").format(name=name) + damaged)


def fit_preprocessing(source, X_train: np.ndarray, y_train: np.ndarray, *, standardize: bool,
                      standardize_target: bool) -> tuple[Preprocessing, list[str]]:
    """Learn the preprocessing of ``source`` from its training rows.

    Returns
    -------
    Preprocessing, and the warnings raised while learning it (e.g. a constant column), as
    translated lines to show the user.
    """
    if source.images:
        return Preprocessing("images", "classification", None, list(source.class_names),
                             image_shape=IMAGE_SHAPE), []
    data = source.dataset
    pre = Preprocessing(
        "tabular", data.task, data.target_name,
        None if data.class_names is None else list(data.class_names),
        feature_names=list(data.feature_names),
        input_features=list(data.input_features or data.feature_names),
        categories={key: list(values) for key, values in data.categories.items()},
        dates=list(data.dates), ignored=list(data.ignored),
    )
    notes: list[str] = []
    pre.x_fill = _fill_values(data, X_train)
    if data.missing:
        X_train = pre.fill(X_train)
        notes.append(_fill_note(data.missing))
    if standardize:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            scaler = Standardizer().fit(X_train, feature_names=data.feature_names)
        notes += [str(warning.message) for warning in caught]
        pre.x_mean, pre.x_scale = scaler.mean_, scaler.scale_
    if standardize_target and data.task == "regression":
        y = np.asarray(y_train, dtype=np.float64)
        scale = float(y.std())
        if not np.isfinite(scale) or scale == 0.0:
            raise DataError(
                _("the target {target!r} is constant on the training rows; there is nothing "
                  "to learn: check the --target column").format(target=data.target_name)
            )
        pre.y_mean, pre.y_scale = float(y.mean()), scale
    return pre, notes


def _fill_values(data, X_train: np.ndarray) -> np.ndarray:
    """Each feature's fill value, from the training rows: the median, and for a one-hot group
    1 in the most frequent category's column (the first in order among ties) and 0 elsewhere.
    One column at a time, so no copy of all the rows is made."""
    fill = np.zeros(X_train.shape[1])
    names = list(data.feature_names)
    for j in range(X_train.shape[1]):
        column = X_train[:, j]
        present = column[~np.isnan(column)]
        if present.size == 0 and len(column):
            raise DataError(
                _("feature {name!r} has no value in the training rows; fill it in, leave it out "
                  "with --drop, or pass --drop-missing").format(name=names[j]))
        fill[j] = np.median(present) if present.size else 0.0
    for column, categories in data.categories.items():
        start = names.index(f"{column}_{categories[0]}")
        group = slice(start, start + len(categories))
        counts = np.nansum(X_train[:, group], axis=0)
        fill[group] = 0.0
        fill[start + int(np.argmax(counts))] = 1.0
    return fill


def _fill_note(missing: dict[str, int]) -> str:
    """The warning line of ``descenso fit`` when it fills missing values."""
    return ngettext(
        "{count} missing value filled with the training rows' median (numbers) or most "
        "frequent value (categories): {columns}; to drop incomplete rows instead, pass "
        "--drop-missing",
        "{count} missing values filled with the training rows' median (numbers) or most "
        "frequent value (categories): {columns}; to drop incomplete rows instead, pass "
        "--drop-missing", sum(missing.values())).format(
        count=sum(missing.values()),
        columns=listing([f"{name} ({count})" for name, count in missing.items()]))
