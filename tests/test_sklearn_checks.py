"""scikit-learn's own estimator checks, run on every descenso estimator.

A check that cannot apply is declared below with its reason (scikit-learn's
``expected_failed_checks``), one by one; everything else must pass.
"""

from __future__ import annotations

import pytest

pytest.importorskip("sklearn")

from sklearn.utils.estimator_checks import parametrize_with_checks

from descenso.data import OneHotEncoder, Standardizer
from descenso.linear import LinearRegression, LogisticRegression
from descenso.neural import MLPClassifier, MLPRegressor

ESTIMATORS = [
    Standardizer(),
    OneHotEncoder(handle_unknown="ignore"),
    LinearRegression(),
    LogisticRegression(max_iter=2000),
    MLPRegressor((32,), learning_rate_init=0.01, max_iter=200, random_state=0),
    MLPClassifier((32,), learning_rate_init=0.01, max_iter=200, random_state=0),
]

_NOT_FITTED = ("descenso raises its own NotFittedError (an AttributeError); it cannot subclass "
               "scikit-learn's, because descenso does not depend on scikit-learn")
_COLUMN_Y = ("a target column (n_samples, 1) is flattened without scikit-learn's "
             "DataConversionWarning, which descenso cannot raise without depending on it")
_PREDICTOR = {"check_estimators_unfitted": _NOT_FITTED}

EXPECTED_FAILURES = {
    "Standardizer": {},
    "OneHotEncoder": {},
    "LinearRegression": {
        **_PREDICTOR,
        "check_non_transformer_estimators_n_iter": "the default solver='normal' solves in "
                                                   "closed form, so n_iter_ is 0",
        "check_supervised_y_2d": _COLUMN_Y,
    },
    "LogisticRegression": {**_PREDICTOR, "check_supervised_y_2d": _COLUMN_Y},
    "MLPRegressor": _PREDICTOR,
    "MLPClassifier": {**_PREDICTOR, "check_supervised_y_2d": _COLUMN_Y},
}


def _expected(estimator):
    return EXPECTED_FAILURES[type(estimator).__name__]


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=_expected)
def test_sklearn_check(estimator, check):
    check(estimator)
