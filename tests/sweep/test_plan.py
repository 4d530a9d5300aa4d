"""Planning a sweep (no Dask): trials checked against the data, seeded with the sweep's seed,
folders named by their options, and the same command finding the same sweep folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from descenso.errors import ConfigError
from descenso.pipeline.options import FitOptions
from descenso.sweep.grid import parse_grids
from descenso.sweep.runner import plan_sweep


def test_trials_share_the_sweep_seed_and_are_named_by_their_options(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    grid = parse_grids(["lr=0.01,0.1", "hidden=8,16"])
    plan = plan_sweep(FitOptions(model="mlp", seed=7), grid)
    assert len(plan.trials) == 4 and len(set(plan.keys)) == 4
    assert all(options.seed == 7 for options in plan.options)
    assert [Path(options.out).name for options in plan.options] == plan.keys
    assert plan.folder == (tmp_path / "descenso-sweeps" / plan.folder.name)
    assert plan.folder.name.startswith("abalone-")
    again = plan_sweep(FitOptions(model="mlp", seed=7), grid)
    assert again.folder == plan.folder and again.keys == plan.keys
    other = plan_sweep(FitOptions(model="mlp", seed=8), grid)
    assert other.folder != plan.folder and set(other.keys).isdisjoint(plan.keys)
    assert not (tmp_path / "descenso-sweeps").exists()  # planning writes nothing


def test_random_search_draws_with_the_seed():
    grid = parse_grids(["lr=0.001,0.01,0.1", "hidden=8,16,32"])
    first = plan_sweep(FitOptions(model="mlp", out="s"), grid, random=3)
    assert len(first.trials) == 3
    assert first.keys == plan_sweep(FitOptions(model="mlp", out="s"), grid, random=3).keys


def test_a_trial_the_data_refuses_names_the_trial():
    grid = parse_grids(["model=linear,mlp", "hidden=8"])
    with pytest.raises(ConfigError, match="trial model=linear hidden=8: --hidden applies to"):
        plan_sweep(FitOptions(), grid)
