"""solver="autograd": the framework path gives the same iterates as the hand-written gd."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.autograd.random import default_generator, manual_seed
from descenso.errors import TrainingDiverged
from descenso.linear import LinearRegression, curvature


def test_same_iterates_as_gd(abalone):
    kwargs = {"lr": 0.001, "max_iter": 500, "tol": None}
    framework = LinearRegression(solver="autograd", **kwargs).fit(abalone.X_train,
                                                                  abalone.y_train)
    by_hand = LinearRegression(solver="gd", precompute=False, **kwargs).fit(abalone.X_train,
                                                                            abalone.y_train)
    expected = np.append(by_hand.coef_, by_hand.intercept_)
    got = np.append(framework.coef_, framework.intercept_)
    assert np.max(np.abs(got - expected)) <= 1e-12 * np.max(np.abs(expected))
    np.testing.assert_allclose(framework.history_, by_hand.history_, rtol=1e-12)
    assert framework.n_iter_ == 500 and not framework.converged_


def test_matches_torch_linear_and_sgd(abalone):
    torch = pytest.importorskip("torch")
    X, y = abalone.Z_train, abalone.y_train
    layer = torch.nn.Linear(10, 1, dtype=torch.float64)
    torch.nn.init.zeros_(layer.weight)
    torch.nn.init.zeros_(layer.bias)
    optimizer = torch.optim.SGD(layer.parameters(), lr=0.01)
    inputs, target = torch.from_numpy(X), torch.from_numpy(y[:, None])
    for _ in range(200):
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(layer(inputs), target).backward()
        optimizer.step()
    ours = LinearRegression(solver="autograd", lr=0.01, max_iter=200, tol=None).fit(X, y)
    np.testing.assert_allclose(ours.coef_, layer.weight.detach().numpy()[0], rtol=1e-10,
                               atol=1e-12)
    assert ours.intercept_ == pytest.approx(float(layer.bias.detach()[0]), rel=1e-12)


def test_auto_converges_on_small_data(rng):
    X = rng.normal(size=(100, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 3.0 + 0.1 * rng.normal(size=100)
    optimum = LinearRegression().fit(X, y)
    model = LinearRegression(solver="autograd", lr="auto", max_iter=2000).fit(X, y)
    assert model.converged_
    assert model.lr_ == pytest.approx(curvature(X).auto_lr)
    np.testing.assert_allclose(model.coef_, optimum.coef_, atol=1e-5)


def test_divergence(abalone):
    model = LinearRegression(solver="autograd", lr=2.0, max_iter=300)
    with pytest.raises(TrainingDiverged, match="training diverged at step"):
        model.fit(abalone.X_train, abalone.y_train)


def test_global_random_stream_untouched(rng):
    manual_seed(3)
    expected = default_generator().random()
    manual_seed(3)
    LinearRegression(solver="autograd", max_iter=3).fit(rng.normal(size=(5, 2)), np.ones(5))
    assert default_generator().random() == expected


def test_float32_stays_float32(rng):
    X = rng.normal(size=(20, 2)).astype(np.float32)
    model = LinearRegression(solver="autograd", max_iter=5).fit(X, X.sum(axis=1))
    assert model.coef_.dtype == np.float32
