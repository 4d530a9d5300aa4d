"""The shapes of real public tables: preambles, 0/1 and text targets, whitespace, dates, ids.

Each small file written here reproduces what one real table does (scikit-learn's iris.csv,
wine_data.csv and breast_cancer.csv, statsmodels' spector, seattle-weather, statecrime,
penguins); scikit-learn's own files are read too when scikit-learn is installed.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import pytest

from descenso.data import load_csv
from descenso.errors import ConfigError, DataError


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def iris_like(tmp_path: Path, n_per_class: int = 10) -> Path:
    rng = np.random.default_rng(0)
    lines = [f"{3 * n_per_class},4,setosa,versicolor,virginica"]
    for k in range(3):
        for row in rng.normal(5 + k, 0.3, size=(n_per_class, 4)).round(1):
            lines.append(",".join(map(str, row)) + f",{k}")
    return write(tmp_path, "iris.csv", lines)


def test_a_preamble_of_counts_and_class_names_is_skipped_and_names_the_classes(tmp_path):
    ds = load_csv(iris_like(tmp_path))
    assert ds.X.shape == (30, 4)
    assert ds.feature_names == ["column_1", "column_2", "column_3", "column_4"]
    assert ds.task == "classification"
    assert ds.class_names == ["setosa", "versicolor", "virginica"]
    np.testing.assert_array_equal(np.bincount(ds.y), [10, 10, 10])
    summary = "\n".join(ds.summary())
    assert "skipped line 1, '30,4,setosa,versicolor,virginica': a preamble" in summary
    assert "skip_rows=0" in summary


def test_skip_rows_overrides_the_preamble_detection(tmp_path):
    path = iris_like(tmp_path)
    with pytest.raises(DataError, match=r"^line 1, column 'column_3': 'setosa' is not a number"):
        load_csv(path, skip_rows=0, header=False, task="regression")
    skipped = load_csv(path, skip_rows=1)
    assert skipped.X.shape == (30, 4) and skipped.class_names == ["0", "1", "2"]
    assert not any("preamble" in line for line in skipped.summary())
    with pytest.raises(ConfigError, match="skip_rows must be a whole number >= 0, got -1"):
        load_csv(path, skip_rows=-1)


def test_wine_shape_preamble_with_more_features_than_fields(tmp_path):
    rng = np.random.default_rng(1)
    lines = ["12,13,class_0,class_1,class_2"]  # too few rows to infer classes from 0, 1, 2
    for i in range(12):
        lines.append(",".join(f"{v:.2f}" for v in rng.uniform(0, 100, 13)) + f",{i % 3}")
    ds = load_csv(write(tmp_path, "wine_data.csv", lines))
    assert ds.X.shape == (12, 13) and ds.task == "classification"
    assert ds.class_names == ["class_0", "class_1", "class_2"]


def test_zero_one_targets_are_classification_and_many_integers_regression(tmp_path):
    rng = np.random.default_rng(2)
    x = rng.normal(size=40)
    binary = write(tmp_path, "cancer.csv", ["x,malignant"] + [f"{v:.3f},{int(v > 0)}" for v in x])
    ds = load_csv(binary)
    assert ds.task == "classification" and ds.class_names == ["0", "1"]
    assert any("task='regression'" in line for line in ds.summary())
    counts = write(tmp_path, "rings.csv", ["x,rings"] + [f"{v:.3f},{i}" for i, v in enumerate(x)])
    rings = load_csv(counts)  # 40 distinct whole numbers
    assert rings.task == "regression"
    assert ("target 'rings' holds whole numbers with many distinct values: regression; to "
            "predict classes, pass task='classification'") in rings.summary()
    few_rows = write(tmp_path, "few.csv", ["x,y", "1,2", "3,4", "5,2"])
    assert load_csv(few_rows).task == "regression"  # too few rows per value to call it classes
    assert load_csv(binary, task="regression").task == "regression"


def test_whitespace_separated_file_like_spector(tmp_path):
    lines = ["  OBS    GPA   TUCE   PSI  GRADE"]
    rng = np.random.default_rng(3)
    for i in range(32):
        lines.append(f"  {i + 1:3d}   {rng.uniform(2, 4):.2f}   {rng.integers(12, 30):3d}   "
                     f"{i % 2}   {int(rng.uniform() > 0.6)}")
    path = write(tmp_path, "spector.dat", lines)
    detected = load_csv(path)
    given = load_csv(path, delimiter="whitespace")
    assert detected.feature_names == given.feature_names == ["GPA", "TUCE", "PSI"]
    np.testing.assert_array_equal(detected.X, given.X)
    assert detected.task == "classification"
    assert "detected the delimiter whitespace" in detected.summary()
    assert any("'OBS' has a different value on every row (an id): dropped" in line
               for line in detected.summary())


def seattle_like(tmp_path: Path, n_days: int = 120) -> Path:
    rng = np.random.default_rng(4)
    lines = ["date,precipitation,temp_max,weather"]
    for day in range(n_days):
        date = datetime.date(2012, 1, 1) + datetime.timedelta(days=day)
        rain = max(0.0, rng.normal(2, 3))
        lines.append(f"{date},{rain:.1f},{rng.normal(12, 5):.1f},"
                     f"{'rain' if rain > 3 else 'sun'}")
    return write(tmp_path, "seattle-weather.csv", lines)


def test_dates_become_numbers_not_one_column_per_day(tmp_path):
    ds = load_csv(seattle_like(tmp_path))
    assert ds.feature_names == ["date_year", "date_month", "date_day_of_year",
                                "date_day_of_week", "precipitation", "temp_max"]
    assert ds.dates == ["date"] and ds.categories == {}
    np.testing.assert_array_equal(ds.X[:2, :4], [[2012, 1, 1, 6], [2012, 1, 2, 0]])
    assert ds.task == "classification" and ds.class_names == ["rain", "sun"]
    assert any("'date' holds dates: used as numbers" in line for line in ds.summary())


def test_a_new_date_is_read_with_the_training_roles(tmp_path):
    train = load_csv(seattle_like(tmp_path))
    new = write(tmp_path, "new.csv", ["date,precipitation,temp_max", "2016-02-29,0.5,9.0"])
    ds = load_csv(new, target="weather", features=train.input_features, dates=train.dates,
                  min_rows=1)
    assert ds.feature_names == train.feature_names
    np.testing.assert_array_equal(ds.X, [[2016, 2, 60, 0, 0.5, 9.0]])
    bad = write(tmp_path, "bad.csv", ["date,precipitation,temp_max", "yesterday,0.5,9.0"])
    with pytest.raises(DataError) as caught:
        load_csv(bad, target="weather", features=train.input_features, dates=train.dates,
                 min_rows=1)
    assert str(caught.value) == ("column 'date' holds dates, but 'yesterday' is not a date; "
                                 "write dates as 2024-01-31")


def test_ids_and_names_unique_on_every_row_are_dropped(tmp_path):
    rng = np.random.default_rng(5)
    lines = ["id,state,murder,violent"]
    for i in range(30):
        lines.append(f"{i + 100},State{i:02d},{rng.uniform(1, 20):.1f},"
                     f"{rng.uniform(100, 20000):.1f}")
    ds = load_csv(write(tmp_path, "statecrime.csv", lines))
    assert ds.input_features == ["murder"] and ds.feature_names == ["murder"]
    assert ds.ignored == ["id", "state"]
    assert ds.task == "regression"
    summary = "\n".join(ds.summary())
    assert "column 'id' has a different value on every row (an id): dropped" in summary
    assert "column 'state' has a different value on every row (an id): dropped" in summary
    kept = load_csv(write(tmp_path, "statecrime.csv", lines), columns=["state", "murder"])
    assert kept.categories["state"][:2] == ["State00", "State01"]


def test_a_category_with_too_many_levels_for_the_rows_is_dropped(tmp_path):
    rng = np.random.default_rng(6)
    towns = [f"town{k}" for k in range(45)]
    lines = ["town,size,price"] + [f"{towns[i % 45]},{rng.uniform(50, 200):.0f},"
                                   f"{rng.uniform(1e5, 9e5):.0f}" for i in range(100)]
    ds = load_csv(write(tmp_path, "houses.csv", lines))
    assert ds.feature_names == ["size"]
    assert any("'town' has 45 categories, too many for the rows: dropped" in line
               for line in ds.summary())


def test_penguins_shape_missing_values_and_a_text_target(tmp_path):
    rng = np.random.default_rng(7)
    species = ["Adelie", "Chinstrap", "Gentoo"]
    lines = ["species,island,bill_length_mm,sex"]
    for i in range(60):
        bill = "NA" if i == 3 else f"{rng.normal(40 + 5 * (i % 3), 2):.1f}"
        sex = "NA" if i in (3, 8) else ["male", "female"][i % 2]
        lines.append(f"{species[i % 3]},{['Biscoe', 'Dream'][i % 2]},{bill},{sex}")
    path = write(tmp_path, "penguins.csv", lines)
    with pytest.raises(DataError) as caught:
        load_csv(path, target="species")
    assert str(caught.value).startswith("3 missing values (first at line 5, column "
                                        "'bill_length_mm')")
    ds = load_csv(path, target="species", drop_missing=True)
    assert ds.task == "classification" and ds.class_names == species
    assert ds.n_samples == 58
    assert ds.feature_names == ["island_Biscoe", "island_Dream", "bill_length_mm",
                                "sex_female", "sex_male"]


def test_drop_and_columns_choose_the_features(tmp_path):
    path = write(tmp_path, "t.csv", ["a,b,c,y", "1,2,3,4", "5,6,7,9", "8,9,1,2"])
    assert load_csv(path, drop=["b"]).feature_names == ["a", "c"]
    assert load_csv(path, columns=["c", "a"]).feature_names == ["a", "c"]  # the file's order
    assert load_csv(path, columns=["c"]).ignored == ["a", "b"]
    with pytest.raises(DataError) as caught:
        load_csv(path, drop=["z"])
    assert str(caught.value) == "drop names 'z', which the file does not have; the columns are: " \
        "a, b, c, y"


def test_no_message_prints_more_than_a_few_hundred_characters_of_values(tmp_path):
    names = [f"a_rather_long_column_name_{j:03d}" for j in range(200)]
    path = write(tmp_path, "wide.csv", [",".join(names), ",".join("1" * 200), ",".join("2" * 200)])
    with pytest.raises(DataError) as caught:
        load_csv(path, target="price")
    assert len(str(caught.value)) < 400 and "more" in str(caught.value)
    days = [str(datetime.date(2013, 1, 1) + datetime.timedelta(d)) for d in range(400)]
    many = write(tmp_path, "levels.csv", ["kind,y"] + [f"k{d},{i % 7}.5" for i, d in
                                                       enumerate(days)])
    ds = load_csv(many, columns=["kind"])
    assert max(len(line) for line in ds.summary()) < 400


@pytest.mark.parametrize("name, shape, classes", [
    ("iris.csv", (150, 4), ["setosa", "versicolor", "virginica"]),
    ("wine_data.csv", (178, 13), ["class_0", "class_1", "class_2"]),
    ("breast_cancer.csv", (569, 30), ["malignant", "benign"]),
])
def test_scikit_learns_bundled_files(name, shape, classes):
    datasets = pytest.importorskip("sklearn.datasets")
    path = Path(datasets.__file__).parent / "data" / name
    ds = load_csv(path)
    assert ds.X.shape == shape and ds.task == "classification" and ds.class_names == classes
    loader = {"iris.csv": datasets.load_iris, "wine_data.csv": datasets.load_wine,
              "breast_cancer.csv": datasets.load_breast_cancer}[name]
    reference = loader()
    np.testing.assert_array_equal(ds.X, reference.data)
    np.testing.assert_array_equal(ds.y, reference.target)
