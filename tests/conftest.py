"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import os
from pathlib import Path

# Subprocesses started by tests (real CLI runs, SIGINT and SIGKILL tests) inherit one BLAS
# thread, like this process (see _one_blas_thread), so their float32 sums match ours bit for bit.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np
import pytest

from descenso import i18n

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(autouse=True, scope="session")
def _one_blas_thread():
    """One BLAS thread: on a shared 2-core machine, threaded BLAS makes small products slower
    and timings erratic; results are the same either way."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(autouse=True)
def _english_messages():
    """Tests assert English messages whatever the machine's locale; Spanish tests opt in."""
    i18n.set_language("en")
    yield
    i18n.set_language(None)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The verified copies of Abalone, MNIST and Fashion-MNIST in ``../shared/data``.

    Skips when the folder is absent, except under CI (``CI=true``) where absence fails.
    """
    if not (SHARED_DATA / "mnist").is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs the shared datasets at {SHARED_DATA}; put ../shared beside the repo")
        pytest.skip(f"shared datasets not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded generator so every test's random inputs are the same on every run."""
    return np.random.default_rng(0)
