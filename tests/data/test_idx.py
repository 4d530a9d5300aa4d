"""read_idx / write_idx: the byte layout, round trips, the real files, and every hostile input."""

from __future__ import annotations

import gzip
import os
import struct
from pathlib import Path

import numpy as np
import pytest

from descenso.data.idx import read_idx
from idx_writer import write_idx
from descenso.errors import DataError

REDOWNLOAD = "delete it and download again"


def _header(code: int, shape: tuple[int, ...]) -> bytes:
    return struct.pack(f">BBBB{len(shape)}I", 0, 0, code, len(shape), *shape)


def _write(tmp_path: Path, data: bytes, name: str = "file-idx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path) -> str:
    with pytest.raises(DataError) as info:
        read_idx(path)
    assert isinstance(info.value, ValueError)  # callers catching ValueError still work
    return str(info.value)


# ---------------------------------------------------------------- layout and round trips


def test_writes_the_documented_byte_layout(tmp_path):
    write_idx(tmp_path / "labels", np.array([5, 0, 4], dtype=np.uint8))
    assert (tmp_path / "labels").read_bytes() == bytes.fromhex("00000801 00000003 050004")
    write_idx(tmp_path / "shorts", np.array([[1, -2]], dtype=np.int16))
    assert (tmp_path / "shorts").read_bytes() == bytes.fromhex(
        "00000b02 00000001 00000002 0001fffe"
    )


def test_reads_big_endian_values(tmp_path):
    values = [1, -2, 2**31 - 1, -(2**31)]
    path = _write(tmp_path, _header(0x0C, (4,)) + struct.pack(">4i", *values))
    array = read_idx(path)
    assert array.dtype == np.int32 and array.dtype.isnative
    assert array.tolist() == values
    path = _write(tmp_path, _header(0x0E, (2,)) + struct.pack(">2d", 0.1, -1e300))
    assert read_idx(path).tolist() == [0.1, -1e300]


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64])
@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_round_trip_every_type(tmp_path, rng, dtype, suffix):
    info = np.iinfo(dtype) if np.issubdtype(dtype, np.integer) else None
    if info is not None:
        array = rng.integers(info.min, info.max, size=(3, 4, 5), endpoint=True).astype(dtype)
    else:
        array = rng.standard_normal((3, 4, 5)).astype(dtype)
    write_idx(tmp_path / f"a{suffix}", array)
    back = read_idx(tmp_path / f"a{suffix}")
    assert back.dtype == dtype and back.dtype.isnative and back.flags.writeable
    np.testing.assert_array_equal(back, array)


@pytest.mark.parametrize("shape", [(7,), (2, 3), (2, 1, 3, 1)])
def test_round_trip_shapes(tmp_path, shape):
    array = np.arange(np.prod(shape), dtype=np.uint8).reshape(shape)
    write_idx(tmp_path / "a.gz", array)
    assert read_idx(tmp_path / "a.gz", ndim=len(shape)).shape == shape


def test_gzip_is_detected_by_content_not_name(tmp_path):
    array = np.arange(10, dtype=np.uint8)
    write_idx(tmp_path / "packed.gz", array)
    write_idx(tmp_path / "plain", array)
    os.replace(tmp_path / "packed.gz", tmp_path / "packed-no-suffix")
    os.replace(tmp_path / "plain", tmp_path / "plain.gz")
    np.testing.assert_array_equal(read_idx(tmp_path / "packed-no-suffix"), array)
    np.testing.assert_array_equal(read_idx(tmp_path / "plain.gz"), array)


def test_gzip_output_is_reproducible(tmp_path):
    array = np.arange(1000, dtype=np.int32)
    write_idx(tmp_path / "a.gz", array)
    write_idx(tmp_path / "b.gz", array)
    assert (tmp_path / "a.gz").read_bytes() == (tmp_path / "b.gz").read_bytes()


def test_reads_multi_member_gzip(tmp_path):
    raw = _header(0x08, (6,)) + bytes(range(6))
    _write(tmp_path, gzip.compress(raw[:5]) + gzip.compress(raw[5:]), "multi")
    assert read_idx(tmp_path / "multi").tolist() == list(range(6))


@pytest.mark.parametrize("dataset", ["mnist", "fashion-mnist"])
def test_real_files_match_an_independent_decoder(shared_data, dataset):
    folder = shared_data / dataset
    for name, shape in [
        ("t10k-images-idx3-ubyte.gz", (10000, 28, 28)),
        ("t10k-labels-idx1-ubyte.gz", (10000,)),
    ]:
        raw = gzip.decompress((folder / name).read_bytes())
        offset = 4 + 4 * len(shape)
        expected = np.frombuffer(raw, dtype=np.uint8, offset=offset).reshape(shape)
        array = read_idx(folder / name, ndim=len(shape))
        assert array.dtype == np.uint8
        np.testing.assert_array_equal(array, expected)


# ---------------------------------------------------------------- hostile inputs


def test_missing_file(tmp_path):
    path = tmp_path / "nope-idx1-ubyte.gz"
    assert _error(path) == f"{path}: no such file; check the path"


def test_directory(tmp_path):
    assert _error(tmp_path) == (
        f"{tmp_path} is a folder, not an IDX file; give the path of a file inside it"
    )


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_not_a_regular_file():
    assert _error("/dev/null") == (
        "/dev/null is a device, not a regular file; descenso reads only regular files: save "
        "the data to a file first")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe-idx")
    assert _error(tmp_path / "pipe-idx").startswith(
        f"{tmp_path / 'pipe-idx'} is a named pipe (FIFO), not a regular file")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path):
    path = _write(tmp_path, _header(0x08, (1,)) + b"\x01")
    path.chmod(0)
    assert _error(path) == f"{path}: permission denied; make the file readable or copy it elsewhere"


def test_empty_file(tmp_path):
    path = _write(tmp_path, b"")
    assert _error(path) == f"{path} is empty (0 bytes), not an IDX file; {REDOWNLOAD}"


@pytest.mark.parametrize("compress", [False, True])
def test_file_ending_inside_the_magic_number(tmp_path, compress):
    data = b"\x00\x00"
    path = _write(tmp_path, gzip.compress(data) if compress else data)
    assert _error(path) == (
        f"{path}: the file ends after 2 bytes, inside the 4-byte IDX magic number; the file is "
        f"truncated — {REDOWNLOAD}"
    )


def test_wrong_magic_number(tmp_path):
    path = _write(tmp_path, b"PK\x03\x04" + bytes(100), "images.zip")
    assert _error(path) == (
        f"{path} is not an IDX file: it starts with 50 4b 03 04, but IDX files start with 00 00, "
        "a type code and the number of dimensions (MNIST images: 00 00 08 03, labels: "
        "00 00 08 01); check that you gave the right file"
    )


def test_wrong_type_code(tmp_path):
    path = _write(tmp_path, bytes.fromhex("00000701 00000001 00"))
    assert _error(path).startswith(
        f"{path}: unknown IDX type code 0x07 in the magic number 00 00 07 01; the known codes are "
        "08 (uint8), 09 (int8), 0B (int16), 0C (int32), 0D (float32), 0E (float64)"
    )


def test_zero_dimensions(tmp_path):
    path = _write(tmp_path, bytes.fromhex("00000800") + bytes(8))
    assert _error(path) == (
        f"{path}: the IDX header declares 0 dimensions (magic number 00 00 08 00); the file is "
        f"corrupt — {REDOWNLOAD}"
    )


def test_wrong_number_of_dimensions(tmp_path):
    write_idx(tmp_path / "labels.gz", np.zeros(3, dtype=np.uint8))
    with pytest.raises(DataError) as info:
        read_idx(tmp_path / "labels.gz", ndim=3)
    assert str(info.value) == (
        f"{tmp_path / 'labels.gz'} holds a 1-D array of shape 3, but 3-D data was expected; "
        "check that the file is the one you meant"
    )


def test_header_cut_inside_the_dimension_sizes(tmp_path):
    path = _write(tmp_path, bytes.fromhex("00000803 0000"))
    assert _error(path) == (
        f"{path}: the file ends inside its IDX header, which announces 3 dimensions (12 bytes "
        f"of sizes, found 2); the file is truncated — {REDOWNLOAD}"
    )


def test_dimension_of_size_zero(tmp_path):
    path = _write(tmp_path, _header(0x08, (0, 28, 28)))
    assert _error(path) == (
        f"{path}: the IDX header gives the shape 0x28x28, with a dimension of size 0; the file "
        f"is corrupt or holds no data — {REDOWNLOAD}"
    )


@pytest.mark.parametrize("compress", [False, True])
def test_truncated_body(tmp_path, compress):
    data = _header(0x08, (10000, 28, 28)) + bytes(1234)
    path = _write(tmp_path, gzip.compress(data) if compress else data, "t10k-images-idx3-ubyte.gz")
    assert _error(path) == (
        f"{path}: expected 7840000 bytes of image data after the header (shape 10000x28x28, "
        f"uint8), found 1234; the file is truncated — {REDOWNLOAD}"
    )


def test_truncated_gzip_download(tmp_path, rng):
    labels = rng.integers(0, 10, size=20000, dtype=np.uint8)
    write_idx(tmp_path / "full.gz", labels)
    data = (tmp_path / "full.gz").read_bytes()
    path = _write(tmp_path, data[: len(data) // 2], "half.gz")
    message = _error(path)
    assert message.startswith(f"{path}: expected 20000 bytes of label data after the header")
    assert message.endswith(f"; the file is truncated — {REDOWNLOAD}")
    found = int(message.split("found ")[1].split(";")[0])
    assert 0 < found < 20000


def test_gzip_without_its_end_marker(tmp_path):
    write_idx(tmp_path / "full.gz", np.arange(50, dtype=np.uint8))
    path = _write(tmp_path, (tmp_path / "full.gz").read_bytes()[:-8], "cut.gz")
    assert _error(path) == (
        f"{path}: the gzip stream ends before its end marker; the file is truncated — {REDOWNLOAD}"
    )


@pytest.mark.parametrize("compress", [False, True])
def test_trailing_bytes(tmp_path, compress):
    data = _header(0x0B, (3,)) + bytes(6) + b"junk"
    path = _write(tmp_path, gzip.compress(data) if compress else data)
    assert _error(path) == (
        f"{path}: expected 6 bytes of label data after the header (shape 3, int16), found 10: "
        f"4 bytes too many; the file is corrupt — {REDOWNLOAD}"
    )


def test_garbage_after_the_gzip_stream(tmp_path):
    path = _write(tmp_path, gzip.compress(_header(0x08, (2,)) + b"\x01\x02") + b"garbage")
    assert _error(path) == (
        f"{path}: 7 bytes of something other than gzip follow the end of the gzip stream; the "
        f"file is corrupt — {REDOWNLOAD}"
    )


def test_corrupt_gzip_checksum(tmp_path):
    data = bytearray(gzip.compress(_header(0x08, (100,)) + bytes(range(100))))
    data[-8] ^= 0xFF  # the CRC-32 of the content
    path = _write(tmp_path, bytes(data))
    assert _error(path) == (
        f"{path}: the gzip stream is corrupt (Error -3 while decompressing data: incorrect data "
        f"check); {REDOWNLOAD}"
    )


def test_corrupt_gzip_header(tmp_path):
    path = _write(tmp_path, b"\x1f\x8b\x63" + bytes(40))  # compression method 0x63 is not deflate
    assert _error(path).startswith(f"{path}: the gzip stream is corrupt (Error -3 while ")


@pytest.mark.parametrize("compress", [False, True])
def test_absurd_header_is_rejected_without_allocating_it(tmp_path, compress):
    data = _header(0x0E, (2**32 - 1, 2**32 - 1, 2**32 - 1)) + bytes(64)
    path = _write(tmp_path, gzip.compress(data) if compress else data)
    expected = (2**32 - 1) ** 3 * 8
    assert _error(path) == (
        f"{path}: expected {expected} bytes of image data after the header (shape "
        f"4294967295x4294967295x4294967295, float64), found 64; the file is truncated — "
        f"{REDOWNLOAD}"
    )


@pytest.mark.parametrize("ndim", [0, -1, 1.0, True, "3"])
def test_rejects_bad_ndim_argument(tmp_path, ndim):
    with pytest.raises(ValueError, match="ndim must be a positive integer or None"):
        read_idx(tmp_path / "x", ndim=ndim)


@pytest.mark.parametrize(
    ("array", "words"),
    [
        (np.zeros(3, dtype=np.int64), "IDX cannot store dtype int64"),
        (np.zeros(3, dtype=bool), "IDX cannot store dtype bool"),
        (np.uint8(3), "got shape ()"),
        (np.zeros((2, 0), dtype=np.uint8), "got shape (2, 0)"),
    ],
)
def test_write_rejects_what_idx_cannot_hold(tmp_path, array, words):
    with pytest.raises(DataError, match=words.replace("(", r"\(").replace(")", r"\)")):
        write_idx(tmp_path / "x", array)
    assert not (tmp_path / "x").exists()
