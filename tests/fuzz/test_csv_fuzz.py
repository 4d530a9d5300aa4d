"""Random bytes and mutated valid CSV files never make load_csv fail with anything but DataError."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from descenso.data import TabularDataset, csv_source, load_csv
from descenso.errors import DataError

VALID = [
    b"x1,x2,sex,y\n1.5,2,M,3\n4,5.25,F,6\n7,-8,I,9.5\n10,11,M,12\n",
    b"\xef\xbb\xbfpeso;altura;edad\n1,5;170;30\n2,25;165,5;41\n3,0;180;25\n",
    b'name,x,y\n"Smith, Ann",1,2\n"two\nlines",3,4\n"say ""hi""",5,6\n',
    b"a\tb\tc\n1\t2\t3\n\n4\t5\t6\n7\t8\t9\n",
    b"1|2|3|\n4|5|6|\n7|8|9|\n",
    b"x,y\r\n1,2\r\n3,4\r\n5,6\r\n",
]
SPECIAL = [b'"', b",", b";", b"\t", b"|", b"\n", b"\r", b"\0", b"\xff", b"\xc3", b" ", b"NA",
           b"inf", b"nan", b"1e999", b"-", b".", b"\xef\xbb\xbf", b"\xff\xfe", b"x"]


# Function-scoped fixtures (the autouse English-messages one) need no reset between examples.
FIXTURE_OK = [HealthCheck.function_scoped_fixture]


@st.composite
def mutated_csv(draw):
    data = bytearray(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 6))):
        operation = draw(st.sampled_from(["insert", "delete", "replace", "truncate", "repeat"]))
        position = draw(st.integers(0, len(data)))
        if operation == "insert":
            data[position:position] = draw(st.sampled_from(SPECIAL))
        elif operation == "delete":
            del data[position : position + draw(st.integers(1, 8))]
        elif operation == "replace" and position < len(data):
            data[position] = draw(st.integers(0, 255))
        elif operation == "truncate":
            del data[position:]
        elif operation == "repeat":
            data += data[position:]
    return bytes(data)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def check(folder, content: bytes, **options):
    path = folder / "fuzz.csv"
    path.write_bytes(content)
    try:
        with mock.patch.object(csv_source, "CHUNK_BYTES", 16):  # many chunk boundaries
            ds = load_csv(path, **options)
    except DataError:
        return
    assert isinstance(ds, TabularDataset)
    assert ds.X.shape[0] == ds.y.shape[0] >= 2
    assert np.isfinite(ds.X).all() and np.isfinite(ds.y).all()
    assert len(ds.feature_names) == ds.X.shape[1]


@settings(max_examples=150, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.binary(max_size=300))
def test_random_bytes(folder, content):
    check(folder, content)


@settings(max_examples=200, deadline=None, suppress_health_check=FIXTURE_OK)
@given(mutated_csv(), st.booleans())
def test_mutated_valid_files(folder, content, drop_missing):
    check(folder, content, drop_missing=drop_missing)


@settings(max_examples=100, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.text(st.sampled_from('0123456789.,;-+e"\n\r \tNAinf'), max_size=200))
def test_text_made_of_csv_characters(folder, text):
    check(folder, text.encode())
