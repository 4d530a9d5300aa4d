"""The vectorised decimal parser gives Python's float() bit for bit, or declines the field."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from descenso.data import csv_numbers
from descenso.data.csv_numbers import MAX_FIELD_WIDTH, parse_decimal_fields


def parse(texts: list[str], decimal: str = "."):
    raw = b"".join(text.encode() + b"\n" for text in texts)
    lengths = np.array([len(text.encode()) for text in texts], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
    buffer = np.frombuffer(raw + bytes(MAX_FIELD_WIDTH), dtype=np.uint8)
    return parse_decimal_fields(buffer, starts, starts + lengths, decimal)


def python_value(text: str, decimal: str = "."):
    if decimal == ",":
        if "." in text:
            return None
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def check(texts, decimal="."):
    values, parsed = parse(texts, decimal)
    for text, value, ok in zip(texts, values.tolist(), parsed.tolist()):
        expected = python_value(text, decimal)
        if ok:
            assert expected is not None, text
            assert np.float64(value).tobytes() == np.float64(expected).tobytes(), text
    return parsed


EXTENDED = csv_numbers._EXTENDED


def test_plain_decimals_are_parsed_exactly():
    texts = ["0", "-0", "-0.0", "+3", ".5", "5.", "-12.375", "0.1", "0.3", "123456789012345",
             "999999999999999", "0.00000000000001", "2.71828182845904", "-00012.50",
             "9007199254740992"]
    assert check(texts).all()


@pytest.mark.skipif(not EXTENDED, reason="no 80-bit extended precision on this platform")
def test_long_mantissas_use_extended_precision():
    texts = ["0.1257302210933933", "-0.10490011715303971", "2.718281828459045",
             "9007199254740996", "999999999999999999", "9.99999999999999999",
             "123456789.123456789", "0.000000000000001"]
    assert check(texts).all()
    reprs = [repr(float(v)) for v in np.random.default_rng(0).normal(size=2000)]
    assert check(reprs).mean() > 0.99  # only values within 2 extended ulps of a tie decline


def test_other_forms_are_left_to_python():
    texts = ["", "-", "+", ".", "-.", "1e5", "1E-3", "1.2.3", "3-4", "+-1", " 1", "1 ", "nan",
             "inf", "abc", "1,5", "0x10", "1_000", "1234567890123456789", "0" * 30 + "1"]
    assert not check(texts).any()


def test_near_halfway_long_mantissas_are_declined_or_right():
    # 2**53 + 1 lies exactly halfway between two floats; so do its neighbours times 10**-k.
    texts = [f"{2**53 + 1}", f"{2**54 + 2}", "900719925474099.3", "9007199254740993.0",
             "0.9007199254740993", f"{2**53 + 3}"]
    check(texts)


def test_decimal_comma():
    assert check(["1,5", "-0,25", "3"], decimal=",").all()
    assert not check(["1.5"], decimal=",").any()


def test_two_dimensional_fields():
    raw = b"1.5,2\n3,-4.25\n" + bytes(MAX_FIELD_WIDTH)
    buffer = np.frombuffer(raw, dtype=np.uint8)
    starts = np.array([[0, 4], [6, 8]])
    ends = np.array([[3, 5], [7, 13]])
    values, parsed = parse_decimal_fields(buffer, starts, ends)
    assert parsed.all()
    np.testing.assert_array_equal(values, [[1.5, 2], [3, -4.25]])


def test_empty_input():
    values, parsed = parse_decimal_fields(np.zeros(MAX_FIELD_WIDTH, np.uint8),
                                          np.zeros(0, np.int64), np.zeros(0, np.int64))
    assert values.shape == parsed.shape == (0,)


decimal_text = st.builds(
    lambda sign, whole, dot, fraction: sign + whole + dot + fraction,
    st.sampled_from(["", "-", "+"]),
    st.text("0123456789", max_size=12),
    st.sampled_from(["", "."]),
    st.text("0123456789", max_size=12),
)

long_decimal = st.builds(
    lambda whole, fraction: f"{whole}.{fraction}".lstrip("."),
    st.integers(0, 10**9).map(str),
    st.integers(0, 10**12).map(lambda k: str(k).zfill(12)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(long_decimal, st.integers(2**53 - 5, 10**18 - 1).map(str)),
                min_size=1, max_size=40))
def test_long_mantissas_match_python(texts):
    check(texts)


@settings(max_examples=300, deadline=None)
@given(st.lists(decimal_text, min_size=1, max_size=30))
def test_random_decimals_match_python(texts):
    parsed = check(texts)
    for text, ok in zip(texts, parsed):
        digits = sum(c.isdigit() for c in text)
        if 1 <= digits <= 15 and text.count(".") <= 1:
            assert ok, text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=20))
def test_reprs_of_floats_match_python(numbers):
    check([repr(number) for number in numbers] + [f"{number:.6f}" for number in numbers])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\n"), max_size=10),
                min_size=1, max_size=20))
def test_any_text_is_parsed_exactly_or_declined(texts):
    check(texts)


@pytest.mark.parametrize("decimal", [".", ","])
def test_long_fields_are_declined(decimal):
    assert not check(["1" * (MAX_FIELD_WIDTH + 5)], decimal).any()
