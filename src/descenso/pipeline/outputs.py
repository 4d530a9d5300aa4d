"""A run's files, each written atomically: here its history and its report.

Into the run folder go ``model.safetensors`` (the weights, and in its header the
architecture, preprocessing, hyperparameters, metrics and the command), ``metrics.json``
(``{"train": {...}, "val": {...}, "test": {...}}``), ``history.csv`` (one row per epoch or
iteration), ``report.html`` and every figure as PNG. :func:`~descenso.pipeline.fit.write_outputs`
writes the model file last, so a folder with ``model.safetensors`` always holds a complete run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from descenso.io import write_text_atomic
from descenso.train.history import history_csv

if TYPE_CHECKING:
    from descenso.report import ReportContent

__all__ = ["METRICS_FILE", "write_history", "write_report_files"]

METRICS_FILE = "metrics.json"
HISTORY_FILE = "history.csv"
REPORT_FILE = "report.html"


def write_history(folder: Path, history: Mapping[str, Sequence], unit: str) -> Path:
    """``folder/history.csv``: one row per ``unit`` (see :func:`~descenso.train.history_csv`,
    which ``History.to_csv`` also uses)."""
    path = Path(folder) / HISTORY_FILE
    write_text_atomic(path, history_csv(history, unit))
    return path


def write_report_files(folder: Path, content: ReportContent) -> list[Path]:
    """The figures as PNG and ``report.html`` (figures embedded); returns the paths."""
    # Imported here: matplotlib takes a second to load, which a command that stops on bad
    # input should not pay.
    from descenso.report import render_figures, write_figures, write_report

    figures = render_figures(content)
    paths = write_figures(folder, figures)
    report = Path(folder) / REPORT_FILE
    write_report(report, content, figures)
    return [report, *paths]
