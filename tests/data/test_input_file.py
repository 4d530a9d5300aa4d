"""open_regular and friends: only regular files, never blocking, bounded reads, clear errors;
and descenso.limits, which every size an input claims goes through."""

from __future__ import annotations

import os
import socket

import pytest

from descenso.data.input_file import (
    check_line_length,
    check_regular_file,
    open_regular,
    read_bounded,
)
from descenso.errors import DataError, ModelFileError, ResourceLimitError
from descenso.limits import available_memory, check_memory, format_bytes

posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX special files")


def test_a_regular_file_opens_and_reports_its_size(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"a,b\n1,2\n")
    assert check_regular_file(tmp_path / "a.csv") == 8
    with open_regular(tmp_path / "a.csv") as file:
        assert file.read() == b"a,b\n1,2\n"


@posix
def test_a_fifo_is_refused_at_once_without_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(DataError, match=r"pipe is a named pipe \(FIFO\), not a regular file; "):
        open_regular(tmp_path / "pipe")


@posix
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_devices_are_refused(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    with pytest.raises(DataError, match=f"^{device} is a device, not a regular file; "):
        open_regular(device)


@posix
def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s"
    if len(str(path)) > 100:
        pytest.skip("socket paths are limited to about 108 bytes")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(DataError, match="is not a regular file|is a socket"):
            open_regular(path)
    finally:
        server.close()


def test_a_folder_gets_the_readers_own_words(tmp_path):
    with pytest.raises(DataError, match="is a folder, not a file"):
        open_regular(tmp_path)
    with pytest.raises(DataError, match="^x: give a PNG"):
        open_regular(tmp_path, "x: give a PNG")


@posix
def test_a_symlink_loop_is_named_as_one(tmp_path):
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(DataError, match="too many levels of symbolic links"):
        open_regular(tmp_path / "a")


def test_the_error_class_is_the_callers(tmp_path):
    with pytest.raises(ModelFileError, match="no such file"):
        open_regular(tmp_path / "missing", error=ModelFileError)
    with pytest.raises(DataError, match="a part of the path is a file"):
        (tmp_path / "f").write_text("x")
        open_regular(tmp_path / "f" / "inside")


def test_read_bounded_reads_up_to_the_limit_and_refuses_more(tmp_path):
    (tmp_path / "small").write_bytes(b"x" * 10)
    assert read_bounded(tmp_path / "small", 10, "a test file") == b"x" * 10
    with pytest.raises(ResourceLimitError, match=r"small is larger than 9 B \(10 B\), more than "
                                                 r"a test file can be"):
        read_bounded(tmp_path / "small", 9, "a test file")


def test_a_first_line_longer_than_the_limit_is_refused(tmp_path):
    (tmp_path / "long").write_bytes(b"a" * 200_000)
    (tmp_path / "fine").write_bytes(b"a" * 100 + b"\n" + b"b" * 200_000)
    (tmp_path / "short").write_bytes(b"a" * 10)
    check_line_length(tmp_path / "fine", 1000)
    check_line_length(tmp_path / "short", 1000)
    with pytest.raises(ResourceLimitError, match="the first line of .*long is longer than"):
        check_line_length(tmp_path / "long", 100_000)


def test_format_bytes_uses_binary_units():
    assert [format_bytes(n) for n in (512, 1536, 3 * 2**30, 5 * 2**40)] == [
        "512 B", "1.5 KB", "3.0 GB", "5.0 TB"]


def test_check_memory_names_what_how_much_and_what_to_do():
    check_memory(1024, "a small table")
    with pytest.raises(ResourceLimitError) as caught:
        check_memory(1e30, "a huge thing", "ask for less")
    message = str(caught.value)
    assert message.startswith("a huge thing needs ")
    assert f"more than the {format_bytes(available_memory())} available; ask for less" in message
