"""TabularDataset validates its parts and describes itself."""

from __future__ import annotations

import numpy as np
import pytest

from descenso import i18n
from descenso.data import TabularDataset
from descenso.errors import DataError, ShapeError


def test_fields_and_summary():
    ds = TabularDataset(np.array([[1, 0, 2.0], [0, 1, 3.0]]), np.array([0, 1]),
                        ["sex_M", "sex_F", "w"], "label", task="classification",
                        categories={"sex": ["M", "F"]}, class_names=["no", "yes"],
                        input_features=["sex", "w"], source="toy.csv",
                        notes=[("dropped {count} rows with missing values (the first at line "
                                "{line})", {"count": 1, "line": 4})])
    assert ds.X.dtype == np.float64 and (ds.n_samples, ds.n_features) == (2, 3)
    assert ds.summary() == [
        "toy.csv: 2 samples, 3 features",
        "target 'label' (classification): 2 classes: no, yes",
        "one-hot encoded 'sex' into 2 columns: M, F",
        "dropped 1 rows with missing values (the first at line 4)",
    ]
    assert repr(ds) == (
        "TabularDataset(n_samples=2, n_features=3, target='label', task='classification')")


def test_singular_counts_and_no_target():
    ds = TabularDataset(np.zeros((1, 1)), None, ["x"], None)
    assert ds.summary() == ["data: 1 sample, 1 feature"]
    assert ds.input_features == ["x"]


def test_validation():
    with pytest.raises(ShapeError, match=r"X must have shape \(n_samples, n_features\)"):
        TabularDataset(np.zeros(3), np.zeros(3), ["x"], "y")
    with pytest.raises(ShapeError, match="X has 2 columns but 1 feature names were given"):
        TabularDataset(np.zeros((3, 2)), np.zeros(3), ["x"], "y")
    with pytest.raises(ShapeError, match=r"y must have shape \(3,\)"):
        TabularDataset(np.zeros((3, 1)), np.zeros(2), ["x"], "y")
    with pytest.raises(DataError, match="unknown task 'ranking'"):
        TabularDataset(np.zeros((3, 1)), np.zeros(3), ["x"], "y", task="ranking")


def test_summary_is_translated_when_the_catalog_has_it():
    ds = TabularDataset(np.zeros((2, 1)), np.array([1.0, 2.0]), ["x"], "y", source="s")
    i18n.set_language("es")
    try:
        lines = ds.summary()
    finally:
        i18n.set_language("en")
    assert len(lines) == 2  # untranslated messages fall back to English, never fail
