"""Good CSV files of every common shape load to the right numbers, names and categories."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.data import OneHotEncoder, csv_source, csv_table, load_csv


def write(tmp_path, content: bytes | str, name="data.csv"):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_simple_file(tmp_path):
    ds = load_csv(write(tmp_path, "x1,x2,y\n1,2,3\n4,5,6.5\n-7,8e-1,9\n"))
    assert ds.feature_names == ["x1", "x2"]
    assert ds.target_name == "y"
    assert ds.task == "regression"
    assert ds.X.dtype == np.float64 and ds.y.dtype == np.float64
    np.testing.assert_array_equal(ds.X, [[1, 2], [4, 5], [-7, 0.8]])
    np.testing.assert_array_equal(ds.y, [3, 6.5, 9])
    assert ds.summary()[:2] == [
        f"{tmp_path / 'data.csv'}: 3 samples, 2 features",
        "target 'y' (regression): mean 6.167, std 2.461, from 3 to 9",
    ]


def test_byte_order_mark(tmp_path):
    ds = load_csv(write(tmp_path, b"\xef\xbb\xbfx,y\n1,2\n3,4\n"))
    assert ds.feature_names == ["x"] and ds.target_name == "y"
    assert "skipped the UTF-8 byte-order mark" in ds.summary()


def test_semicolons_and_decimal_commas(tmp_path):
    ds = load_csv(write(tmp_path, "peso;altura;edad\n1,5;170;30\n2,25;165,5;41\n-0,5;180;25\n"))
    np.testing.assert_array_equal(ds.X, [[1.5, 170], [2.25, 165.5], [-0.5, 180]])
    np.testing.assert_array_equal(ds.y, [30, 41, 25])
    summary = ds.summary()
    assert "detected the delimiter ';'" in summary
    assert "detected decimal commas (3,14)" in summary


def test_quoted_fields_with_commas_newlines_and_quotes(tmp_path):
    content = (
        'name,x,y\n'
        '"Smith, Ann",1,2\n'
        '"two\nlines",3,4\n'
        '"say ""hi""",5,6\n'
        '"Smith, Ann",7,8\n'
    )
    ds = load_csv(write(tmp_path, content))
    assert ds.categories == {"name": ["Smith, Ann", 'say "hi"', "two\nlines"]}
    np.testing.assert_array_equal(ds.X[:, :3], [[1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]])
    np.testing.assert_array_equal(ds.X[:, 3], [1, 3, 5, 7])
    np.testing.assert_array_equal(ds.y, [2, 4, 6, 8])


def test_quoted_numbers(tmp_path):
    ds = load_csv(write(tmp_path, '"x","y"\n"1.5","2"\n"3","4"\n'))
    np.testing.assert_array_equal(ds.X.ravel(), [1.5, 3])


def test_line_numbers_count_physical_lines_after_a_multiline_field(tmp_path):
    content = 'note,x,y\n"a\nb\nc",1,2\nz,5,6\nok,oops,4\nw,7,8\n'  # the bad cell is on line 6
    with pytest.raises(ValueError, match="^line 6, column 'x': 'oops'"):
        load_csv(write(tmp_path, content))


def test_blank_lines_and_empty_rows_are_skipped(tmp_path):
    ds = load_csv(write(tmp_path, "\n\nx,y\n1,2\n\n,\n3,4\n   \n5,6\n\n\n"))
    np.testing.assert_array_equal(ds.X.ravel(), [1, 3, 5])
    np.testing.assert_array_equal(ds.y, [2, 4, 6])


def test_windows_and_old_mac_line_endings(tmp_path):
    for newline in ("\r\n", "\r"):
        ds = load_csv(write(tmp_path, newline.join(["x,y", "1,2", "3,4", "5,6"]) + newline))
        np.testing.assert_array_equal(ds.y, [2, 4, 6])
    with pytest.raises(ValueError, match="^line 3, column 'y'"):
        load_csv(write(tmp_path, "x,y\r1,2\r3,bad\r5,6\r7,8\r"))


def test_trailing_delimiter_is_dropped(tmp_path):
    expected_X, expected_y = [[1, 2], [4, 5]], [3, 6]
    for content in ("a,b,c,\n1,2,3,\n4,5,6,\n", "a,b,c\n1,2,3,\n4,5,6,\n", "1;2;3;\n4;5;6;\n"):
        ds = load_csv(write(tmp_path, content))
        np.testing.assert_array_equal(ds.X, expected_X)
        np.testing.assert_array_equal(ds.y, expected_y)
        assert "dropped the empty last field left by a trailing delimiter" in ds.summary()


def test_tab_and_pipe_delimiters(tmp_path):
    for delimiter in ("\t", "|"):
        ds = load_csv(write(tmp_path, f"x{delimiter}y\n1{delimiter}2\n3{delimiter}4\n"))
        np.testing.assert_array_equal(ds.X.ravel(), [1, 3])


def test_header_detection(tmp_path):
    with_header = load_csv(write(tmp_path, "a,b\n1,2\n3,4\n"))
    assert with_header.feature_names == ["a"] and with_header.n_samples == 2
    without = load_csv(write(tmp_path, "1,2\n3,4\n5,6\n"))
    assert without.feature_names == ["column_1"] and without.target_name == "column_2"
    assert without.n_samples == 3
    assert "no header line: columns named column_1 to column_2" in without.summary()
    text_first = load_csv(write(tmp_path, "M,0.5,9\nF,0.7,11\nM,0.2,7\nI,0.1,3\n"))
    assert text_first.n_samples == 4 and text_first.categories == {"column_1": ["F", "I", "M"]}
    year_names = load_csv(write(tmp_path, "country,2019,2020\nES,1.5,2.5\nPT,1.0,2.0\n"))
    assert year_names.target_name == "2020" and year_names.n_samples == 2


def test_header_given(tmp_path):
    path = write(tmp_path, "1,2\n3,4\n5,6\n")
    forced = load_csv(path, header=True)
    assert forced.feature_names == ["1"] and forced.n_samples == 2
    named = load_csv(path, header=False, names=["x", "y"])
    assert named.feature_names == ["x"] and named.n_samples == 3
    renamed = load_csv(write(tmp_path, "a,b\n1,2\n3,4\n"), names=["x", "y"])
    assert renamed.feature_names == ["x"] and renamed.n_samples == 2


def test_target_by_name_and_index(tmp_path):
    path = write(tmp_path, "a,b,c\n1,2,3\n4,5,6\n7,8,10\n")
    for target in ("b", 1, -2, "1", " b "):
        ds = load_csv(path, target=target)
        assert ds.target_name == "b" and ds.feature_names == ["a", "c"]
        np.testing.assert_array_equal(ds.y, [2, 5, 8])
    assert load_csv(path, target=0).feature_names == ["b", "c"]


def test_categorical_columns_one_hot_in_place_sorted_as_one_hot_encoder_sorts(tmp_path):
    content = "size,sex,w,y\n1,M,0.5,9\n2,F,0.7,11\n3,M,0.2,7\n4, I ,0.1,3\n"
    ds = load_csv(write(tmp_path, content))
    assert ds.categories == {"sex": ["F", "I", "M"]}
    assert ds.feature_names == ["size", "sex_F", "sex_I", "sex_M", "w"]
    assert ds.input_features == ["size", "sex", "w"]
    np.testing.assert_array_equal(ds.X, [
        [1, 0, 0, 1, 0.5], [2, 1, 0, 0, 0.7], [3, 0, 0, 1, 0.2], [4, 0, 1, 0, 0.1]])
    assert "one-hot encoded 'sex' into 3 columns: F, I, M" in ds.summary()
    encoder = OneHotEncoder().fit(np.array([["M"], ["F"], ["M"], ["I"]]))
    assert encoder.categories_[0].tolist() == ds.categories["sex"]


def test_numeric_looking_column_declared_categorical(tmp_path):
    ds = load_csv(write(tmp_path, "zone,y\n10,1\n20,2\n10,3\n"), categories={"zone": None})
    assert ds.categories == {"zone": ["10", "20"]}
    np.testing.assert_array_equal(ds.X, [[1, 0], [0, 1], [1, 0]])


def test_fixed_categories_keep_their_order_even_if_unseen(tmp_path):
    ds = load_csv(write(tmp_path, "sex,y\nF,1\nF,2\n"), categories={"sex": ["M", "F", "I"]})
    np.testing.assert_array_equal(ds.X, [[0, 1, 0], [0, 1, 0]])


def test_drop_missing(tmp_path):
    content = "x,c,y\n1,a,2\n,a,3\n4,NA,5\n6,b,\n7,b,8\n9,?,10\n"
    ds = load_csv(write(tmp_path, content), drop_missing=True)
    np.testing.assert_array_equal(ds.X, [[1, 1, 0], [7, 0, 1]])
    np.testing.assert_array_equal(ds.y, [2, 8])
    assert "dropped 4 rows with missing values (the first at line 3)" in ds.summary()


def test_column_missing_in_the_first_rows_is_typed_later(tmp_path):
    ds = load_csv(write(tmp_path, "a,b,y\n,x,1\n,y,2\n3,x,3\n4,y,4\n"), drop_missing=True)
    np.testing.assert_array_equal(ds.X, [[3, 1, 0], [4, 0, 1]])


def test_classification_targets(tmp_path):
    text = load_csv(write(tmp_path, "x,species\n1,virginica\n2,setosa\n3,versicolor\n4,setosa\n"))
    assert text.task == "classification"
    assert text.class_names == ["setosa", "versicolor", "virginica"]
    assert text.y.dtype == np.int64
    np.testing.assert_array_equal(text.y, [2, 0, 1, 0])
    numeric = load_csv(write(tmp_path, "x,digit\n1,10\n2,2\n3,10\n4,0.5\n"), task="classification")
    assert numeric.class_names == ["0.5", "2", "10"]
    np.testing.assert_array_equal(numeric.y, [2, 1, 2, 0])
    fixed = load_csv(write(tmp_path, "x,label\n1,b\n2,b\n"), class_names=["a", "b"])
    np.testing.assert_array_equal(fixed.y, [1, 1])
    assert fixed.class_names == ["a", "b"]


def test_prediction_input_with_a_saved_schema(tmp_path):
    train = load_csv(write(tmp_path, "sex,w,rings\nM,1,9\nF,2,11\nI,3,7\n"))
    path = write(tmp_path, "w,sex\n5,I\n6,M\n", name="new.csv")
    new = load_csv(path, target=train.target_name, features=train.input_features,
                   categories=train.categories)
    assert new.y is None
    assert new.feature_names == train.feature_names
    np.testing.assert_array_equal(new.X, [[0, 1, 0, 5], [0, 0, 1, 6]])  # F, I, M, w


def test_utf16_and_latin1(tmp_path):
    ds = load_csv(write(tmp_path, "ciudad,t\nCádiz,1\nSevilla,2\n".encode("utf-16")))
    assert ds.categories == {"ciudad": ["Cádiz", "Sevilla"]}
    assert "decoded as UTF-16 (found its byte-order mark)" in ds.summary()
    ds = load_csv(write(tmp_path, "ciudad,t\nCádiz,1\nSevilla,2\n".encode("latin-1")),
                  encoding="latin-1")
    assert ds.categories == {"ciudad": ["Cádiz", "Sevilla"]}
    ds = load_csv(write(tmp_path, "ciudad,t\nCádiz,1\nSevilla,2\n"))
    assert ds.categories == {"ciudad": ["Cádiz", "Sevilla"]}


def test_text_mode_files_in_many_chunks(tmp_path, monkeypatch):
    rows = "".join(f"{i},{'ab'[i % 2]},{i * 0.5}\r\n" for i in range(500))
    monkeypatch.setattr(csv_source, "CHUNK_BYTES", 100)
    ds = load_csv(write(tmp_path, ("x,c,y\r\n" + rows).encode("utf-16")))
    np.testing.assert_array_equal(ds.y, np.arange(500) * 0.5)
    assert ds.categories == {"c": ["a", "b"]}
    old_mac = load_csv(write(tmp_path, "x,c,y\r" + rows.replace("\r\n", "\r"), "mac.csv"))
    np.testing.assert_array_equal(old_mac.X, ds.X)


def test_numbers_are_exactly_pythons(tmp_path, rng):
    values = rng.normal(0, 10.0 ** rng.integers(-8, 8, 3000))
    texts = [repr(float(v)) for v in values] + ["1e5", "-0.0", "+.5", "7.", "  3.25 ", "1_000"]
    content = "x,y\n" + "".join(f"{t},{i}\n" for i, t in enumerate(texts))
    ds = load_csv(write(tmp_path, content))
    expected = np.array([float(t) for t in texts])
    assert ds.X[:, 0].tobytes() == expected.tobytes()


def test_scientific_notation_and_long_numbers_with_missing_cells(tmp_path, rng):
    values = rng.normal(0, 1e-3, 500)
    texts = [f"{v:.18e}" for v in values]  # numpy.savetxt's default format
    texts[10] = ""
    texts[20] = "NA"
    content = "x,y\n" + "".join(f"{t},{i}\n" for i, t in enumerate(texts))
    ds = load_csv(write(tmp_path, content), drop_missing=True)
    expected = [float(t) for t in texts if t not in ("", "NA")]
    assert ds.X[:, 0].tobytes() == np.array(expected).tobytes()
    comma = content.replace(",", ";").replace(".", ",")
    ds = load_csv(write(tmp_path, comma, "comma.csv"), drop_missing=True)
    assert ds.X[:, 0].tobytes() == np.array(expected).tobytes()


def _table(rng, n_rows):
    lines = ["a,b,c,d,y"]
    for i in range(n_rows):
        a = rng.normal()
        lines.append(f'{a:.6f},{rng.integers(-50, 50)},"{["x", "y, z", "w"][i % 3]}",'
                     f"{rng.uniform():.3e},{i % 11}")
    return "\n".join(lines) + "\n"


def test_many_chunks_give_the_same_result_as_one(tmp_path, monkeypatch, rng):
    content = _table(rng, 3000)
    path = write(tmp_path, content)
    whole = load_csv(path)
    monkeypatch.setattr(csv_source, "CHUNK_BYTES", 256)
    monkeypatch.setattr(csv_table, "CHUNK_BYTES", 256)  # pandas reads 1,024 rows at a time
    monkeypatch.setattr(csv_table, "BLOCK_BYTES", 50_000)  # and two such parts make a block
    chunked = load_csv(path)
    assert chunked.X.tobytes() == whole.X.tobytes()
    assert chunked.y.tobytes() == whole.y.tobytes()
    assert chunked.categories == whole.categories == {"c": ["w", "x", "y, z"]}
    # The same table without quotes goes through the fast byte path; the numbers agree.
    plain = load_csv(write(tmp_path, content.replace('"y, z"', "yz").replace('"', ""), "p.csv"))
    np.testing.assert_array_equal(plain.X, whole.X)


def test_agrees_with_pandas(tmp_path, rng):
    pd = pytest.importorskip("pandas")
    path = write(tmp_path, _table(rng, 2000))
    ds = load_csv(path)
    frame = pd.read_csv(path)
    np.testing.assert_array_equal(ds.X[:, 0], frame["a"].to_numpy())
    np.testing.assert_array_equal(ds.X[:, 1], frame["b"].to_numpy())
    np.testing.assert_array_equal(ds.X[:, 5], frame["d"].to_numpy())
    np.testing.assert_array_equal(ds.y, frame["y"].to_numpy())
    dummies = pd.get_dummies(frame["c"]).to_numpy(dtype=float)  # sorted, as here
    np.testing.assert_array_equal(ds.X[:, 2:5], dummies)


def test_abalone_from_the_shared_copy(shared_data):
    pd = pytest.importorskip("pandas")
    path = shared_data / "abalone" / "abalone.data"
    ds = load_csv(path, names=["Sex", "Length", "Diameter", "Height", "Whole weight",
                               "Shucked weight", "Viscera weight", "Shell weight", "Rings"])
    assert ds.X.shape == (4177, 10)
    assert ds.categories == {"Sex": ["F", "I", "M"]}
    assert ds.X[:, :3].sum(axis=0).tolist() == [1307, 1342, 1528]
    frame = pd.read_csv(path, header=None)
    np.testing.assert_array_equal(ds.X[:, 3:], frame.iloc[:, 1:8].to_numpy())
    np.testing.assert_array_equal(ds.y, frame.iloc[:, 8].to_numpy())


def test_peak_memory_stays_below_three_times_the_data(tmp_path, rng):
    import tracemalloc

    n_rows = 60_000
    block = rng.normal(size=(n_rows, 20))
    labels = np.array(["a", "b", "c"])[rng.integers(0, 3, n_rows)]
    lines = [",".join(f"x{j}" for j in range(20)) + ",cat,y"]
    numbers = [",".join(row) for row in block.round(6).astype(str)]
    lines.extend(f"{row},{label},{i % 97}" for i, (row, label) in enumerate(zip(numbers, labels)))
    path = write(tmp_path, "\n".join(lines) + "\n")
    tracemalloc.start()
    try:
        ds = load_csv(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    data_bytes = ds.X.nbytes + ds.y.nbytes
    assert ds.X.shape == (n_rows, 23)
    assert peak < 3 * data_bytes, (peak, data_bytes)


def test_a_column_typed_late_and_a_short_row_deep_in_a_chunked_file(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_table, "CHUNK_BYTES", 256)  # 1,024 rows per chunk
    rows = [f"{i},,{i % 5}" for i in range(3000)] + [f"{i},{'ab'[i % 2]},{i % 5}"
                                                     for i in range(3000, 3100)]
    path = write(tmp_path, "a,c,y\n" + "\n".join(rows) + "\n")
    ds = load_csv(path, drop_missing=True)
    assert ds.n_samples == 100 and ds.categories == {"c": ["a", "b"]}
    assert "dropped 3000 rows with missing values (the first at line 2)" in ds.summary()
    rows[2500] = "1,2"
    with pytest.raises(ValueError) as caught:
        load_csv(write(tmp_path, "a,c,y\n" + "\n".join(rows) + "\n"), drop_missing=True)
    assert str(caught.value).startswith("line 2502 has 2 fields but the header has 3")
