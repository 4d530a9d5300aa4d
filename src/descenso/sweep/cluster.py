"""Where the trials run: a Dask ``LocalCluster`` on this machine, or a cluster already running.

Dask is imported here and nowhere else in descenso, and only when a sweep starts: it is the
optional extra ``descenso[sweep]``, and without it the sweep stops with the command that
installs it. Local workers are separate processes with one thread each, and their BLAS libraries
are limited to one thread too (through their environment, before NumPy loads, and again by
:func:`~descenso.sweep.trial.run_trial` with :mod:`descenso.threads`, which also covers the
workers of a remote cluster): N workers use N cores, never N times the cores.

A sweep sends a few long tasks, so the local cluster leaves out Dask's bookkeeping that is made
for many short ones (:data:`LOCAL_CONFIG`): the statistical profiler, which samples the
running trial's stack every 10 ms, and the frequent event-loop, system and memory polls. They
run in the worker processes beside the trial, and in this process for the scheduler: with them,
a worker spent about 19% more CPU than its trials alone, and this process about 3% of a core;
without, 1.5% and 0.6% (see BENCHMARKS.md). Each worker takes one trial at a time from the
scheduler's queue, so the trials left at the end go to whichever worker frees first.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator

from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["INSTALL_COMMAND", "LOCAL_CONFIG", "connect", "import_distributed"]

INSTALL_COMMAND = 'pip install "descenso[sweep]"'
ONE_THREAD = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                     "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
                                     "NUMEXPR_NUM_THREADS")}
# Dask settings of the local cluster (see the module docstring); Dask's defaults otherwise.
LOCAL_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.worker-saturation": 1.0,
}


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
        When Dask is missing, the scheduler cannot be reached, or a worker cannot run trials.
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
            _prepare_workers(client, scheduler)
            yield client
        return
    import dask

    n_workers = workers or os.cpu_count() or 1
    # The environment is inherited by the worker processes; the settings are read when the
    # scheduler and the workers start.
    with _environment(ONE_THREAD), dask.config.set(LOCAL_CONFIG):
        cluster = distributed.LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True,
            # Dask's HTTP server always starts: on a free local port, so that sweeps running
            # side by side do not fight over 8787, and without the dashboard.
            dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False},
            silence_logs=logging.ERROR)
    with cluster, distributed.Client(cluster) as client:
        _prepare_workers(client, _("this machine's cluster"))
        yield client


def _prepare_workers(client, where: str) -> None:
    """Register :class:`~descenso.sweep.worker_plugin.TrialWorker` (each worker, now and when it
    joins later, imports the trial code and loads matplotlib's fonts).

    Raises
    ------
    ConfigError
        When a worker cannot (descenso or one of its dependencies missing there).
    """
    from descenso.sweep.worker_plugin import TrialWorker

    try:
        client.register_plugin(TrialWorker())
    except Exception as error:  # noqa: BLE001  (any failure on a worker: say which and why)
        raise ConfigError(
            _("the Dask workers of {where} cannot run descenso's trials ({error}); install "
              "descenso on every worker with: {command}").format(
                where=where, error=f"{type(error).__name__}: {' '.join(str(error).split())}",
                command=INSTALL_COMMAND)) from None


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
