"""Two ``descenso fit`` processes into the same --out never mix: the second one stops at once
with one line naming the process that holds the folder, and the first finishes untouched."""

from __future__ import annotations

import signal
import subprocess
import time

from descenso.pipeline.run_folder import LOCK_FILE
from reliability.cli_runs import descenso_command, process_environment, run_process


def test_a_second_fit_into_a_running_runs_folder_is_refused(tmp_path):
    first = subprocess.Popen(
        descenso_command("fit", "abalone", "--model", "mlp", "--hidden", "8", "--epochs",
                         "100000", "--quiet", "--out", "run"),
        cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, env=process_environment())
    try:
        lock = tmp_path / "run" / LOCK_FILE
        deadline = time.monotonic() + 60
        while not (lock.is_file() and lock.read_text().strip()) and time.monotonic() < deadline:
            assert first.poll() is None, first.stderr.read()
            time.sleep(0.05)
        assert lock.read_text().strip() == str(first.pid)
        second = run_process("fit", "line", "--solver", "normal", "--out", "run", cwd=tmp_path)
        assert second.code == 2 and len(second.err_lines) == 1
        assert second.err_lines[0] == (
            f"error: --out run is in use by another descenso run (process {first.pid}); wait "
            "for it to finish or choose another --out")
        assert not (tmp_path / "run" / "model.safetensors").exists()
    finally:
        first.send_signal(signal.SIGINT)  # the first run stops cleanly and keeps its state
        first.communicate(timeout=60)
    assert first.returncode == 130
    history = (tmp_path / "run" / "history.csv").read_text().splitlines()
    assert history[0].startswith("epoch,loss")
    assert not (tmp_path / "run" / "metrics.json").exists()
