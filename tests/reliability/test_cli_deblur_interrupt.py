"""Ctrl-C during ``descenso deblur`` in a real process keeps the estimate so far."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from descenso.autograd.ops.fft_conv import fft_conv2d
from descenso.deblur import camera_shake_kernel
from descenso.deblur.images import read_image, read_kernel, write_png
from reliability.cli_runs import descenso_command, process_environment

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is a POSIX signal")


def test_sigint_keeps_the_estimate_and_exits_130(tmp_path):
    rng = np.random.default_rng(0)
    sharp = rng.uniform(size=(72, 72))
    write_png(tmp_path / "blurred.png", fft_conv2d(sharp, camera_shake_kernel(9, seed=1)).data)
    process = subprocess.Popen(
        descenso_command("deblur", "blurred.png", "--kernel-size", "9", "--iterations",
                         "100000", "--out", "out"),
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        stdin=subprocess.DEVNULL, env=process_environment())
    try:
        deadline = time.monotonic() + 120
        seen = ""
        while "step" not in seen and time.monotonic() < deadline:  # the progress bar started
            seen += process.stderr.read(1)
        time.sleep(1.0)
        process.send_signal(signal.SIGINT)
        err = seen + process.communicate(timeout=120)[1]
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    last = [line for line in err.replace("\r", "\n").splitlines() if line.strip()][-1]
    assert last.startswith("interrupted: deblurring stopped; the estimate so far is in out")
    assert read_image(tmp_path / "out" / "restored.png").shape == (64, 64)
    kernel = read_kernel(tmp_path / "out" / "kernel.csv")
    assert kernel.min() >= 0 and abs(kernel.sum() - 1.0) < 1e-9
    assert "interrupted" in (tmp_path / "out" / "report.html").read_text()
