"""Splitting rows into training, validation and test sets, reproducibly.

The rows are shuffled with NumPy's legacy generator, exactly as ``np.random.seed(seed)``
followed by ``np.random.shuffle(indices)`` does (but through a private
``np.random.RandomState(seed)``, so the global random state is left alone). The shuffled
order is then cut **test rows first, then validation rows, then training rows**, and each
size is rounded down, as ``int(n * fraction)`` does. This is the protocol of the Abalone
learner whose figures descenso reproduces: with 4,177 rows and 20 % / 20 %, the test and
validation sets have 835 rows each and the training set 2,507.
"""

from __future__ import annotations

import numbers

import numpy as np

from descenso.advice import option
from descenso.errors import ConfigError, DataError, ShapeError
from descenso.i18n import gettext as _
from descenso.validation import check_consistent_length

__all__ = ["train_test_split", "train_val_test_split"]


def train_test_split(X, y, test_size=0.2, seed: int | None = 42, shuffle: bool = True):
    """Split ``(X, y)`` into training and test rows.

    Parameters
    ----------
    X : array-like of shape (n_samples, ...)
    y : array-like of shape (n_samples,)
    test_size : float in (0, 1) (a fraction, rounded down) or int (a number of rows)
    seed : int or None
        Seed of the legacy shuffle; None draws fresh entropy (not reproducible).
    shuffle : bool
        False keeps the file order (the test rows are then the first rows).

    Returns
    -------
    X_train, X_test, y_train, y_test : ndarray
        In scikit-learn's order.

    >>> X = np.arange(20).reshape(10, 2)
    >>> y = np.arange(10)
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3)
    >>> X_train.shape, X_test.shape
    ((7, 2), (3, 2))
    >>> y_test
    array([8, 1, 5])
    """
    X_array, y_array = _check_arrays(X, y)
    n = X_array.shape[0]
    n_test = _count(test_size, n, "test_size")
    _check_room(n, [n_test], test_size=test_size)
    order = _order(n, seed, shuffle)
    test, train = order[:n_test], order[n_test:]
    return X_array[train], X_array[test], y_array[train], y_array[test]


def train_val_test_split(X, y, val_size=0.2, test_size=0.2, seed: int | None = 42,
                         shuffle: bool = True):
    """Split ``(X, y)`` into training, validation and test rows (60/20/20 by default).

    The default reproduces the Abalone learner's split exactly; see the module docstring.

    Parameters
    ----------
    X : array-like of shape (n_samples, ...)
    y : array-like of shape (n_samples,)
    val_size, test_size : float in (0, 1) (fractions, rounded down, summing below 1) or int
        (numbers of rows)
    seed : int or None
    shuffle : bool

    Returns
    -------
    X_train, X_val, X_test, y_train, y_val, y_test : ndarray
        The three feature blocks, then the three target blocks.

    >>> X = np.arange(20).reshape(10, 2)
    >>> y = np.arange(10)
    >>> X_train, X_val, X_test, y_train, y_val, y_test = train_val_test_split(X, y)
    >>> len(y_train), len(y_val), len(y_test)
    (6, 2, 2)
    >>> y_test, y_val
    (array([8, 1]), array([5, 0]))
    """
    X_array, y_array = _check_arrays(X, y)
    n = X_array.shape[0]
    n_val = _count(val_size, n, "val_size")
    n_test = _count(test_size, n, "test_size")
    if _is_fraction(val_size) and _is_fraction(test_size) and val_size + test_size >= 1:
        raise ConfigError(_("val_size + test_size is {total:g} but must be below 1 to leave "
                            "training rows").format(total=val_size + test_size))
    _check_room(n, [n_test, n_val], val_size=val_size, test_size=test_size)
    order = _order(n, seed, shuffle)
    test = order[:n_test]
    val = order[n_test:n_test + n_val]
    train = order[n_test + n_val:]
    return (X_array[train], X_array[val], X_array[test],
            y_array[train], y_array[val], y_array[test])


def _check_arrays(X, y) -> tuple[np.ndarray, np.ndarray]:
    X_array = np.asarray(X)
    y_array = np.asarray(y)
    if X_array.ndim == 0 or y_array.ndim == 0:
        raise ShapeError(_("X and y must be arrays with one row per sample, not scalars"))
    check_consistent_length(X_array, y_array)
    return X_array, y_array


def _is_fraction(size) -> bool:
    return isinstance(size, numbers.Real) and not isinstance(size, numbers.Integral)


def _count(size, n: int, name: str) -> int:
    """Rows that ``size`` asks for: a fraction of ``n`` rounded down, or a count as given."""
    if isinstance(size, bool) or not isinstance(size, numbers.Real):
        raise ConfigError(
            _("{name} must be a fraction in (0, 1) or a number of rows, got {value!r}").format(
                name=name, value=size))
    if _is_fraction(size):
        if not 0.0 < size < 1.0:
            raise ConfigError(
                _("{name} must be a fraction strictly between 0 and 1, got {value!r}").format(
                    name=name, value=size))
        return int(n * size)
    if size < 1:
        raise ConfigError(
            _("{name} must be at least 1 row, got {value!r}").format(name=name, value=size))
    return int(size)


def _check_room(n: int, counts: list[int], **sizes) -> None:
    """Every part needs a row: the held-out parts and the training rows left after them."""
    if min(counts) >= 1 and n - sum(counts) >= 1:
        return
    if "val_size" in sizes:
        asked = option("val_size", sizes["val_size"]) + ", " + option("test_size", sizes["test_size"])
        if asked.startswith("--split"):  # one flag holds both fractions
            asked = option("val_size")
    else:
        asked = option("test_size", sizes["test_size"])
    raise DataError(
        _("fewer rows than the split needs: {n} rows cannot give every part at least one row "
          "with {asked}; use more rows or adjust the sizes").format(n=n, asked=asked))


def _order(n: int, seed: int | None, shuffle: bool) -> np.ndarray:
    indices = np.arange(n)
    if shuffle:
        np.random.RandomState(seed).shuffle(indices)
    return indices
