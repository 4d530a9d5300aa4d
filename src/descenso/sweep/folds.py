"""K-fold cross-validation of one trial (``descenso sweep --folds K``).

What is split: the rows ``descenso fit`` uses for training and validation (everything but the
test rows, which cross-validation never sees), shuffled with the trial's seed and cut into K
folds of nearly equal size. Each fold is held out once: the model is trained on the other K-1
folds, with the preprocessing learnt from them alone, and scored on the held-out fold. What is
reported: the mean and the standard deviation (``ddof=0``) over the K folds of every
validation metric (``r2``, ``mse``... or ``accuracy``, ``loss``), as ``cv`` metrics beside the
trial's ordinary train/validation/test metrics.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.pipeline.console import Console
from descenso.pipeline.fit import load_data
from descenso.pipeline.options import FitOptions
from descenso.pipeline.preprocessing import fit_preprocessing
from descenso.pipeline.results import evaluate_splits
from descenso.pipeline.run import FitRun
from descenso.pipeline.run_folder import RunFolder
from descenso.pipeline.splits import Splits
from descenso.pipeline.training import train

__all__ = ["cross_validate", "fold_indices"]


def fold_indices(n: int, k: int, seed: int) -> list[np.ndarray]:
    """The row indices of each of ``k`` folds of ``n`` rows, shuffled with ``seed``.

    >>> [fold.tolist() for fold in fold_indices(5, 2, seed=0)]
    [[2, 4, 3], [0, 1]]
    """
    if not 2 <= k <= n:
        raise ConfigError(
            _("--folds {k} needs between 2 and {n} (the training and validation rows); try "
              "--folds 5").format(k=k, n=n))
    order = np.random.default_rng(seed).permutation(n)
    return np.array_split(order, k)


def cross_validate(options: FitOptions, k: int) -> dict[str, float]:
    """``{"<metric>_mean": ..., "<metric>_std": ...}`` over ``k`` folds (see the module)."""
    run = FitRun(replace(options, learning_curves=False, out=None), Console(quiet=True))
    load_data(run)
    splits = run.splits
    X = np.concatenate([splits.X_train, splits.X_val])
    y = np.concatenate([splits.y_train, splits.y_val])
    scores: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="descenso-folds-") as scratch:
        for index, held_out in enumerate(fold_indices(len(y), k, run.options.seed)):
            kept = np.setdiff1d(np.arange(len(y)), held_out)
            run.splits = Splits(X[kept], y[kept], X[held_out], y[held_out],
                                splits.X_test[:0], splits.y_test[:0])
            run.pre, _warnings = fit_preprocessing(
                run.source, run.splits.X_train, run.splits.y_train,
                standardize=run.options.standardize,
                standardize_target=run.options.standardize and run.network)
            run.prepared = {name: (run.pre.transform(part_X), part_y)
                            for name, part_X, part_y in run.splits.parts() if name != "test"}
            run.folder = RunFolder(Path(scratch) / f"fold-{index}")
            run.folder.create()
            try:
                run.trained = train(run)
            finally:
                run.folder.release()
            metrics, _outputs = evaluate_splits(run.trained, {"val": run.prepared["val"]},
                                                run.pre)
            for name, value in metrics["val"].items():
                scores.setdefault(name, []).append(float(value))
    summary = {}
    for name, values in scores.items():
        summary[f"{name}_mean"] = float(np.mean(values))
        summary[f"{name}_std"] = float(np.std(values))
    return summary
