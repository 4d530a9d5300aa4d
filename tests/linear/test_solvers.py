"""Each solver against closed-form least squares and scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.errors import TrainingDiverged
from descenso.linear import LinearRegression, curvature
from descenso.metrics import mean_absolute_error, mean_squared_error

sk_linear = pytest.importorskip("sklearn.linear_model")


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("standardized", [False, True])
def test_normal_equals_sklearn_on_abalone(abalone, fit_intercept, standardized):
    X = abalone.Z_train if standardized else abalone.X_train
    ours = LinearRegression(fit_intercept=fit_intercept).fit(X, abalone.y_train)
    theirs = sk_linear.LinearRegression(fit_intercept=fit_intercept).fit(X, abalone.y_train)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=0, atol=1e-8)
    assert ours.intercept_ == pytest.approx(theirs.intercept_, abs=1e-8)
    assert ours.rank_ == theirs.rank_
    # The singular values that count agree to 1e-10; those beyond the rank are rounding noise
    # (each solve's own, ~1e-14 of the largest), so both must only be below the cutoff.
    rank = ours.rank_
    np.testing.assert_allclose(ours.singular_[:rank], theirs.singular_[:rank], rtol=1e-10)
    cutoff = np.finfo(X.dtype).eps * max(X.shape) * theirs.singular_[0]
    assert ours.singular_.shape == theirs.singular_.shape
    assert (ours.singular_[rank:] < cutoff).all() and (theirs.singular_[rank:] < cutoff).all()


def test_normal_reports_rank_deficiency_of_one_hot_plus_intercept(abalone):
    model = LinearRegression().fit(abalone.X_train, abalone.y_train)
    # Sex_M + Sex_F + Sex_I = 1 duplicates the intercept: 10 columns, rank 9.
    assert (model.n_features_in_, model.rank_) == (10, 9)
    # The minimum-norm solution spreads the sex effect so the three weights sum to 0.
    assert model.coef_[:3].sum() == pytest.approx(0.0, abs=1e-9)


def test_normal_equals_sklearn_on_random_data(rng):
    X = rng.normal(size=(60, 5)) * np.array([1.0, 10.0, 0.1, 100.0, 1.0])
    y = X @ rng.normal(size=5) + rng.normal(size=60)
    ours = LinearRegression().fit(X, y)
    theirs = sk_linear.LinearRegression().fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-10)
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-10)
    assert ours.history_[0] == pytest.approx(mean_squared_error(y, theirs.predict(X)))


@pytest.mark.parametrize("standardized", [False, True])
def test_gd_auto_reaches_the_optimum(abalone, standardized):
    X = abalone.Z_train if standardized else abalone.X_train
    X_val = abalone.Z_val if standardized else abalone.X_val
    optimum = LinearRegression().fit(X, abalone.y_train)
    model = LinearRegression(solver="gd", lr="auto", max_iter=100_000).fit(X, abalone.y_train)
    assert model.converged_
    assert model.n_iter_ < 20_000
    assert model.lr_ < curvature(X).stability_limit
    assert model.score(X, abalone.y_train) == pytest.approx(
        optimum.score(X, abalone.y_train), abs=1e-4)
    # Held-out R² also depends on directions of low curvature, reached last.
    assert model.score(X_val, abalone.y_val) == pytest.approx(
        optimum.score(X_val, abalone.y_val), abs=1e-3)


def test_learners_synthetic_check(rng):
    X = rng.integers(0, 10, size=(100, 4)).astype(np.float64)
    y = X @ np.array([2.0, 3.0, 5.0, 7.0]) + 4.0
    model = LinearRegression(solver="gd", lr="auto", max_iter=20_000).fit(X, y)
    np.testing.assert_allclose(model.coef_, [2.0, 3.0, 5.0, 7.0], atol=1e-2)
    assert model.intercept_ == pytest.approx(4.0, abs=1e-2)
    assert model.score(X, y) > 0.9999


def test_gram_and_plain_paths_give_the_same_iterates(abalone):
    kwargs = {"solver": "gd", "lr": 0.001, "max_iter": 2000, "tol": None}
    gram = LinearRegression(precompute=True, **kwargs).fit(abalone.X_train, abalone.y_train)
    plain = LinearRegression(precompute=False, **kwargs).fit(abalone.X_train, abalone.y_train)
    expected = np.append(plain.coef_, plain.intercept_)
    got = np.append(gram.coef_, gram.intercept_)
    assert np.max(np.abs(got - expected)) <= 1e-12 * np.max(np.abs(expected))
    np.testing.assert_allclose(gram.history_, plain.history_, rtol=1e-12)
    assert gram.history_.shape == (2001,)
    assert gram.history_[0] == pytest.approx(np.mean(abalone.y_train**2), rel=1e-14)
    assert gram.history_[-1] == pytest.approx(
        mean_squared_error(abalone.y_train, gram.predict(abalone.X_train)), rel=1e-12)


@pytest.mark.parametrize("precompute", [True, False])
def test_tolerance_stops_at_the_first_small_step(abalone, precompute):
    tol = 1e-5
    model = LinearRegression(solver="gd", lr="auto", max_iter=5000, tol=tol,
                             precompute=precompute).fit(abalone.Z_train, abalone.y_train)
    assert model.converged_ and 1 <= model.n_iter_ < 5000
    history = model.history_
    decrease = history[:-1] - history[1:]
    assert np.all(decrease > 0)
    assert decrease[-1] <= tol * history[-1]
    assert np.all(decrease[:-1] > tol * history[1:-1])


@pytest.mark.parametrize("precompute", [True, False])
def test_divergence_names_the_step_and_the_remedy(abalone, precompute):
    limit = curvature(abalone.X_train).stability_limit
    model = LinearRegression(solver="gd", lr=3 * limit, max_iter=2000, precompute=precompute)
    with pytest.raises(TrainingDiverged, match="lower lr.*standardize") as caught:
        model.fit(abalone.X_train, abalone.y_train)
    assert caught.value.step is not None and 1 <= caught.value.step < 2000
    assert f"training diverged at step {caught.value.step}" in str(caught.value)
    assert "stability limit" in str(caught.value)


def test_just_below_the_limit_does_not_diverge(abalone):
    limit = curvature(abalone.Z_train).stability_limit
    model = LinearRegression(solver="gd", lr=0.99 * limit, max_iter=3000, tol=None)
    model.fit(abalone.Z_train, abalone.y_train)
    assert np.isfinite(model.history_[-1]) and model.history_[-1] < model.history_[0]


def test_mae_subgradient_approaches_least_absolute_deviations(rng):
    X = rng.normal(size=(200, 2))
    y = X @ np.array([1.5, -2.0]) + 0.5 + rng.standard_t(df=2, size=200)
    model = LinearRegression(solver="gd", loss="mae", lr=0.05, max_iter=3000, tol=None)
    model.fit(X, y)
    lad = sk_linear.QuantileRegressor(quantile=0.5, alpha=0.0, solver="highs").fit(X, y)
    best = mean_absolute_error(y, lad.predict(X))
    assert model.history_[-1] == pytest.approx(mean_absolute_error(y, model.predict(X)))
    assert best <= model.history_[-1] <= best * 1.01
    np.testing.assert_allclose(model.coef_, lad.coef_, atol=0.05)


def test_sgd_reproducible_with_seed_and_near_optimum(abalone):
    kwargs = {"solver": "sgd", "lr": 0.01, "batch_size": 32, "epochs": 10, "tol": None}
    first = LinearRegression(seed=7, **kwargs).fit(abalone.Z_train, abalone.y_train)
    again = LinearRegression(seed=7, **kwargs).fit(abalone.Z_train, abalone.y_train)
    other = LinearRegression(seed=8, **kwargs).fit(abalone.Z_train, abalone.y_train)
    np.testing.assert_array_equal(first.coef_, again.coef_)
    assert first.intercept_ == again.intercept_
    assert not np.array_equal(first.coef_, other.coef_)
    optimum = LinearRegression().fit(abalone.Z_train, abalone.y_train)
    assert first.history_.shape == (11,)
    assert first.score(abalone.Z_train, abalone.y_train) == pytest.approx(
        optimum.score(abalone.Z_train, abalone.y_train), abs=0.03)


def test_sgd_follows_the_documented_shuffle_and_step(rng):
    X = rng.normal(size=(10, 2))
    y = rng.normal(size=10)
    model = LinearRegression(solver="sgd", lr=0.1, batch_size=4, epochs=2, tol=None,
                             seed=3).fit(X, y)
    order = np.random.default_rng(3)
    w, b = np.zeros(2), 0.0
    for _ in range(2):
        permutation = order.permutation(10)
        for start in range(0, 10, 4):
            batch = permutation[start:start + 4]
            residual = y[batch] - (X[batch] @ w + b)
            w = w - 0.1 * (-2 / len(batch)) * (X[batch].T @ residual)
            b = b - 0.1 * (-2 / len(batch)) * residual.sum()
    np.testing.assert_allclose(model.coef_, w, rtol=1e-14)
    assert model.intercept_ == pytest.approx(b, rel=1e-14)


def test_sgd_diverges_with_a_huge_step(abalone):
    model = LinearRegression(solver="sgd", lr=5.0, epochs=5)
    with pytest.raises(TrainingDiverged, match="lower lr"):
        model.fit(abalone.X_train, abalone.y_train)


def test_float32_input_stays_float32(rng):
    X = rng.normal(size=(50, 3)).astype(np.float32)
    y = (X @ np.array([1.0, 2.0, 3.0], np.float32)).astype(np.float32)
    model = LinearRegression(solver="gd", lr="auto", max_iter=500).fit(X, y)
    assert model.coef_.dtype == np.float32
    np.testing.assert_allclose(model.coef_, [1.0, 2.0, 3.0], atol=1e-3)


def test_more_features_than_rows_takes_the_plain_path(rng):
    X = rng.normal(size=(5, 8))
    y = rng.normal(size=5)
    model = LinearRegression(solver="gd", lr="auto", max_iter=20_000, tol=1e-14).fit(X, y)
    assert model.score(X, y) == pytest.approx(1.0, abs=1e-8)
    # From zero, descent stays in the row space: it finds the minimum-norm interpolant.
    optimum = LinearRegression().fit(X, y)
    np.testing.assert_allclose(model.predict(X), optimum.predict(X), atol=1e-5)


def test_sgd_auto_step_is_safe_for_every_batch(abalone):
    model = LinearRegression(solver="sgd", lr="auto", batch_size=8, epochs=3, tol=None)
    model.fit(abalone.X_train, abalone.y_train)
    rows = np.hstack([abalone.X_train, np.ones((abalone.X_train.shape[0], 1))])
    norms = np.sort(np.sum(rows**2, axis=1))[-8:]
    assert model.lr_ == pytest.approx(1 / (2 * norms.mean()))
    assert np.all(np.diff(model.history_) < 0)
