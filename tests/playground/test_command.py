"""``descenso playground`` on the command line: URL printed, Ctrl-C stops it, --host guarded."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.request

from descenso.cli.main import main


def test_ctrl_c_stops_the_server_cleanly():
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "descenso", "playground", "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", line).group(0)
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err


def test_another_host_needs_allow_remote(capsys):
    assert main(["playground", "--host", "0.0.0.0", "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --host 0.0.0.0") and "--allow-remote" in err


def test_a_bad_port_is_one_error_line(capsys):
    assert main(["playground", "--port", "70000", "--no-browser"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
