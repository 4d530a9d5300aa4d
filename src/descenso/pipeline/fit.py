"""The ``descenso fit`` workflow: one :class:`~descenso.pipeline.run.FitRun` passed one way.

1. :func:`load_data`: load the data, resolve and check every option against it, split it,
   learn the preprocessing from the training rows, print a summary. Nothing is written yet, so
   bad input leaves nothing behind.
2. The run folder is created and locked (:class:`~descenso.pipeline.run_folder.RunFolder`).
3. :func:`~descenso.pipeline.training.train`: build the model and train it.
4. :func:`write_outputs`: evaluate on train, validation and test, diagnose, and write the
   model, ``metrics.json``, ``history.csv``, the figures and ``report.html``, all at once.

When something fails after the folder was created, the folder is removed (when this run
created it) or keeps exactly what it held before, with two exceptions that keep what can be
continued: Ctrl-C keeps the checkpoint, writes ``history.csv`` and the report so far, and
re-raises :class:`~descenso.train.TrainingInterrupted` with the command that resumes; a
divergence keeps the last finite checkpoint and ``history.csv`` and re-raises
:class:`~descenso.errors.TrainingDiverged`.
"""

from __future__ import annotations

import os
import shlex
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from descenso.data.input_file import check_regular_file
from descenso.errors import ConfigError, TrainingDiverged
from descenso.i18n import gettext as _
from descenso.io import save_model, write_json_atomic
from descenso.io.model_file import MODEL_FILE
from descenso.pipeline.console import Console, format_metrics_table
from descenso.pipeline.diagnosis import evidence
from descenso.pipeline.options import FitOptions
from descenso.pipeline.outputs import METRICS_FILE, write_history, write_report_files
from descenso.pipeline.preprocessing import fit_preprocessing
from descenso.pipeline.report_content import hyperparameters, report_content
from descenso.pipeline.results import evaluate_splits, figures_data, run_diagnosis
from descenso.pipeline.run import FitRun
from descenso.pipeline.run_folder import RunFolder, default_run_path, output_error
from descenso.pipeline.sources import load_source, release_features
from descenso.pipeline.splits import split_source
from descenso.pipeline.training import CHECKPOINTS, network_refit, train
from descenso.train import TrainingInterrupted

__all__ = ["FitOutcome", "load_data", "run_fit", "write_outputs"]


@dataclass
class FitOutcome:
    """What a finished ``fit`` produced: the folder, the metrics and the resolved options."""

    folder: Path
    metrics: dict[str, dict[str, float]]
    options: FitOptions
    files: list[Path]


def run_fit(options: FitOptions, console: Console | None = None,
            argv: Sequence[str] | None = None) -> FitOutcome:
    """Run ``descenso fit`` with ``options``; ``argv`` (the fit arguments) is recorded as the
    command that reproduces the run.

    Raises
    ------
    DescensoError
        Bad input, before anything is written; :class:`~descenso.errors.OutputError` when
        the outputs cannot be written (nothing half-written is left).
    TrainingDiverged, TrainingInterrupted
        After saving what can be saved (see the module docstring).
    """
    run = FitRun(options, console or Console(), argv)
    load_data(run)
    run.folder.create()
    try:
        started = time.perf_counter()
        run.trained = train(run)
        run.timings[_("training")] = time.perf_counter() - started
        return write_outputs(run)
    except TrainingInterrupted as stop:
        try:
            kept = _keep_interrupted(run, stop)
        except OSError as error:  # saving what was done failed too (a full disk)
            raise output_error(error, run.folder.path) from None
        raise kept from None
    except TrainingDiverged as error:
        _keep_diverged(run, error)
        raise
    except OSError as error:
        run.folder.discard()
        raise output_error(error, run.folder.path) from None
    except BaseException:
        run.folder.discard()
        raise
    finally:
        run.folder.release()


def load_data(run: FitRun) -> None:
    """Options -> data: fill in ``run.source``, the resolved ``run.options``, ``run.splits``,
    ``run.pre``, ``run.prepared`` and ``run.folder`` (not created yet).

    Raises
    ------
    DescensoError
        For bad data or options that contradict it; nothing has been written.
    """
    started = time.perf_counter()
    options = run.options
    if options.resume is not None and not Path(options.resume).is_file():
        if not os.path.lexists(options.resume):
            raise ConfigError(
                _("--resume {path}: no such checkpoint file; pass the checkpoint-last.safetensors "
                  "of an interrupted run").format(path=options.resume))
        check_regular_file(options.resume, error=ConfigError)  # a FIFO, a device, a loop...
    source = load_source(options, progress=not run.console.quiet)
    batch_size_given = options.batch_size is not None
    options = options.resolved(task=source.task, images=source.images)
    if batch_size_given or options.batch_size is None:
        splits = split_source(source, options)
    else:
        # The default batch (32) shrinks to fit a small table; only a --batch-size the user
        # gave is refused when it is larger than the training rows.
        splits = split_source(source, replace(options, batch_size=None))
        options = replace(options, batch_size=min(options.batch_size, len(splits.y_train)))
    release_features(source)  # the splits hold copies of every row
    run.options, run.source, run.splits = options, source, splits
    pre, warnings = fit_preprocessing(
        source, splits.X_train, splits.y_train, standardize=options.standardize,
        standardize_target=options.standardize and run.network)
    run.pre = pre
    _print_summary(run, warnings)
    # The split rows are copies made for this run and only their model inputs are used from
    # here on, so tables are standardized in place: one copy of the data fewer.
    run.prepared = {name: (pre.transform(X, copy=False), y) for name, X, y in splits.parts()}
    run.folder = RunFolder(_output_path(options, source.name), reuse=options.resume is not None)
    run.timings[_("loading")] = time.perf_counter() - started


def _output_path(options: FitOptions, name: str) -> Path:
    if options.out is not None:
        return Path(options.out)
    if options.resume is not None:
        checkpoint = Path(options.resume)
        if checkpoint.parent.name == CHECKPOINTS:
            return checkpoint.parent.parent
    return default_run_path(name)


def _print_summary(run: FitRun, warnings) -> None:
    console, source, pre = run.console, run.source, run.pre
    console.heading(_("Data"))
    if source.images:
        console.info(_("{name}: {n_train} training and {n_test} test images of 28x28 pixels, "
                       "{k} classes: {classes}").format(
            name=source.name, n_train=len(source.y_train), n_test=len(source.y_test),
            k=len(source.class_names), classes=", ".join(source.class_names)))
    else:
        for line in source.dataset.summary():
            console.info(line)
    console.info(_("split: {train} training, {val} validation, {test} test rows").format(
        **run.splits.sizes()))
    if pre.x_mean is not None:
        console.info(_("features standardized with the training rows' mean and standard "
                       "deviation"))
    for warning in warnings:
        console.info(_("warning: {message}").format(message=warning))
    console.heading(_("Training"))


def write_outputs(run: FitRun) -> FitOutcome:
    """Trained model -> evaluation, diagnosis, and every file of the run, published at once.

    Raises
    ------
    OSError
        When a file cannot be written; the caller discards the staging folder.
    """
    started = time.perf_counter()
    trained, pre, options, console = run.trained, run.pre, run.options, run.console
    metrics, test_outputs = evaluate_splits(trained, run.prepared, pre)
    refit = network_refit(run) if run.network and options.learning_curves else None
    diagnosis, three_questions = run_diagnosis(
        trained, run.prepared, pre, metrics, learning_curves=options.learning_curves,
        refit=refit, seed=options.seed)
    run.timings[_("evaluation")] = time.perf_counter() - started
    console.heading(_("Metrics"))
    for line in format_metrics_table(metrics):
        console.result(line)
    console.heading(_("Diagnosis"))
    for line in diagnosis:
        console.info(line)
    regression, classification = figures_data(pre, run.splits, test_outputs, metrics,
                                              run.source)
    content = report_content(
        source=run.source, options=options, pre=pre, sizes=run.splits.sizes(), trained=trained,
        metrics=metrics, diagnosis=diagnosis, regression=regression,
        evidence=None if three_questions is None else evidence(three_questions, trained,
                                                                run.prepared, pre),
        classification=classification, timings=run.timings, command=run.command)
    staging = run.folder.staging()
    write_json_atomic(staging / METRICS_FILE, metrics)
    files = [staging / METRICS_FILE, write_history(staging, trained.table, trained.history_unit),
             *write_report_files(staging, content)]
    metadata = {
        "dataset": run.source.name,
        "task": options.task,
        "model": options.model,
        "preprocessing": pre.to_metadata(),
        "hyperparameters": hyperparameters(options, trained),
        "options": options.as_dict(),
        "training": trained.training,
        "metrics": metrics,
        "command": run.command,
    }
    save_model(staging, trained.module, metadata)  # written last: the run is complete
    files = run.folder.publish([staging / MODEL_FILE, *files])
    _print_outputs(console, run.folder.path, files)
    return FitOutcome(run.folder.path, metrics, options, files)


def _keep_interrupted(run: FitRun, stop: TrainingInterrupted) -> TrainingInterrupted:
    """Ctrl-C: keep the checkpoint, write ``history.csv`` and the report so far, and say how
    to continue; returns the exception to raise."""
    folder = run.folder.path
    resume = _resume_command(run.argv, folder, stop.checkpoint)
    partial = getattr(stop, "trained", None)
    if partial is None:  # nothing to continue from
        run.folder.discard()
        return TrainingInterrupted(f"{stop}; {resume}",
                                   stop.history, stop.checkpoint, stop.epoch, stop.batch)
    write_history(folder, partial.table, partial.history_unit)
    note = _("training was interrupted in epoch {epoch} of {epochs}; {resume}").format(
        epoch=stop.epoch, epochs=run.options.epochs, resume=resume)
    write_report_files(folder, report_content(
        source=run.source, options=run.options, pre=run.pre, sizes=run.splits.sizes(),
        trained=partial, command=run.command, notes=[note]))
    message = _("{what}; the report so far and history.csv are in {folder}; {resume}").format(
        what=str(stop), folder=folder, resume=resume)
    return TrainingInterrupted(message, stop.history, stop.checkpoint, stop.epoch, stop.batch)


def _keep_diverged(run: FitRun, error: TrainingDiverged) -> None:
    """Divergence: a network keeps its last finite checkpoint and ``history.csv``; linear
    regression has nothing to continue from, so nothing is kept."""
    if not run.network:
        run.folder.discard()
        return
    history = getattr(error, "history", None)
    if history is not None and len(history):
        write_history(run.folder.path, history.as_dict(), "epoch")


def _resume_command(argv, folder: Path, checkpoint) -> str:
    if checkpoint is None:
        return _("no checkpoint was written yet, so start the run again")
    words, skip = [], False
    for word in list(argv or ()):
        if skip:
            skip = False
            continue
        if word in ("--resume", "--out"):
            skip = True
            continue
        if word.startswith(("--resume=", "--out=")):
            continue
        words.append(word)
    words += ["--out", str(folder), "--resume", str(checkpoint)]
    return _("to continue, run: {command}").format(
        command="descenso fit " + shlex.join(words))


def _print_outputs(console: Console, folder: Path, files: list[Path]) -> None:
    console.heading(_("Outputs"))
    figures = sorted(path.name for path in files if path.suffix == ".png")
    named = [path.name for path in files if path.suffix != ".png"]
    console.info(_("files: {files}, and {n} figures ({figures})").format(
        files=", ".join(named), n=len(figures), figures=", ".join(figures)))
    console.result(_("outputs written to {folder}").format(folder=folder))
    console.info(_("open {report} in a browser to see the report; predict with: descenso "
                   "predict {folder} DATA").format(report=folder / "report.html", folder=folder))
