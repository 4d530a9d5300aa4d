"""The written rules for guessing a CSV file's delimiter, decimal mark and header."""

from __future__ import annotations

import pytest

from descenso.data.csv_sniff import (
    detect_header,
    is_blank_row,
    is_missing,
    looks_numeric,
    sniff_decimal,
    sniff_delimiter,
)


@pytest.mark.parametrize("lines, expected", [
    (["a,b,c", "1,2,3", "4,5,6"], ","),
    (["a;b;c", "1;2;3"], ";"),
    (["a\tb", "1\t2"], "\t"),
    (["a|b", "1|2"], "|"),
    (["x;y", "1,5;2,25", "3,0;4,5"], ";"),          # decimal commas, every value with one
    (["1,5;2,25", "3;4,5"], ";"),                    # ',' splits rows unevenly
    (['name,x', '"Smith; Ann",1', '"Lee; Bo",2'], ","),  # delimiters inside quotes do not count
    (["a;b;c", "1;2;3", "4;5"], ";"),                # one ragged row does not change the answer
    (["just one column", "1", "2"], ","),
])
def test_sniff_delimiter(lines, expected):
    assert sniff_delimiter([line + "\n" for line in lines]) == expected


def test_sniff_decimal():
    assert sniff_decimal([["x", "y"], ["1,5", "2"]], ";") == ","
    assert sniff_decimal([["1.5", "2"]], ";") == "."
    assert sniff_decimal([["1,5", "2"]], ",") == "."
    assert sniff_decimal([["a,b", "2"]], ";") == "."


@pytest.mark.parametrize("rows, expected", [
    ([["x", "y"], ["1", "2"]], True),
    ([["1", "2"], ["3", "4"]], False),
    ([["1", "NA"], ["3", "4"]], False),                       # a missing value is no evidence
    ([["M", "0.5"], ["F", "0.7"], ["M", "0.2"]], False),      # text data repeats below
    ([["sex", "w"], ["F", "0.7"], ["M", "0.2"]], True),
    ([["country", "2019"], ["ES", "1.5"], ["PT", "2"]], True),  # numeric names, text column
    ([["name", "colour"], ["Ann", "red"], ["Bo", "blue"]], True),
    ([["Ann", "red"], ["Bo", "red"]], False),
    ([["a", "b"]], True),                                     # only a line of text
    ([["1", "2"]], False),
])
def test_detect_header(rows, expected):
    assert detect_header(rows, ".") is expected


def test_missing_markers_and_numbers():
    assert all(is_missing(text) for text in ["", " ", "NA", "n/a", "NaN", "null", "?", "#N/A"])
    assert not any(is_missing(text) for text in ["0", "None", "-", "nan%"])
    assert looks_numeric(" 1e-3 ") and looks_numeric("-inf") and not looks_numeric("nan")
    assert looks_numeric("3,14", ",") and not looks_numeric("3.14", ",")


def test_blank_rows():
    assert is_blank_row([]) and is_blank_row(["", ""]) and is_blank_row(["   "])
    assert not is_blank_row(["", "1"]) and not is_blank_row([" ", " "])
