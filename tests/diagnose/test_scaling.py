"""check_scaling from column statistics and Gram matrices equals the direct computation."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

import descenso.diagnose.scaling as scaling
from descenso.diagnose import check_scaling
from descenso.linear.step_size import curvature


def _direct(X, fit_intercept):
    """The textbook way: std per column, then the curvature of the standardized copy."""
    std = X.std(axis=0)
    varying = np.flatnonzero(std > 10 * np.finfo(np.float64).eps * np.abs(X.mean(axis=0)))
    Z = X.copy()
    Z[:, varying] = (X[:, varying] - X[:, varying].mean(axis=0)) / std[varying]
    return (std, curvature(X, fit_intercept).condition_number,
            curvature(Z, fit_intercept).condition_number)


def _table(rng, n=3000):
    X = rng.normal(size=(n, 5)) * np.array([0.5, 3.0, 40.0, 0.02, 7.0]) + [1.0, -4.0, 300, 2, 0]
    X[:, 4] = 5.0  # a constant column stays as it is
    one_hot = np.eye(3)[rng.integers(0, 3, n)]  # sums to the intercept's column
    return np.hstack([X, one_hot])


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("block", [scaling._BLOCK_VALUES, 70])
def test_equals_the_direct_computation(rng, monkeypatch, fit_intercept, block):
    monkeypatch.setattr(scaling, "_BLOCK_VALUES", block)  # 70 values: blocks of 8 rows
    X = _table(rng)
    std, condition, standardized = _direct(X, fit_intercept)
    report = check_scaling(X, fit_intercept=fit_intercept)
    varying = np.delete(np.arange(X.shape[1]), 4)
    assert report.ratio == pytest.approx(std[varying].max() / std[varying].min(), rel=1e-12)
    assert report.largest_std == pytest.approx(40.0, rel=0.05)
    assert (report.largest_feature, report.smallest_feature) == ("x2", "x3")
    assert report.largest_std == pytest.approx(std[2], rel=1e-12)
    assert report.smallest_std == pytest.approx(std[3], rel=1e-12)
    assert report.condition_number == pytest.approx(condition, rel=1e-9)
    assert report.standardized_condition_number == pytest.approx(standardized, rel=1e-9)
    assert report.standardized_condition_number < report.condition_number / 100


def test_a_column_with_a_large_mean_keeps_its_small_spread(rng):
    X = rng.normal(size=(2000, 3)) * [1.0, 2.0, 0.5] + [1e7, 0.0, -3.0]
    std, condition, standardized = _direct(X, True)
    report = check_scaling(X)
    assert report.smallest_std == pytest.approx(std[2], rel=1e-10)
    assert report.largest_std == pytest.approx(std[1], rel=1e-10)
    assert report.standardized_condition_number == pytest.approx(standardized, rel=1e-9)


def test_float32_and_integer_inputs_are_read_as_float64(rng):
    X = _table(rng, 500)
    expected = check_scaling(X.astype(np.float32).astype(np.float64))
    got = check_scaling(X.astype(np.float32))
    assert got.ratio == pytest.approx(expected.ratio, rel=1e-12)
    assert got.standardized_condition_number == pytest.approx(
        expected.standardized_condition_number, rel=1e-9)
    integers = np.array([[1, 100], [2, 300], [3, 200]])
    assert check_scaling(integers).ratio == pytest.approx(100.0)


def test_fewer_than_two_varying_columns_give_none():
    assert check_scaling(np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])) is None


def _traced_peak(function, *args) -> int:
    tracemalloc.start()
    try:
        function(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_allocates_far_less_than_the_data(rng):
    X = rng.normal(size=(400_000, 12)) * np.geomspace(0.01, 100, 12)  # 38 MB
    peak = _traced_peak(check_scaling, X)
    assert peak < 0.3 * X.nbytes, f"peak {peak / X.nbytes:.2f}x the data"
    # the measurement sees a copy of X (so the bound above can fail)
    assert _traced_peak(np.copy, X) >= X.nbytes
