"""A model written by ``descenso fit``, loaded with its preprocessing, ready for new data.

``predict`` and ``evaluate`` read new data through :meth:`SavedRun.read_table` (which applies
the saved one-hot categories and insists on exactly the training columns) and
:meth:`SavedRun.outputs` (standardize, run the model, undo the target's standardization).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from descenso.data import TabularDataset, load_csv
from descenso.data.csv_assemble import TARGET_MISSING
from descenso.data.listing import listing
from descenso.errors import DataError, ModelFileError
from descenso.i18n import gettext as _
from descenso.i18n import ngettext
from descenso.io import SavedModel, load_model
from descenso.pipeline.evaluation import classification_metrics, regression_metrics
from descenso.pipeline.preprocessing import Preprocessing
from descenso.pipeline.sources import csv_reading

__all__ = ["SavedRun", "load_run"]


@dataclass
class SavedRun:
    """A loaded model file with its :class:`Preprocessing`."""

    saved: SavedModel
    pre: Preprocessing

    @property
    def metadata(self) -> dict:
        """Everything the model file records besides the architecture and weights."""
        return self.saved.metadata

    def read_table(self, path: str | os.PathLike[str], need_target: bool,
                   csv: dict | None = None) -> TabularDataset:
        """Read a CSV with the training columns (the target optional unless ``need_target``).

        ``csv`` holds the CSV options (``delimiter``, ``skip_rows``, ``drop``, ``features``...,
        named as in :class:`FitOptions`); columns left out at training may be present.

        Raises
        ------
        DataError
            For a missing or extra column, an unseen category, a malformed file, or a missing
            target when ``need_target``.
        """
        pre = self.pre
        if pre.kind != "tabular":
            raise DataError(
                _("this model classifies 28x28 images; give IDX, .npy or PNG files, not "
                  "{path}").format(path=path))
        reading = csv_reading(csv or {})
        # Without need_target the target column is ignored, so a row missing it is kept.
        reading["drop"] = (*pre.ignored, *reading["drop"],
                           *([] if need_target else [pre.target_name]))
        data = load_csv(path, target=pre.target_name if need_target else None,
                        features=pre.input_features, categories=pre.categories, dates=pre.dates,
                        task=pre.task, class_names=pre.class_names, min_rows=1, **reading)
        for message, values in data.notes:
            if message == TARGET_MISSING:
                print(_("warning: {message}").format(message=_(message).format(**values)),
                      file=sys.stderr)
        if data.missing and pre.x_fill is not None:
            count = sum(data.missing.values())
            print(_("warning: {message}").format(message=ngettext(
                "{count} missing value filled with the model's values from its training rows: "
                "{columns}; to drop incomplete rows instead, pass --drop-missing",
                "{count} missing values filled with the model's values from its training rows: "
                "{columns}; to drop incomplete rows instead, pass --drop-missing", count).format(
                count=count, columns=listing([f"{name} ({n})" for name, n in
                                              data.missing.items()]))), file=sys.stderr)
        self.check_features(data.feature_names)
        if need_target and data.y is None:
            raise DataError(
                _("{path} has no {target!r} column, which evaluation needs; to get predictions "
                  "without it, use 'descenso predict'").format(path=path, target=pre.target_name))
        return data

    def check_features(self, names: list[str]) -> None:
        """Raise a DataError unless ``names`` are exactly the model's feature columns."""
        expected = list(self.pre.feature_names)
        if list(names) == expected:
            return
        extra = [name for name in names if name not in expected]
        missing = [name for name in expected if name not in names]
        if not extra and not missing:
            raise DataError(
                _("the data's columns are in another order than the model's: {expected}; "
                  "reorder them").format(expected=", ".join(expected)))
        raise DataError(
            _("after one-hot encoding the data has columns the model does not know ({extra}) "
              "and lacks ones it needs ({missing}); check that numeric columns hold only "
              "numbers and categories only known values").format(
                extra=listing(extra) or "-", missing=listing(missing) or "-"))

    def outputs(self, X: np.ndarray) -> np.ndarray:
        """Predictions in the target's units (n,) for regression, logits (n, k) for
        classification, from raw rows (n, d), uint8 images (n, 28, 28), or float32 images
        already scaled to [0, 1] (as :func:`read_image_inputs` gives them)."""
        if self.pre.kind == "images" and X.dtype != np.uint8:
            inputs = X
        else:
            inputs = self.pre.transform(X)
        raw = self.saved.predict(inputs)
        if self.pre.task == "regression":
            return self.pre.inverse_target(raw)
        return raw

    def metrics(self, X: np.ndarray, y: np.ndarray) -> dict[str, float]:
        """Regression or classification metrics of the model on ``(X, y)``."""
        outputs = self.outputs(X)
        if self.pre.task == "regression":
            return regression_metrics(y, outputs)
        return classification_metrics(y, outputs)


def load_run(path: str | os.PathLike[str]) -> SavedRun:
    """Load the model in ``path`` (a run folder, its ``model.safetensors``, or the ``model.json`` of a
    model saved as two files by an earlier version).

    Raises
    ------
    ModelFileError
        When the files are missing or damaged, or the model was not written by
        ``descenso fit`` (no preprocessing recorded).
    """
    saved = load_model(Path(path))
    if "preprocessing" not in saved.metadata:
        raise ModelFileError(
            _("{path} holds a model without the preprocessing 'descenso fit' records; load it "
              "with descenso.io.load_model and call .predict on prepared inputs").format(
                path=path))
    pre = Preprocessing.from_metadata(saved.metadata["preprocessing"])
    outputs = [module.out_features for module in saved.model.modules()
               if hasattr(module, "out_features")]
    expected = len(pre.class_names) if pre.task == "classification" else 1
    binary = pre.task == "classification" and expected == 2 and outputs[-1:] == [1]
    if outputs and outputs[-1] != expected and not binary:
        raise ModelFileError(
            _("{path} holds a model with {outputs} outputs but its preprocessing expects "
              "{expected} ({what}); the file is damaged: train the model again with 'descenso "
              "fit'").format(path=path, outputs=outputs[-1], expected=expected,
                             what=_("one per class") if pre.task == "classification"
                             else _("regression")))
    return SavedRun(saved, pre)
