"""Cutting the data of a run into training, validation and test rows, reproducibly.

Tables are shuffled with the seed and cut by ``--split`` fractions (test rows first, then
validation, then training, as the Abalone learner did, so the default reproduces the learner's
2,507 / 835 / 835 rows). Image datasets keep their official test split and hold out 10 % of
the training images, chosen with the seed, for validation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from descenso.data.split import train_test_split, train_val_test_split
from descenso.errors import ConfigError, DataError
from descenso.i18n import gettext as _
from descenso.pipeline.options import IMAGE_VALIDATION_FRACTION, FitOptions
from descenso.pipeline.sources import ImageSource, TabularSource

__all__ = ["Splits", "split_source"]


@dataclass
class Splits:
    """The rows of each part, in the data's own units (raw features, uint8 images).

    ``X_*`` have shape (n_part, n_features) for tables or (n_part, 28, 28) for images;
    ``y_*`` have shape (n_part,). Table parts are copies of the data's rows, which
    ``descenso fit`` then standardizes in place (see :meth:`Preprocessing.transform`).
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray

    def sizes(self) -> dict[str, int]:
        """Rows per part: ``{"train": ..., "val": ..., "test": ...}``."""
        return {"train": len(self.y_train), "val": len(self.y_val), "test": len(self.y_test)}

    def parts(self):
        """``(name, X, y)`` for train, val and test, in that order."""
        return (("train", self.X_train, self.y_train), ("val", self.X_val, self.y_val),
                ("test", self.X_test, self.y_test))


def split_source(source: TabularSource | ImageSource, options: FitOptions) -> Splits:
    """Split ``source`` as ``options`` (already resolved) say; checks the batch size fits.

    Raises
    ------
    DataError
        When there are too few rows to give every part one.
    ConfigError
        When ``--batch-size`` is larger than the training rows.
    """
    if source.images:
        X_train, X_val, y_train, y_val = train_test_split(
            source.X_train, source.y_train, test_size=IMAGE_VALIDATION_FRACTION,
            seed=options.seed)
        splits = Splits(X_train, y_train, X_val, y_val, source.X_test, source.y_test)
    else:
        val_size, test_size = options.split[1], options.split[2]
        data = source.dataset
        X_train, X_val, X_test, y_train, y_val, y_test = train_val_test_split(
            data.X, data.y, val_size=val_size, test_size=test_size, seed=options.seed)
        splits = Splits(X_train, y_train, X_val, y_val, X_test, y_test)
    if not source.images and options.task == "regression":
        _check_measurable(splits)
    n_train = len(splits.y_train)
    if options.batch_size is not None and options.batch_size > n_train:
        raise ConfigError(
            _("--batch-size {size} is larger than the {n} training rows; use at most {n}").format(
                size=options.batch_size, n=n_train)
        )
    return splits


def _check_measurable(splits: Splits) -> None:
    """R² compares a part's errors with its own spread: a part of one row, or whose target is
    the same in every row, has none, and its R² would be NaN."""
    names = {"train": _("training"), "val": _("validation"), "test": _("test")}
    advice = _("use more rows or larger --split fractions (e.g. --split 0.6,0.2,0.2 on at "
               "least 10 rows)")
    for name, _X, y in splits.parts():
        if len(y) < 2:
            raise DataError(_("the {part} part has only 1 row, so its R² is undefined; "
                              "{advice}").format(part=names[name], advice=advice))
        if np.ptp(y) == 0:
            raise DataError(_("the {n} rows of the {part} part all have the same target value, "
                              "so its R² is undefined; {advice}").format(
                n=len(y), part=names[name], advice=advice))
