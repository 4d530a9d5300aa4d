"""Benchmark: 16 small trials of ``descenso sweep`` on 2 Dask workers against the same 16 run
one after another in this process (the reference), with the ratio printed.

Each trial is a 5-epoch MLP on the first 1,000 Abalone rows (16 = 4 learning rates x 4 hidden
sizes). Both sides run the very same function (:func:`descenso.sweep.trial.run_trial`) with one
BLAS thread; the Dask side is timed twice: the whole ``run_sweep`` call (with the cluster's
start-up) and the trials alone (from submission to the last result, as the sweep prints it).

Run: ``OPENBLAS_NUM_THREADS=1 python benchmarks/sweep.py`` (``--workers N``).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import tempfile
import time
from dataclasses import asdict, replace
from io import StringIO
from pathlib import Path

from descenso.pipeline.console import Console
from descenso.pipeline.options import FitOptions
from descenso.sweep.grid import parse_grids
from descenso.sweep.runner import plan_sweep, run_sweep
from descenso.sweep.trial import run_trial


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    base = FitOptions(model="mlp", epochs=5, limit=1000)
    grid = parse_grids(["lr=0.001,0.003,0.01,0.03", "hidden=8,16,32,64"])
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, OPENBLAS_NUM_THREADS="
          f"{os.environ.get('OPENBLAS_NUM_THREADS')}")
    with tempfile.TemporaryDirectory() as scratch:
        sequential = plan_sweep(replace(base, out=str(Path(scratch) / "one")), grid)
        started = time.perf_counter()
        for key, options in zip(sequential.keys, sequential.options):
            record = run_trial({"key": key, "options": asdict(options), "folds": None})
            assert record["status"] == "ok", record
        one_by_one = time.perf_counter() - started

        parallel = plan_sweep(replace(base, out=str(Path(scratch) / "dask")), grid)
        output = StringIO()
        started = time.perf_counter()
        results = run_sweep(parallel, Console(stream=output), workers=args.workers)
        whole = time.perf_counter() - started
        assert all(result.status == "ok" for result in results)
        trials_only = float(re.search(r"trials ran in ([0-9.]+) s", output.getvalue()).group(1))
    print(f"{len(results)} trials one after another: {one_by_one:.1f} s")
    print(f"{len(results)} trials on {args.workers} Dask workers: {trials_only:.1f} s "
          f"({whole:.1f} s with the cluster's start-up)")
    print(f"speed-up: {one_by_one / trials_only:.2f}x ({one_by_one / whole:.2f}x with start-up)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
