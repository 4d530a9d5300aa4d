"""``descenso predict``, ``evaluate``, ``datasets`` and ``demo`` on tabular models."""

from __future__ import annotations

import csv
import io
import json
import os

import numpy as np
import pytest

from descenso.cli.main import main
from descenso.data.split import train_val_test_split
from descenso.data.standardizer import Standardizer
from descenso.datasets.abalone import MEASUREMENTS, load_abalone
from descenso.linear import LinearRegression
from descenso.metrics import r2_score

SEXES = np.array(["M", "F", "I"])
HEADER = ["Sex", *MEASUREMENTS]


@pytest.fixture(scope="module")
def abalone_run(tmp_path_factory):
    """The default ``descenso fit`` (standardized gradient descent on Abalone), once."""
    folder = tmp_path_factory.mktemp("abalone") / "run"
    assert main(["fit", "--quiet", "--out", str(folder)]) == 0
    return folder


def _abalone_csv(path, rows, with_target=True, header=None, sexes=None):
    data = load_abalone()
    header = list(header or HEADER) + (["Rings"] if with_target else [])
    sex = sexes if sexes is not None else SEXES[data.X[rows, :3].argmax(axis=1)]
    lines = [",".join(header)]
    for k, row in enumerate(rows):
        values = [sex[k], *(repr(float(v)) for v in data.X[row, 3:])]
        if with_target:
            values.append(repr(float(data.y[row])))
        lines.append(",".join(values))
    path.write_text("\n".join(lines) + "\n")
    return data.X[rows], data.y[rows]


def _reference_estimator():
    """The pipeline's estimator, rebuilt by hand: the learner's split, standardized, gd auto."""
    data = load_abalone()
    X_train, *_, y_train, _, _ = train_val_test_split(data.X, data.y, seed=42)
    scaler = Standardizer().fit(X_train)
    model = LinearRegression(solver="gd", lr="auto", max_iter=20_000, tol=1e-8)
    return model.fit(scaler.transform(X_train), y_train), scaler


def test_predict_csv_round_trip_equals_the_estimator(cli, abalone_run, tmp_path):
    rows = np.arange(0, 4177, 97)
    X, _ = _abalone_csv(tmp_path / "shells.csv", rows, with_target=False)
    result = cli("predict", abalone_run, "shells.csv")
    assert result.code == 0, result.err
    table = list(csv.reader(io.StringIO(result.out)))
    assert table[0] == ["prediction"] and len(table) == len(rows) + 1
    predicted = np.array([float(row[0]) for row in table[1:]])
    model, scaler = _reference_estimator()
    np.testing.assert_allclose(predicted, model.predict(scaler.transform(X)), rtol=1e-12)


def test_predict_writes_the_out_file_and_accepts_the_target_column(cli, abalone_run, tmp_path):
    _abalone_csv(tmp_path / "labelled.csv", np.arange(5))
    result = cli("predict", abalone_run / "model.safetensors", "labelled.csv", "--out", "p/preds.csv")
    assert result.code == 0, result.err
    assert "wrote 5 predictions to p/preds.csv" in result.out
    assert (tmp_path / "p" / "preds.csv").read_text().splitlines()[0] == "prediction"


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"header": HEADER[:-1]}, "the file lacks the column 'Shell weight'"),
        ({"header": [*HEADER, "Colour"]}, "unexpected column 'Colour'"),
        ({"sexes": ["M", "X", "F"]}, "unknown category 'X'"),
    ],
    ids=["missing-column", "extra-column", "unseen-category"],
)
def test_predict_refuses_columns_that_differ_from_training(cli, usage_error, abalone_run,
                                                           tmp_path, change, fragment):
    header = change.get("header", HEADER)
    data = load_abalone()
    lines = [",".join(header)]
    sexes = change.get("sexes", ["M", "F", "I"])
    for k in range(3):
        values = [sexes[k], *(repr(float(v)) for v in data.X[k, 3:])][:len(MEASUREMENTS) + 1]
        values += ["1.0"] * (len(header) - len(values))
        lines.append(",".join(values[:len(header)]))
    (tmp_path / "new.csv").write_text("\n".join(lines) + "\n")
    message = usage_error(cli("predict", abalone_run, "new.csv", "--out", "preds.csv"))
    assert fragment in message
    assert not (tmp_path / "preds.csv").exists()


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        (["nowhere", "x.csv"], "no model at nowhere"),
        (["{run}", "digits.npy"], "this model was trained on a table; give a CSV file"),
        (["{run}", "a.csv", "b.csv"], "this model reads one CSV file, got 2 inputs"),
        (["{run}", "x.csv", "--out", "."], "is a folder"),
    ],
    ids=["no-model", "npy-for-a-table", "two-csv-files", "out-is-a-folder"],
)
def test_predict_bad_input(cli, usage_error, abalone_run, tmp_path, arguments, fragment):
    for name in ("a.csv", "b.csv", "x.csv"):
        _abalone_csv(tmp_path / name, np.arange(3), with_target=False)
    np.save(tmp_path / "digits.npy", np.zeros((2, 28, 28), np.uint8))
    before = set(os.listdir(tmp_path))
    arguments = [str(abalone_run) if word == "{run}" else word for word in arguments]
    message = usage_error(cli("predict", *arguments))
    assert fragment in message.replace("'", "")
    assert set(os.listdir(tmp_path)) == before


def test_evaluate_on_the_builtin_test_split_equals_the_fit_metrics(cli, abalone_run, tmp_path):
    result = cli("evaluate", abalone_run, "abalone", "--out", "m.json")
    assert result.code == 0, result.err
    fitted = json.loads((abalone_run / "metrics.json").read_text())["test"]
    evaluated = json.loads((tmp_path / "m.json").read_text())["abalone (test)"]
    assert evaluated == pytest.approx(fitted, rel=1e-12)
    assert "abalone (test)" in result.out and f"{fitted['r2']:.4f}" in result.out


def test_evaluate_on_a_csv_matches_an_independent_r2(cli, abalone_run, tmp_path):
    X, y = _abalone_csv(tmp_path / "labelled.csv", np.arange(100, 400))
    result = cli("evaluate", abalone_run, "labelled.csv", "--out", "m.json")
    assert result.code == 0, result.err
    model, scaler = _reference_estimator()
    expected = r2_score(y, model.predict(scaler.transform(X)))
    assert json.loads((tmp_path / "m.json").read_text())["labelled.csv"]["r2"] == pytest.approx(
        expected, rel=1e-10)


def test_evaluate_needs_the_target(cli, usage_error, abalone_run, tmp_path):
    _abalone_csv(tmp_path / "unlabelled.csv", np.arange(5), with_target=False)
    message = usage_error(cli("evaluate", abalone_run, "unlabelled.csv"))
    assert "has no 'Rings' column" in message


def test_evaluate_refuses_images_for_a_table_model(cli, usage_error, abalone_run):
    message = usage_error(cli("evaluate", abalone_run, "mnist"))
    assert "trained on tables" in message


def test_datasets_lists_shape_task_source_and_licence(cli):
    result = cli("datasets")
    assert result.code == 0
    for fragment in ("abalone", "4177 x 10", "regression", "CC BY 4.0", "UCI", "line",
                     "polynomial", "sine", "mnist", "fashion-mnist", "70000 x 784",
                     "classification", "Zalando Research", "MIT"):
        assert fragment in result.out


def test_demo_list_and_unknown_demo(cli, usage_error):
    result = cli("demo", "--list")
    assert result.code == 0 and "sine" in result.out and "vectorization" in result.out
    assert "did you mean 'sine'" in usage_error(cli("demo", "sinus"))
    assert "descenso demo --list" in usage_error(cli("demo"))


def test_predict_text_in_a_numeric_column(cli, usage_error, abalone_run, tmp_path):
    values = ["M", "long"] + ["0.2"] * (len(MEASUREMENTS) - 1)
    (tmp_path / "text.csv").write_text(",".join(HEADER) + "\n" + ",".join(values) + "\n")
    message = usage_error(cli("predict", abalone_run, "text.csv"))
    assert "Length_long" in message and "lacks ones it needs (Length)" in message
