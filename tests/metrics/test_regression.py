"""Regression metrics against scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.errors import DataError, ShapeError
from descenso.metrics import (
    mae,
    mean_absolute_error,
    mean_squared_error,
    mse,
    r2_score,
    rmse,
    root_mean_squared_error,
)

sk_metrics = pytest.importorskip("sklearn.metrics")

PAIRS = [
    (mean_squared_error, "mean_squared_error"),
    (root_mean_squared_error, "root_mean_squared_error"),
    (mean_absolute_error, "mean_absolute_error"),
    (r2_score, "r2_score"),
]


@pytest.mark.parametrize(("ours", "name"), PAIRS)
def test_matches_sklearn_on_random_targets(ours, name, rng):
    y_true = rng.normal(size=200) * 3 + 1
    y_pred = y_true + rng.normal(size=200)
    expected = getattr(sk_metrics, name)(y_true, y_pred)
    assert ours(y_true, y_pred) == pytest.approx(expected, rel=1e-13, abs=1e-15)


@pytest.mark.parametrize(("ours", "name"), PAIRS)
def test_matches_sklearn_with_sample_weight(ours, name, rng):
    y_true = rng.normal(size=50)
    y_pred = rng.normal(size=50)
    weight = rng.uniform(0, 2, size=50)
    expected = getattr(sk_metrics, name)(y_true, y_pred, sample_weight=weight)
    assert ours(y_true, y_pred, sample_weight=weight) == pytest.approx(expected, rel=1e-13)


def test_aliases_are_the_long_names():
    assert mse is mean_squared_error
    assert rmse is root_mean_squared_error
    assert mae is mean_absolute_error


def test_column_and_flat_targets_mix_without_broadcasting():
    y_true = np.array([[1.0], [2.0], [3.0]])
    assert mse(y_true, np.array([1.0, 2.0, 5.0])) == pytest.approx(4.0 / 3.0)


def test_r2_of_constant_target_follows_sklearn():
    assert r2_score([2.0, 2.0, 2.0], [2.0, 2.0, 2.0]) == 1.0
    assert r2_score([2.0, 2.0, 2.0], [2.0, 2.0, 3.0]) == 0.0
    assert np.isnan(r2_score([2.0, 2.0], [2.0, 2.0], force_finite=False))
    assert r2_score([2.0, 2.0], [2.0, 3.0], force_finite=False) == -np.inf
    assert sk_metrics.r2_score([2.0, 2.0, 2.0], [2.0, 2.0, 3.0]) == 0.0


def test_r2_can_be_negative():
    assert r2_score([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]) == pytest.approx(-3.0)


def test_r2_of_one_sample_is_nan_with_warning():
    with pytest.warns(UserWarning, match="fewer than two samples"):
        assert np.isnan(r2_score([1.0], [1.0]))


def test_length_mismatch_names_both_lengths():
    with pytest.raises(ShapeError, match="y_true has 3 values but y_pred has 2"):
        mse([1.0, 2.0, 3.0], [1.0, 2.0])


def test_wide_target_refused():
    with pytest.raises(ShapeError, match=r"y_pred must be 1-D .* shape \(2, 2\)"):
        mse([1.0, 2.0], [[1.0, 2.0], [3.0, 4.0]])


def test_nan_named_with_its_index():
    with pytest.raises(DataError, match="y_pred contains NaN or infinity \\(first at index 1\\)"):
        mae([1.0, 2.0], [1.0, np.nan])


def test_empty_refused():
    with pytest.raises(DataError, match="empty"):
        r2_score([], [])


def test_negative_weight_refused():
    with pytest.raises(DataError, match="must not be negative"):
        mse([1.0, 2.0], [1.0, 2.0], sample_weight=[1.0, -1.0])
