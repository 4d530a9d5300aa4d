"""Fuzzing read_idx: random bytes and mutated valid files (raw and gzipped) only ever raise
DataError, and whatever it does accept is exactly what the bytes say.
"""

from __future__ import annotations

import gzip
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from descenso.data.idx import read_idx
from idx_writer import write_idx
from descenso.errors import DataError

_CODES = {0x08: "u1", 0x09: "i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def _raw_idx(array: np.ndarray, code: int) -> bytes:
    header = struct.pack(f">BBBB{array.ndim}I", 0, 0, code, array.ndim, *array.shape)
    return header + np.ascontiguousarray(array, dtype=_CODES[code]).tobytes()


def _check(path, content: bytes) -> None:
    """read_idx either raises DataError or returns exactly the array the bytes encode."""
    try:
        array = read_idx(path)
    except DataError:
        return
    raw = gzip.decompress(content) if content[:2] == b"\x1f\x8b" else content
    code = {np.dtype(kind).newbyteorder("="): code for code, kind in _CODES.items()}[array.dtype]
    assert _raw_idx(array, code) == raw  # the accepted bytes round-trip exactly
    assert array.dtype.isnative and array.flags.writeable


_valid_arrays = st.sampled_from(sorted(_CODES)).flatmap(
    lambda code: st.tuples(
        st.just(code),
        st.lists(st.integers(1, 4), min_size=1, max_size=3),
        st.binary(min_size=64, max_size=64),
    )
)


@st.composite
def mutated_idx(draw, compress: bool) -> bytes:
    code, shape, seed = draw(_valid_arrays)
    size = int(np.prod(shape)) * np.dtype(_CODES[code]).itemsize
    body = (seed * (size // len(seed) + 1))[:size]
    content = _raw_idx(np.frombuffer(body, dtype=_CODES[code]).reshape(shape), code)
    if compress:
        content = gzip.compress(content, mtime=0)
    mutated = bytearray(content)
    for _ in range(draw(st.integers(0, 3))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "append", "set"]))
        position = draw(st.integers(0, max(len(mutated) - 1, 0)))
        if action == "flip" and mutated:
            mutated[position] ^= draw(st.integers(1, 255))
        elif action == "set" and mutated:
            mutated[position] = draw(st.sampled_from([0x00, 0x01, 0x03, 0x08, 0x0E, 0xFF]))
        elif action == "cut":
            del mutated[position:]
        elif action == "insert":
            mutated[position:position] = draw(st.binary(min_size=1, max_size=6))
        else:
            mutated += draw(st.binary(min_size=1, max_size=6))
    return bytes(mutated)


@settings(max_examples=80, deadline=None)
@given(
    content=st.one_of(
        st.binary(max_size=300), st.binary(max_size=300).map(lambda b: b"\x1f\x8b" + b)
    )
)
def test_random_bytes(folder, content):
    path = folder / "random-idx"
    path.write_bytes(content)
    _check(path, content)


@settings(max_examples=80, deadline=None)
@given(content=mutated_idx(compress=False))
def test_mutated_raw_idx(folder, content):
    path = folder / "raw-idx"
    path.write_bytes(content)
    _check(path, content)


@settings(max_examples=80, deadline=None)
@given(content=mutated_idx(compress=True))
def test_mutated_gzipped_idx(folder, content):
    path = folder / "packed-idx.gz"
    path.write_bytes(content)
    _check(path, content)


def test_unmutated_files_are_accepted(folder):
    """The generator itself makes valid files, so the mutations start from something real."""
    for code, kind in _CODES.items():
        array = np.arange(6).astype(np.dtype(kind).newbyteorder("=")).reshape(2, 3)
        write_idx(folder / "valid.gz", array)
        np.testing.assert_array_equal(read_idx(folder / "valid.gz"), array)
        assert _raw_idx(array, code)[2] == code
