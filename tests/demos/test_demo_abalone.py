"""``abalone``: the learner's published R², descenso's, the closed form and the diagnosis."""

from __future__ import annotations

import pytest

from descenso.demos.abalone import PUBLISHED


@pytest.mark.parametrize("run", ["unstandardized", "standardized"])
def test_reproduces_the_published_figures_to_four_decimals(demo_result, run):
    scores = demo_result("abalone").numbers[f"{run}_r2"]
    assert round(scores["train"], 4) == PUBLISHED[run][0]
    assert round(scores["val"], 4) == PUBLISHED[run][1]


def test_closed_form_matches_scikit_learn(demo_result):
    sklearn = pytest.importorskip("sklearn.linear_model")
    from descenso.data.split import train_val_test_split
    from descenso.datasets.abalone import load_abalone

    data = load_abalone()
    X_train, X_val, _X_test, y_train, y_val, _y_test = train_val_test_split(data.X, data.y)
    reference = sklearn.LinearRegression().fit(X_train, y_train)
    scores = demo_result("abalone").numbers["closed_form_r2"]
    assert scores["train"] == pytest.approx(reference.score(X_train, y_train), abs=1e-10)
    assert scores["val"] == pytest.approx(reference.score(X_val, y_val), abs=1e-10)


def test_prints_both_figures_and_says_the_descent_had_not_converged(demo_result):
    result = demo_result("abalone")
    assert "0.3755 / 0.3729" in result.text and "0.5320 / 0.4978" in result.text
    assert result.numbers["unstandardized_converged"] is False
    assert result.numbers["unstandardized_gap"] == pytest.approx(0.37, abs=0.01)
    assert "not converged" in result.text


def test_the_synthetic_check_gives_the_learners_numbers_digit_for_digit(demo_result):
    from descenso.demos.abalone import PUBLISHED_SYNTHETIC

    numbers = demo_result("abalone").numbers
    assert [round(value, 8) for value in numbers["synthetic_coef"]] == list(
        PUBLISHED_SYNTHETIC["w"])
    assert numbers["synthetic_intercept"] == pytest.approx(PUBLISHED_SYNTHETIC["b"], abs=1e-9)
    assert round(numbers["synthetic_r2"], 4) == PUBLISHED_SYNTHETIC["r2_test"]


def test_the_eighty_twenty_run_gives_the_learners_r2_of_point_four(demo_result):
    numbers = demo_result("abalone").numbers
    assert round(numbers["eighty_twenty_r2"], 1) == 0.4
    assert any(path.name == "abalone_predicted.png" for path in demo_result("abalone").figures)
