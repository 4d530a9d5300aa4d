"""Preprocessing learned on training rows, saved, restored and applied identically."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.data import TabularDataset
from descenso.errors import DataError, ModelFileError
from descenso.pipeline.preprocessing import Preprocessing, fit_preprocessing, scale_pixels
from descenso.pipeline.sources import TabularSource


def _source(X, y, task="regression"):
    names = [f"x{j}" for j in range(X.shape[1])]
    return TabularSource("toy", TabularDataset(X, y, names, "y", task=task))


def test_standardizer_comes_from_the_training_rows_and_survives_metadata(rng):
    X = rng.normal(3.0, 2.0, size=(50, 3))
    y = rng.normal(size=50)
    pre, notes = fit_preprocessing(_source(X, y), X[:40], y[:40], standardize=True,
                                   standardize_target=True)
    assert notes == []
    np.testing.assert_array_equal(pre.x_mean, X[:40].mean(axis=0))
    np.testing.assert_array_equal(pre.x_scale, X[:40].std(axis=0))
    assert pre.y_mean == y[:40].mean() and pre.y_scale == y[:40].std()
    restored = Preprocessing.from_metadata(pre.to_metadata())
    np.testing.assert_array_equal(restored.transform(X), pre.transform(X))
    np.testing.assert_array_equal(restored.transform(X), (X - X[:40].mean(0)) / X[:40].std(0))
    z = pre.transform_target(y)
    np.testing.assert_allclose(restored.inverse_target(z), y, rtol=1e-13)


def test_constant_column_is_reported_not_raised(rng):
    X = np.hstack([rng.normal(size=(20, 1)), np.ones((20, 1))])
    pre, notes = fit_preprocessing(_source(X, rng.normal(size=20)), X, rng.normal(size=20),
                                   standardize=True, standardize_target=False)
    assert len(notes) == 1 and "x1" in notes[0]
    assert pre.x_scale[1] == 1.0 and pre.y_mean is None


def test_constant_regression_target_is_a_data_error(rng):
    X = rng.normal(size=(10, 2))
    with pytest.raises(DataError, match="constant"):
        fit_preprocessing(_source(X, np.ones(10)), X, np.ones(10), standardize=False,
                          standardize_target=True)


def test_pixels_are_divided_by_255_in_float32():
    pixels = np.arange(256, dtype=np.uint8).reshape(1, 16, 16)
    scaled = scale_pixels(pixels)
    assert scaled.dtype == np.float32
    np.testing.assert_array_equal(scaled, pixels.astype(np.float32) / np.float32(255))


@pytest.mark.parametrize("damage", [{}, {"kind": "audio"}, {"standardizer": {"mean": [0.0]}}])
def test_damaged_metadata_is_a_model_file_error(damage):
    data = Preprocessing("tabular", "regression", "y", feature_names=["a", "b"]).to_metadata()
    data = {**data, **damage} if damage else {}
    with pytest.raises(ModelFileError):
        Preprocessing.from_metadata(data)


def test_standardizer_of_the_wrong_length_is_a_model_file_error():
    data = Preprocessing("tabular", "regression", "y", feature_names=["a", "b"]).to_metadata()
    data["standardizer"] = {"mean": [0.0], "scale": [1.0]}
    with pytest.raises(ModelFileError, match="2 features"):
        Preprocessing.from_metadata(data)


def test_transform_in_place_equals_the_copy_bit_for_bit():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(50, 3)) * [1.0, 10.0, 0.1] + 4.0
    pre = Preprocessing("tabular", "regression", "y", feature_names=["a", "b", "c"],
                        x_mean=X.mean(axis=0), x_scale=X.std(axis=0))
    expected = (X - pre.x_mean) / pre.x_scale
    copied = pre.transform(X)
    assert copied is not X and np.array_equal(copied, expected)
    raw = X.copy()
    in_place = pre.transform(raw, copy=False)
    assert in_place is raw and np.array_equal(in_place, expected)
    read_only = X.copy()
    read_only.flags.writeable = False
    assert np.array_equal(pre.transform(read_only, copy=False), expected)
    assert np.array_equal(read_only, X)


def test_missing_values_are_filled_from_the_training_rows_only():
    X = np.array([[1.0, 1, 0], [3.0, 0, 1], [np.nan, 0, 1], [5.0, np.nan, np.nan],
                  [100.0, 1, 0], [100.0, 1, 0]])
    data = TabularDataset(X, np.arange(6.0), ["a", "c_u", "c_v"], "y",
                          categories={"c": ["u", "v"]}, input_features=["a", "c"],
                          missing={"a": 1, "c": 1})
    pre, notes = fit_preprocessing(TabularSource("toy", data), X[:4], np.arange(4.0),
                                   standardize=True, standardize_target=False)
    # median of 1, 3, 5 (the NaN and the test rows' 100s left out); the most frequent of
    # c (v: 2 rows of 3) is 1 in its column and 0 in the other.
    np.testing.assert_array_equal(pre.x_fill, [3.0, 0.0, 1.0])
    assert notes == ["2 missing values filled with the training rows' median (numbers) or most "
                     "frequent value (categories): a (1), c (1); to drop incomplete rows "
                     "instead, pass --drop-missing"]
    filled = np.array([[1.0, 1, 0], [3.0, 0, 1], [3.0, 0, 1], [5.0, 0, 1]])
    np.testing.assert_array_equal(pre.x_mean, filled.mean(axis=0))
    restored = Preprocessing.from_metadata(pre.to_metadata())
    np.testing.assert_array_equal(restored.transform(X[:4]), (filled - pre.x_mean) / pre.x_scale)
    in_place = X[:4].copy()
    assert restored.transform(in_place, copy=False) is in_place
    np.testing.assert_array_equal(in_place, (filled - pre.x_mean) / pre.x_scale)


def test_a_model_without_fill_values_refuses_missing_values():
    pre = Preprocessing("tabular", "regression", "y", feature_names=["a"])
    np.testing.assert_array_equal(pre.transform(np.array([[2.0]])), [[2.0]])
    with pytest.raises(DataError, match="1 missing values, and this model was made before"):
        pre.transform(np.array([[np.nan], [2.0]]))


@pytest.mark.parametrize("fill", [[0.0], [0.0, float("nan")], "x"])
def test_damaged_fill_values_are_a_model_file_error(fill):
    data = Preprocessing("tabular", "regression", "y", feature_names=["a", "b"]).to_metadata()
    data["fill"] = fill
    with pytest.raises(ModelFileError):
        Preprocessing.from_metadata(data)


def test_a_feature_without_any_training_value_is_refused():
    X = np.array([[np.nan, 1.0], [np.nan, 2.0], [4.0, 3.0]])
    data = TabularDataset(X, np.arange(3.0), ["a", "b"], "y", missing={"a": 2})
    with pytest.raises(DataError, match="feature 'a' has no value in the training rows"):
        fit_preprocessing(TabularSource("toy", data), X[:2], np.arange(2.0), standardize=False,
                          standardize_target=False)
