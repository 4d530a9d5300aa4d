"""descenso's estimators inside scikit-learn's model selection, and against scikit-learn's own
multilayer perceptrons on the same data (small fixed settings and seeds)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sklearn")

from sklearn import datasets
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.neural_network import MLPRegressor as SkMLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from descenso.data import Standardizer
from descenso.neural import MLPClassifier, MLPRegressor


def _split(X, y, stratify=None):
    return train_test_split(X, y, test_size=0.25, random_state=0, stratify=stratify)


def test_grid_search_over_a_descenso_mlp():
    X, y = datasets.load_iris(return_X_y=True)
    search = GridSearchCV(
        make_pipeline(Standardizer(), MLPClassifier(max_iter=60, random_state=0)),
        {"mlpclassifier__hidden_layer_sizes": [(4,), (16,)],
         "mlpclassifier__learning_rate_init": [0.001, 0.05]}, cv=3)
    search.fit(X, y)
    # 60 epochs at 0.001 underfit: the search must find the larger step.
    assert search.best_params_["mlpclassifier__learning_rate_init"] == 0.05
    assert search.best_score_ > 0.9
    assert len(search.cv_results_["mean_test_score"]) == 4


def test_cross_val_score_and_clone_give_the_same_numbers_for_the_same_seed():
    X, y = datasets.load_diabetes(return_X_y=True)
    y = (y - y.mean()) / y.std()  # standardized target, as for any gradient-descent regressor
    model = make_pipeline(Standardizer(), MLPRegressor((16,), learning_rate_init=0.01,
                                                       max_iter=50, random_state=3))
    first = cross_val_score(model, X, y, cv=3)
    second = cross_val_score(clone(model), X, y, cv=3)
    np.testing.assert_array_equal(first, second)
    assert first.mean() > 0.3


def test_attributes_follow_scikit_learn():
    X, y = datasets.load_iris(return_X_y=True)
    model = MLPClassifier((5, 3), max_iter=20, random_state=0).fit(X, y)
    assert [w.shape for w in model.coefs_] == [(4, 5), (5, 3), (3, 3)]
    assert [b.shape for b in model.intercepts_] == [(5,), (3,), (3,)]
    assert model.n_iter_ == len(model.loss_curve_) == 20
    assert model.classes_.tolist() == [0, 1, 2] and model.n_features_in_ == 4
    hidden = np.maximum(X @ model.coefs_[0] + model.intercepts_[0], 0)
    hidden = np.maximum(hidden @ model.coefs_[1] + model.intercepts_[1], 0)
    logits = hidden @ model.coefs_[2] + model.intercepts_[2]
    np.testing.assert_allclose(model.predict_proba(X),
                               np.exp(logits) / np.exp(logits).sum(1, keepdims=True),
                               rtol=1e-5)


def test_early_stopping_keeps_a_validation_score_per_epoch():
    X, y = datasets.load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    model = MLPClassifier((16,), early_stopping=True, n_iter_no_change=3, max_iter=200,
                          learning_rate_init=0.01, random_state=0).fit(X, y)
    assert len(model.validation_scores_) == model.n_iter_ < 200
    assert model.best_loss_ is None and max(model.validation_scores_) > 0.9


# (dataset loader, descenso class, scikit-learn class, settings)
_SETTINGS = {"hidden_layer_sizes": (32,), "learning_rate_init": 0.01, "max_iter": 50,
             "random_state": 0}
_CASES = [
    ("digits", MLPClassifier, SkMLPClassifier),
    ("breast_cancer", MLPClassifier, SkMLPClassifier),
    ("diabetes", MLPRegressor, SkMLPRegressor),
]


@pytest.mark.parametrize(("name", "ours", "theirs"), _CASES, ids=[c[0] for c in _CASES])
@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_as_good_as_scikit_learn_on_the_same_data(name, ours, theirs, solver):
    import warnings

    X, y = getattr(datasets, f"load_{name}")(return_X_y=True)
    classify = ours is MLPClassifier
    if not classify:
        y = (y - y.mean()) / y.std()  # both learn the standardized target
    X_train, X_test, y_train, y_test = _split(X, y, y if classify else None)
    scaler = StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    settings = {**_SETTINGS, "solver": solver}
    ours_score = ours(**settings).fit(X_train, y_train).score(X_test, y_test)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn's ConvergenceWarning at max_iter
        theirs_score = theirs(**settings).fit(X_train, y_train).score(X_test, y_test)
    # At least as good, up to the noise of one seed on a few hundred test rows.
    assert ours_score >= theirs_score - 0.01, (ours_score, theirs_score)
