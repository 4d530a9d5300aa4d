"""One trial of a sweep, as a worker runs it: ``descenso fit`` into the trial's folder.

:func:`run_trial` takes and returns plain data (option values, paths, numbers, text), so it
runs the same in this process, on a local Dask worker or on another machine's. It never
raises for a failing trial: the error becomes the trial's record, so one bad trial does not
stop the sweep. A finished trial's record is saved as ``trial.json`` beside its model, which
is how a re-run of the sweep knows not to run it again.
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

from descenso.errors import DescensoError
from descenso.i18n import set_language
from descenso.io import write_json_atomic
from descenso.io.model_file import MODEL_FILE
from descenso.pipeline.console import Console
from descenso.pipeline.fit import run_fit
from descenso.pipeline.options import FitOptions
from descenso.pipeline.outputs import METRICS_FILE
from descenso.threads import get_num_threads, set_num_threads, single_threaded_blas

__all__ = ["TRIAL_FILE", "finished_record", "run_trial", "warm_up"]

TRIAL_FILE = "trial.json"


def finished_record(folder: Path) -> dict | None:
    """The record of the trial finished in ``folder``, or None when it has not finished
    (no model yet: a trial killed before its end is run again)."""
    folder = Path(folder)
    if not (folder / MODEL_FILE).is_file():
        return None
    try:
        record = json.loads((folder / TRIAL_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        # Killed after the model was published but before trial.json: the run is complete
        # (a folder with its model always is), only its timing is lost.
        try:
            metrics = json.loads((folder / METRICS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return {"key": folder.name, "status": "ok", "metrics": metrics, "seconds": None,
                "error": None}
    except (OSError, ValueError):
        return None
    return record if record.get("status") == "ok" else None


def warm_up() -> None:
    """Do once what a process's first trial would otherwise do on top of its work: import the
    training and report code, and draw one figure (matplotlib loads its fonts on the first).

    A sweep's workers call it when they join the cluster
    (:class:`~descenso.sweep.worker_plugin.TrialWorker`), so that a worker's first trial costs
    what the others do; nothing it does changes a trial's numbers.
    """
    import descenso.report.render  # noqa: F401  (the report's figures; fit is imported above)
    from descenso.report.figures.canvas import figure_to_png, new_figure

    figure = new_figure(1.0, 1.0)
    axes = figure.add_subplot()
    axes.plot([0.0, 1.0], [0.0, 1.0], label="descenso")
    axes.set_title("descenso")
    axes.legend()
    figure_to_png(figure)


def run_trial(spec: dict) -> dict:
    """Train one trial; returns its record.

    Parameters
    ----------
    spec : dict
        ``key`` (the trial's hash), ``options`` (FitOptions fields, ``out`` the trial folder),
        ``folds`` (K for cross-validation, or None) and ``language``.

    Returns
    -------
    dict
        ``key``, ``status`` ("ok" or "failed"), ``metrics`` (``{"train": {...}, "val": ...,
        "test": ...}``; ``"cv"`` too with folds), ``seconds``, ``error`` (None when ok).
    """
    set_language(spec.get("language"))
    # One core per worker: descenso's products on one thread, the BLAS on one thread (results
    # do not depend on it; see descenso.threads).
    previous_threads = get_num_threads()
    set_num_threads(1)
    folder = Path(spec["options"]["out"])
    record = {"key": spec["key"], "status": "ok", "metrics": {}, "seconds": 0.0,
              "error": None}
    started = time.perf_counter()
    with single_threaded_blas():
        try:
            previous = finished_record(folder)
            if previous is not None:
                return previous
            options = FitOptions(**spec["options"])
            # The trial's own printing would interleave with the others': it is kept quiet.
            outcome = run_fit(options, Console(quiet=True, stream=io.StringIO()))
            record["metrics"] = outcome.metrics
            if spec.get("folds"):
                from descenso.sweep.folds import cross_validate

                record["metrics"]["cv"] = cross_validate(options, spec["folds"])
        except (DescensoError, ArithmeticError, ValueError, MemoryError, OSError) as error:
            record.update(status="failed", error=" ".join(str(error).split())
                          or type(error).__name__)
        except KeyboardInterrupt:
            raise
        except Exception as error:  # noqa: BLE001  (one trial's bug must not stop the sweep)
            record.update(status="failed", error=f"{type(error).__name__}: {error}")
        finally:
            set_num_threads(previous_threads)
    record["seconds"] = time.perf_counter() - started
    if record["status"] == "ok":
        write_json_atomic(folder / TRIAL_FILE, record)
    return record
