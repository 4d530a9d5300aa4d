"""What a sweep writes at its top: ``results.csv``, ``report.html`` and the best trial's model.

``results.csv`` has one row per trial, in the grid's order: ``trial`` (the hash naming its
folder under ``trials/``), ``status`` (``ok``, ``failed`` or ``pending``), one column per
swept option, the metrics of every split (``train_r2``, ``val_r2``, ``test_r2``...; with
``--folds``, ``cv_r2_mean`` and ``cv_r2_std``), ``seconds`` and ``error``. It is rewritten,
atomically, after every trial.

The best trial is the finished one with the highest validation R² (regression) or accuracy
(classification), or their cross-validated mean with ``--folds``; ties go to the first in the
grid's order. Its ``metrics.json`` and ``model.safetensors`` (last) are copied to the
top of the sweep folder, so ``descenso predict SWEEP_FOLDER DATA`` uses it.
"""

from __future__ import annotations

import csv
import io
import math
import shutil
from dataclasses import dataclass
from pathlib import Path

from descenso.i18n import gettext as _
from descenso.io import write_text_atomic
from descenso.io.atomic import atomic_write
from descenso.io.model_file import MODEL_FILE, SPEC_FILE
from descenso.pipeline.console import Console
from descenso.pipeline.options import FitOptions
from descenso.pipeline.outputs import METRICS_FILE
from descenso.sweep.grid import Trial, format_option

__all__ = ["RESULTS_FILE", "TrialResult", "best_trial", "results_csv", "selection_metric",
           "write_sweep_outputs"]

RESULTS_FILE = "results.csv"
_SPLITS = ("cv", "val", "train", "test")
_BEST_FILES = (METRICS_FILE, MODEL_FILE)  # the model last


@dataclass
class TrialResult:
    """One trial: its grid values, folder key, record (None while pending) and options."""

    trial: Trial
    key: str
    record: dict | None
    options: FitOptions

    @property
    def status(self) -> str:
        return "pending" if self.record is None else self.record["status"]

    def columns(self) -> dict[str, float]:
        """The metrics as flat columns: ``{"val_r2": ..., "cv_r2_mean": ...}``."""
        metrics = (self.record or {}).get("metrics") or {}
        return {f"{split}_{name}": value for split in _SPLITS
                for name, value in (metrics.get(split) or {}).items()}

    def score(self, metric: str) -> float | None:
        value = self.columns().get(metric) if self.status == "ok" else None
        return None if value is None or not math.isfinite(value) else float(value)

    def summary(self, metric: str) -> str:
        """``lr=0.01 hidden=64: val_r2 0.5123 (2.1 s)`` or the trial's error."""
        if self.status != "ok":
            return _("{trial}: failed: {error}").format(trial=self.trial.label(),
                                                         error=self.record.get("error"))
        seconds = self.record.get("seconds")
        timing = "" if seconds is None else f" ({seconds:.1f} s)"
        score = self.score(metric)
        return f"{self.trial.label()}: {metric} {'—' if score is None else f'{score:.4f}'}" \
               f"{timing}"


def selection_metric(task: str, folds: int | None) -> str:
    """The column that picks the best trial.

    >>> selection_metric("regression", None), selection_metric("classification", 5)
    ('val_r2', 'cv_accuracy_mean')
    """
    name = "r2" if task == "regression" else "accuracy"
    return f"cv_{name}_mean" if folds else f"val_{name}"


def best_trial(results: list[TrialResult], metric: str) -> TrialResult | None:
    """The finished trial with the highest ``metric`` (the first of equals), or None."""
    best = None
    for result in results:
        score = result.score(metric)
        if score is not None and (best is None or score > best.score(metric)):
            best = result
    return best


def results_csv(results: list[TrialResult], names: list[str]) -> str:
    """The text of ``results.csv`` (see the module docstring)."""
    metric_columns: list[str] = []
    for result in results:
        metric_columns += [name for name in result.columns() if name not in metric_columns]
    order = {split: index for index, split in enumerate(_SPLITS)}
    metric_columns.sort(key=lambda name: order[name.split("_", 1)[0]])
    header = ["trial", "status", *names, *metric_columns, "seconds", "error"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for result in results:
        record = result.record or {}
        columns = result.columns()
        seconds = record.get("seconds")
        writer.writerow([result.key, result.status,
                         *(format_option(result.trial.values[name]) for name in names),
                         *(repr(float(columns[name])) if name in columns else ""
                           for name in metric_columns),
                         "" if seconds is None else f"{seconds:.3f}",
                         record.get("error") or ""])
    return buffer.getvalue()


def write_sweep_outputs(plan, results: list[TrialResult], console: Console, *,
                        final: bool = True) -> list[TrialResult]:
    """Write ``results.csv``; when ``final``, copy the best model to the top and write the
    report, and print the best trial. Returns ``results``."""
    folder = plan.folder
    write_text_atomic(folder / RESULTS_FILE, results_csv(results, list(plan.grid)))
    if not final:
        return results
    best = best_trial(results, plan.metric)
    if best is not None:
        _copy_best(Path(best.options.out), folder)
    from descenso.sweep.report import write_sweep_report  # loads matplotlib

    report = write_sweep_report(plan, results, best)
    failed = sum(result.status == "failed" for result in results)
    console.heading(_("Results"))
    if best is None:
        console.result(_("no trial finished; see the errors in {path}").format(
            path=folder / RESULTS_FILE))
    else:
        console.result(_("best trial: {trial} ({metric} {score:.4f}); its model is copied to "
                         "{folder}").format(trial=best.trial.label(), metric=plan.metric,
                                            score=best.score(plan.metric), folder=folder))
    if failed:
        console.result(_("{n} of {total} trials failed; their errors are in {path}").format(
            n=failed, total=len(results), path=folder / RESULTS_FILE))
    console.info(_("open {report} in a browser to compare the trials").format(report=report))
    return results


def _copy_best(source: Path, target: Path) -> None:
    (target / SPEC_FILE).unlink(missing_ok=True)  # an earlier version's second model file
    for name in _BEST_FILES:
        with open(source / name, "rb") as original, atomic_write(target / name, "wb") as copy:
            shutil.copyfileobj(original, copy)
