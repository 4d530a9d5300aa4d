"""A CSV file that another program keeps appending to is read as it was when it was opened."""

from __future__ import annotations

import os
import threading

import numpy as np
import pytest

from descenso.data import csv_source, load_csv
from descenso.data.input_file import open_snapshot
from descenso.errors import DataError


def _rows(start: int, stop: int) -> bytes:
    return b"".join(b"%d,%d\n" % (i, 2 * i) for i in range(start, stop))


def test_a_snapshot_ends_at_the_size_seen_at_open(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b"x,y\n" + _rows(0, 3))
    handle, size = open_snapshot(path)
    with open(path, "ab") as writer:
        writer.write(_rows(3, 1000))
    with handle:
        assert handle.read() == b"x,y\n" + _rows(0, 3)
        handle.seek(4)
        assert handle.readline() == b"0,0\n"
        assert handle.read(10_000) == _rows(1, 3)
    again, same = open_snapshot(path, size)  # a second reading of the same bytes
    with again:
        assert same == size and len(again.read()) == size


def _appending_after_first_open(monkeypatch, appended: bytes) -> list[int]:
    """Make the first opening of a CSV append ``appended`` to it right after the open."""
    sizes = []

    def opening(path, size=None, folder_message=None):
        handle, seen = open_snapshot(path, size, folder_message)
        if not sizes:
            with open(path, "ab") as writer:
                writer.write(appended)
        sizes.append(seen)
        return handle, seen

    monkeypatch.setattr(csv_source, "open_snapshot", opening)
    return sizes


def test_rows_appended_after_the_open_are_not_read(tmp_path, monkeypatch):
    path = tmp_path / "log.csv"
    path.write_bytes(b"x,y\n" + _rows(0, 50))
    sizes = _appending_after_first_open(monkeypatch, _rows(50, 5000))
    data = load_csv(path, target="y")
    assert data.n_samples == 50
    np.testing.assert_array_equal(data.X[:, 0], np.arange(50.0))
    assert set(sizes) == {len(b"x,y\n" + _rows(0, 50))}  # every reading stopped there


def test_a_row_cut_by_the_size_at_open_is_an_error(tmp_path, monkeypatch):
    path = tmp_path / "log.csv"
    path.write_bytes(b"x,y\n" + _rows(0, 50) + b"50,1")  # the writer is inside row 50
    _appending_after_first_open(monkeypatch, b"00\n" + _rows(51, 60))
    with pytest.raises(DataError) as caught:
        load_csv(path, target="y")
    assert str(caught.value) == (
        f"{path} grew while it was read (another program is writing to it) and its last row, "
        f"cut at {path.stat().st_size - 3 - len(_rows(51, 60))} bytes, was incomplete; wait "
        "until the program finishes writing, or copy the file and read the copy")


def test_a_last_line_without_a_line_break_is_fine_when_the_file_does_not_grow(tmp_path):
    path = tmp_path / "done.csv"
    path.write_bytes(b"x,y\n" + _rows(0, 50) + b"50,100")
    assert load_csv(path, target="y").n_samples == 51


def test_a_file_appended_to_all_along_loads_the_rows_present_at_open(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b"x,y\n" + _rows(0, 20_000))
    stop, written = threading.Event(), [20_000]

    def append():  # whole rows, one unbuffered write each, until the load has returned
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND)
        try:
            while not stop.is_set() and written[0] < 2_000_000:
                os.write(descriptor, _rows(written[0], written[0] + 100))
                written[0] += 100
        finally:
            os.close(descriptor)

    writer = threading.Thread(target=append, daemon=True)
    writer.start()
    try:
        data = load_csv(path, target="y")
    finally:
        stop.set()
        writer.join(timeout=10)
    n = data.n_samples
    assert 20_000 <= n < written[0]
    np.testing.assert_array_equal(data.X[:, 0], np.arange(float(n)))  # a prefix, in order
    np.testing.assert_array_equal(data.y, 2 * np.arange(float(n)))
