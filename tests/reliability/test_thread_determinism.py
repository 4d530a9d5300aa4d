"""The same seed gives the same bits whatever the number of threads (BLAS or ``--threads``).

Real processes: the BLAS reads ``OPENBLAS_NUM_THREADS`` when it loads, so only a new process
shows what a user with a different machine setting would get. The wide table makes a
(32, 500) @ (500, 128) float32 product, which OpenBLAS computes differently on 2 threads than
on 1; without descenso's single-threaded BLAS these runs differ.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from descenso import threads

OUTPUTS = ("metrics.json", "model.safetensors")


def _fit(tmp_path, out, blas_threads, *args):
    env = {**os.environ, "DESCENSO_LANG": "en", "OPENBLAS_NUM_THREADS": str(blas_threads),
           "OMP_NUM_THREADS": str(blas_threads), "MKL_NUM_THREADS": str(blas_threads)}
    result = subprocess.run([sys.executable, "-m", "descenso", "fit", *args, "--quiet",
                             "--out", out], cwd=tmp_path, env=env, capture_output=True,
                            text=True, stdin=subprocess.DEVNULL, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    outputs = {name: (tmp_path / out / name).read_bytes() for name in OUTPUTS}
    # The model file's tensors byte for byte, with their layout and checksum. Its metadata
    # also records the command (whose --out differs here) and is written by safetensors in
    # an order that may change from process to process: not a numeric matter.
    data = outputs["model.safetensors"]
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + size])
    metadata = header.pop("__metadata__")
    outputs["model.safetensors"] = (header, metadata["tensors_sha256"], data[8 + size:])
    return outputs


def _assert_same_bits(tmp_path, *args):
    one = _fit(tmp_path, "blas1", 1, *args, "--threads", "1")
    assert _fit(tmp_path, "blas2", 2, *args, "--threads", "1") == one, "OPENBLAS 1 vs 2"
    assert _fit(tmp_path, "threads2", 2, *args, "--threads", "2") == one, "--threads 1 vs 2"


def test_small_mlp_is_independent_of_threads(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 500))
    y = X[:, :5].sum(axis=1) + rng.normal(size=200)
    header = ",".join(f"x{i}" for i in range(500)) + ",y"
    rows = [",".join(f"{v:.4f}" for v in row) + f",{t:.4f}" for row, t in zip(X, y)]
    (tmp_path / "wide.csv").write_text("\n".join([header, *rows]) + "\n")
    _assert_same_bits(tmp_path, "wide.csv", "--model", "mlp", "--hidden", "128", "--epochs", "2")


def test_a_classification_table_is_independent_of_threads(tmp_path):
    sk_datasets = pytest.importorskip("sklearn.datasets")
    data = sk_datasets.load_breast_cancer()
    header = ",".join(name.replace(" ", "_") for name in data.feature_names) + ",label"
    rows = [",".join(f"{v:.6g}" for v in row) + f",c{label}"
            for row, label in zip(data.data, data.target)]
    (tmp_path / "cancer.csv").write_text("\n".join([header, *rows]) + "\n")
    _assert_same_bits(tmp_path, "cancer.csv", "--task", "classification")


def test_linear_regression_by_gradient_descent_is_independent_of_threads(tmp_path):
    _assert_same_bits(tmp_path, "abalone")


def test_block_products_have_the_same_bits_with_any_thread_count():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(3 * threads.BLOCK_ROWS + 7, 300)).astype(np.float32)
    b = rng.normal(size=(300, 64)).astype(np.float32)
    previous = threads.get_num_threads()
    try:
        results = []
        for count in (1, 2, 3):
            threads.set_num_threads(count)
            with threads.single_threaded_blas():
                results.append(threads.matmul(a, b))
    finally:
        threads.set_num_threads(previous)
    assert results[0].tobytes() == results[1].tobytes() == results[2].tobytes()
    np.testing.assert_allclose(results[0], a.astype(np.float64) @ b, rtol=1e-4, atol=1e-4)


def test_thread_count_is_validated():
    from descenso.errors import ConfigError

    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(ConfigError, match="at least 1"):
            threads.set_num_threads(bad)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")
def test_a_forked_child_gets_its_own_pool():
    a = np.ones((3 * threads.BLOCK_ROWS, 200), np.float32)
    b = np.ones((200, 100), np.float32)
    previous = threads.get_num_threads()
    threads.set_num_threads(2)
    try:
        threads.matmul(a, b)  # the parent's pool now exists
        pid = os.fork()
        if pid == 0:  # the child: a product on a pool it must start itself
            os._exit(0 if float(threads.matmul(a, b)[0, 0]) == 200.0 else 1)
        for _ in range(600):  # a hung child (the bug) fails the test after 30 s
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung on its parent's thread pool")
    finally:
        threads.set_num_threads(previous)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
