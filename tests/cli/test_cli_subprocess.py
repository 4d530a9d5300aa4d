"""The real ``descenso`` process: ``python -m descenso`` with its exit codes, its one-line
errors, and Ctrl-C (SIGINT) in the middle of training."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest


def _run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "descenso", *map(str, args)], check=False,
                          cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env={**os.environ, "DESCENSO_LANG": "en"})


def test_fit_in_a_real_process(tmp_path):
    result = _run("fit", "--quiet", "--out", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "outputs written to run" in result.stdout
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["test"]["r2"] > 0.5


def test_bad_input_in_a_real_process(tmp_path):
    result = _run("fit", "nosuch.csv", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "nosuch.csv" in lines[0]
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is a POSIX signal")
def test_ctrl_c_keeps_the_checkpoint_and_says_how_to_resume(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "descenso", "fit", "abalone", "--model", "mlp", "--hidden", "8",
         "--epochs", "100000", "--limit", "400", "--out", "run"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        stdin=subprocess.DEVNULL, env={**os.environ, "DESCENSO_LANG": "en"})
    try:
        for line in process.stderr:  # progress lines, one per epoch (not a terminal)
            if line.startswith("epoch 3/"):
                break
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    message = rest.strip().splitlines()[-1]
    assert message.startswith("interrupted: training interrupted in epoch")
    assert "--resume" in message and "checkpoint-last.safetensors" in message
    run = tmp_path / "run"
    assert (run / "checkpoints" / "checkpoint-last.safetensors").is_file()
    assert (run / "report.html").is_file()
    assert len((run / "history.csv").read_text().splitlines()) >= 4  # header + 3 epochs
    assert not (run / "model.safetensors").exists()
