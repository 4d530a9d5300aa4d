"""Closed-form least squares by blocks of rows: the same answer, without copying X."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from descenso.linear import least_squares, normal_equations
from descenso.linear.step_size import augmented_gram

sk_linear = pytest.importorskip("sklearn.linear_model")


def _one_hot_table(rng, n_rows):
    """4 numbers on scales 0.01 to 100 (means far from 0), a 3-valued one-hot, a target."""
    numbers = rng.normal(loc=50.0, size=(n_rows, 4)) * np.array([0.01, 1.0, 10.0, 100.0])
    codes = rng.integers(0, 3, n_rows)
    X = np.hstack([numbers, np.eye(3)[codes]])
    y = numbers @ np.array([3.0, -1.0, 0.5, 0.02]) + codes + rng.normal(size=n_rows)
    return X, y


@pytest.mark.parametrize("block_bytes", [8 * 2**20, 1])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_any_block_size_gives_sklearns_answer(rng, monkeypatch, block_bytes, fit_intercept):
    """Eight blocks of 125 rows (the default for 1,000 rows) or 32 (the least, 4·(d + 1))."""
    monkeypatch.setattr(normal_equations, "_BLOCK_BYTES", block_bytes)
    X, y = _one_hot_table(rng, 1000)
    ours = least_squares(X, y, fit_intercept)
    theirs = sk_linear.LinearRegression(fit_intercept=fit_intercept).fit(X, y)
    np.testing.assert_allclose(ours.coef, theirs.coef_, rtol=1e-10, atol=1e-12)
    assert ours.intercept == pytest.approx(theirs.intercept_, rel=1e-10, abs=1e-12)
    # With an intercept the one-hot columns are dependent: rank 6 of 7, minimum-norm weights.
    assert (ours.rank, ours.rank_deficient) == ((6, True) if fit_intercept else (7, False))
    rank = ours.rank
    np.testing.assert_allclose(ours.singular_values[:rank], theirs.singular_[:rank], rtol=1e-10)


def test_more_features_than_rows_gives_the_minimum_norm_solution(rng):
    X, y = rng.normal(size=(5, 8)), rng.normal(size=5)
    solution = least_squares(X, y, fit_intercept=False)
    np.testing.assert_allclose(solution.coef, np.linalg.pinv(X) @ y, rtol=1e-10)
    assert solution.rank == 5 and solution.singular_values.shape == (5,)
    np.testing.assert_allclose(solution.singular_values, np.linalg.svd(X, compute_uv=False),
                               rtol=1e-12)


def test_float32_stays_float32(rng):
    X = rng.normal(size=(300, 3)).astype(np.float32)
    y = (X @ np.array([1.0, 2.0, 3.0], np.float32) + 4).astype(np.float32)
    solution = least_squares(X, y)
    assert solution.coef.dtype == np.float32
    np.testing.assert_allclose(solution.coef, [1.0, 2.0, 3.0], atol=1e-5)
    assert solution.intercept == pytest.approx(4.0, abs=1e-5)


def _peak(function, *args) -> int:
    tracemalloc.start()
    try:
        function(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_least_squares_never_copies_x_whole(rng):
    """Centring X into a new array (then lstsq) would need at least the size of X."""
    X, y = rng.normal(size=(100_000, 10)), rng.normal(size=100_000)
    assert _peak(least_squares, X, y) < 0.5 * X.nbytes
    assert _peak(lambda: np.linalg.lstsq(X - X.mean(axis=0), y, rcond=None)) > X.nbytes


def test_augmented_gram_never_copies_x(rng):
    X, y = rng.normal(size=(100_000, 10)), rng.normal(size=100_000)
    assert _peak(augmented_gram, X, y) < 0.05 * X.nbytes
    gram, moment = augmented_gram(X, y)
    A = np.hstack([X, np.ones((X.shape[0], 1))])
    np.testing.assert_allclose(gram, A.T @ A, rtol=1e-12)
    np.testing.assert_allclose(moment, A.T @ y, rtol=1e-12, atol=1e-9)
    gram, moment = augmented_gram(X, y, fit_intercept=False)
    np.testing.assert_allclose(gram, X.T @ X, rtol=1e-12)
    assert gram.shape == (10, 10) and moment.shape == (10,)
