"""The ``descenso fit`` workflow: data in, a trained model, its numbers, a verdict and files out.

1. load the data and check every option against it (nothing is written yet, so bad input
   leaves nothing behind);
2. split it, learn the preprocessing from the training rows, print a summary;
3. train: linear models of tables through :class:`~descenso.linear.LinearRegression` or
   :class:`~descenso.linear.LogisticRegression`, networks (and ``--solver sgd`` classifiers)
   through the :class:`~descenso.train.Trainer` (with checkpoints);
4. evaluate on train, validation and test, diagnose, and write the model, ``metrics.json``,
   ``history.csv``, the figures and ``report.html`` into the run folder.

Ctrl-C during training keeps the checkpoint, writes ``history.csv`` and the report so far, and
re-raises :class:`~descenso.train.TrainingInterrupted` with the command that resumes; a
divergence keeps the last finite checkpoint and ``history.csv`` and re-raises
:class:`~descenso.errors.TrainingDiverged`.
"""

from __future__ import annotations

import shlex
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from descenso.errors import ConfigError, DescensoError, TrainingDiverged
from descenso.i18n import gettext as _
from descenso.pipeline.console import Console, format_metrics_table
from descenso.pipeline.fit_linear import fit_linear_regression, fit_logistic_regression
from descenso.pipeline.fit_network import NetworkRun
from descenso.pipeline.options import FitOptions
from descenso.pipeline.outputs import write_history, write_metrics, write_model, write_report_files
from descenso.pipeline.preprocessing import fit_preprocessing
from descenso.pipeline.report_content import hyperparameters, report_content
from descenso.pipeline.results import evaluate_splits, figures_data, run_diagnosis
from descenso.pipeline.run_folder import RunFolder, default_run_path
from descenso.pipeline.sources import load_source, release_features
from descenso.pipeline.splits import split_source
from descenso.train import TrainingInterrupted

__all__ = ["FitOutcome", "run_fit"]

CHECKPOINTS = "checkpoints"


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
        Bad input, before anything is written.
    TrainingDiverged, TrainingInterrupted
        After saving what can be saved (see the module docstring).
    """
    console = console or Console()
    command = None if argv is None else " ".join(["descenso fit", shlex.join(list(argv))]).strip()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    if options.resume is not None and not Path(options.resume).is_file():
        raise ConfigError(
            _("--resume {path}: no such checkpoint file; pass the checkpoint-last.safetensors "
              "of an interrupted run").format(path=options.resume))
    source = load_source(options, progress=not console.quiet)
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
    network = options.model == "mlp" or (options.task == "classification"
                                          and options.solver != "gd")
    pre, warnings = fit_preprocessing(
        source, splits.X_train, splits.y_train, standardize=options.standardize,
        standardize_target=network and options.standardize)
    _print_summary(console, source, splits.sizes(), pre, warnings)
    # The split rows are copies made for this run and only their model inputs are used from
    # here on, so tables are standardized in place: one copy of the data fewer.
    prepared = {name: (pre.transform(X, copy=False), y) for name, X, y in splits.parts()}
    folder = RunFolder(_output_path(options, source.name), reuse=options.resume is not None)
    timings[_("loading")] = time.perf_counter() - started

    started = time.perf_counter()
    if network:
        n_outputs = len(pre.class_names) if options.task == "classification" else 1
        X_train = prepared["train"][0]
        run = NetworkRun(options, n_features=int(X_train[0].size), n_outputs=n_outputs,
                         images=source.images, checkpoint_dir=folder.path / CHECKPOINTS,
                         console=console)
        folder.create()
        trained = _train_network(run, prepared, pre, folder, options, source, splits, argv,
                                 command, console)
    elif options.task == "classification":
        trained = fit_logistic_regression(options, *prepared["train"], len(pre.class_names),
                                          console)
        folder.create()
    else:
        trained = fit_linear_regression(options, *prepared["train"], console)
        folder.create()
    timings[_("training")] = time.perf_counter() - started
    try:
        return _finish(folder, trained, prepared, pre, options, source, splits, timings,
                       command, console)
    except DescensoError:
        if not network:  # a network's folder holds its checkpoints: never thrown away
            folder.remove_if_created()
        raise


def _output_path(options: FitOptions, name: str) -> Path:
    if options.out is not None:
        return Path(options.out)
    if options.resume is not None:
        checkpoint = Path(options.resume)
        if checkpoint.parent.name == CHECKPOINTS:
            return checkpoint.parent.parent
    return default_run_path(name)


def _print_summary(console: Console, source, sizes, pre, warnings) -> None:
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
        **sizes))
    if pre.x_mean is not None:
        console.info(_("features standardized with the training rows' mean and standard "
                       "deviation"))
    for warning in warnings:
        console.info(_("warning: {message}").format(message=warning))
    console.heading(_("Training"))


def _train_network(run: NetworkRun, prepared, pre, folder: RunFolder, options, source, splits,
                   argv, command, console):
    def target(name):
        X, y = prepared[name]
        return X, pre.transform_target(y)

    try:
        return run.fit(target("train"), target("val"), resume_from=options.resume)
    except TrainingInterrupted as stop:
        partial = run.result(stop.history)
        write_history(folder.path, partial.table, "epoch")
        resume = _resume_command(argv, folder.path, stop.checkpoint)
        note = _("training was interrupted in epoch {epoch} of {epochs}; {resume}").format(
            epoch=stop.epoch, epochs=options.epochs, resume=resume)
        write_report_files(folder.path, report_content(
            source=source, options=options, pre=pre, sizes=splits.sizes(), trained=partial,
            command=command, notes=[note]))
        message = _("{what}; the report so far and history.csv are in {folder}; {resume}").format(
            what=str(stop), folder=folder.path, resume=resume)
        raise TrainingInterrupted(message, stop.history, stop.checkpoint, stop.epoch,
                                  stop.batch) from None
    except TrainingDiverged as error:
        history = getattr(error, "history", None)
        if history is not None and len(history):
            write_history(folder.path, history.as_dict(), "epoch")
        raise
    except DescensoError:  # bad input found by the trainer (e.g. a mismatched checkpoint)
        folder.remove_if_created()
        raise


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


def _finish(folder: RunFolder, trained, prepared, pre, options, source, splits, timings,
            command, console) -> FitOutcome:
    started = time.perf_counter()
    metrics, test_outputs = evaluate_splits(trained, prepared, pre)
    diagnosis = run_diagnosis(trained, prepared, pre, metrics)
    timings[_("evaluation")] = time.perf_counter() - started
    console.heading(_("Metrics"))
    for line in format_metrics_table(metrics):
        console.result(line)
    console.heading(_("Diagnosis"))
    for line in diagnosis:
        console.info(line)
    regression, classification = figures_data(pre, splits, test_outputs, metrics, source)
    content = report_content(
        source=source, options=options, pre=pre, sizes=splits.sizes(), trained=trained,
        metrics=metrics, diagnosis=diagnosis, regression=regression,
        classification=classification, timings=timings, command=command)
    files = [write_metrics(folder.path, metrics),
             write_history_if_any(folder.path, trained)]
    files += write_report_files(folder.path, content)
    metadata = {
        "dataset": source.name,
        "task": options.task,
        "model": options.model,
        "preprocessing": pre.to_metadata(),
        "hyperparameters": hyperparameters(options, trained),
        "options": options.as_dict(),
        "training": trained.training,
        "metrics": metrics,
        "command": command,
    }
    files = write_model(folder.path, trained.module, metadata) + files
    files = [path for path in files if path is not None]
    _print_outputs(console, folder.path, files)
    return FitOutcome(folder.path, metrics, options, files)


def write_history_if_any(folder: Path, trained) -> Path | None:
    """``history.csv`` of the run (one row for the closed form: its training loss)."""
    table = trained.table if trained.table is not None else trained.history
    if not table and trained.estimator is not None:
        table = {"loss": [float(v) for v in trained.estimator.history_]}
    return write_history(folder, table, trained.history_unit)


def _print_outputs(console: Console, folder: Path, files: list[Path]) -> None:
    console.heading(_("Outputs"))
    figures = sorted(path.name for path in files if path.suffix == ".png")
    named = [path.name for path in files if path.suffix != ".png"]
    console.info(_("files: {files}, and {n} figures ({figures})").format(
        files=", ".join(named), n=len(figures), figures=", ".join(figures)))
    console.result(_("outputs written to {folder}").format(folder=folder))
    console.info(_("open {report} in a browser to see the report; predict with: descenso "
                   "predict {folder} DATA").format(report=folder / "report.html", folder=folder))
