"""A real multi-process Dask cluster: a ``dask scheduler`` and two ``dask worker`` processes on
127.0.0.1, started here. Ctrl-C keeps the finished trials; killing a worker in the middle of a
sweep loses no trial. Every process is bounded by a timeout and killed at the end."""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

pytest.importorskip("distributed")
pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"),
              pytest.mark.slow]

ENV = {**os.environ, "DESCENSO_LANG": "en", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
       "MKL_NUM_THREADS": "1"}
# 8 trials of a small network, each about a second: long enough to interrupt in the middle.
SWEEP = ("sweep", "abalone", "--model", "mlp", "--epochs", "5", "--limit", "600", "--quiet",
         "--grid", "lr=0.001,0.003,0.01,0.03", "--grid", "hidden=8,16")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(*args, cwd) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *map(str, args)], cwd=cwd, env=ENV,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """``(address, [worker processes])`` of a scheduler and two single-threaded workers."""
    from distributed import Client

    folder = tmp_path_factory.mktemp("cluster")
    address = f"tcp://127.0.0.1:{_free_port()}"
    processes = [_start("-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                        "--port", address.rsplit(":", 1)[1], "--no-dashboard", cwd=folder)]
    try:
        for name in ("first", "second"):
            processes.append(_start("-m", "distributed.cli.dask_worker", address, "--nthreads",
                                    "1", "--no-nanny", "--no-dashboard", "--name", name,
                                    cwd=folder))
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address, processes[1:]
    finally:
        for process in reversed(processes):
            _stop(process)


def _sweep(address, cwd) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "descenso", *SWEEP, "--scheduler", address,
                             "--out", "sweep"], cwd=cwd, env=ENV, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _statuses(folder) -> list[str]:
    try:
        with open(folder / "results.csv", newline="", encoding="utf-8") as handle:
            return [row["status"] for row in csv.DictReader(handle)]
    except FileNotFoundError:
        return []


def _wait_for_a_finished_trial(process, folder, timeout=120.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        statuses = _statuses(folder)
        if "ok" in statuses:
            return statuses
        time.sleep(0.05)
    pytest.fail("no trial finished in time")


def test_ctrl_c_cancels_the_pending_trials_and_keeps_the_finished(cluster, tmp_path):
    address, _workers = cluster
    process = _sweep(address, tmp_path)
    try:
        _wait_for_a_finished_trial(process, tmp_path / "sweep")
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    statuses = _statuses(tmp_path / "sweep")
    if "pending" not in statuses:
        pytest.skip("every trial finished before Ctrl-C arrived (a very fast machine)")
    assert process.returncode == 130, err
    assert err.startswith("interrupted: ") and "run the same command again" in err
    assert statuses.count("ok") >= 1 and "Traceback" not in err


def test_a_worker_killed_mid_sweep_loses_no_trial(cluster, tmp_path):
    address, workers = cluster
    process = _sweep(address, tmp_path)
    try:
        statuses = _wait_for_a_finished_trial(process, tmp_path / "sweep")
        workers[0].kill()  # SIGKILL: no goodbye to the scheduler
        _out, err = process.communicate(timeout=180)
    finally:
        if process.poll() is None:
            process.kill()
    assert statuses.count("ok") < 8, "the worker was killed after the sweep"
    assert process.returncode == 0, err
    assert _statuses(tmp_path / "sweep") == ["ok"] * 8
    assert (tmp_path / "sweep" / "model.safetensors").is_file()
