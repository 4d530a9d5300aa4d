"""Benchmark: a million-row CSV loaded and fitted by descenso and by pandas + scikit-learn.

The file: ``--rows`` rows (default 1,000,000) of 20 numeric columns ``x0 ... x19`` on scales
from 0.01 to 1000, one categorical column ``region`` (5 values), and the target ``y`` (a
linear function of both plus noise), written with ``%.10g`` (ten significant digits, as a
spreadsheet export writes them). It is generated once (seeded) and reused.

Three measurements, each in a fresh Python process so that peak memory is its own:

1. ``descenso-normal``: ``load_csv(path, target="y")`` + ``LinearRegression(solver="normal")``;
2. ``descenso-gd``: the same load + ``LinearRegression(solver="gd", lr="auto", tol=1e-8,
   max_iter=20000)`` (full-batch gradient descent through the Gram matrix);
3. ``pandas-sklearn``: ``pandas.read_csv`` + ``pandas.get_dummies(..., dtype=float)`` +
   ``.to_numpy()`` + ``sklearn.linear_model.LinearRegression().fit``.

Times are the best of ``--rounds`` interleaved rounds ("load" is everything up to the float
matrix, "fit" the estimator's ``fit``). Memory is measured in separate runs of each process:
the peak traced by ``tracemalloc`` (every NumPy and Python allocation; not LAPACK's own
workspace), and the growth of the peak resident set size (``VmHWM``, what ``ru_maxrss``
reports) over the resident size just before loading, in untraced runs, after the fit has been
run once on a tiny table so BLAS and LAPACK buffers exist beforehand. Both are given relative to *the data*: the ``(n_rows, n_features + 1)``
float64 matrix of the encoded features and the target (here 1,000,000 x 26 x 8 bytes = 208
MB), the least any loader must hold.

Run: ``python benchmarks/scale_csv.py`` (``--rows 200000`` for a quicker look,
``--float-format %.18e`` to see the cost of 19-digit numbers).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

N_NUMERIC = 20
CATEGORIES = ("north", "south", "east", "west", "centre")
MEASUREMENTS = ("descenso-normal", "descenso-gd", "pandas-sklearn")
SEED = 7
BLOCK_ROWS = 100_000


def generate_csv(path: Path, n_rows: int, float_format: str = "%.10g", seed: int = SEED) -> None:
    """Write the synthetic table to ``path`` (through a temporary file, renamed at the end)."""
    rng = np.random.default_rng(seed)
    scales = 10.0 ** rng.uniform(-2, 3, N_NUMERIC)
    means = rng.normal(size=N_NUMERIC) * scales
    weights = rng.normal(size=N_NUMERIC) / scales
    effects = rng.normal(size=len(CATEGORIES)) * 3
    names = np.array(CATEGORIES)
    row_format = ",".join([float_format] * N_NUMERIC) + ",%s," + float_format
    temporary = path.with_name(path.name + ".partial")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(",".join(f"x{j}" for j in range(N_NUMERIC)) + ",region,y\n")
        for start in range(0, n_rows, BLOCK_ROWS):
            size = min(BLOCK_ROWS, n_rows - start)
            X = means + scales * rng.normal(size=(size, N_NUMERIC))
            codes = rng.integers(0, len(CATEGORIES), size)
            y = X @ weights + effects[codes] + rng.normal(scale=0.5, size=size)
            lines = [row_format % (*x, name, target)
                     for x, name, target in zip(X.tolist(), names[codes].tolist(), y.tolist())]
            handle.write("\n".join(lines) + "\n")
    os.replace(temporary, path)


def _status(field: str) -> int:
    """A memory figure of this process from /proc (Linux), in bytes."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def _r2(X, y, coef, intercept) -> float:
    residual = y - (X @ coef + intercept)
    return 1 - float(residual @ residual) / float(((y - y.mean()) ** 2).sum())


def _descenso(solver: str):
    from descenso.data import Standardizer, load_csv
    from descenso.linear import LinearRegression

    def load(path, data):
        ds = load_csv(path, target="y")
        data.update(X=ds.X, y=ds.y, names=ds.feature_names)

    def fit(data):
        X, y = data["X"], data["y"]
        if solver == "normal":
            model = LinearRegression(solver="normal").fit(X, y)
            return model.coef_, model.intercept_, {"r2": _r2(X, y, model.coef_, model.intercept_)}
        # Gradient descent needs the features on one scale, as `descenso fit` gives it by
        # default: the standardized copy replaces X, and the weights go back to raw units.
        scaler = Standardizer().fit(X)
        del X
        data["X"] = scaler.transform(data["X"])
        X = data["X"]
        model = LinearRegression(solver="gd", lr="auto", tol=1e-8, max_iter=20_000).fit(X, y)
        coef = model.coef_ / scaler.scale_
        intercept = model.intercept_ - float(coef @ scaler.mean_)
        return coef, intercept, {"r2": _r2(X, y, model.coef_, model.intercept_),
                                 "n_iter": int(model.n_iter_),
                                 "converged": bool(model.converged_)}

    return load, fit


def _pandas_sklearn():
    import pandas as pd
    from sklearn.linear_model import LinearRegression as SkLinearRegression

    def load(path, data):
        frame = pd.read_csv(path)
        y = frame.pop("y").to_numpy(np.float64)
        frame = pd.get_dummies(frame, columns=["region"], dtype=np.float64)
        data.update(X=frame.to_numpy(np.float64), y=y, names=list(frame.columns))

    def fit(data):
        X, y = data["X"], data["y"]
        model = SkLinearRegression().fit(X, y)
        intercept = float(model.intercept_)
        return model.coef_, intercept, {"r2": _r2(X, y, model.coef_, intercept)}

    return load, fit


def _warm_up(fit) -> None:
    """Run the fit once on a tiny table, so BLAS and LAPACK set up their buffers beforehand."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4000, N_NUMERIC + len(CATEGORIES)))
    fit({"X": X, "y": X @ rng.normal(size=X.shape[1]), "names": []})


def measure(name: str, path: str, trace: bool) -> dict:
    """Load and fit once in this process; times, memory and the fitted weights."""
    import tracemalloc

    load, fit = _pandas_sklearn() if name == "pandas-sklearn" else _descenso(name.split("-")[1])
    _warm_up(fit)
    if trace:
        tracemalloc.start()
    baseline = _status("VmRSS")
    data: dict = {}
    start = time.perf_counter()
    load(path, data)
    loaded = time.perf_counter()
    peak_load = _status("VmHWM")
    coef, intercept, extra = fit(data)
    done = time.perf_counter()
    traced = tracemalloc.get_traced_memory()[1] if trace else None
    peak = _status("VmHWM")
    n_rows, n_features = data["X"].shape
    return {
        "name": name, "load_s": loaded - start, "fit_s": done - loaded,
        "shape": [n_rows, n_features], "data_bytes": n_rows * (n_features + 1) * 8,
        "traced_peak": traced, "rss_growth": peak - baseline,
        "rss_growth_load": peak_load - baseline,
        "coef": dict(zip(data["names"], map(float, coef))), "intercept": float(intercept),
        **extra,
    }


def run_child(name: str, path: Path, trace: bool) -> dict:
    command = [sys.executable, __file__, "--child", name, "--csv", str(path)]
    if trace:
        command.append("--trace")
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def _largest_difference(a: dict, b: dict) -> float:
    """Largest relative difference of the numeric features' weights in two fits.

    The one-hot columns and the intercept are linearly dependent, so their weights are not
    unique (each solver returns a different valid set); the numeric weights are.
    """
    return max(abs(a[k] - b[k]) / abs(b[k]) for k in b if k.startswith("x"))


def report(times: dict, memory: dict, ratios: dict) -> None:
    data_mb = memory["descenso-normal"]["data_bytes"] / 1e6
    rows, columns = memory["descenso-normal"]["shape"]
    print(f"\ndata: {rows:,} rows x ({columns} features + target) float64 = {data_mb:.0f} MB")
    print("\nTimes: best of the rounds. Ratios to pandas + scikit-learn: of the best times, and "
          "the median of the ratios within each round.")
    print("\n| measurement | load (s) | fit (s) | load + fit (s) | ratio (best) | ratio (median) "
          "| tracemalloc peak / data | peak RSS growth / data (load; load + fit) | R² |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    reference = times["pandas-sklearn"]
    total_reference = reference["load_s"] + reference["fit_s"]
    for name in MEASUREMENTS:
        t, m = times[name], memory[name]
        total = t["load_s"] + t["fit_s"]
        print(f"| {name} | {t['load_s']:.2f} | {t['fit_s']:.2f} | {total:.2f} "
              f"| {total / total_reference:.2f}x | {float(np.median(ratios[name])):.2f}x "
              f"| {m['traced_peak'] / m['data_bytes']:.2f}x "
              f"| {m['rss_growth_load'] / m['data_bytes']:.2f}x; "
              f"{m['rss_growth'] / m['data_bytes']:.2f}x | {t['r2']:.10f} |")
    sk = times["pandas-sklearn"]["coef"]
    normal = times["descenso-normal"]
    gd = times["descenso-gd"]
    print(f"\ndescenso normal vs scikit-learn: largest relative difference of the "
          f"numeric weights {_largest_difference(normal['coef'], sk):.1e}")
    print(f"descenso gd vs scikit-learn: largest relative difference of the "
          f"numeric weights {_largest_difference(gd['coef'], sk):.1e}")
    print(f"descenso gd: {gd['n_iter']} steps, converged {gd['converged']}, R² "
          f"{normal['r2'] - gd['r2']:.1e} below the optimum")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--csv", type=Path, default=None,
                        help="the CSV file (default: /tmp/descenso-scale-<rows>.csv)")
    parser.add_argument("--float-format", default="%.10g")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved timing rounds")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--only", choices=MEASUREMENTS, action="append")
    parser.add_argument("--child", choices=MEASUREMENTS, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        print(json.dumps(measure(args.child, str(args.csv), args.trace)))
        return
    tag = "" if args.float_format == "%.10g" else "-" + args.float_format.strip("%").replace(".", "")
    path = args.csv or Path(f"/tmp/descenso-scale-{args.rows}{tag}.csv")
    if args.regenerate or not path.exists():
        start = time.perf_counter()
        generate_csv(path, args.rows, args.float_format)
        print(f"generated {path} in {time.perf_counter() - start:.1f} s")
    print(f"{path}: {path.stat().st_size / 1e6:.0f} MB; {platform.python_version()}, "
          f"numpy {np.__version__}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}")
    path.read_bytes()  # into the page cache, so no measurement pays for the first disk read

    names = args.only or list(MEASUREMENTS)
    times: dict = {}
    rss: dict = {}
    ratios: dict = {name: [] for name in names}
    for round_index in range(args.rounds):
        totals = {}
        for name in names:
            result = run_child(name, path, trace=False)
            totals[name] = result["load_s"] + result["fit_s"]
            print(f"round {round_index + 1} {name}: load {result['load_s']:.2f} s, "
                  f"fit {result['fit_s']:.2f} s, RSS growth {result['rss_growth_load'] / 1e6:.0f}"
                  f" MB after loading, {result['rss_growth'] / 1e6:.0f} MB after fitting",
                  flush=True)
            old = rss.get(name, (0, 0))
            rss[name] = (max(old[0], result["rss_growth_load"]), max(old[1], result["rss_growth"]))
            best = times.get(name)
            if best is None or totals[name] < best["load_s"] + best["fit_s"]:
                times[name] = result
        if "pandas-sklearn" in totals:
            for name in names:
                ratios[name].append(totals[name] / totals["pandas-sklearn"])
    memory = {}
    for name in names:
        memory[name] = run_child(name, path, trace=True)
        m = memory[name]
        # RSS from the untraced runs: tracemalloc's own records cost memory too.
        m["rss_growth_load"], m["rss_growth"] = rss[name]
        print(f"memory {name}: tracemalloc peak {m['traced_peak'] / 1e6:.0f} MB, largest RSS "
              f"growth {m['rss_growth'] / 1e6:.0f} MB, data {m['data_bytes'] / 1e6:.0f} MB",
              flush=True)
    if set(names) == set(MEASUREMENTS):
        report(times, memory, ratios)


if __name__ == "__main__":
    main()
