"""train_test_split and train_val_test_split: the learner's order, sizes and validation."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.data.split import train_test_split, train_val_test_split
from descenso.errors import ConfigError, DataError, ShapeError


def legacy_order(n, seed=42):
    """What the learner ran: the global legacy generator."""
    state = np.random.get_state()
    try:
        np.random.seed(seed)
        indices = np.arange(n)
        np.random.shuffle(indices)
    finally:
        np.random.set_state(state)
    return indices


def test_three_way_split_is_the_legacy_shuffle_test_first():
    n = 4177
    X = np.arange(n * 2).reshape(n, 2)
    y = np.arange(n)
    X_train, X_val, X_test, y_train, y_val, y_test = train_val_test_split(X, y)
    order = legacy_order(n)
    np.testing.assert_array_equal(y_test, order[:835])
    np.testing.assert_array_equal(y_val, order[835:1670])
    np.testing.assert_array_equal(y_train, order[1670:])
    np.testing.assert_array_equal(X_train[:, 0], 2 * y_train)
    assert (X_train.shape, X_val.shape, X_test.shape) == ((2507, 2), (835, 2), (835, 2))


def test_global_random_state_is_untouched():
    np.random.seed(123)
    expected = np.random.random_sample()
    np.random.seed(123)
    train_val_test_split(np.zeros((10, 1)), np.zeros(10))
    assert np.random.random_sample() == expected


def test_two_way_split_order_and_rounding():
    y = np.arange(11)
    _X_train, X_test, y_train, y_test = train_test_split(y[:, None], y, test_size=0.3, seed=1)
    order = legacy_order(11, seed=1)
    # int(11 * 0.3) == 3 rows, rounded down as the learner's int() did.
    np.testing.assert_array_equal(y_test, order[:3])
    np.testing.assert_array_equal(y_train, order[3:])
    np.testing.assert_array_equal(X_test[:, 0], y_test)


def test_counts_and_no_shuffle():
    y = np.arange(10)
    _, _, _, y_train, y_val, y_test = train_val_test_split(y, y, val_size=2, test_size=3,
                                                           shuffle=False)
    np.testing.assert_array_equal(y_test, [0, 1, 2])
    np.testing.assert_array_equal(y_val, [3, 4])
    np.testing.assert_array_equal(y_train, np.arange(5, 10))


def test_same_seed_same_split_other_seed_other_split():
    X = np.arange(100)[:, None]
    first = train_test_split(X, X[:, 0], seed=5)[3]
    np.testing.assert_array_equal(first, train_test_split(X, X[:, 0], seed=5)[3])
    assert not np.array_equal(first, train_test_split(X, X[:, 0], seed=6)[3])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"val_size": 0.0}, ConfigError, "val_size must be a fraction strictly between 0 and 1"),
        ({"test_size": 1.5}, ConfigError, "test_size must be a fraction strictly between"),
        ({"test_size": "20%"}, ConfigError, "test_size must be a fraction in \\(0, 1\\) or a"),
        ({"val_size": True}, ConfigError, "val_size must be a fraction"),
        ({"val_size": 0}, ConfigError, "val_size must be at least 1 row"),
        ({"val_size": 0.5, "test_size": 0.5}, ConfigError, "val_size \\+ test_size is 1"),
        ({"val_size": 6, "test_size": 4}, DataError, "fewer rows than the split needs: 10 rows"),
    ],
)
def test_bad_sizes(kwargs, error, message):
    with pytest.raises(error, match=message):
        train_val_test_split(np.zeros((10, 1)), np.zeros(10), **kwargs)


def test_too_few_rows_for_fractions():
    with pytest.raises(DataError, match="fewer rows than the split needs: 4 rows .* "
                                        "val_size=0.2, test_size=0.2"):
        train_val_test_split(np.zeros((4, 1)), np.zeros(4))
    with pytest.raises(DataError, match="fewer rows than the split needs"):
        train_test_split(np.zeros((3, 1)), np.zeros(3), test_size=0.2)


def test_length_mismatch():
    with pytest.raises(ShapeError, match="X has 5 rows but y has 4"):
        train_test_split(np.zeros((5, 2)), np.zeros(4))
