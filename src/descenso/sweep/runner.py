"""``descenso sweep``: many ``descenso fit`` runs, one per trial of a grid, on Dask.

1. :func:`plan_sweep` reads nothing but the data: it builds every trial's
   :class:`~descenso.pipeline.options.FitOptions` and resolves them against the dataset, so a
   bad grid or a value ``descenso fit`` would refuse stops the sweep before anything is
   written.
2. :func:`run_sweep` locks the sweep folder (like ``descenso fit`` locks its run folder), sends
   the trials that have not finished yet to the Dask cluster (the longest first, by
   :func:`expected_work`), and records each one as it ends;
   ``results.csv`` is rewritten after every trial, so it always holds what is done.
3. At the end, the best trial's model is copied to the top of the sweep folder and the report is
   written (:mod:`descenso.sweep.results`).

Every trial uses the sweep's ``--seed`` (unless ``seed`` is itself swept): the same training,
validation and test rows and the same initialisation stream, so trials differ only in the
options they vary, and a trial's numbers are the same whichever worker ran it. A trial's folder
is named by a hash of its options, which is how a re-run of the same command finds the trials
already finished and does not run them again.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import shlex
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from descenso.errors import ConfigError
from descenso.i18n import get_language, ngettext
from descenso.i18n import gettext as _
from descenso.pipeline.console import Console
from descenso.pipeline.options import FitOptions
from descenso.pipeline.run_folder import RunFolder
from descenso.pipeline.sources import load_source
from descenso.sweep.grid import Trial, make_trials, trial_key
from descenso.sweep.results import TrialResult, selection_metric, write_sweep_outputs
from descenso.sweep.trial import finished_record, run_trial

__all__ = ["SWEEPS_FOLDER", "SweepPlan", "expected_work", "plan_sweep", "run_sweep"]

SWEEPS_FOLDER = "descenso-sweeps"
TRIALS_FOLDER = "trials"


@dataclass
class SweepPlan:
    """A checked sweep: its folder, its trials and their options (``out`` set to each
    trial's folder), and how the best trial is chosen."""

    folder: Path
    grid: dict
    trials: list[Trial]
    options: list[FitOptions]
    keys: list[str]
    task: str
    dataset: str
    folds: int | None = None
    command: str | None = None
    base: FitOptions = field(default_factory=FitOptions)
    work: list[float] = field(default_factory=list)

    @property
    def metric(self) -> str:
        """The column that picks the best trial (higher is better)."""
        return selection_metric(self.task, self.folds)


def plan_sweep(base: FitOptions, grid: dict, *, random: int | None = None,
               folds: int | None = None, argv: Sequence[str] | None = None) -> SweepPlan:
    """Check a sweep before running it: every trial's options, against the data too.

    Raises
    ------
    ConfigError
        For a trial's option value ``descenso fit`` would refuse (naming the trial), or options
        that do not fit the data; nothing has been written.
    """
    if random is not None and random < 1:
        raise ConfigError(_("--random {n} must be at least 1; try --random 10").format(n=random))
    if folds is not None and folds < 2:
        raise ConfigError(_("--folds {k} must be at least 2; try --folds 5").format(k=folds))
    trials = make_trials(grid, random=random, seed=base.seed)
    source = load_source(base, progress=False)
    folder = Path(base.out) if base.out is not None else _default_folder(
        base, grid, random, folds, source.name)
    folder = folder.absolute()
    options, keys, work = [], [], []
    for trial in trials:
        try:
            trial_options = replace(base, **trial.values)
            work.append(expected_work(trial_options.resolved(task=source.task,
                                                             images=source.images)))
        except ConfigError as error:
            raise ConfigError(_("trial {trial}: {error}").format(
                trial=trial.label(), error=error)) from None
        key = trial_key(trial_options.as_dict())
        keys.append(key)
        options.append(replace(trial_options, out=str(folder / TRIALS_FOLDER / key)))
    command = None if argv is None else "descenso sweep " + shlex.join(list(argv))
    return SweepPlan(folder, grid, trials, options, keys, source.task, source.name, folds,
                     command, base, work)


def expected_work(options: FitOptions) -> float:
    """A number that grows with a trial's training time, to start the longest trials first.

    Passes over the data (epochs, or gradient-descent iterations) x rows used (``--limit``, when
    swept) x weights of the hidden layers (their products, plus their sizes for the input and
    output layers). Only the order matters: the trials a sweep leaves to the end are the short
    ones, so its workers finish close together.

    >>> expected_work(FitOptions(epochs=10, hidden=(8,))) < expected_work(
    ...     FitOptions(epochs=10, hidden=(64,))) < expected_work(FitOptions(epochs=20, hidden=(64,)))
    True
    """
    passes = options.epochs if options.epochs is not None else (options.iterations or 1)
    sizes = options.hidden or ()
    weights = 1 + sum(a * b for a, b in itertools.pairwise(sizes)) + sum(sizes[:1]) \
        + sum(sizes[-1:])
    return float(passes) * float(options.limit or 1) * float(weights)


def _default_folder(base: FitOptions, grid: dict, random, folds, name: str) -> Path:
    """``descenso-sweeps/<dataset>-<hash>``: the same command gives the same folder, so running
    it again resumes."""
    described = {"options": base.as_dict(), "random": random, "folds": folds,
                 "grid": {key: [list(v) if isinstance(v, tuple) else v for v in values]
                          for key, values in grid.items()}}
    text = json.dumps(described, sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return Path(SWEEPS_FOLDER) / f"{Path(name).stem}-{digest}"


def run_sweep(plan: SweepPlan, console: Console | None = None, *,
              scheduler: str | None = None, workers: int | None = None) -> list[TrialResult]:
    """Run the trials of ``plan`` that have not finished yet; returns every trial's result.

    Raises
    ------
    ConfigError
        When Dask is missing, the scheduler does not answer, or the folder is in use.
    KeyboardInterrupt
        On Ctrl-C, after cancelling the pending trials and saving the finished ones.
    """
    from descenso.sweep.cluster import connect

    console = console or Console()
    folder = RunFolder(plan.folder, reuse=True)
    folder.create()
    try:
        # Made here, once: a failing trial removes the folders its run created, which must
        # never be the "trials" folder that its neighbours are writing into.
        (plan.folder / TRIALS_FOLDER).mkdir(exist_ok=True)
        results = [TrialResult(trial, key, None, options)
                   for trial, key, options in zip(plan.trials, plan.keys, plan.options)]
        pending = []
        for result in results:
            record = finished_record(Path(result.options.out))
            if record is not None:
                result.record = record
            else:
                pending.append(result)
        done = len(results) - len(pending)
        console.heading(_("Sweep"))
        console.info(ngettext("{n} trial in {folder}", "{n} trials in {folder}",
                              len(results)).format(n=len(results), folder=plan.folder))
        if done:
            console.info(ngettext("{n} trial already finished: not run again",
                                  "{n} trials already finished: not run again",
                                  done).format(n=done))
        if pending:
            with contextlib.ExitStack() as stack:
                try:
                    client = stack.enter_context(connect(scheduler, workers))
                except ConfigError:  # no Dask, or no scheduler: nothing ran, leave no trace
                    folder.discard()
                    raise
                _run_pending(plan, pending, results, client, console)
        return write_sweep_outputs(plan, results, console)
    finally:
        folder.release()


def _run_pending(plan: SweepPlan, pending, results, client, console: Console) -> None:
    from distributed import as_completed

    by_key = {}
    # Longest first, submitted and prioritised (a trial's numbers do not depend on when it
    # runs; results.csv keeps the grid's order).
    work = dict(zip(plan.keys, plan.work))
    order = sorted(pending, key=lambda result: -work.get(result.key, 0.0))
    for rank, result in enumerate(order):
        spec = {"key": result.key, "options": asdict(result.options), "folds": plan.folds,
                "language": get_language()}
        future = client.submit(run_trial, spec, key=f"descenso-trial-{result.key}",
                               pure=False, priority=len(order) - rank)
        by_key[future.key] = (future, result)
    total, finished = len(results), len(results) - len(pending)
    started = time.perf_counter()
    futures = [future for future, _result in by_key.values()]
    try:
        for future in as_completed(futures):
            _future, result = by_key[future.key]
            try:
                result.record = future.result()
            except Exception as error:  # noqa: BLE001  (the worker itself failed: record it)
                result.record = {"key": result.key, "status": "failed", "metrics": {},
                                 "seconds": None,
                                 "error": f"{type(error).__name__}: {error}"}
            finished += 1
            console.info(f"[{finished}/{total}] {result.summary(plan.metric)}")
            write_sweep_outputs(plan, results, console, final=False)
    except KeyboardInterrupt:
        client.cancel([future for future in futures if not future.done()])
        write_sweep_outputs(plan, results, console, final=False)
        raise KeyboardInterrupt(
            _("{done} of {total} trials finished and are kept in {folder}; run the same "
              "command again to run the other {left}").format(
                done=finished, total=total, folder=plan.folder, left=total - finished)
        ) from None
    console.info(_("trials ran in {seconds:.1f} s").format(
        seconds=time.perf_counter() - started))
