"""``descenso fit`` on a classification table: logistic regression run to convergence."""

from __future__ import annotations

import json

import numpy as np
import pytest

from descenso.io import read_description
from descenso.io.model_file import load_model

sk_datasets = pytest.importorskip("sklearn.datasets")


def write_table(path, X, y, names):
    lines = [",".join(list(names) + ["label"])]
    lines += [",".join(f"{v:.6g}" for v in row) + f",c{label}" for row, label in zip(X, y)]
    path.write_text("\n".join(lines) + "\n")


def test_wine_table_converges_and_reports_its_gap(cli, tmp_path):
    data = sk_datasets.load_wine()
    write_table(tmp_path / "wine.csv", data.data, data.target, data.feature_names)
    result = cli("fit", "wine.csv", "--task", "classification", "--out", "run")
    assert result.code == 0, result.err
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["test"]["accuracy"] >= 0.95 and metrics["train"]["accuracy"] >= 0.98
    spec = read_description(tmp_path / "run")
    assert spec["training"]["solver"] == "gd" and spec["training"]["converged"] is True
    assert spec["hyperparameters"]["lr"].startswith("auto (")
    # the optimization answer compares the objective with its exact (Newton) optimum
    assert ("optimization: no; training reached the best this model can do on its training "
            "rows (within 0.1%)") in result.out
    history = (tmp_path / "run" / "history.csv").read_text().splitlines()
    assert len(history) == spec["training"]["n_iter"] + 2  # header, then steps 0..n_iter


def test_two_classes_save_logits_that_give_the_estimators_probabilities(cli, tmp_path, rng):
    X = rng.normal(size=(200, 2))
    y = (X[:, 0] - X[:, 1] + 0.5 * rng.normal(size=200) > 0).astype(int)
    write_table(tmp_path / "two.csv", X, y, ["a", "b"])
    assert cli("fit", "two.csv", "--task", "classification", "--out", "run",
               "--quiet").code == 0
    model = load_model(tmp_path / "run")
    weight = model.model.state_dict()["weight"]
    assert weight.shape == (2, 2) and not np.any(weight[0])  # class 0's logit is 0
    result = cli("predict", "run", "two.csv", "--out", "p.csv")
    assert result.code == 0, result.err
    rows = (tmp_path / "p.csv").read_text().splitlines()
    assert rows[0] == "class,class_name,probability" and len(rows) == 201


def test_minibatch_classifier_still_available(cli, tmp_path, rng):
    X = rng.normal(size=(100, 2))
    write_table(tmp_path / "t.csv", X, (X[:, 0] > 0).astype(int), ["a", "b"])
    result = cli("fit", "t.csv", "--task", "classification", "--solver", "sgd", "--epochs", "3",
                 "--out", "run", "--quiet")
    assert result.code == 0, result.err
    spec = read_description(tmp_path / "run")
    assert spec["hyperparameters"]["optimizer"] == "adam"
