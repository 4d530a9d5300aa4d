"""Crash-safe writes: the target is replaced whole or left untouched, and nothing is left over."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys

import numpy as np
import pytest

from descenso.errors import DataError
from descenso.io import (
    atomic_write,
    encode_json,
    remove_stale_temporaries,
    write_bytes_atomic,
    write_json_atomic,
    write_text_atomic,
)

TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[0-9a-f]{16}\.tmp$")


def _names(folder):
    return sorted(path.name for path in folder.iterdir())


def test_writes_bytes_text_and_json(tmp_path):
    write_bytes_atomic(tmp_path / "a.bin", b"\x00\xffdata")
    write_text_atomic(tmp_path / "b.txt", "línea 1\nlínea 2\n")
    write_json_atomic(tmp_path / "c.json", {"z": 1, "a": [1.5, None, "ñ"]})

    assert (tmp_path / "a.bin").read_bytes() == b"\x00\xffdata"
    assert (tmp_path / "b.txt").read_bytes() == "línea 1\nlínea 2\n".encode()
    text = (tmp_path / "c.json").read_text(encoding="utf-8")
    assert json.loads(text) == {"z": 1, "a": [1.5, None, "ñ"]}
    assert text.index('"a"') < text.index('"z"')  # sorted keys
    assert "ñ" in text  # UTF-8, not \u escapes
    assert _names(tmp_path) == ["a.bin", "b.txt", "c.json"]


def test_replaces_an_existing_file_and_keeps_its_permissions(tmp_path):
    target = tmp_path / "model.json"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_text_atomic(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _names(tmp_path) == ["model.json"]


def test_temporary_file_is_in_the_same_folder_and_named_by_pid(tmp_path):
    target = tmp_path / "report.html"
    with atomic_write(target, "w") as handle:
        handle.write("<p>")
        (temporary,) = [p for p in tmp_path.iterdir() if p.name != "report.html"]
        match = TEMPORARY.match(temporary.name)
        assert match is not None, temporary.name
        assert match.group("name") == "report.html"
        assert int(match.group("pid")) == os.getpid()
        assert not target.exists()  # nothing visible under the real name until the end
    assert target.read_text() == "<p>"
    assert _names(tmp_path) == ["report.html"]


@pytest.mark.parametrize("exception", [RuntimeError, KeyboardInterrupt])
def test_an_exception_leaves_the_previous_file_intact(tmp_path, exception):
    target = tmp_path / "model.safetensors"
    target.write_bytes(b"previous complete file")
    with pytest.raises(exception), atomic_write(target) as handle:
        handle.write(b"half of the new")
        raise exception("stop")
    assert target.read_bytes() == b"previous complete file"
    assert _names(tmp_path) == ["model.safetensors"]


def test_an_exception_on_a_new_file_creates_nothing(tmp_path):
    with pytest.raises(ValueError, match="boom"), atomic_write(tmp_path / "new.bin") as handle:
        handle.write(b"x")
        raise ValueError("boom")
    assert _names(tmp_path) == []


def test_a_failed_rename_removes_the_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "metrics.json"
    target.write_text("{}")

    def failing_replace(source, destination):
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk gone"):
        write_text_atomic(target, '{"new": 1}')
    assert target.read_text() == "{}"
    assert _names(tmp_path) == ["metrics.json"]


def test_data_and_folder_are_synced_before_and_after_the_rename(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def recording_fsync(descriptor):
        kind = "folder" if stat.S_ISDIR(os.fstat(descriptor).st_mode) else "file"
        events.append(kind)
        real_fsync(descriptor)

    def recording_replace(source, destination):
        events.append("replace")
        real_replace(source, destination)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    monkeypatch.setattr(os, "replace", recording_replace)
    write_bytes_atomic(tmp_path / "w.bin", b"123")
    assert events == ["file", "replace", "folder"]


def test_bad_mode_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="'a'"), atomic_write(tmp_path / "x", "a"):
        pass
    assert _names(tmp_path) == []


def test_a_directory_target_is_a_clear_error(tmp_path):
    (tmp_path / "out").mkdir()
    with pytest.raises(IsADirectoryError, match="is a directory"):
        write_bytes_atomic(tmp_path / "out", b"x")
    assert _names(tmp_path) == ["out"]
    assert _names(tmp_path / "out") == []


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist; create it first"):
        write_bytes_atomic(tmp_path / "missing" / "x.bin", b"x")


def test_json_with_nan_names_where_it_is_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "metrics.json"
    target.write_text("old")
    metrics = {"train": {"r2": 0.5}, "val": {"mse": 1.0, "r2": float("nan")}}
    with pytest.raises(DataError, match=re.escape("at ['val']['r2']")):
        write_json_atomic(target, metrics)
    assert target.read_text() == "old"
    assert _names(tmp_path) == ["metrics.json"]


@pytest.mark.parametrize(
    ("value", "where"),
    [
        ([1.0, float("inf")], "[1]"),
        ({"w": np.array([0.0, np.nan], dtype=np.float32)}, "['w']"),
        ({"s": np.float64("-inf")}, "['s']"),
    ],
)
def test_every_kind_of_non_finite_value_is_located(value, where):
    with pytest.raises(DataError, match=re.escape(f"(at {where})")):
        encode_json(value)


def test_json_converts_numpy_values():
    obj = {
        "a": np.float32(0.25),
        "b": np.int64(7),
        "c": np.arange(3, dtype=np.int32),
        "d": np.bool_(True),
    }
    assert json.loads(encode_json(obj)) == {"a": 0.25, "b": 7, "c": [0, 1, 2], "d": True}


def test_json_rejects_unsupported_types_with_advice():
    with pytest.raises(TypeError, match="cannot write a set to JSON"):
        encode_json({"s": {1, 2}})


def test_json_is_byte_stable_whatever_the_key_order():
    first = encode_json({"b": 1, "a": {"y": 2.0, "x": 1.0}})
    second = encode_json({"a": {"x": 1.0, "y": 2.0}, "b": 1})
    assert first == second
    assert first.endswith("}\n")


def test_json_key_order_can_be_kept():
    assert encode_json({"b": 1, "a": 2}, sort_keys=False, indent=None) == '{"b": 1, "a": 2}\n'


def test_stale_temporaries_of_dead_processes_are_removed(tmp_path):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    dead_pid = int(finished.stdout)
    stale = tmp_path / f".model.json.{dead_pid}.0123456789abcdef.tmp"
    ours = tmp_path / f".model.json.{os.getpid()}.0123456789abcdef.tmp"
    unrelated = tmp_path / ".model.json.notapid.tmp"
    for path in (stale, ours, unrelated, tmp_path / "model.json"):
        path.write_text("x")

    assert remove_stale_temporaries(tmp_path) == [stale]
    assert _names(tmp_path) == sorted([ours.name, unrelated.name, "model.json"])


def _dead_pid() -> int:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    return int(finished.stdout)


def test_only_regular_files_of_dead_writers_are_removed(tmp_path):
    """Names that merely look like temporaries, links, folders and odd pids are left alone."""
    dead = _dead_pid()
    stale = tmp_path / f".report.html.{dead}.0123456789abcdef.tmp"
    stale.write_text("x")
    kept = {
        f".a.{dead}.0123456789ABCDEF.tmp": "file",  # upper-case hex: not ours
        f".a.{dead}.0123456789abcdef.tmp.bak": "file",
        f"a.{dead}.0123456789abcdef.tmp": "file",  # no leading dot
        ".a.0.0123456789abcdef.tmp": "file",  # pid 0 is the process group, not a writer
        ".a.99999999999999999999.0123456789abcdef.tmp": "file",  # beyond any pid
        f".b.{dead}.0123456789abcdef.tmp": "folder",
        f".c.{dead}.0123456789abcdef.tmp": "link",
    }
    (tmp_path / "target.txt").write_text("keep me")
    for name, kind in kept.items():
        if kind == "file":
            (tmp_path / name).write_text("x")
        elif kind == "folder":
            (tmp_path / name).mkdir()
        else:
            (tmp_path / name).symlink_to(tmp_path / "target.txt")

    assert remove_stale_temporaries(tmp_path) == [stale]
    assert _names(tmp_path) == sorted([*kept, "target.txt"])
    assert (tmp_path / "target.txt").read_text() == "keep me"


def test_stale_temporaries_of_a_missing_folder_are_none(tmp_path):
    assert remove_stale_temporaries(tmp_path / "not-yet") == []
    (tmp_path / "file").write_text("x")
    assert remove_stale_temporaries(tmp_path / "file") == []
