"""descenso's MLPClassifier/MLPRegressor against scikit-learn's, in one process.

For each data set bundled with scikit-learn (digits, breast_cancer, diabetes; California
housing too when it is already in scikit-learn's cache: this script never downloads), both
libraries fit the same settings (``hidden_layer_sizes=(64,)``, ``solver``, ``alpha=1e-4``,
``batch_size="auto"``, ``learning_rate_init=0.01``, ``max_iter``, ``tol=1e-4``,
``n_iter_no_change=10``, ``random_state``) on the same standardized 75 % of the rows (the
regression targets standardized too), and are scored on the other 25 %: accuracy for the
classifiers, R² for the regressors. Fits are interleaved (one of each, in alternating order)
so both see the same machine load; the script prints the median fit time of each over
``--repeats`` seeds, the median of the per-seed time ratios descenso / scikit-learn (below 1:
descenso is faster), the epochs each ran, and the mean test score of each.

Threads: ``--threads 1`` limits NumPy's BLAS to one thread for both (threadpoolctl);
``--threads default`` limits nothing, so each runs as a user runs it (scikit-learn on NumPy's
default BLAS threads, descenso with its own policy, see :mod:`descenso.threads`). Run from the
repository root::

    python benchmarks/sklearn_mlp.py --threads 1
    python benchmarks/sklearn_mlp.py --threads default --solver sgd

scikit-learn and threadpoolctl are imported here only; descenso does not depend on them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import time
import warnings

import numpy as np
from sklearn import datasets
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.neural_network import MLPRegressor as SkMLPRegressor
from sklearn.preprocessing import StandardScaler

from descenso.neural import MLPClassifier, MLPRegressor


def load(name: str):
    """``(X, y, classify)`` or None when California housing is not cached."""
    if name == "california_housing":
        try:
            X, y = datasets.fetch_california_housing(return_X_y=True,
                                                     download_if_missing=False)
        except OSError:
            return None
        return X, y, False
    X, y = getattr(datasets, f"load_{name}")(return_X_y=True)
    return X, y, name != "diabetes"


def prepare(X, y, classify: bool):
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, random_state=0, stratify=y if classify else None)
    scaler = StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    if not classify:
        mean, std = y_train.mean(), y_train.std()
        y_train, y_test = (y_train - mean) / std, (y_test - mean) / std
    return X_train, X_test, y_train, y_test


def timed_fit(model, X, y):
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn's ConvergenceWarning at max_iter
        model.fit(X, y)
    return time.perf_counter() - started


def run(name: str, args) -> None:
    loaded = load(name)
    if loaded is None:
        print(f"{name}: not in scikit-learn's cache, skipped (this script never downloads)")
        return
    X, y, classify = loaded
    X_train, X_test, y_train, y_test = prepare(X, y, classify)
    ours_class, theirs_class = ((MLPClassifier, SkMLPClassifier) if classify
                                else (MLPRegressor, SkMLPRegressor))
    times = {"descenso": [], "scikit-learn": []}
    scores = {"descenso": [], "scikit-learn": []}
    epochs = {"descenso": [], "scikit-learn": []}
    ratios = []
    for seed in range(args.repeats):
        settings = {"hidden_layer_sizes": (64,), "solver": args.solver, "alpha": 1e-4,
                    "learning_rate_init": 0.01, "max_iter": args.max_iter, "tol": 1e-4,
                    "n_iter_no_change": 10, "random_state": seed}
        pair = [("descenso", ours_class(**settings)), ("scikit-learn", theirs_class(**settings))]
        if seed % 2:
            pair.reverse()
        for label, model in pair:
            times[label].append(timed_fit(model, X_train, y_train))
            scores[label].append(model.score(X_test, y_test))
            epochs[label].append(model.n_iter_)
        ratios.append(times["descenso"][-1] / times["scikit-learn"][-1])
    metric = "accuracy" if classify else "R²"
    print(f"{name} ({X_train.shape[0]} training rows, {X.shape[1]} features), "
          f"solver={args.solver}:")
    for label, seconds in times.items():
        print(f"  {label:13s} fit {statistics.median(seconds) * 1000:8.1f} ms   "
              f"epochs {statistics.median(epochs[label]):5.0f}   "
              f"test {metric} {np.mean(scores[label]):.4f}")
    print(f"  ratio descenso / scikit-learn: {statistics.median(ratios):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", default="1", help="1, 2, ... or 'default'")
    parser.add_argument("--solver", default="adam", choices=("adam", "sgd"))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--max-iter", type=int, default=200)
    parser.add_argument("--datasets", default="digits,breast_cancer,diabetes,"
                                              "california_housing")
    args = parser.parse_args()
    if args.threads == "default":
        limit = contextlib.nullcontext()
    else:
        from threadpoolctl import threadpool_limits

        limit = threadpool_limits(int(args.threads))
    print(f"Python {platform.python_version()}, numpy {np.__version__}, "
          f"{os.cpu_count()} CPUs, threads: {args.threads}")
    with limit:
        for name in args.datasets.split(","):
            run(name, args)


if __name__ == "__main__":
    main()
