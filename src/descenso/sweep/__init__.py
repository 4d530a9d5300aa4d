"""``descenso sweep``: the trials of a grid of ``descenso fit`` options, run on Dask.

The parts, in the order a sweep uses them: :mod:`~descenso.sweep.grid` (the trials),
:mod:`~descenso.sweep.runner` (checking and running them), :mod:`~descenso.sweep.cluster`
(Dask, imported only here and by :mod:`~descenso.sweep.worker_plugin`, which prepares each
worker), :mod:`~descenso.sweep.trial` (one trial on a worker),
:mod:`~descenso.sweep.folds` (``--folds``), :mod:`~descenso.sweep.results` and
:mod:`~descenso.sweep.report` (what the sweep writes).
"""
