"""The three-question diagnosis (optimization, bias, variance) on problems whose truth is known."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest

from descenso.data.split import train_val_test_split
from descenso.datasets.abalone import load_abalone
from descenso.diagnose import Margins, diagnose_model
from descenso.diagnose.approximation import curved_features, reset_test, ridge_gcv
from descenso.diagnose.optimization import still_falling
from descenso.errors import DataError
from descenso.linear import LinearRegression
from diagnose.synthetic_problems import curved, linear, polynomial, problems

PROBLEMS = problems()


def diagnosis(problem, **kwargs):
    return diagnose_model(problem.model, problem.X_train, problem.y_train, problem.X_val,
                          problem.y_val, **kwargs)


def test_the_suite_is_large_and_covers_every_case():
    counts = Counter(problem.truth for problem in PROBLEMS)
    assert len(PROBLEMS) >= 40
    assert set(counts) == {"good fit", "optimization", "bias", "variance"}
    assert min(counts.values()) >= 8


def test_the_diagnosis_names_the_right_problem_in_95_percent_of_cases():
    verdicts = [(p.name, p.truth, diagnosis(p).verdict) for p in PROBLEMS]
    wrong = [row for row in verdicts if row[1] != row[2]]
    assert len(wrong) <= 0.05 * len(PROBLEMS), wrong


@pytest.mark.parametrize("problem", [p for p in PROBLEMS if p.truth in ("bias", "optimization")],
                         ids=lambda p: p.name)
def test_a_large_bias_or_optimization_gap_is_never_a_good_fit(problem):
    result = diagnosis(problem)
    assert result.verdict != "good fit"
    assert problem.truth in result.problems


def test_the_learners_unconverged_abalone_run_is_an_optimization_problem():
    data = load_abalone()
    X_train, X_val, _, y_train, y_val, _ = train_val_test_split(data.X, data.y)
    model = LinearRegression(solver="gd", lr=0.001, max_iter=20_000).fit(X_train, y_train)
    assert round(model.score(X_train, y_train), 4) == 0.3755
    result = diagnose_model(model, X_train, y_train, X_val, y_val)
    assert result.verdict == "optimization"
    assert result.optimization.evidence["gap"] == pytest.approx(0.372, abs=0.005)
    # The same rows solved exactly: the optimization problem is gone.
    exact = LinearRegression().fit(X_train, y_train)
    assert not diagnose_model(exact, X_train, y_train, X_val, y_val).optimization.problem


def test_a_line_on_y_equals_x_squared_is_bias():
    result = diagnose_model(*_model_last(curved(7, 300, "square", 0.2)))
    assert result.verdict == "bias"
    assert result.bias.low > 0.3
    assert result.bias.evidence["reset_p_value"] < 0.01


def test_a_degree_15_polynomial_on_20_rows_is_variance():
    result = diagnose_model(*_model_last(polynomial(3, 20, 15, 0.2)))
    assert result.verdict == "variance"
    assert result.variance.low > 0


def test_learning_curve_says_whether_more_data_helps():
    few = diagnose_model(*_model_last(linear(5, 60, 8, 1.0)))
    many = diagnose_model(*_model_last(linear(5, 20_000, 2, 1.0)), learning_curves=True)
    assert few.more_data_helps is True
    assert many.more_data_helps is False
    sizes = many.learning_curve["sizes"]
    assert sizes[-1] == 14_000 and np.all(np.diff(sizes) > 0)


def test_networks_are_judged_by_their_training_curve():
    problem = PROBLEMS[0]
    falling = diagnose_model(_Opaque(problem.model), problem.X_train, problem.y_train,
                             problem.X_val, problem.y_val, history=[4, 3, 2, 1.5, 1.2, 1.0])
    flat = diagnose_model(_Opaque(problem.model), problem.X_train, problem.y_train,
                          problem.X_val, problem.y_val, history=[4, 2, 1, 1, 1, 1])
    unknown = diagnose_model(_Opaque(problem.model), problem.X_train, problem.y_train,
                             problem.X_val, problem.y_val)
    assert falling.optimization.problem and falling.verdict == "optimization"
    assert flat.optimization.problem is False
    assert unknown.optimization.problem is None
    assert unknown.learning_curve is None  # an opaque model cannot be refitted
    assert "not judged" in unknown.text()[0]


def test_classifiers_use_the_log_loss():
    sklearn_linear = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(600, 2))
    ring = (X ** 2).sum(axis=1) < 1.5          # a circle: no line separates it
    line = X[:, 0] + X[:, 1] > 0               # a line does
    for y, truth in ((ring.astype(int), "bias"), (line.astype(int), "good fit")):
        model = sklearn_linear.LogisticRegression().fit(X[:400], y[:400])
        result = diagnose_model(model, X[:400], y[:400], X[400:], y[400:])
        assert result.classification
        assert result.baseline == pytest.approx(
            -sum(p * np.log(p) for p in np.bincount(y[:400]) / 400))
        assert result.verdict == truth, result.text()


def test_same_seed_same_diagnosis_and_plain_data():
    problem = PROBLEMS[20]
    first, second = diagnosis(problem, seed=3).to_dict(), diagnosis(problem, seed=3).to_dict()
    assert first == second
    assert json.loads(json.dumps(first)) == first
    assert first["verdict"] == problem.truth
    assert len(first["text"]) == 5


def test_margins_change_the_verdict():
    problem = next(p for p in PROBLEMS if p.truth == "bias")
    value = diagnosis(problem).bias.value
    assert diagnosis(problem, margins=Margins(bias=value + 0.01)).verdict != "bias"


@pytest.mark.parametrize("bad, message", [
    (lambda p: (p.X_train[:, :1], p.y_train, p.X_val, p.y_val), "features"),
    (lambda p: (p.X_train, p.y_train[:-1], p.X_val, p.y_val), "shape"),
    (lambda p: (p.X_train * np.nan, p.y_train, p.X_val, p.y_val), "NaN"),
    (lambda p: (p.X_train.astype(complex), p.y_train, p.X_val, p.y_val), "real numbers"),
])
def test_bad_rows_say_what_to_do(bad, message):
    problem = next(p for p in PROBLEMS if p.X_train.shape[1] > 1)
    with pytest.raises(DataError, match=message):
        diagnose_model(problem.model, *bad(problem))


def test_ridge_gcv_matches_scikit_learn():
    linear_model = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(1)
    X = rng.normal(size=(80, 6))
    y = X @ rng.normal(size=6) + rng.normal(0, 2.0, 80)
    ours = ridge_gcv(X, y, alphas=np.array([3.7]))
    theirs = linear_model.Ridge(alpha=3.7).fit(X, y)
    np.testing.assert_allclose(ours.coef, theirs.coef_, rtol=1e-10)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-10)
    grid = np.logspace(-3, 3, 13)
    chosen = ridge_gcv(X, y, alphas=grid).alpha
    assert chosen == linear_model.RidgeCV(alphas=grid, gcv_mode="svd").fit(X, y).alpha_


def test_curved_features_and_reset_test():
    Z = np.array([[0.5, -1.0], [2.0, 1.0]])
    knots = [np.array([0.0, 1.0]), np.array([0.0])]
    np.testing.assert_array_equal(curved_features(Z, knots),
                                  [[0.5, -1.0, 0.5, 0.0, 0.0, -0.5], [2.0, 1.0, 2.0, 1.0, 1.0, 2.0]])
    rng = np.random.default_rng(0)
    fitted = rng.normal(size=300)
    _, p_noise = reset_test(fitted, rng.normal(size=300), rng)
    assert p_noise > 0.01
    assert still_falling([1.0, 1.0, 1.0, 1.0]) == 0.0


class _Opaque:
    """A fitted model that offers only ``predict`` (as a network from the pipeline would)."""

    def __init__(self, model):
        self._model = model

    def predict(self, X):
        return self._model.predict(X)


def _model_last(parts):
    X_train, y_train, X_val, y_val, model = parts
    return model, X_train, y_train, X_val, y_val


def test_figures_draw_the_evidence():
    from descenso.report.figures.canvas import png_size
    from descenso.report.figures.diagnosis import (
        findings_figure,
        learning_curve_figure,
        residual_figure,
    )

    problem = next(p for p in PROBLEMS if p.truth == "bias")
    result = diagnosis(problem)
    fitted = problem.model.predict(problem.X_val)
    assert png_size(learning_curve_figure(result.learning_curve)) == (640, 420)
    assert png_size(residual_figure(fitted, problem.y_val - fitted, problem.X_val,
                                    ["a", "b", "c"])) == (1280, 280)
    data = result.to_dict()
    assert png_size(findings_figure(data, {"bias": 0.02, "variance": 0.05})) == (640, 320)
