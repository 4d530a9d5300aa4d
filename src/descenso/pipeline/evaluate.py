"""The ``descenso evaluate`` workflow: a saved model's metrics on labelled data.

DATA is a CSV file with the target column, or a built-in dataset name: for a table, the test
rows of the same split the model was trained with (same seed and fractions); for MNIST and
Fashion-MNIST, the official test split.
"""

from __future__ import annotations

import os
from dataclasses import replace

from descenso.datasets.registry import get_dataset_info
from descenso.errors import ConfigError, DataError, ModelFileError
from descenso.i18n import gettext as _
from descenso.io import write_json_atomic
from descenso.pipeline.options import FitOptions
from descenso.pipeline.saved_run import SavedRun, load_run
from descenso.pipeline.sources import is_csv_path, load_source
from descenso.pipeline.splits import split_source

__all__ = ["run_evaluate"]


def _test_split(run: SavedRun, name: str, data_dir: str | None):
    info = get_dataset_info(name)
    images = info.task == "classification" and info.n_features == 784
    if images != (run.pre.kind == "images"):
        kind = _("images") if run.pre.kind == "images" else _("tables")
        raise DataError(
            _("the model was trained on {kind}, but {name} is not; evaluate it on data like "
              "its training data").format(kind=kind, name=info.name))
    saved = run.metadata.get("options") or {}
    if not isinstance(saved, dict):
        raise ModelFileError(
            _("the 'options' entry of the model file is a {kind}, not an object; the file is "
              "damaged: train the model again with 'descenso fit'").format(
                kind=type(saved).__name__))
    try:
        options = FitOptions(
            dataset=info.name, task=run.pre.task, seed=int(saved.get("seed", 42)),
            split=tuple(saved["split"]) if saved.get("split") else None,
            limit=None if images else saved.get("limit"),  # images: the whole test split
            data_dir=data_dir if images else None)
    except (TypeError, ValueError):
        options = FitOptions(dataset=info.name, task=run.pre.task, data_dir=data_dir)
    source = load_source(options, progress=True)
    options = replace(options, split=options.split or (None if images else (0.6, 0.2, 0.2)))
    splits = split_source(source, options)
    if not images:
        run.check_features(source.dataset.feature_names)
    return splits.X_test, splits.y_test


def run_evaluate(model: str | os.PathLike[str], data: str, *, data_dir: str | None = None,
                 out: str | os.PathLike[str] | None = None,
                 csv: dict | None = None) -> tuple[str, dict[str, float]]:
    """Metrics of the model in ``model`` on ``data``; also written as JSON to ``out``.

    ``csv``: how to read a CSV file (see :meth:`SavedRun.read_table`).

    Returns
    -------
    (label, metrics) : the name of the data evaluated and ``{"r2": ...}`` or
    ``{"accuracy": ..., "loss": ...}``.
    """
    run = load_run(model)
    if is_csv_path(data):
        table = run.read_table(data, need_target=True, csv=csv)
        X, y, label = table.X, table.y, os.path.basename(str(data))
    else:
        if data_dir is not None and run.pre.kind != "images":
            raise ConfigError(_("--data-dir applies to mnist and fashion-mnist only; remove it"))
        X, y = _test_split(run, data, data_dir)
        label = _("{name} (test)").format(name=get_dataset_info(data).name)
    metrics = run.metrics(X, y)
    if out is not None:
        write_json_atomic(out, {label: metrics})
    return label, metrics
