"""Standardizer against scikit-learn's StandardScaler, fitted on training rows only."""

from __future__ import annotations

import tracemalloc
import warnings

import numpy as np
import pytest

from descenso.data.standardizer import Standardizer
from descenso.errors import DataError, NotFittedError, ShapeError

sk_preprocessing = pytest.importorskip("sklearn.preprocessing")


def test_matches_standard_scaler(rng):
    X_train = rng.normal(size=(100, 4)) * np.array([1.0, 100.0, 0.01, 5.0]) + 3.0
    X_test = rng.normal(size=(20, 4))
    ours = Standardizer().fit(X_train)
    theirs = sk_preprocessing.StandardScaler().fit(X_train)
    np.testing.assert_allclose(ours.mean_, theirs.mean_, rtol=1e-14)
    np.testing.assert_allclose(ours.scale_, theirs.scale_, rtol=1e-14)
    np.testing.assert_allclose(ours.transform(X_test), theirs.transform(X_test), rtol=1e-12)
    np.testing.assert_allclose(ours.inverse_transform(ours.transform(X_test)), X_test,
                               rtol=1e-12, atol=1e-12)


def test_population_std_ddof_0():
    scaler = Standardizer().fit(np.array([[0.0], [2.0]]))
    assert scaler.scale_[0] == 1.0


def test_statistics_come_from_training_rows_only(rng):
    X_train = rng.normal(size=(50, 2))
    scaler = Standardizer().fit(X_train)
    Z = scaler.transform(X_train + 10.0)
    assert np.all(Z.mean(axis=0) > 5.0)


def test_constant_column_left_unscaled_with_named_warning():
    X = np.array([[1.0, 7.0, 0.0], [3.0, 7.0, 1.0]])
    with pytest.warns(UserWarning, match="constant column\\(s\\) 'Height' on the training"):
        scaler = Standardizer().fit(X, feature_names=["Length", "Height", "Sex_M"])
    np.testing.assert_array_equal(scaler.scale_, [1.0, 1.0, 0.5])
    np.testing.assert_array_equal(scaler.constant_features_, [1])
    Z = scaler.transform(X)
    assert np.all(np.isfinite(Z)) and np.all(Z[:, 1] == 0.0)


def test_constant_column_unnamed_and_noisy_mean():
    X = np.full((30, 1), 0.1) * 3
    with pytest.warns(UserWarning, match="column 0"):
        Standardizer().fit(X)


def test_no_warning_for_ordinary_columns(rng):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Standardizer().fit(rng.normal(size=(10, 3)) * 1e-6)


def test_float32_stays_float32(rng):
    X = rng.normal(size=(10, 2)).astype(np.float32)
    assert Standardizer().fit_transform(X).dtype == np.float32


def test_with_mean_and_with_std_off(rng):
    X = rng.normal(size=(10, 2)) + 5
    np.testing.assert_array_equal(Standardizer(with_mean=False, with_std=False).fit_transform(X),
                                  X)


def test_errors():
    with pytest.raises(NotFittedError, match="call fit"):
        Standardizer().transform(np.zeros((2, 2)))
    scaler = Standardizer().fit(np.eye(3))
    with pytest.raises(ShapeError, match="X has 2 features, but Standardizer is expecting 3 "
                                         "features as input"):
        scaler.transform(np.zeros((1, 2)))
    with pytest.raises(ShapeError, match="must be 2-D"):
        Standardizer().fit(np.arange(3.0))
    with pytest.raises(DataError, match="NaN or infinity \\(first at row 0, column 1\\)"):
        Standardizer().fit(np.array([[1.0, np.nan]]))
    with pytest.raises(DataError, match="0 rows"):
        Standardizer().fit(np.zeros((0, 2)))
    with pytest.raises(ShapeError, match="2 feature names given for 3 columns"):
        Standardizer().fit(np.eye(3), feature_names=["a", "b"])


def test_transform_allocates_one_array_and_leaves_x_alone(rng):
    """``(X - mean_) / scale_`` in one expression holds two full-size temporaries at once."""
    X = rng.normal(loc=3.0, scale=2.0, size=(50_000, 20))
    original = X.copy()
    scaler = Standardizer().fit(X)
    tracemalloc.start()
    try:
        Z = scaler.transform(X)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1.5 * X.nbytes
    np.testing.assert_array_equal(X, original)
    np.testing.assert_allclose(Z, (X - X.mean(axis=0)) / X.std(axis=0), rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(scaler.inverse_transform(Z), X, rtol=1e-13, atol=1e-12)
