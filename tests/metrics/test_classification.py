"""Classification metrics against scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.errors import ConfigError, DataError
from descenso.metrics import accuracy_score, confusion_matrix

sk_metrics = pytest.importorskip("sklearn.metrics")


def test_accuracy_matches_sklearn(rng):
    y_true = rng.integers(0, 4, size=300)
    y_pred = rng.integers(0, 4, size=300)
    weight = rng.uniform(0, 1, size=300)
    assert accuracy_score(y_true, y_pred) == sk_metrics.accuracy_score(y_true, y_pred)
    assert accuracy_score(y_true, y_pred, normalize=False) == sk_metrics.accuracy_score(
        y_true, y_pred, normalize=False)
    assert accuracy_score(y_true, y_pred, sample_weight=weight) == pytest.approx(
        sk_metrics.accuracy_score(y_true, y_pred, sample_weight=weight), rel=1e-14)


def test_accuracy_of_string_labels():
    assert accuracy_score(["cat", "dog", "dog"], ["cat", "cat", "dog"]) == pytest.approx(2 / 3)


@pytest.mark.parametrize("normalize", [None, "true", "pred", "all"])
def test_confusion_matrix_matches_sklearn(normalize, rng):
    y_true = rng.integers(0, 5, size=400)
    y_pred = np.where(rng.uniform(size=400) < 0.6, y_true, rng.integers(0, 5, size=400))
    ours = confusion_matrix(y_true, y_pred, normalize=normalize)
    expected = sk_metrics.confusion_matrix(y_true, y_pred, normalize=normalize)
    assert ours.dtype == expected.dtype
    np.testing.assert_allclose(ours, expected, rtol=1e-14)


def test_confusion_matrix_with_labels_order_and_unknown_labels():
    y_true = ["b", "a", "c", "a", "z"]
    y_pred = ["a", "a", "c", "b", "a"]
    labels = ["c", "a", "b"]
    ours = confusion_matrix(y_true, y_pred, labels=labels)
    expected = sk_metrics.confusion_matrix(y_true, y_pred, labels=labels)
    np.testing.assert_array_equal(ours, expected)


def test_confusion_matrix_weighted_and_missing_class(rng):
    y_true = np.array([0, 0, 1, 1])
    y_pred = np.array([0, 1, 1, 1])
    weight = np.array([0.5, 1.0, 2.0, 0.25])
    labels = [0, 1, 2]
    for normalize in (None, "true", "pred"):
        np.testing.assert_allclose(
            confusion_matrix(y_true, y_pred, labels=labels, sample_weight=weight,
                             normalize=normalize),
            sk_metrics.confusion_matrix(y_true, y_pred, labels=labels, sample_weight=weight,
                                        normalize=normalize),
            rtol=1e-14,
        )


def test_confusion_matrix_bad_normalize():
    with pytest.raises(ConfigError, match="normalize must be one of"):
        confusion_matrix([0, 1], [0, 1], normalize="rows")


def test_confusion_matrix_repeated_labels():
    with pytest.raises(DataError, match="repeated"):
        confusion_matrix([0, 1], [0, 1], labels=[0, 0, 1])
