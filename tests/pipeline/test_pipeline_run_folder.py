"""A run folder tidies the hidden temporaries that a killed run left behind."""

from __future__ import annotations

import os

from descenso.pipeline.run_folder import RunFolder


def _dead_pid() -> int:
    pid = 2**22 - 1  # above Linux's default pid_max range used by live processes here
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1


def test_stale_temporaries_are_removed_and_live_ones_kept(tmp_path):
    folder = tmp_path / "run"
    (folder / "checkpoints").mkdir(parents=True)
    stale = folder / f".model.safetensors.{_dead_pid()}.0123456789abcdef.tmp"
    stale_checkpoint = folder / "checkpoints" / f".checkpoint-last.safetensors.{_dead_pid()}.fedcba9876543210.tmp"
    live = folder / f".report.html.{os.getpid()}.0123456789abcdef.tmp"
    kept = folder / "notes.txt"
    for path in (stale, stale_checkpoint, live, kept):
        path.write_bytes(b"partial")
    RunFolder(folder, reuse=True).create()
    assert not stale.exists() and not stale_checkpoint.exists()
    assert live.exists() and kept.exists()
