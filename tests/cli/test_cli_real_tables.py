"""``descenso fit FILE`` with no options on the shapes of real tables, and the CSV options that
``fit``, ``predict`` and ``evaluate`` share."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import numpy as np
import pytest

from descenso.io import read_description


def write(folder: Path, name: str, lines: list[str], encoding: str = "utf-8") -> str:
    (folder / name).write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return name


def preprocessing(folder: Path) -> dict:
    return read_description(folder)["preprocessing"]


@pytest.mark.parametrize("name, classes", [
    ("iris.csv", ["setosa", "versicolor", "virginica"]),
    ("breast_cancer.csv", ["malignant", "benign"]),
])
def test_scikit_learn_files_fit_as_classification_with_no_options(cli, tmp_path, name, classes):
    datasets = pytest.importorskip("sklearn.datasets")
    path = Path(datasets.__file__).parent / "data" / name
    result = cli("fit", path, "--out", "run")
    assert result.code == 0, result.err
    assert "a preamble of counts and class names" in result.out
    assert "--skip-rows 0" in result.out
    pre = preprocessing(tmp_path / "run")
    assert pre["task"] == "classification" and pre["class_names"] == classes
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["test"]["accuracy"] > 0.8


def seattle(folder: Path) -> str:
    rng = np.random.default_rng(0)
    lines = ["date,precipitation,temp_max,wind,weather"]
    for day in range(400):
        date = datetime.date(2012, 1, 1) + datetime.timedelta(days=day)
        rain = max(0.0, rng.normal(2, 3))
        lines.append(f"{date},{rain:.1f},{rng.normal(12, 5):.1f},{rng.uniform(1, 6):.1f},"
                     f"{'rain' if rain > 3 else 'sun'}")
    return write(folder, "seattle-weather.csv", lines)


def test_dates_are_numbers_and_predict_reads_a_new_day(cli, tmp_path):
    result = cli("fit", seattle(tmp_path), "--out", "run")
    assert result.code == 0, result.err
    assert "'date' holds dates: used as numbers" in result.out and "--drop date" in result.out
    pre = preprocessing(tmp_path / "run")
    assert pre["dates"] == ["date"] and pre["categories"] == {}
    assert len(pre["feature_names"]) == 7
    new = write(tmp_path, "new.csv", ["date,precipitation,temp_max,wind",
                                      "2016-07-04,0.0,25.0,2.0", "2016-11-20,9.0,8.0,5.0"])
    predicted = cli("predict", "run", new)
    assert predicted.code == 0, predicted.err
    assert predicted.out.splitlines()[0] == "class,class_name,probability"
    assert len(predicted.out.splitlines()) == 3
    assert max(len(line) for line in (result.out + result.err).splitlines()) < 400


def test_ids_are_dropped_at_fit_and_ignored_at_predict(cli, tmp_path):
    rng = np.random.default_rng(1)
    rows = [(f"State{i:02d}", rng.uniform(1, 20), rng.uniform(100, 300)) for i in range(50)]
    lines = ["state,murder,violent"] + [f"{s},{m:.2f},{m * 1000 + v:.1f}" for s, m, v in rows]
    result = cli("fit", write(tmp_path, "statecrime.csv", lines), "--out", "run")
    assert result.code == 0, result.err
    assert "column 'state' has a different value on every row (an id): dropped" in result.out
    assert preprocessing(tmp_path / "run")["ignored"] == ["state"]
    # Large values (mse in the millions) never run together in the metrics table.
    table = result.out[result.out.index("metric "):].splitlines()
    for line in table[1:4]:
        cells = line.split()
        assert len(cells) == 4, line
        [float(cell) for cell in cells[1:]]
    new = write(tmp_path, "new.csv", ["state,murder", "Nowhere,3.5"])
    assert cli("predict", "run", new).code == 0
    assert cli("evaluate", "run", "statecrime.csv").code == 0


def test_predict_and_evaluate_accept_the_csv_options_their_advice_names(cli, tmp_path,
                                                                        usage_error):
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=40), rng.normal(size=40)
    lines = ["año;b;c;y"] + [f"{x:.4f};{z:.4f};{i};{1 + 2 * x - z:.4f}"
                              for i, (x, z) in enumerate(zip(a, b))]
    train = write(tmp_path, "train.csv", lines, encoding="latin-1")
    assert cli("fit", train, "--encoding", "latin-1", "--drop", "c", "--quiet",
               "--out", "run").code == 0
    new_lines = ["skip me", *lines[:6]]
    new_lines[3] = "1.0;;7;2.0"
    new = write(tmp_path, "new.csv", new_lines, encoding="latin-1")
    for command in ("predict", "evaluate"):
        result = cli(command, "run", new, "--encoding", "latin-1", "--skip-rows", "1",
                     "--delimiter", ";")
        assert result.code == 0, result.err
        assert result.err.startswith("warning: 1 missing value filled with the model's values "
                                     "from its training rows: b (1); "), result.err
        assert "--drop-missing" in result.err
        result = cli(command, "run", new, "--encoding", "latin-1", "--skip-rows", "1",
                     "--delimiter", ";", "--drop-missing")
        assert result.code == 0, result.err
    message = usage_error(cli("predict", "run", new))
    assert "--encoding latin-1" in message
    result = cli("predict", "run", new, "--encoding", "latin-1", "--skip-rows", "1",
                 "--drop-missing", "--features", "año,b")
    assert result.code == 0, result.err


def test_whitespace_delimiter_and_features(cli, tmp_path):
    rng = np.random.default_rng(3)
    lines = ["OBS   GPA  TUCE  PSI  GRADE"] + [
        f"{i + 1:4d}  {rng.uniform(2, 4):.2f}  {rng.integers(12, 30):3d}  {i % 2}  "
        f"{int(rng.uniform() > 0.6)}" for i in range(32)]
    path = write(tmp_path, "spector.dat", lines)
    result = cli("fit", path, "--delimiter", "whitespace", "--features", "GPA,PSI",
                 "--out", "run")
    assert result.code == 0, result.err
    pre = preprocessing(tmp_path / "run")
    assert pre["input_features"] == ["GPA", "PSI"] and pre["task"] == "classification"
    assert "--task regression" in result.out


def test_bad_csv_options_are_one_line_errors(cli, tmp_path, usage_error):
    path = write(tmp_path, "t.csv", ["a,b,y"] + [f"{i},{i % 3},{i * 0.5}" for i in range(10)])
    assert usage_error(cli("fit", path, "--skip-rows", "-2")) == (
        "--skip-rows -2 is negative; give 0 or more lines")
    assert usage_error(cli("fit", path, "--drop", " , ")) == (
        "--drop needs column names separated by commas, such as --drop id,name")
    assert usage_error(cli("fit", path, "--features", "a,zz")) == (
        "--features names 'zz', which the file does not have; the columns are: a, b, y")
