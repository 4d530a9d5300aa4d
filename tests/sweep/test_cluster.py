"""The sweep's Dask cluster: local workers without the bookkeeping made for many short tasks,
prepared once when they join, and trials started longest first."""

from __future__ import annotations

import io
import sys

import pytest

from descenso.errors import ConfigError
from descenso.pipeline.console import Console
from descenso.pipeline.options import FitOptions
from descenso.sweep.grid import parse_grids
from descenso.sweep.runner import plan_sweep, run_sweep

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    from descenso.sweep.cluster import connect

    with connect(None, 1) as client:
        yield client


def _worker_state(dask_worker):
    import dask

    return {"profile": dask.config.get("distributed.worker.profile.enabled"),
            "plugin": "descenso-trial-worker" in dask_worker.plugins,
            "fonts": "matplotlib.font_manager" in sys.modules,
            "trial": "descenso.pipeline.fit" in sys.modules}


def test_local_workers_are_prepared_and_take_one_trial_at_a_time(client):
    (state,) = client.run(_worker_state).values()
    assert state == {"profile": False, "plugin": True, "fonts": True, "trial": True}
    assert client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.WORKER_SATURATION) == 1.0


@pytest.mark.slow
def test_trials_start_longest_first(client, tmp_path):
    base = FitOptions(model="mlp", hidden=(4,), limit=200, out=str(tmp_path / "sweep"))
    plan = plan_sweep(base, parse_grids(["epochs=1,4,2"]))
    output = io.StringIO()
    # One worker runs the trials one after another: they end in the order they started.
    run_sweep(plan, Console(stream=output), scheduler=client.scheduler.address)
    finished = [line.split("] ", 1)[1].split(":")[0] for line in output.getvalue().splitlines()
                if line.lstrip().startswith("[")]
    assert finished == ["epochs=4", "epochs=2", "epochs=1"]
    with open(plan.folder / "results.csv", encoding="utf-8") as handle:  # the grid's order
        assert [row.split(",")[2] for row in handle.read().splitlines()[1:]] == ["1", "4", "2"]


def test_workers_that_cannot_run_trials_are_one_clear_error():
    from descenso.sweep.cluster import INSTALL_COMMAND, _prepare_workers

    class Client:
        def register_plugin(self, plugin):
            raise ModuleNotFoundError("No module named 'descenso'")

    with pytest.raises(ConfigError) as caught:
        _prepare_workers(Client(), "tcp://10.0.0.5:8786")
    message = str(caught.value)
    assert "tcp://10.0.0.5:8786" in message and "No module named 'descenso'" in message
    assert message.endswith(INSTALL_COMMAND)
