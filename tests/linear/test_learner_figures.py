"""The Abalone learner's published figures, reproduced to the 4th decimal.

Protocol that reproduces them: ``Sex`` one-hot (M, F, I) then the 7 measurements; the legacy
``np.random.seed(42)`` shuffle cut into test (835 rows), validation (835) and training (2,507)
rows, sizes rounded down; for the standardized run all 10 columns (one-hot included) z-scored
with the training rows' mean and population std; ``w = 0, b = 0``, lr 0.001, 20,000 steps.
"""

from __future__ import annotations

import numpy as np
import pytest

from descenso.linear import LinearRegression
from descenso.metrics import r2_score


def learner_loop(X, y, lr=0.001, iterations=20_000):
    """The loop the learner wrote, verbatim in spirit: the independent oracle."""
    n = X.shape[0]
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(iterations):
        y_pred = X @ w + b
        dw = -(2 / n) * X.T @ (y - y_pred)
        db = -(2 / n) * np.sum(y - y_pred)
        w -= lr * dw
        b -= lr * db
    return w, b


@pytest.mark.parametrize(
    ("standardized", "r2_train", "r2_val"),
    [(False, 0.3755, 0.3729), (True, 0.5320, 0.4978)],
)
def test_four_published_figures(abalone, standardized, r2_train, r2_val):
    X_train = abalone.Z_train if standardized else abalone.X_train
    X_val = abalone.Z_val if standardized else abalone.X_val
    model = LinearRegression(solver="gd", lr=0.001, max_iter=20_000).fit(X_train,
                                                                         abalone.y_train)
    assert model.n_iter_ == 20_000
    assert not model.converged_
    assert round(model.score(X_train, abalone.y_train), 4) == r2_train
    assert round(model.score(X_val, abalone.y_val), 4) == r2_val


def test_split_sizes_are_the_learners(abalone):
    assert (len(abalone.y_train), len(abalone.y_val), len(abalone.y_test)) == (2507, 835, 835)


def test_gram_path_equals_the_learners_loop_to_1e12(abalone):
    w, b = learner_loop(abalone.X_train, abalone.y_train)
    model = LinearRegression(solver="gd", lr=0.001, max_iter=20_000, tol=None,
                             precompute=True).fit(abalone.X_train, abalone.y_train)
    expected = np.append(w, b)
    got = np.append(model.coef_, model.intercept_)
    assert np.max(np.abs(got - expected)) <= 1e-12 * np.max(np.abs(expected))
    assert r2_score(abalone.y_train, abalone.X_train @ w + b) == pytest.approx(
        model.score(abalone.X_train, abalone.y_train), abs=1e-12)


def test_least_squares_beats_the_learners_conclusion(abalone):
    optimum = LinearRegression().fit(abalone.X_train, abalone.y_train)
    assert round(optimum.score(abalone.X_train, abalone.y_train), 3) == 0.545
