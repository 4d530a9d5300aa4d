"""Every bad CSV file gets a DataError with the exact message: the problem, where, what to do."""

from __future__ import annotations

import os

import pytest

from descenso.data import csv_source, csv_table, load_csv
from descenso.errors import ConfigError, DataError

# (case id, file bytes, load_csv options, expected message; {path} is the file's path)
BAD_FILES = [
    ("empty", b"", {},
     "{path} is empty; a CSV file needs a header line and rows of data"),
    ("blank lines only", b"\n  \n\r\n\n", {},
     "{path} has only blank lines; a CSV file needs a header line and rows of data"),
    ("header only", b"length,weight,rings\n", {},
     "{path} has a header but no data rows; add rows of data below the header"),
    ("header only with blank lines", b"a,b\n\n\n", {},
     "{path} has a header but no data rows; add rows of data below the header"),
    ("one row", b"x,y\n1,2\n", {},
     "{path} has only 1 data row; at least 2 are needed to fit and evaluate a model"),
    ("two rows, three needed", b"x,y\n1,2\n3,4\n", {"min_rows": 3},
     "{path} has only 2 data rows; at least 3 are needed to fit and evaluate a model"),
    ("ragged short row", b"a,b,c\n1,2,3\n4,5\n6,7,8\n", {},
     "line 3 has 2 fields but the header has 3; check the delimiter (',') and quote fields "
     "that contain it"),
    ("ragged long row, unquoted comma", b"name,x,y\nAnn,1,2\nSmith, Jo,3,4\n", {},
     "line 3 has 4 fields but the header has 3; check the delimiter (',') and quote fields "
     "that contain it"),
    ("ragged without header", b"1;2;3\n4;5;6\n7;8\n", {},
     "line 3 has 2 fields but line 1 has 3; check the delimiter (';') and quote fields that "
     "contain it"),
    ("ragged one field", b"a\tb\n1\t2\n3\n", {},
     "line 3 has 1 field but the header has 2; check the delimiter (tab) and quote fields "
     "that contain it"),
    ("text in numeric column", b"x,y\n1,2\n3,4\n5,abc\n7,8\n", {},
     "line 4, column 'y': 'abc' is not a number, but most of the column is numeric; correct "
     "or remove it (or declare the column categorical)"),
    ("two bad cells, first reported", b"x,y\n1,2\n3,?x\nq,4\n5,6\n7,8\n", {},
     "line 3, column 'y': '?x' is not a number, but most of the column is numeric; correct "
     "or remove it (or declare the column categorical)"),
    ("missing values", b"x,y,z\n1,2,3\n4,,6\n7,NA,9\n1,2,null\n", {},
     "3 missing values (first at line 3, column 'y'); fill them in, remove their rows, or "
     "pass drop_missing=True to drop rows with missing values"),
    ("one missing value", b"x,y\n1,2\n3,4\n,6\n", {},
     "1 missing value (first at line 4, column 'x'); fill it in, remove its row, or pass "
     "drop_missing=True to drop rows with missing values"),
    ("NaN literal is missing", b"x,y\n1,2\nNaN,4\n5,6\n", {},
     "1 missing value (first at line 3, column 'x'); fill it in, remove its row, or pass "
     "drop_missing=True to drop rows with missing values"),
    ("infinity literal", b"x,y\n1,2\n-Infinity,4\n5,6\n", {},
     "line 3, column 'x': '-Infinity' is infinite; replace it with a finite number or remove "
     "the row"),
    ("overflow is infinite", b"x,y\n1,2\n3,1e999\n5,6\n", {},
     "line 3, column 'y': '1e999' is infinite; replace it with a finite number or remove the "
     "row"),
    ("duplicate names", b"a,b,a\n1,2,3\n4,5,6\n", {},
     "columns 1 and 3 are both named 'a'; give every column a different name"),
    ("empty name (pandas index)", b",x,y\n0,1,2\n1,3,4\n", {},
     "column 1 has an empty name in the header; name it, or pass header=False if the first "
     "line is data (an unnamed first column is often an index written by pandas: remove it)"),
    ("empty name in the middle", b"x, ,y\n0,1,2\n1,3,4\n", {},
     "column 2 has an empty name in the header; name it, or pass header=False if the first "
     "line is data (an unnamed first column is often an index written by pandas: remove it)"),
    ("all-missing column", b"x,notes,y\n1,,2\n3,,4\n5,NA,6\n", {},
     "column 'notes' has no values (every row is missing); remove the column or fill it in"),
    ("all-missing categorical column", b"x,c,y\n1,,2\n3,?,4\n", {"categories": {"c": None}},
     "column 'c' has no values (every row is missing); remove the column or fill it in"),
    ("all-missing column with drop_missing", b"x,notes,y\n1,,2\n3,,4\n", {"drop_missing": True},
     "column 'notes' has no values (every row is missing); remove the column or fill it in"),
    ("constant target", b"x,y\n1,7\n2,7\n3,7.0\n", {},
     "target column 'y' has the same value (7) in every row, so there is nothing to learn; "
     "choose another target column"),
    ("text target for regression", b"x,species\n1,setosa\n2,virginica\n", {"task": "regression"},
     "target column 'species' is not numeric (it holds values such as 'setosa' at line 2); "
     "regression predicts numbers: choose a numeric target, or pass task='classification'"),
    ("one class", b"x,label\n1,a\n2,a\n3,a\n", {},
     "target column 'label' has only one class ('a'); classification needs at least two"),
    ("unknown target, close match", b"Length,Rings\n1,2\n3,4\n", {"target": "rings"},
     "target column 'rings' not found (did you mean 'Rings'?); the columns are: Length, Rings"),
    ("unknown target", b"x,y\n1,2\n3,4\n", {"target": "price"},
     "target column 'price' not found; the columns are: x, y"),
    ("target index out of range", b"x,y\n1,2\n3,4\n", {"target": 2},
     "target index 2 is out of range for a file with 2 columns; use 0 to 1, or -1 for the last "
     "column"),
    ("negative target index out of range", b"x,y\n1,2\n3,4\n", {"target": -3},
     "target index -3 is out of range for a file with 2 columns; use 0 to 1, or -1 for the "
     "last column"),
    ("only the target column", b"y\n1\n2\n3\n", {},
     "{path} has only the target column 'y'; a model needs at least one feature column"),
    ("binary file", bytes(range(256)) * 4, {},
     "{path} does not look like a text CSV file (it contains NUL bytes, at line 1); if it is a "
     "spreadsheet (.xlsx), compressed or another binary file, export it as CSV"),
    ("xlsx renamed .csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml",
     {}, "{path} does not look like a text CSV file (it contains NUL bytes, at line 1); if it is "
     "a spreadsheet (.xlsx), compressed or another binary file, export it as CSV"),
    ("not UTF-8", "city,t\nSevilla,1\nC\xe1diz,2\n".encode("latin-1"), {},
     "line 3 of {path} is not valid UTF-8 text (byte 0xe1); the file uses another encoding: "
     "pass encoding='latin-1' or encoding='cp1252' (common for spreadsheet exports)"),
    ("unclosed quote", b'x,y\n1,2\n3,"4\n5,6\n', {},
     "line 3: a quote (\") opens a field that is never closed, so the rest of the file would "
     "be read as one value; close the quote or remove it"),
    ("dot in a decimal-comma file", b"x;y\n1,5;2\n2,5;3.5\n3,5;4\n", {},
     "line 3, column 'y': '3.5' is not a number in this file, which uses decimal commas "
     "(3,14); write it with a comma, or pass decimal='.'"),
    ("decimal comma read with '.'", b"x;y\n1,5;2\n2;3\n3;4\n", {"decimal": "."},
     "line 2, column 'x': '1,5' looks like a number with a decimal comma; pass decimal=','"),
    ("values under an empty header name", b"x,y,\n1,2,\n3,4,5\n", {},
     "column 3 has an empty name in the header; name it, or pass header=False if the first "
     "line is data (an unnamed first column is often an index written by pandas: remove it)"),
    ("too few rows after dropping", b"x,y\n1,2\n,4\n5,\n", {"drop_missing": True},
     "only 1 rows remain after dropping 2 rows with missing values, but at least 2 are needed; "
     "fill in the missing values or add rows"),
    ("unknown category", b"sex,w,y\nM,1,2\nF,2,3\nX,3,4\n", {"categories": {"sex": ["M", "F"]}},
     "line 4, column 'sex': unknown category 'X'; the known categories are: M, F"),
    ("unknown class", b"x,label\n1,a\n2,b\n3,c\n", {"class_names": ["a", "b"]},
     "line 4, column 'label': unknown category 'c'; the known categories are: a, b"),
    ("missing feature column", b"x,y\n1,2\n3,4\n", {"features": ["x", "z"], "target": "y"},
     "the file lacks the column 'z'; the model needs: x, z"),
    ("extra column", b"x,z,w,y\n1,2,3,4\n5,6,7,8\n", {"features": ["x"], "target": "y"},
     "unexpected columns 'z', 'w'; the model was trained on: x; remove them"),
    ("categories for an unknown column", b"x,y\n1,2\n3,4\n", {"categories": {"sex": None}},
     "categories were given for 'sex', which is not a column of the file; the columns are: "
     "x, y"),
]


@pytest.mark.parametrize("content, options, expected",
                         [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES])
def test_bad_file_message(tmp_path, content, options, expected):
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    with pytest.raises(DataError) as caught:
        load_csv(path, **options)
    assert str(caught.value) == expected.format(path=path)


def test_the_suite_has_many_distinct_cases():
    assert len({case[0] for case in BAD_FILES}) == len(BAD_FILES) >= 40


def test_missing_file(tmp_path):
    path = tmp_path / "nope.csv"
    with pytest.raises(DataError) as caught:
        load_csv(path)
    assert str(caught.value) == (
        f"file not found: {path}; check the path (the current folder is {os.getcwd()})")


def test_directory(tmp_path):
    with pytest.raises(DataError) as caught:
        load_csv(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path} is a directory, not a file; give the path of a CSV file")


def test_no_read_permission(tmp_path, monkeypatch):
    path = tmp_path / "secret.csv"
    path.write_bytes(b"x,y\n1,2\n3,4\n")

    real_open = os.open

    def refuse(name, *args, **kwargs):
        if os.fspath(name) == str(path):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    # Every reading opens the file with ``os.open``; root ignores chmod, so refuse there.
    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(DataError) as caught:
        load_csv(path)
    assert str(caught.value) == (
        f"{path}: permission denied; make the file readable or copy it elsewhere")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads files whatever their permissions")
def test_no_read_permission_for_real(tmp_path):
    path = tmp_path / "secret.csv"
    path.write_bytes(b"x,y\n1,2\n3,4\n")
    path.chmod(0)
    try:
        with pytest.raises(DataError, match="permission denied"):
            load_csv(path)
    finally:
        path.chmod(0o600)


def test_value_after_a_trailing_delimiter_beyond_the_sample(tmp_path):
    rows = [b"%d,%d," % (i, i * i) for i in range(300)]
    rows[250] = b"1,2,3"
    path = tmp_path / "data.csv"
    path.write_bytes(b"x,y,\n" + b"\n".join(rows) + b"\n")
    with pytest.raises(DataError) as caught:
        load_csv(path)
    assert str(caught.value) == (
        "line 252 has a value ('3') after its last column, where the other rows end with a "
        "delimiter; remove the value or name its column in the header")


def _write_big(path, n_rows, bad_line=None, bad_text=b"oops", nul=False, latin=False):
    lines = [b"a,b,c"]
    for i in range(n_rows):
        lines.append(b"%d,%d.5,%d" % (i, i % 7, i % 3))
    if bad_line is not None:
        lines[bad_line - 1] = b"1,%s,2" % bad_text
    if nul:
        lines[-2] = b"1,\x00,2"
    if latin:
        lines[-2] = "1,2,\xe9".encode("latin-1")
    path.write_bytes(b"\n".join(lines) + b"\n")


def test_errors_deep_in_a_file_read_in_many_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_source, "CHUNK_BYTES", 4096)
    monkeypatch.setattr(csv_table, "CHUNK_BYTES", 256)  # pandas reads 1,024 rows at a time
    path = tmp_path / "big.csv"
    _write_big(path, 20_000, bad_line=15_001)
    with pytest.raises(DataError, match=r"^line 15001, column 'b': 'oops' is not a number"):
        load_csv(path)
    _write_big(path, 20_000, nul=True)
    with pytest.raises(DataError) as caught:
        load_csv(path)
    assert str(caught.value) == (
        f"{path} does not look like a text CSV file (it contains NUL bytes, at line 20000); if "
        "it is a spreadsheet (.xlsx), compressed or another binary file, export it as CSV")
    _write_big(path, 20_000, latin=True)
    with pytest.raises(DataError) as caught:
        load_csv(path)
    assert str(caught.value) == (
        f"line 20000 of {path} is not valid UTF-8 text (byte 0xe9); the file uses another "
        "encoding: pass "
        "encoding='latin-1' or encoding='cp1252' (common for spreadsheet exports)")


@pytest.mark.parametrize("options, expected", [
    ({"delimiter": ",,"}, "delimiter must be one character such as ',' ';' '\\t' or '|', got ',,'"),
    ({"delimiter": "."}, "delimiter must be one character such as ',' ';' '\\t' or '|', got '.'"),
    ({"decimal": ";"}, "decimal must be '.' or ',', got ';'"),
    ({"decimal": ",", "delimiter": ","}, "decimal and delimiter cannot both be ','"),
    ({"header": "yes"}, "header must be True, False or None (detect), got 'yes'"),
    ({"task": "clustering"}, "task must be 'regression' or 'classification', got 'clustering'; "
                             "pass one of the two (or leave it out to detect it)"),
    ({"min_rows": 0}, "min_rows must be a whole number >= 1, got 0"),
    ({"encoding": "klingon"}, "unknown encoding 'klingon'; try 'utf-8', 'latin-1' or 'cp1252'"),
    ({"encoding": "base64"}, "unknown encoding 'base64'; try 'utf-8', 'latin-1' or 'cp1252'"),
    ({"encoding": "rot13"}, "unknown encoding 'rot13'; try 'utf-8', 'latin-1' or 'cp1252'"),
    ({"target": 1.5}, "target must be a column name or index, got 1.5"),
    ({"names": ["a"]}, "names has 1 names but the file has 2 columns; give one name per column"),
    ({"features": ["x", "y"], "target": "y"}, "column 'y' cannot be both the target and a feature"),
])
def test_bad_options(tmp_path, options, expected):
    path = tmp_path / "data.csv"
    path.write_bytes(b"x,y\n1,2\n3,4\n")
    with pytest.raises(ConfigError) as caught:
        load_csv(path, **options)
    assert str(caught.value) == expected


def test_errors_are_value_errors(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"")
    with pytest.raises(ValueError):
        load_csv(path)
