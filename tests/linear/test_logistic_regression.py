"""LogisticRegression against scikit-learn, its own exact optimum, finite differences and PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.errors import ConfigError, DataError, NotFittedError, ShapeError, TrainingDiverged
from descenso.linear import LogisticRegression
from descenso.linear.log_loss import LogLoss
from descenso.linear.newton import newton_cg

sk_datasets = pytest.importorskip("sklearn.datasets")
sk_linear = pytest.importorskip("sklearn.linear_model")
sk_selection = pytest.importorskip("sklearn.model_selection")


def penguins_shaped(seed: int = 0):
    """A table shaped like Palmer penguins: 333 rows, 3 unbalanced species, 4 measurements.

    Means and spreads per species are those published for the penguins (bill length and
    depth in mm, flipper length in mm, body mass in g), so the classes overlap as they do.
    """
    rng = np.random.default_rng(seed)
    species = {  # rows, means, standard deviations
        "Adelie": (146, (38.8, 18.3, 190.0, 3706.0), (2.7, 1.2, 6.5, 459.0)),
        "Chinstrap": (68, (48.8, 18.4, 195.8, 3733.0), (3.3, 1.1, 7.1, 384.0)),
        "Gentoo": (119, (47.6, 15.0, 217.2, 5092.0), (3.1, 1.0, 6.6, 501.0)),
    }
    X = np.vstack([rng.normal(mean, std, size=(n, 4)) for n, mean, std in species.values()])
    y = np.concatenate([[name] * n for name, (n, _m, _s) in species.items()])
    return X, y


def load(name):
    if name == "penguins":
        return penguins_shaped()
    return getattr(sk_datasets, f"load_{name}")(return_X_y=True)


def standardized_split(X, y):
    X_train, X_test, y_train, y_test = sk_selection.train_test_split(
        X, y, test_size=0.25, random_state=0, stratify=y)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std, y_train, y_test


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "penguins"])
def test_matches_scikit_learn_and_reaches_the_optimum(name):
    X_train, X_test, y_train, y_test = standardized_split(*load(name))
    model = LogisticRegression().fit(X_train, y_train)
    reference = sk_linear.LogisticRegression(C=1.0, max_iter=10_000, tol=1e-12).fit(
        X_train, y_train)
    assert model.converged_
    assert abs(model.score(X_test, y_test) - reference.score(X_test, y_test)) <= 0.01
    objective = model.objective(X_train, np.searchsorted(model.classes_, y_train))
    optimum = newton_cg(objective, objective.zeros())
    assert optimum.converged
    # The same objective as scikit-learn's: the exact optimum has its weights.
    np.testing.assert_allclose(optimum.theta[:, :-1], reference.coef_, atol=1e-5)
    assert model.history_[-1] <= optimum.value * 1.01
    assert model.history_[-1] / optimum.value - 1 < 1e-6
    np.testing.assert_allclose(model.predict_proba(X_test),
                               reference.predict_proba(X_test), atol=1e-3)


def test_shapes_follow_scikit_learn(rng):
    X = rng.normal(size=(40, 3))
    binary = LogisticRegression().fit(X, (X[:, 0] > 0).astype(int))
    assert binary.coef_.shape == (1, 3) and binary.intercept_.shape == (1,)
    assert binary.decision_function(X).shape == (40,)
    assert binary.predict_proba(X).shape == (40, 2)
    three = LogisticRegression().fit(X, np.digitize(X[:, 0], [-0.5, 0.5]))
    assert three.coef_.shape == (3, 3) and three.intercept_.shape == (3,)
    assert three.classes_.tolist() == [0, 1, 2]
    np.testing.assert_allclose(three.predict_proba(X).sum(axis=1), 1.0, rtol=1e-12)
    assert three.n_features_in_ == 3 and three.history_.shape == (three.n_iter_ + 1,)
    assert np.all(np.diff(three.history_) <= 0)  # the 1/L step never raises the loss


@pytest.mark.parametrize("n_classes", [2, 3])
def test_gradient_matches_finite_differences(rng, n_classes):
    X = rng.normal(size=(25, 4))
    objective = LogLoss(X, rng.integers(0, n_classes, 25), n_classes, alpha=0.3)
    theta = rng.normal(size=objective.zeros().shape)
    _value, grad = objective.value_and_gradient(theta)
    numeric = np.zeros_like(theta)
    h = 1e-6
    for index in np.ndindex(theta.shape):
        up, down = theta.copy(), theta.copy()
        up[index] += h
        down[index] -= h
        numeric[index] = (objective.value_and_gradient(up)[0]
                          - objective.value_and_gradient(down)[0]) / (2 * h)
    np.testing.assert_allclose(grad, numeric, rtol=1e-7, atol=1e-9)
    direction = rng.normal(size=theta.shape)
    slope = (objective.value_and_gradient(theta + h * direction)[1]
             - objective.value_and_gradient(theta - h * direction)[1]) / (2 * h)
    np.testing.assert_allclose(objective.hessian_product(theta, direction), slope,
                               rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("n_classes", [2, 4])
def test_loss_and_gradient_match_pytorch(rng, n_classes):
    torch = pytest.importorskip("torch")
    X = rng.normal(size=(30, 5))
    y = rng.integers(0, n_classes, 30)
    alpha = 0.05
    objective = LogLoss(X, y, n_classes, alpha)
    theta = rng.normal(size=objective.zeros().shape)
    value, grad = objective.value_and_gradient(theta)
    t = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    logits = torch.tensor(X) @ t[:, :-1].T + t[:, -1]
    if n_classes == 2:
        data = torch.nn.functional.binary_cross_entropy_with_logits(
            logits[:, 0], torch.tensor(y, dtype=torch.float64))
    else:
        data = torch.nn.functional.cross_entropy(logits, torch.tensor(y))
    total = data + 0.5 * alpha * (t[:, :-1] ** 2).sum()
    total.backward()
    assert value == pytest.approx(total.item(), rel=1e-12)
    np.testing.assert_allclose(grad, t.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("n_classes", [2, 3])
def test_lipschitz_bound_covers_the_hessian(rng, n_classes):
    X = rng.normal(size=(50, 3)) * [1.0, 3.0, 0.2] + 1.0
    objective = LogLoss(X, rng.integers(0, n_classes, 50), n_classes, alpha=0.01)
    size = objective.zeros().size
    for scale in (0.0, 0.3, 3.0):
        theta = scale * rng.normal(size=objective.zeros().shape)
        hessian = np.column_stack([
            objective.hessian_product(theta, basis.reshape(theta.shape)).ravel()
            for basis in np.eye(size)])
        assert np.linalg.eigvalsh((hessian + hessian.T) / 2)[-1] <= objective.lipschitz()
    # The bound is attained at θ = 0 for two classes (every p is 1/2), so it is not loose.
    if n_classes == 2:
        assert np.linalg.eigvalsh(hessian)[-1] > 0  # (sanity: a real matrix was built)


def test_string_labels_float32_and_determinism(rng):
    X = rng.normal(size=(60, 2)).astype(np.float32)
    y = np.where(X[:, 0] + 0.3 * rng.normal(size=60) > 0, "yes", "no")
    first = LogisticRegression().fit(X, y)
    second = LogisticRegression().fit(X, y)
    assert first.coef_.dtype == np.float32
    assert first.coef_.tobytes() == second.coef_.tobytes()
    assert set(first.predict(X)) <= {"yes", "no"}
    assert first.score(X, y) > 0.8


def test_unregularized_separable_data_never_converges():
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = np.array([0, 0, 1, 1])
    model = LogisticRegression(penalty=None, max_iter=500).fit(X, y)
    assert not model.converged_ and model.n_iter_ == 500
    assert LogisticRegression().fit(X, y).converged_


def test_too_large_a_step_is_reported_as_divergence(rng):
    X = rng.normal(size=(50, 2)) * 100
    y = (X[:, 0] > 0).astype(int)
    with pytest.raises(TrainingDiverged, match="stability limit"):
        LogisticRegression(penalty=None, lr=1e6, max_iter=50).fit(X, y)


def test_bad_input_and_parameters(rng):
    X = rng.normal(size=(10, 2))
    with pytest.raises(NotFittedError, match="call fit"):
        LogisticRegression().predict(X)
    with pytest.raises(DataError, match="1 class only"):
        LogisticRegression().fit(X, np.zeros(10))
    with pytest.raises(ShapeError, match="10 rows but y has 9"):
        LogisticRegression().fit(X, np.arange(9) % 2)
    with pytest.raises(DataError, match="NaN"):
        LogisticRegression().fit(X, np.r_[np.nan, np.arange(9) % 2])
    with pytest.raises(ConfigError, match="penalty"):
        LogisticRegression(penalty="l1").fit(X, np.arange(10) % 2)
    with pytest.raises(ConfigError, match="C must be a positive number"):
        LogisticRegression(C=0).fit(X, np.arange(10) % 2)
    fitted = LogisticRegression().fit(X, np.arange(10) % 2)
    with pytest.raises(ShapeError, match="3 features"):
        fitted.predict(rng.normal(size=(2, 3)))
