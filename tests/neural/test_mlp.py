"""MLPRegressor and MLPClassifier: parameters, attributes, reproducibility and references."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from descenso.errors import (
    ConfigError,
    ConvergenceWarning,
    DataError,
    NotFittedError,
    ResourceLimitError,
)
from descenso.linear import LinearRegression
from descenso.neural import MLPClassifier, MLPRegressor


@pytest.fixture
def blobs():
    rng = np.random.default_rng(0)
    centres = np.array([[0.0, 3.0], [3.0, 0.0], [-3.0, -3.0]])
    labels = np.repeat(np.array(["a", "b", "c"]), 30)
    X = centres[np.repeat(np.arange(3), 30)] + rng.normal(size=(90, 2))
    return X, labels


def test_identity_network_reaches_least_squares():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(200, 3))
    y = X @ np.array([1.5, -2.0, 0.5]) + 0.3 + 0.1 * rng.normal(size=200)
    exact = LinearRegression().fit(X, y).score(X, y)
    # Identity activations make the network linear: training must reach the optimum.
    model = MLPRegressor((4,), activation="identity", learning_rate_init=0.01, max_iter=1000,
                         alpha=0.0, tol=0.0, n_iter_no_change=50, random_state=0).fit(X, y)
    assert model.n_iter_ < 1000
    assert model.score(X, y) == pytest.approx(exact, abs=1e-6)


def test_same_seed_same_bits_and_none_draws_a_new_seed(blobs):
    X, y = blobs
    first = MLPClassifier((8,), max_iter=30, random_state=7).fit(X, y)
    second = MLPClassifier((8,), max_iter=30, random_state=7).fit(X, y)
    for a, b in zip(first.coefs_ + first.intercepts_, second.coefs_ + second.intercepts_):
        np.testing.assert_array_equal(a, b)
    assert first.loss_curve_ == second.loss_curve_
    unseeded = [MLPClassifier((8,), max_iter=2).fit(X, y).coefs_[0] for _ in range(2)]
    assert not np.array_equal(*unseeded)


def test_classifier_labels_probabilities_and_shapes(blobs):
    X, y = blobs
    model = MLPClassifier((16, 8), learning_rate_init=0.02, max_iter=100,
                          random_state=0).fit(X, y)
    assert model.classes_.tolist() == ["a", "b", "c"]
    assert model.score(X, y) > 0.95
    probs = model.predict_proba(X)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(np.exp(model.predict_log_proba(X)), probs, rtol=1e-10)
    assert model.predict(X).tolist() == model.classes_[probs.argmax(axis=1)].tolist()
    assert model.n_layers_ == 4 and model.n_outputs_ == 3


def test_two_classes_get_one_logistic_output_as_in_scikit_learn(blobs):
    X, y = blobs
    keep = y != "c"
    model = MLPClassifier((8,), learning_rate_init=0.02, max_iter=60,
                          random_state=0).fit(X[keep], y[keep])
    assert model.coefs_[-1].shape == (8, 1) and model.n_outputs_ == 1
    hidden = np.maximum(X @ model.coefs_[0] + model.intercepts_[0], 0)
    logit = (hidden @ model.coefs_[1] + model.intercepts_[1])[:, 0]
    probs = model.predict_proba(X)
    np.testing.assert_allclose(probs[:, 1], 1 / (1 + np.exp(-logit)), rtol=1e-5)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-12)
    assert model.predict(X).tolist() == np.where(logit > 0, "b", "a").tolist()
    assert model.score(X[keep], y[keep]) > 0.95


def test_regressor_loss_is_half_the_mean_squared_error():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(50, 2)), rng.normal(size=50)
    model = MLPRegressor((3,), max_iter=1, batch_size=50, shuffle=False, alpha=0.0,
                         random_state=0)
    model.fit(X, y)
    # One full batch, no shuffling: the loss logged in epoch 2 is that of the weights the
    # one-epoch model ends with.
    model_two = MLPRegressor((3,), max_iter=2, batch_size=50, shuffle=False, alpha=0.0,
                             random_state=0).fit(X, y)
    residual = model.predict(X) - y
    assert model_two.loss_curve_[1] == pytest.approx(0.5 * np.mean(residual ** 2), rel=1e-5)


def test_regressor_several_targets():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(120, 4))
    Y = np.column_stack([X[:, 0] - X[:, 1], np.tanh(X[:, 2])])
    model = MLPRegressor((32,), learning_rate_init=0.01, max_iter=200, random_state=0).fit(X, Y)
    assert model.predict(X).shape == (120, 2) and model.score(X, Y) > 0.9
    single = MLPRegressor((4,), max_iter=5, random_state=0).fit(X, Y[:, 0])
    assert single.predict(X).shape == (120,)


def test_alpha_shrinks_the_weights(blobs):
    X, y = blobs
    norms = [np.sum(MLPClassifier((8,), alpha=alpha, max_iter=50, learning_rate_init=0.02,
                                  random_state=0).fit(X, y).coefs_[0] ** 2)
             for alpha in (0.0, 10.0)]
    assert norms[1] < 0.5 * norms[0]


def test_sgd_solver_learns(blobs):
    X, y = blobs
    model = MLPClassifier((8,), solver="sgd", learning_rate_init=0.05, max_iter=100,
                          random_state=0).fit(X, y)
    assert model.score(X, y) > 0.95


def test_stops_after_n_iter_no_change_epochs_without_improvement(blobs):
    X, y = blobs
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # it stopped: no warning
        model = MLPClassifier((8,), learning_rate_init=0.05, max_iter=500, tol=1.0,
                              n_iter_no_change=3, random_state=0).fit(X, y)
    # tol=1.0: no epoch improves the loss by 1, so training stops after 1 + 3 + 1 epochs.
    assert model.n_iter_ == 5 == len(model.loss_curve_)
    with pytest.warns(ConvergenceWarning, match=r"MLPClassifier ran all max_iter=3 epochs and "
                                                r"the training loss was still improving"):
        MLPClassifier((8,), max_iter=3, random_state=0).fit(X, y)
    assert model.best_loss_ == min(model.loss_curve_)


@pytest.mark.parametrize(("params", "message"), [
    ({"hidden_layer_sizes": (0,)}, "hidden_layer_sizes must be a tuple of positive integers"),
    ({"hidden_layer_sizes": "big"}, "hidden_layer_sizes must be a tuple"),
    ({"activation": "softplus"}, "activation must be one of 'identity', 'logistic'"),
    ({"solver": "lbfgs"}, "solver must be one of 'adam', 'sgd', got 'lbfgs'"),
    ({"batch_size": 0}, "batch_size must be a positive integer or 'auto', got 0"),
    ({"max_iter": 0}, "max_iter must be an integer >= 1, got 0"),
    ({"alpha": -1.0}, r"alpha must be a number in \[0.0, inf\), got -1.0"),
    ({"learning_rate_init": 0.0}, r"learning_rate_init must be a number in \(0.0, inf\)"),
    ({"validation_fraction": 1.0}, r"validation_fraction must be a number in \(0.0, 1.0\)"),
    ({"random_state": -1}, "random_state must be None or an integer >= 0, got -1"),
])
def test_bad_parameters_are_named_at_fit(blobs, params, message):
    X, y = blobs
    with pytest.raises(ConfigError, match=message):
        MLPClassifier(**params).fit(X, y)


def test_a_network_too_big_for_memory_is_refused_before_allocating(blobs):
    X, y = blobs
    with pytest.raises(ResourceLimitError, match=r"a network of layers 2-1000000000-3"):
        MLPClassifier((10**9,)).fit(X, y)


def test_bad_input():
    X = np.zeros((4, 2))
    with pytest.raises(NotFittedError, match="this MLPRegressor is not fitted yet"):
        MLPRegressor().predict(X)
    with pytest.raises(DataError, match="MLPClassifier requires y to be passed"):
        MLPClassifier().fit(X, None)
    with pytest.raises(DataError, match=r"y looks continuous \(0.5 at row 1\)"):
        MLPClassifier().fit(X, [0.0, 0.5, 1.0, 1.0])
    with pytest.raises(DataError, match="y contains NaN or infinity"):
        MLPRegressor().fit(X, [0.0, np.nan, 1.0, 1.0])
