"""Runs that never mix and never stay half-written: the run folder is locked by one run, and a
failure while writing leaves the folder as it was (or removes it when the run made it)."""

from __future__ import annotations

import errno
import os

import pytest

from descenso.pipeline import fit as fit_module
from descenso.pipeline.run_folder import LOCK_FILE, RunFolder

NO_SPACE = "no space left on device at {path}; free space or choose --out elsewhere"


def _full_disk_after_some_files(monkeypatch):
    """Make writing the report fail with ENOSPC once metrics.json and history.csv are out."""
    real = fit_module.write_report_files

    def failing(folder, content):
        (folder / "fig-partial.png").write_bytes(b"\x89PNG half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / "report.html"))

    monkeypatch.setattr(fit_module, "write_report_files", failing)
    return real


def test_a_second_run_into_a_locked_folder_says_which_process_holds_it(cli, usage_error,
                                                                        tmp_path):
    holder = RunFolder(tmp_path / "run")
    holder.create()
    try:
        message = usage_error(cli("fit", "line", "--solver", "normal", "--quiet",
                                  "--out", "run"))
    finally:
        holder.release()
    assert message == (f"--out run is in use by another descenso run (process {os.getpid()}); "
                       "wait for it to finish or choose another --out")
    assert sorted(p.name for p in (tmp_path / "run").iterdir()) == [LOCK_FILE]


def test_the_lock_ends_with_the_run(cli, tmp_path):
    assert cli("fit", "line", "--solver", "normal", "--quiet", "--out", "run").code == 0
    again = RunFolder(tmp_path / "run", reuse=True)
    again.create()  # not held any more
    again.release()


def test_a_full_disk_removes_the_folder_the_run_created(cli, usage_error, tmp_path,
                                                        monkeypatch):
    _full_disk_after_some_files(monkeypatch)
    message = usage_error(cli("fit", "line", "--solver", "normal", "--quiet",
                              "--out", "new/run"))
    assert message == NO_SPACE.format(path="new/run")
    assert not (tmp_path / "new").exists()


def test_a_full_disk_leaves_an_existing_folder_as_it_was(cli, usage_error, tmp_path,
                                                         monkeypatch):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    _full_disk_after_some_files(monkeypatch)
    message = usage_error(cli("fit", "line", "--solver", "normal", "--quiet", "--out", "mine"))
    assert message == NO_SPACE.format(path="mine")
    assert sorted(p.name for p in folder.iterdir()) == sorted(["notes.txt", LOCK_FILE])
    assert (folder / "notes.txt").read_text() == "keep me"


def test_a_full_disk_while_resuming_keeps_the_interrupted_run(cli, usage_error, tmp_path,
                                                              monkeypatch):
    args = ("fit", "line", "--model", "mlp", "--hidden", "4", "--epochs", "2", "--quiet",
            "--out", "run")
    assert cli(*args).code == 0
    (tmp_path / "run" / "model.safetensors").unlink()  # as after Ctrl-C: checkpoints, no model
    before = {p.name: p.read_bytes() for p in (tmp_path / "run").iterdir() if p.is_file()}
    _full_disk_after_some_files(monkeypatch)
    checkpoint = tmp_path / "run" / "checkpoints" / "checkpoint-last.safetensors"
    message = usage_error(cli(*args, "--resume", checkpoint))
    assert message == NO_SPACE.format(path="run")
    after = {p.name: p.read_bytes() for p in (tmp_path / "run").iterdir() if p.is_file()}
    assert after == before
    assert not [p for p in (tmp_path / "run").iterdir() if p.name.startswith(".staging")]


@pytest.mark.parametrize("solver", ["normal", "sgd"])
def test_a_finished_run_publishes_every_file_and_no_staging(cli, tmp_path, solver):
    assert cli("fit", "line", "--solver", solver, "--quiet", "--out", "run").code == 0
    names = {p.name for p in (tmp_path / "run").iterdir()}
    assert {"model.safetensors", "metrics.json", "history.csv", "report.html"} <= names
    assert not [name for name in names if name.startswith(".staging")]


RESUMABLE = ("fit", "line", "--model", "mlp", "--hidden", "4", "--epochs", "3", "--quiet",
             "--out", "run")


@pytest.mark.parametrize(("change", "expected"), [
    (("--hidden", "5"), "was made with --hidden 4, not 5; resume with --hidden 4"),
    (("--optimizer", "sgd"), ("was made with --optimizer adam, not sgd; resume with "
                              "--optimizer adam")),
    (("--epochs", "2"), "already holds 3 epochs, more than --epochs 2; pass --epochs 3 or more"),
])
def test_resuming_with_other_flags_names_the_flag_and_the_checkpoint_value(
        cli, usage_error, tmp_path, change, expected):
    assert cli(*RESUMABLE).code == 0
    (tmp_path / "run" / "model.safetensors").unlink()
    checkpoint = tmp_path / "run" / "checkpoints" / "checkpoint-last.safetensors"
    args = list(RESUMABLE)
    index = args.index(change[0]) if change[0] in args else None
    if index is None:
        args += list(change)
    else:
        args[index + 1] = change[1]
    message = usage_error(cli(*args, "--resume", checkpoint))
    assert message.startswith(f"checkpoint {checkpoint} ")
    assert expected in message
