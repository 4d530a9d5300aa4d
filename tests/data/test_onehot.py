"""OneHotEncoder matches scikit-learn's and explains unknown categories."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.data import OneHotEncoder
from descenso.errors import ConfigError, DataError, NotFittedError, ShapeError


def test_matches_scikit_learn(rng):
    preprocessing = pytest.importorskip("sklearn.preprocessing")
    X = np.stack([rng.choice(["M", "F", "I"], 50), rng.choice(["a", "bb", "c"], 50)], axis=1)
    ours = OneHotEncoder().fit(X)
    theirs = preprocessing.OneHotEncoder(sparse_output=False).fit(X)
    np.testing.assert_array_equal(ours.transform(X), theirs.transform(X))
    assert [c.tolist() for c in ours.categories_] == [c.tolist() for c in theirs.categories_]
    assert ours.get_feature_names_out(["sex", "k"]).tolist() == \
        theirs.get_feature_names_out(["sex", "k"]).tolist()


def test_numbers_and_given_categories():
    encoder = OneHotEncoder(categories=[["M", "F", "I"], [3, 1]])
    X = np.array([["F", 1], ["I", 3]], dtype=object)
    np.testing.assert_array_equal(encoder.fit_transform(X), [[0, 1, 0, 0, 1], [0, 0, 1, 1, 0]])
    assert encoder.get_feature_names_out().tolist() == ["x0_M", "x0_F", "x0_I", "x1_3", "x1_1"]
    numeric = OneHotEncoder().fit(np.array([[2.5], [1.0], [2.5]]))
    assert numeric.categories_[0].tolist() == [1.0, 2.5]
    np.testing.assert_array_equal(numeric.transform([[2.5]]), [[0, 1]])


def test_unknown_category_error_and_ignore():
    encoder = OneHotEncoder().fit([["M"], ["F"]])
    with pytest.raises(DataError) as caught:
        encoder.transform([["F"], ["X"]])
    assert str(caught.value) == (
        "unknown category 'X' in column 0 (row 1); the known categories are: F, M")
    ignoring = OneHotEncoder(handle_unknown="ignore").fit([["M"], ["F"]])
    np.testing.assert_array_equal(ignoring.transform([["X"], ["M"]]), [[0, 0], [0, 1]])
    with pytest.raises(DataError, match="unknown category 'a' in column 0"):
        OneHotEncoder().fit([[1.0], [2.0]]).transform([["a"]])


def test_bad_inputs():
    with pytest.raises(ShapeError, match=r"Reshape your data: X.reshape\(-1, 1\)"):
        OneHotEncoder().fit(["a", "b"])
    with pytest.raises(NotFittedError, match="call fit"):
        OneHotEncoder().transform([["a"]])
    with pytest.raises(ConfigError, match="handle_unknown must be"):
        OneHotEncoder(handle_unknown="skip").fit([["a"]])
    with pytest.raises(DataError, match="row 1 of column 0 is missing"):
        OneHotEncoder().fit(np.array([["a"], [None]], dtype=object))
    with pytest.raises(DataError, match="column 0 mixes numbers and text"):
        OneHotEncoder().fit(np.array([["a"], [1]], dtype=object))
    with pytest.raises(ShapeError,
                       match="X has 2 features, but OneHotEncoder is expecting 1 features"):
        OneHotEncoder().fit([["a"]]).transform([["a", "b"]])
    with pytest.raises(DataError, match=r"row 0 of column 0 is infinite \(inf\)"):
        OneHotEncoder().fit([[np.inf], [1.0]])
    with pytest.raises(DataError, match=r"X has 0 feature\(s\) \(shape=\(2, 0\)\)"):
        OneHotEncoder().fit(np.empty((2, 0)))
    with pytest.raises(DataError, match="X has 0 rows"):
        OneHotEncoder().fit(np.empty((0, 2)))
    with pytest.raises(ConfigError, match="repeat a value"):
        OneHotEncoder(categories=[["a", "a"]]).fit([["a"]])
