"""The learner's bias / variance / fit rules at and around their thresholds."""

from __future__ import annotations

import pytest

from descenso.diagnose import Thresholds, bias_level, diagnose, fit_verdict, variance_level
from descenso.errors import DataError


@pytest.mark.parametrize(
    ("r2_train", "expected"),
    [(-0.5, "high"), (0.2999, "high"), (0.3, "medium"), (0.6999, "medium"), (0.7, "low"),
     (1.0, "low")],
)
def test_bias(r2_train, expected):
    assert bias_level(r2_train) == expected


@pytest.mark.parametrize(
    ("r2_train", "r2_val", "expected"),
    [(0.8, 0.8, "low"), (0.8, 0.75, "low"), (0.8, 0.65, "medium"), (0.8, 0.55, "high"),
     (0.5, 0.75, "high")],
)
def test_variance_uses_the_absolute_difference(r2_train, r2_val, expected):
    assert variance_level(r2_train, r2_val) == expected


@pytest.mark.parametrize(
    ("r2_train", "r2_val", "expected"),
    [(0.29, 0.29, "underfit"), (0.3, 0.0, "fit"), (0.69, 0.1, "fit"), (0.7, 0.49, "overfit"),
     (0.7, 0.5, "fit"), (0.95, 0.9, "fit"), (0.95, 0.6, "overfit")],
)
def test_fit(r2_train, r2_val, expected):
    assert fit_verdict(r2_train, r2_val) == expected


def test_thresholds_are_configurable():
    strict = Thresholds(bias_high=0.5, bias_medium=0.9, variance_medium=0.01, underfit=0.5)
    result = diagnose(0.45, 0.43, thresholds=strict)
    assert (result.bias, result.variance, result.fit) == ("high", "medium", "underfit")
    assert diagnose(0.45, 0.43).fit == "fit"


def test_learners_published_runs_get_the_learners_verdict():
    for r2_train, r2_val in ((0.3755, 0.3729), (0.5320, 0.4978)):
        result = diagnose(r2_train, r2_val)
        assert (result.bias, result.variance, result.fit) == ("medium", "low", "fit")
        assert result.convergence is None and result.scaling is None


def test_text_and_dict_without_model():
    result = diagnose(0.95, 0.6, r2_test=0.58)
    assert result.text() == [
        "R² train 0.9500, validation 0.6000, test 0.5800",
        "bias: low (training R² 0.9500; high below 0.3, medium below 0.7)",
        ("variance: high (train and validation R² differ by 0.3500; high above 0.2, medium "
        "above 0.1)"),
        "verdict: overfitting",
    ]
    data = result.to_dict()
    assert data["fit"] == "overfit" and data["r2_gap"] == pytest.approx(0.35)
    assert data["thresholds"]["bias_high"] == 0.3 and data["convergence"] is None


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "0.5", None])
def test_non_finite_r2_refused(bad):
    with pytest.raises(DataError, match="r2_train must be a finite number"):
        diagnose(bad, 0.5)
