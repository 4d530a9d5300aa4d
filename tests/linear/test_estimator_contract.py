"""LinearRegression follows scikit-learn's estimator contract and validates its inputs."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.errors import ConfigError, DataError, NotFittedError, ShapeError
from descenso.linear import LinearRegression

sk_base = pytest.importorskip("sklearn.base")


def test_init_only_stores_arguments():
    model = LinearRegression(solver="bogus", lr=-1)
    assert model.solver == "bogus" and model.lr == -1
    assert not hasattr(model, "coef_")


def test_get_set_params_and_clone():
    model = LinearRegression(solver="gd", lr="auto", max_iter=50)
    params = model.get_params()
    assert params["solver"] == "gd" and params["lr"] == "auto" and params["max_iter"] == 50
    assert set(params) == {"solver", "loss", "lr", "max_iter", "tol", "batch_size", "epochs",
                           "seed", "fit_intercept", "precompute", "verbose"}
    assert model.set_params(max_iter=7) is model and model.max_iter == 7
    copy = sk_base.clone(model)
    assert copy is not model and copy.get_params() == model.get_params()
    assert repr(model) == "LinearRegression(solver='gd', lr='auto', max_iter=7)"


def test_unknown_parameter_lists_the_valid_ones():
    with pytest.raises(ConfigError, match="no parameter 'learning_rate'.*lr"):
        LinearRegression().set_params(learning_rate=0.1)


def test_fit_returns_self_and_sets_fitted_attributes(rng):
    X = rng.normal(size=(30, 3))
    y = X @ np.array([1.0, -1.0, 2.0]) + 3.0
    for solver in ("normal", "gd", "sgd"):
        model = LinearRegression(solver=solver, lr="auto", max_iter=2000, epochs=5)
        assert model.fit(X, y) is model
        assert model.coef_.shape == (3,) and isinstance(model.intercept_, float)
        assert model.n_features_in_ == 3
        assert model.history_.shape == (model.n_iter_ + 1,)
        assert isinstance(model.converged_, bool)
        assert model.predict(X).shape == (30,)


def test_predict_before_fit():
    with pytest.raises(NotFittedError, match="not fitted yet; call fit"):
        LinearRegression().predict(np.zeros((2, 2)))


def test_predict_with_wrong_number_of_features(rng):
    model = LinearRegression().fit(rng.normal(size=(10, 3)), rng.normal(size=10))
    with pytest.raises(ShapeError, match="X has 2 features, but LinearRegression is "
                                         "expecting 3 features as input"):
        model.predict(np.zeros((4, 2)))


def test_score_is_r2(rng):
    X = rng.normal(size=(40, 2))
    y = X @ np.array([1.0, 2.0]) + rng.normal(size=40)
    model = LinearRegression().fit(X, y)
    theirs = pytest.importorskip("sklearn.linear_model").LinearRegression().fit(X, y)
    assert model.score(X, y) == pytest.approx(theirs.score(X, y), rel=1e-12)


def test_fit_without_intercept(rng):
    X = rng.normal(size=(40, 2))
    y = X @ np.array([1.0, 2.0])
    model = LinearRegression(solver="gd", lr="auto", max_iter=2000, fit_intercept=False)
    model.fit(X, y)
    assert model.intercept_ == 0.0
    np.testing.assert_allclose(model.coef_, [1.0, 2.0], atol=1e-6)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"solver": "adam"}, "solver must be one of 'normal', 'gd', 'sgd', 'autograd'"),
        ({"loss": "huber"}, "loss must be one of 'mse', 'mae'"),
        ({"lr": 0}, "lr must be a positive number or 'auto', got 0"),
        ({"lr": "fast"}, "lr must be a positive number or 'auto'"),
        ({"max_iter": -1}, "max_iter must be an integer >= 0"),
        ({"batch_size": 0}, "batch_size must be an integer >= 1"),
        ({"epochs": 2.5}, "epochs must be an integer >= 1"),
        ({"tol": -1.0}, "tol must be a positive number"),
        ({"precompute": "yes"}, "precompute must be 'auto', True or False"),
        ({"solver": "gd", "loss": "mae", "lr": "auto"}, "lr='auto' needs loss='mse'"),
        ({"solver": "gd", "loss": "mae", "precompute": True}, "loss='mse' only"),
    ],
)
def test_bad_parameters_are_named_at_fit(params, message):
    with pytest.raises(ConfigError, match=message):
        LinearRegression(**params).fit(np.eye(3), np.ones(3))


def test_bad_inputs():
    model = LinearRegression()
    with pytest.raises(ShapeError,
                       match=r"X must be 2-D .* Reshape your data: X.reshape\(-1, 1\)"):
        model.fit(np.arange(5.0), np.arange(5.0))
    with pytest.raises(ShapeError, match="X has 3 rows but y has 2"):
        model.fit(np.ones((3, 1)), np.ones(2))
    with pytest.raises(DataError, match=r"X contains NaN or infinity \(first at row 1, column 0"):
        model.fit(np.array([[1.0], [np.nan]]), np.ones(2))
    with pytest.raises(DataError, match=r"y contains NaN or infinity \(first at row 0\)"):
        model.fit(np.ones((2, 1)), np.array([np.inf, 1.0]))
    with pytest.raises(DataError, match="X must hold numbers"):
        model.fit(np.array([["a"], ["b"]]), np.ones(2))


def test_column_target_and_integer_features_are_accepted():
    X = np.array([[0], [1], [2], [3]])
    model = LinearRegression().fit(X, np.array([[1.0], [3.0], [5.0], [7.0]]))
    assert model.coef_.dtype == np.float64
    assert model.coef_[0] == pytest.approx(2.0) and model.intercept_ == pytest.approx(1.0)


@pytest.mark.parametrize("solver", ["gd", "autograd"])
@pytest.mark.parametrize("precompute", [True, False])
def test_verbose_prints_ten_lines(rng, capsys, solver, precompute):
    X = rng.normal(size=(50, 2))
    y = X.sum(axis=1)
    LinearRegression(solver=solver, lr=0.01, max_iter=100, tol=None, precompute=precompute,
                     verbose=True).fit(X, y)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10 and lines[-1].startswith("iteration 100/100  loss ")


@pytest.mark.parametrize("where", ["X", "y"])
def test_complex_inputs_are_refused_not_cast_to_real(where):
    X = np.arange(6.0).reshape(3, 2)
    y = np.array([1.0, 2.0, 4.0])
    X, y = (X + 1j, y) if where == "X" else (X, y + 1j)
    with pytest.raises(DataError, match=f"{where} holds complex numbers"):
        LinearRegression(solver="normal").fit(X, y)


def test_a_history_longer_than_memory_is_refused_before_allocating():
    from descenso.errors import ResourceLimitError

    X, y = np.arange(6.0).reshape(3, 2), np.array([1.0, 2.0, 4.0])
    with pytest.raises(ResourceLimitError, match=r"loss history of 100000000000000 steps needs"):
        LinearRegression(solver="gd", max_iter=10**14).fit(X, y)
