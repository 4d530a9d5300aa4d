"""The ``descenso predict`` workflow: a saved model applied to new data, as CSV rows.

Tabular models read one CSV file with the training columns (the target may be present or
not) and apply the saved one-hot encoding and standardizer; image models read IDX, ``.npy``
or PNG files. The result is CSV text:

- regression: one column ``prediction`` (in the target's units);
- classification: ``class``, ``class_name``, ``probability`` (the softmax of the logits for
  the predicted class); image rows start with ``input``, the file (and index) they came from.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import numpy as np

from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.io import write_text_atomic
from descenso.pipeline.evaluation import softmax
from descenso.pipeline.image_inputs import read_image_inputs
from descenso.pipeline.saved_run import SavedRun, load_run

__all__ = ["predict_rows", "run_predict"]

_IMAGE_SUFFIXES = (".npy", ".npz", ".png", ".gz", ".idx", ".jpg", ".jpeg")


def predict_rows(run: SavedRun, inputs: list[str | os.PathLike[str]],
                 csv: dict | None = None) -> list[list]:
    """The header and one row per input sample (see the module docstring)."""
    pre = run.pre
    if pre.kind == "images":
        images, names = read_image_inputs(inputs)
        outputs = run.outputs(images)
    else:
        if len(inputs) != 1:
            raise ConfigError(
                _("this model reads one CSV file, got {n} inputs; predict them one at a time")
                .format(n=len(inputs)))
        if Path(inputs[0]).suffix.lower() in _IMAGE_SUFFIXES:
            raise ConfigError(
                _("this model was trained on a table; give a CSV file with the columns {columns}, "
                  "not {path}").format(columns=", ".join(pre.input_features), path=inputs[0]))
        data = run.read_table(inputs[0], need_target=False, csv=csv)
        outputs = run.outputs(data.X)
        names = None
    if pre.task == "regression":
        header = ["prediction"]
        rows = [[repr(float(value))] for value in outputs]
    else:
        probs = softmax(outputs)
        classes = probs.argmax(axis=1)
        chosen = probs[np.arange(len(classes)), classes]
        class_names = pre.class_names or [str(k) for k in range(probs.shape[1])]
        header = ["class", "class_name", "probability"]
        rows = [[int(k), class_names[k], f"{p:.6f}"] for k, p in zip(classes, chosen)]
    if names is not None:
        header = ["input", *header]
        rows = [[name, *row] for name, row in zip(names, rows)]
    return [header, *rows]


def _csv_text(rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


def run_predict(model: str | os.PathLike[str], inputs: list[str | os.PathLike[str]],
                out: str | os.PathLike[str] | None = None, echo=print,
                csv: dict | None = None) -> list[list]:
    """Predict ``inputs`` with the model in ``model``; write CSV to ``out`` or echo it.

    ``csv``: how to read a CSV input (see :meth:`SavedRun.read_table`).

    Returns the rows (header first). Raises DataError / ModelFileError / ConfigError for bad
    input, before anything is written.
    """
    if out is not None and not str(out).strip():
        raise ConfigError(_("--out is empty; give a file name such as predictions.csv"))
    if out is not None and Path(out).is_dir():
        raise ConfigError(
            _("--out {path} is a folder; give a file name such as predictions.csv").format(
                path=out))
    run = load_run(model)
    rows = predict_rows(run, list(inputs), csv=csv)
    text = _csv_text(rows)
    if out is None:
        echo(text.rstrip("\n"))
    else:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(out, text)
        echo(_("wrote {n} predictions to {path}").format(n=len(rows) - 1, path=out))
    return rows
