"""``--folds K``: K-fold cross-validation of the training and validation rows, checked against
scikit-learn's least squares on the same folds."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.errors import ConfigError
from descenso.pipeline.console import Console
from descenso.pipeline.fit import load_data
from descenso.pipeline.options import FitOptions
from descenso.pipeline.run import FitRun
from descenso.sweep.folds import cross_validate, fold_indices


def test_folds_cover_every_row_once():
    folds = fold_indices(10, 3, seed=1)
    assert sorted(np.concatenate(folds).tolist()) == list(range(10))
    assert [len(fold) for fold in folds] == [4, 3, 3]
    with pytest.raises(ConfigError, match="--folds 11 needs between 2 and 10"):
        fold_indices(10, 11, seed=1)


def test_cross_validation_matches_scikit_learn_least_squares():
    linear_model = pytest.importorskip("sklearn.linear_model")
    metrics = pytest.importorskip("sklearn.metrics")
    options = FitOptions(solver="normal", learning_curves=False, seed=3)
    summary = cross_validate(options, 4)

    run = FitRun(options, Console(quiet=True))
    load_data(run)
    X = np.concatenate([run.splits.X_train, run.splits.X_val]).astype(np.float64)
    y = np.concatenate([run.splits.y_train, run.splits.y_val]).astype(np.float64)
    scores = []
    for held_out in fold_indices(len(y), 4, seed=3):
        kept = np.setdiff1d(np.arange(len(y)), held_out)
        model = linear_model.LinearRegression().fit(X[kept], y[kept])
        scores.append(metrics.r2_score(y[held_out], model.predict(X[held_out])))
    assert summary["r2_mean"] == pytest.approx(np.mean(scores), abs=1e-9)
    assert summary["r2_std"] == pytest.approx(np.std(scores), abs=1e-9)
    assert set(summary) >= {"mse_mean", "mse_std", "mae_mean", "rmse_std"}
