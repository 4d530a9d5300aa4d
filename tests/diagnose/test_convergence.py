"""Convergence, optimality gap, step ratio and scaling on the learner's Abalone runs."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest

from descenso.data.split import train_val_test_split
from descenso.data.standardizer import Standardizer
from descenso.datasets.abalone import ABALONE_FEATURE_NAMES, load_abalone
from descenso.diagnose import check_scaling, diagnose
from descenso.linear import LinearRegression


@pytest.fixture(scope="module")
def abalone():
    """The learner's 60/20/20 split, raw and standardized (training rows' statistics)."""
    data = load_abalone()
    X_train, X_val, _, y_train, y_val, _ = train_val_test_split(data.X, data.y)
    scaler = Standardizer().fit(X_train)
    return SimpleNamespace(X_train=X_train, X_val=X_val, y_train=y_train, y_val=y_val,
                           Z_train=scaler.transform(X_train), Z_val=scaler.transform(X_val))


def learner_run(abalone, standardized, **params):
    X = abalone.Z_train if standardized else abalone.X_train
    X_val = abalone.Z_val if standardized else abalone.X_val
    settings = {"solver": "gd", "lr": 0.001, "max_iter": 20_000}
    settings.update(params)
    model = LinearRegression(**settings).fit(X, abalone.y_train)
    return diagnose(model.score(X, abalone.y_train), model.score(X_val, abalone.y_val),
                    model=model, X_train=X, y_train=abalone.y_train,
                    feature_names=ABALONE_FEATURE_NAMES)


def test_unstandardized_run_has_not_converged(abalone):
    result = learner_run(abalone, standardized=False)
    report = result.convergence
    assert not report.converged
    # The figures: 37 % above the optimal training MSE, a step ~345x below 2/L.
    assert round(report.gap, 2) == 0.37
    assert 340 < report.step_ratio < 350
    assert round(report.optimal_r2_train, 3) == 0.545
    assert report.rank == 9 and report.n_features == 10
    text = result.text()
    assert "not converged: after 20000 steps the training MSE 6.684 stopped 37% above the " \
           "least-squares optimum 4.871" in text
    assert any(line.startswith("the least-squares optimum reaches R² 0.5449") for line in text)
    assert any("345x smaller than the stability limit" in line for line in text)
    assert "advice: raise max_iter or use lr='auto'" in text


def test_standardized_run_is_closer_but_not_there(abalone):
    report = learner_run(abalone, standardized=True).convergence
    assert not report.converged
    assert 0.02 < report.gap < 0.04
    assert 140 < report.step_ratio < 150


def test_auto_run_converges_and_says_so(abalone):
    result = learner_run(abalone, standardized=True, lr="auto", max_iter=100_000)
    assert result.convergence.converged and result.convergence.gap < 1e-4
    assert result.text()[4].startswith("converged: the training MSE 4.871 is the least-squares "
                                       "optimum 4.871 to within 0.1%")
    assert not any(line.startswith("advice") for line in result.text())


def test_tol_that_stops_too_early_is_blamed(abalone):
    result = learner_run(abalone, standardized=False, lr=0.01, tol=1e-4)
    assert result.convergence.stopped_by_tol and not result.convergence.converged
    assert any(line.startswith("advice: the tolerance stopped training before the optimum")
               for line in result.text())


def test_closed_form_model_gets_no_convergence_section(abalone):
    model = LinearRegression().fit(abalone.X_train, abalone.y_train)
    result = diagnose(0.54, 0.49, model=model, X_train=abalone.X_train, y_train=abalone.y_train)
    assert result.convergence is None and result.scaling is not None


def test_scaling_warning_on_raw_abalone(abalone):
    result = learner_run(abalone, standardized=False)
    scaling = result.scaling
    assert scaling.warn and scaling.standardizing_helps
    assert (scaling.largest_feature, scaling.smallest_feature) == ("Whole weight", "Height")
    assert scaling.ratio == pytest.approx(np.std(abalone.X_train[:, 6]) /
                                          np.std(abalone.X_train[:, 5]))
    assert any(line.startswith("scaling: feature scales differ by 11x") for line in
               result.text())


def test_no_scaling_warning_after_standardizing(abalone):
    scaling = learner_run(abalone, standardized=True).scaling
    assert not scaling.warn and not scaling.standardizing_helps
    assert scaling.ratio == pytest.approx(1.0)


def test_scaling_ignores_constant_columns_and_names_columns():
    X = np.array([[1.0, 5.0, 1000.0], [2.0, 5.0, 3000.0], [3.0, 5.0, 2000.0]])
    report = check_scaling(X)
    assert (report.largest_feature, report.smallest_feature) == ("x2", "x0")
    assert report.ratio == pytest.approx(1000.0)
    assert check_scaling(X[:, :2]) is None


def test_to_dict_is_json_ready(abalone):
    data = learner_run(abalone, standardized=False).to_dict()
    decoded = json.loads(json.dumps(data))
    assert decoded["convergence"]["converged"] is False
    assert decoded["scaling"]["warn"] is True
    assert decoded["text"][0].startswith("R² train 0.3755, validation 0.3729")


def test_sgd_run_counts_epochs_and_has_no_step_ratio(abalone):
    model = LinearRegression(solver="sgd", lr=0.001, epochs=2, tol=None).fit(abalone.Z_train,
                                                                             abalone.y_train)
    result = diagnose(model.score(abalone.Z_train, abalone.y_train),
                      model.score(abalone.Z_val, abalone.y_val), model=model,
                      X_train=abalone.Z_train, y_train=abalone.y_train)
    assert result.convergence.step_ratio is None
    assert any(line.startswith("not converged: after 2 epochs") for line in result.text())


def test_mae_model_gets_no_least_squares_comparison(abalone):
    model = LinearRegression(solver="gd", loss="mae", lr=0.01, max_iter=10).fit(
        abalone.Z_train, abalone.y_train)
    result = diagnose(0.5, 0.5, model=model, X_train=abalone.Z_train, y_train=abalone.y_train)
    assert result.convergence is None
