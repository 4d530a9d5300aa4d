"""What every Dask worker of a sweep does once, when it joins: a ``WorkerPlugin``.

Registered by :func:`~descenso.sweep.cluster.connect` on the local cluster and on a cluster given
with ``--scheduler`` alike; Dask also runs it on a worker that joins later (one that replaces a
worker that died). On each worker it runs :func:`~descenso.sweep.trial.warm_up`, so the imports
and matplotlib's first figure are paid while the cluster starts, not by the first trial of each
worker. (Threads are limited by :func:`~descenso.sweep.trial.run_trial` itself.)

Imported only by :mod:`descenso.sweep.cluster`, after it found Dask installed.
"""

from __future__ import annotations

from distributed import WorkerPlugin

__all__ = ["TrialWorker"]


class TrialWorker(WorkerPlugin):
    """Prepare a worker to run trials: code imported, fonts loaded."""

    name = "descenso-trial-worker"

    def setup(self, worker) -> None:
        from descenso.sweep.trial import warm_up

        warm_up()
