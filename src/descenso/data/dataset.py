"""The record every tabular loader returns: features, target, names and what was done to them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from descenso.data.listing import listing
from descenso.errors import DataError, ShapeError
from descenso.i18n import gettext as _
from descenso.i18n import ngettext

__all__ = ["TASKS", "TabularDataset"]

TASKS = ("regression", "classification")


@dataclass(repr=False)
class TabularDataset:
    """A table ready for a model: ``X`` (n_samples, n_features) and ``y`` (n_samples,).

    Returned by :func:`descenso.data.load_csv`, :func:`descenso.datasets.load_abalone` and the
    synthetic generators of :mod:`descenso.datasets`.

    Attributes
    ----------
    X : ndarray of float64, shape (n_samples, n_features)
        The features, with categorical columns already one-hot encoded.
    y : ndarray of shape (n_samples,), or None
        float64 numbers for regression; int64 class indices into ``class_names`` for
        classification. None for data loaded without its target (inputs to predict).
    feature_names : list of str, length n_features
        One name per column of ``X``; a one-hot column is named ``column_category``.
    target_name : str or None
        The name of the target column.
    task : {"regression", "classification"}
    categories : dict of str to list of str
        For each one-hot encoded input column, its categories in the order of their columns.
    class_names : list of str or None
        For classification, the name of each class index.
    input_features : list of str
        The columns of the source table used as features, before one-hot encoding.
    source : str
        Where the data came from (a path or a dataset name).
    notes : list of (str, dict)
        What the loader did, as untranslated messages and their values; see :meth:`summary`.
    dates : list of str
        The input columns read as dates and turned into numbers (year, month, ...).
    ignored : list of str
        The columns of the source table left out (dropped by the user or as ids, ...).
    missing : dict of str to int
        For each input column with missing values kept as NaN in ``X``, how many rows miss it.

    >>> ds = TabularDataset(np.zeros((3, 2)), np.array([1.0, 2.0, 4.0]), ["a", "b"], "y")
    >>> ds.n_samples, ds.n_features
    (3, 2)
    >>> ds
    TabularDataset(n_samples=3, n_features=2, target='y', task='regression')
    """

    X: np.ndarray
    y: np.ndarray | None
    feature_names: list[str]
    target_name: str | None
    task: str = "regression"
    categories: dict[str, list[str]] = field(default_factory=dict)
    class_names: list[str] | None = None
    input_features: list[str] | None = None
    source: str = ""
    notes: list[tuple[str, dict]] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    missing: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        self.X = np.asarray(self.X, dtype=np.float64)
        if self.X.ndim != 2:
            raise ShapeError(_("X must have shape (n_samples, n_features), got shape {shape}")
                             .format(shape=self.X.shape))
        self.feature_names = [str(name) for name in self.feature_names]
        if len(self.feature_names) != self.X.shape[1]:
            raise ShapeError(_("X has {d} columns but {k} feature names were given").format(
                d=self.X.shape[1], k=len(self.feature_names)))
        if self.task not in TASKS:
            raise DataError(_("unknown task {task!r}; use 'regression' or 'classification'")
                            .format(task=self.task))
        if self.y is not None:
            self.y = np.asarray(self.y)
            if self.y.shape != (self.X.shape[0],):
                raise ShapeError(_("y must have shape ({n},) to match X's {n} rows, got shape "
                                   "{shape}").format(n=self.X.shape[0], shape=self.y.shape))
        if self.input_features is None:
            self.input_features = list(self.feature_names)

    @property
    def n_samples(self) -> int:
        """Number of rows of ``X``."""
        return self.X.shape[0]

    @property
    def n_features(self) -> int:
        """Number of columns of ``X``."""
        return self.X.shape[1]

    def __repr__(self) -> str:
        return (f"TabularDataset(n_samples={self.n_samples}, n_features={self.n_features}, "
                f"target={self.target_name!r}, task={self.task!r})")

    def summary(self) -> list[str]:
        """What the data is and what was done to it, one translated line per item.

        >>> ds = TabularDataset(np.zeros((3, 2)), np.array([1.0, 2.0, 4.0]), ["a", "b"], "y",
        ...                     source="toy")
        >>> print("\\n".join(ds.summary()))
        toy: 3 samples, 2 features
        target 'y' (regression): mean 2.333, std 1.247, from 1 to 4
        """
        samples = ngettext("{n} sample", "{n} samples", self.n_samples).format(n=self.n_samples)
        features = ngettext("{d} feature", "{d} features", self.n_features).format(
            d=self.n_features)
        lines = [_("{source}: {samples}, {features}").format(
            source=self.source or _("data"), samples=samples, features=features)]
        if self.y is not None and self.y.size and self.task == "regression":
            y = self.y.astype(np.float64)
            lines.append(_("target {target!r} (regression): mean {mean}, std {std}, from {low} "
                           "to {high}").format(target=self.target_name, mean=f"{y.mean():.4g}",
                                               std=f"{y.std():.4g}", low=f"{y.min():.4g}",
                                               high=f"{y.max():.4g}"))
        elif self.task == "classification":
            names = self.class_names or []
            lines.append(_("target {target!r} (classification): {k} classes: {classes}").format(
                target=self.target_name, k=len(names), classes=listing(names)))
        for column, values in self.categories.items():
            lines.append(_("one-hot encoded {column!r} into {k} columns: {categories}").format(
                column=column, k=len(values), categories=listing(values)))
        for message, values in self.notes:
            lines.append(_(message).format(**values))
        return lines
