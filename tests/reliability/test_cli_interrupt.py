"""Ctrl-C at a random moment of ``descenso fit``, in a real process, then ``--resume``.

The process gets SIGINT at a seeded random point of training (a random epoch, then a random
fraction of an epoch's time). It must exit with code 130 and one ``interrupted:`` line that
names the epoch and batch and gives the command that resumes; leave a loadable checkpoint of
finite weights, ``history.csv`` of the completed epochs and a ``report.html`` that says what
happened; and write no model. Running the command it printed must then end with exactly the
weights and metrics of a run that was never interrupted (same seed): bit for bit.
"""

from __future__ import annotations

import random
import re
import shlex
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
from safetensors.numpy import load_file

from descenso.io import load_checkpoint
from reliability.cli_runs import descenso_command, process_environment, run_process

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is a POSIX signal")

EPOCHS = 200
FIT = ("fit", "abalone", "--model", "mlp", "--hidden", "16", "--epochs", str(EPOCHS),
       "--limit", "1200", "--seed", "5")
SEED = 20240611
INTERRUPTED = re.compile(r"^interrupted: training interrupted in epoch (\d+) after (\d+) of "
                         r"(\d+) batches; resume from (\S+) \(saved after epoch (\d+)\)")


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    """The run that was never interrupted: its folder."""
    folder = tmp_path_factory.mktemp("full")
    result = run_process(*FIT, "--quiet", "--out", "run", cwd=folder)
    assert result.code == 0, result.err
    return folder / "run"


def _interrupt_at_random(cwd, out: str, chooser: random.Random):
    """Start the fit, send SIGINT at a random moment of training; (exit code, stderr lines)."""
    process = subprocess.Popen(descenso_command(*FIT, "--out", out), cwd=cwd,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               stdin=subprocess.DEVNULL, env=process_environment())
    target = chooser.randint(2, 15)
    seen, times = [], {}
    try:
        for line in process.stderr:  # one progress line per epoch: stderr is not a terminal
            seen.append(line)
            match = re.match(r"epoch (\d+)/", line)
            if match:
                times[int(match.group(1))] = time.perf_counter()
                if int(match.group(1)) == target:
                    break
        assert target in times, "".join(seen)
        # A random moment within about one epoch (its duration measured from the lines).
        time.sleep(chooser.uniform(0.0, times[2] - times[1]))
        process.send_signal(signal.SIGINT)
        rest = process.stderr.read()
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
    return process.returncode, [line for line in rest.splitlines() if line.strip()]


def _tensors_equal(first, second) -> bool:
    a, b = load_file(first), load_file(second)
    return a.keys() == b.keys() and all(
        a[k].dtype == b[k].dtype and np.array_equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize("trial", [0, 1])
def test_sigint_at_a_random_moment_then_resume_gives_the_uninterrupted_weights(
        tmp_path, uninterrupted, trial):
    code, lines = _interrupt_at_random(tmp_path, "cut", random.Random(SEED + trial))
    assert code == 130, lines
    match = INTERRUPTED.match(lines[-1])
    assert match, lines
    assert "Traceback" not in "\n".join(lines)
    epoch, batches, total, checkpoint, saved = match.groups()
    assert 0 <= int(batches) <= int(total) and int(saved) in (int(epoch) - 1, int(epoch))

    run = tmp_path / "cut"
    state = load_checkpoint(tmp_path / checkpoint)
    assert state["epoch"] == int(saved)
    assert all(np.isfinite(np.asarray(weights)).all() for weights in state["model"].values())
    assert len((run / "history.csv").read_text().splitlines()) == 1 + int(saved)
    assert f"interrupted in epoch {epoch} of {EPOCHS}" in (run / "report.html").read_text()
    assert not (run / "model.safetensors").exists()

    resume = shlex.split(lines[-1].split("to continue, run: ")[1])
    assert resume[:2] == ["descenso", "fit"] and "--resume" in resume
    resumed = run_process(*resume[1:], "--quiet", cwd=tmp_path)
    assert resumed.code == 0, resumed.err
    assert _tensors_equal(run / "model.safetensors", uninterrupted / "model.safetensors")
    assert all(array.tobytes() == load_file(uninterrupted / "model.safetensors")[name].tobytes()
               for name, array in load_file(run / "model.safetensors").items())
    assert (run / "metrics.json").read_bytes() == (uninterrupted / "metrics.json").read_bytes()
    assert len((run / "history.csv").read_text().splitlines()) == 1 + EPOCHS
