"""Where the data of a run comes from: a built-in dataset or a CSV file, loaded and checked.

``descenso fit DATASET`` accepts a built-in name (``abalone``, ``line``, ``polynomial``,
``sine``, ``mnist``, ``fashion-mnist``) or the path of a CSV file. A name with a file suffix or
a folder in it, or that names an existing file, is a path; anything else must be a built-in
name (a near miss gets a suggestion).

:func:`load_source` returns a :class:`TabularSource` (a table: ``X``, ``y``, names) or an
:class:`ImageSource` (MNIST-like images with their official test split).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from descenso.data import TabularDataset, load_csv
from descenso.datasets.registry import DATASETS, get_dataset_info
from descenso.errors import ConfigError, DataError
from descenso.i18n import gettext as _
from descenso.pipeline.options import FitOptions

__all__ = ["ImageSource", "TabularSource", "builtin_name", "csv_reading", "is_csv_path",
           "load_source", "release_features", "slug"]

_IMAGE_DATASETS = ("mnist", "fashion-mnist")
_MAX_CLASSES = 1000


@dataclass
class TabularSource:
    """A table to learn from.

    Attributes
    ----------
    name : str
        The built-in name or the CSV file's stem, for titles and folder names.
    dataset : TabularDataset
        ``X`` (n, d) float64 and ``y`` (n,), with names and one-hot categories.
    licence : str or None
        The data's licence, for built-in data.
    origin : str
        Who publishes the data (built-in) or the file's path.
    """

    name: str
    dataset: TabularDataset
    licence: str | None = None
    origin: str = ""

    images = False

    @property
    def task(self) -> str:
        """``"regression"`` or ``"classification"``."""
        return self.dataset.task


@dataclass
class ImageSource:
    """MNIST-like images: uint8 (n, 28, 28) with int64 labels and the official test split."""

    name: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    class_names: list[str]
    origin: str = ""

    images = True
    task = "classification"


def is_csv_path(name: str) -> bool:
    """Whether ``name`` is meant as a file path rather than a built-in dataset name.

    >>> is_csv_path("abalone"), is_csv_path("data/shells.csv"), is_csv_path("shells.txt")
    (False, True, True)
    """
    key = name.strip().lower().replace("_", "-")
    if key in DATASETS:
        return False
    return bool(Path(name).suffix) or os.sep in name or "/" in name or os.path.lexists(name)


def slug(name: str) -> str:
    """A name safe for a folder: letters, digits, ``-`` and ``_``.

    >>> slug("my data (v2).csv")
    'my-data-v2-csv'
    """
    text = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")
    return text or "data"


def load_source(options: FitOptions, *, progress: bool = True) -> TabularSource | ImageSource:
    """Load the data ``options.dataset`` names, with ``options.target`` and ``options.task``.

    Raises
    ------
    DataError
        For an unknown name, a missing or malformed file, or a target unfit for the task.
    ConfigError
        For options that contradict the data (``--task regression`` on images...).
    """
    name = options.dataset
    if options.data_dir is not None and builtin_name(name) not in _IMAGE_DATASETS:
        raise ConfigError(
            _("--data-dir applies to {images} only; remove it").format(
                images=" and ".join(_IMAGE_DATASETS))
        )
    if is_csv_path(name):
        dataset = load_csv(name, target=options.target, task=options.task,
                           **csv_reading(vars(options)))
        source = TabularSource(slug(Path(name).stem), dataset, origin=str(name))
    else:
        info = get_dataset_info(name)
        if info.name in _IMAGE_DATASETS:
            return _load_images(info, options, progress)
        kwargs = {} if info.name == "abalone" else {"seed": options.seed}
        dataset = info.load(**kwargs)
        if options.target is not None and options.target != dataset.target_name:
            raise ConfigError(
                _("the built-in dataset {name} predicts {target!r}; --target {given!r} is for "
                  "CSV files: remove it, or export the data as CSV to predict another "
                  "column").format(name=info.name, target=dataset.target_name,
                                   given=options.target))
        if options.task == "classification" and dataset.task == "regression":
            dataset = _as_classification(dataset)
        source = TabularSource(info.name, dataset, _(info.licence), _(info.source))
    if options.task == "regression" and source.task == "classification":
        raise DataError(
            _("the target {target!r} holds class labels, not numbers, so it cannot be a "
              "regression target; remove --task regression or choose another --target").format(
                target=source.dataset.target_name)
        )
    if options.limit is not None and options.limit < source.dataset.n_samples:
        source.dataset = replace(source.dataset, X=source.dataset.X[:options.limit],
                                 y=source.dataset.y[:options.limit])
    _check_magnitudes(source.dataset)
    return source


def csv_reading(values: dict) -> dict:
    """The ``load_csv`` keyword arguments of the CSV options in ``values`` (named as in
    :class:`FitOptions`; absent ones take their defaults).

    >>> csv_reading({"delimiter": "tab", "features": ("a", "b")})["columns"]
    ('a', 'b')
    """
    return {"delimiter": values.get("delimiter"), "skip_rows": values.get("skip_rows"),
            "header": values.get("header"), "encoding": values.get("encoding") or "utf-8-sig",
            "drop_missing": bool(values.get("drop_missing")),
            "keep_missing": not values.get("drop_missing"),
            "drop": tuple(values.get("drop") or ()), "columns": values.get("features")}
# Squares of numbers above this, summed over the rows, overflow float64 (about 1.8e308): the
# mean squared error, the variance and the gradient would all be infinite.
_LARGEST_VALUE = 1e150


def _check_magnitudes(dataset) -> None:
    """Refuse values too large to square in float64, naming the column, before any training
    turns them into infinities (which would look like a learning rate that is too high)."""
    columns = [(name, dataset.X[:, index]) for index, name in enumerate(dataset.feature_names)]
    if dataset.task == "regression":
        columns.insert(0, (dataset.target_name, dataset.y))
    for name, values in columns:
        largest = float(np.max(np.abs(values))) if len(values) else 0.0
        if largest > _LARGEST_VALUE:
            raise DataError(
                _("column {name!r} holds values as large as {value:.3g}, too large to square "
                  "in 64-bit floats; rescale the column (e.g. divide it by a power of ten) or "
                  "take its logarithm").format(name=name, value=largest))


def release_features(source: TabularSource | ImageSource) -> None:
    """Free a table's ``X`` once it has been split (the parts are copies of its rows).

    ``X`` becomes a read-only stand-in of the same shape that takes no memory, so
    ``n_samples``, ``n_features`` and ``summary()`` still describe the table; for a million-row
    CSV this returns a whole copy of the data before training starts. Images are left alone.

    >>> from descenso.data import TabularDataset
    >>> source = TabularSource("toy", TabularDataset(np.ones((4, 2)), np.arange(4.0), ["a", "b"],
    ...                                              "y"))
    >>> release_features(source)
    >>> source.dataset.n_samples, source.dataset.n_features, source.dataset.X.flags.writeable
    (4, 2, False)
    """
    if source.images:
        return
    source.dataset.X = np.broadcast_to(np.float64(np.nan), source.dataset.X.shape)


def builtin_name(name: str) -> str | None:
    """The built-in dataset's canonical name, or None when ``name`` is a path or unknown."""
    if is_csv_path(name):
        return None
    try:
        return get_dataset_info(name).name
    except DataError:
        return None


def _as_classification(dataset: TabularDataset) -> TabularDataset:
    """The same table with its numeric target read as class labels (whole numbers only)."""
    y = dataset.y
    if not np.all(np.isfinite(y)) or not np.all(y == np.round(y)):
        raise DataError(
            _("--task classification needs whole-number class labels, but the target {target!r} "
              "has fractional values; remove --task classification").format(
                target=dataset.target_name)
        )
    values, labels = np.unique(y, return_inverse=True)
    if not 2 <= len(values) <= _MAX_CLASSES:
        raise DataError(
            _("--task classification needs between 2 and {most} classes, but the target "
              "{target!r} has {n}; remove --task classification").format(
                most=_MAX_CLASSES, target=dataset.target_name, n=len(values))
        )
    return replace(dataset, y=labels.astype(np.int64), task="classification",
                   class_names=[f"{value:g}" for value in values])


def _load_images(info, options: FitOptions, progress: bool) -> ImageSource:
    if options.task == "regression":
        raise ConfigError(
            _("{name} is an image classification dataset; remove --task regression").format(
                name=info.name)
        )
    if options.target is not None:
        raise ConfigError(
            _("--target applies to tables; {name} images always predict their class; remove "
              "--target").format(name=info.name)
        )
    data = info.load(data_dir=options.data_dir, progress=progress)
    X_train, y_train, X_test, y_test = data.X_train, data.y_train, data.X_test, data.y_test
    if options.limit is not None:
        X_train, y_train = X_train[:options.limit], y_train[:options.limit]
        X_test, y_test = X_test[:options.limit], y_test[:options.limit]
    return ImageSource(info.name, X_train, y_train.astype(np.int64), X_test,
                       y_test.astype(np.int64), list(data.class_names),
                       "" if data.source is None else str(data.source))
