"""Where the trials run: a Dask ``LocalCluster`` on this machine, or a cluster already running.

Dask is imported here and nowhere else in descenso, and only when a sweep starts: it is the
optional extra ``descenso[sweep]``, and without it the sweep stops with the command that
installs it. Local workers are separate processes with one thread each, and their BLAS libraries
are limited to one thread too (through their environment, before NumPy loads, and again by
:func:`~descenso.sweep.trial.run_trial` with :mod:`descenso.threads`, which also covers the
workers of a remote cluster): N workers use N cores, never N times the cores.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator

from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["INSTALL_COMMAND", "connect", "import_distributed"]

INSTALL_COMMAND = 'pip install "descenso[sweep]"'
ONE_THREAD = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                     "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
                                     "NUMEXPR_NUM_THREADS")}


def import_distributed():
    """The ``distributed`` module, or a :class:`ConfigError` saying how to install it."""
    try:
        import distributed
    except ImportError as error:
        raise ConfigError(
            _("descenso sweep runs its trials with Dask, which is not installed ({error}); "
              "install it with: {command}").format(error=error, command=INSTALL_COMMAND)
        ) from None
    return distributed


@contextlib.contextmanager
def connect(scheduler: str | None = None, workers: int | None = None) -> Iterator:
    """A Dask ``Client``: of the cluster at ``scheduler`` (``tcp://HOST:PORT``), or of a new
    ``LocalCluster`` of ``workers`` single-threaded processes (default: one per core), closed
    on exit.

    Raises
    ------
    ConfigError
        When Dask is missing or the scheduler cannot be reached.
    """
    distributed = import_distributed()
    if scheduler is not None:
        try:
            client = distributed.Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as error:
            raise ConfigError(
                _("--scheduler {address}: no Dask scheduler answered ({error}); start one "
                  "with 'dask scheduler' or leave out --scheduler to use this machine").format(
                    address=scheduler, error=" ".join(str(error).split()))) from None
        with client:
            yield client
        return
    n_workers = workers or os.cpu_count() or 1
    with _environment(ONE_THREAD):  # inherited by the worker processes
        cluster = distributed.LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True,
            # Dask's HTTP server always starts: on a free local port, so that sweeps running
            # side by side do not fight over 8787, and without the dashboard.
            dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False},
            silence_logs=logging.ERROR)
    with cluster, distributed.Client(cluster) as client:
        yield client


@contextlib.contextmanager
def _environment(values: dict[str, str]):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
