"""One contract, checked for every estimator and transformer (scikit-learn's rules):
``__init__`` only stores its arguments, ``get_params``/``set_params``/``clone`` work, ``fit``
returns ``self``, every attribute ``fit`` adds ends in ``_``, and using it before ``fit`` is a
NotFittedError."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.data import OneHotEncoder, Standardizer
from descenso.errors import NotFittedError
from descenso.linear import LinearRegression, LogisticRegression
from descenso.neural import MLPClassifier, MLPRegressor

sk_base = pytest.importorskip("sklearn.base")

_RNG = np.random.default_rng(0)
_X = _RNG.normal(size=(40, 3))
_TABLE = np.array([["M", 1], ["F", 2], ["M", 3], ["I", 2]], dtype=object)

# (estimator, X, y, the method used after fit)
CASES = [
    (Standardizer(with_std=False), _X, None, "transform"),
    (OneHotEncoder(handle_unknown="ignore"), _TABLE, None, "transform"),
    (LinearRegression(solver="gd", lr="auto", max_iter=50), _X, _X @ [1.0, 2.0, -1.0], "predict"),
    (LogisticRegression(max_iter=50), _X, (_X[:, 0] > 0).astype(int), "predict"),
    (MLPRegressor((4,), max_iter=5, random_state=0), _X, _X @ [1.0, 2.0, -1.0], "predict"),
    (MLPClassifier((4,), max_iter=5, random_state=0), _X, (_X[:, 0] > 0).astype(int),
     "predict"),
]
IDS = [type(case[0]).__name__ for case in CASES]


@pytest.mark.parametrize(("estimator", "X", "y", "method"), CASES, ids=IDS)
def test_init_stores_arguments_and_params_round_trip(estimator, X, y, method):
    params = estimator.get_params()
    assert params and all(getattr(estimator, name) is value for name, value in params.items())
    assert not [name for name in vars(estimator) if name.endswith("_")]
    copy = sk_base.clone(estimator)
    assert copy is not estimator and copy.get_params() == params
    name, value = next(iter(params.items()))
    assert estimator.set_params(**{name: value}) is estimator


@pytest.mark.parametrize(("estimator", "X", "y", "method"), CASES, ids=IDS)
def test_use_before_fit_is_a_not_fitted_error(estimator, X, y, method):
    with pytest.raises(NotFittedError, match="not fitted yet"):
        getattr(sk_base.clone(estimator), method)(X)


@pytest.mark.parametrize(("estimator", "X", "y", "method"), CASES, ids=IDS)
def test_fit_returns_self_and_adds_only_fitted_attributes(estimator, X, y, method):
    estimator = sk_base.clone(estimator)
    before = set(vars(estimator))
    assert estimator.fit(X, y) is estimator
    added = set(vars(estimator)) - before
    assert added and all(name.endswith("_") and not name.startswith("_") for name in added)
    assert estimator.n_features_in_ == X.shape[1]
    assert len(getattr(estimator, method)(X)) == X.shape[0]


@pytest.mark.parametrize(("estimator", "X", "y", "method"), CASES[:1] + CASES[2:], ids=[
    IDS[0], *IDS[2:]])
def test_complex_input_is_refused_not_cast(estimator, X, y, method):
    from descenso.errors import DataError

    with pytest.raises(DataError, match=r"X holds complex numbers \(dtype complex128\): "
                                        r"Complex data not supported; give real numbers"):
        sk_base.clone(estimator).fit(X + 1j, y)
