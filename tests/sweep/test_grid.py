"""Reading ``--grid`` into trials: names are FitOptions fields, values read as ``fit`` reads them."""

from __future__ import annotations

import pytest

from descenso.errors import ConfigError
from descenso.sweep.grid import Trial, make_trials, parse_grids, trial_key


def test_values_are_read_as_fit_reads_its_flags():
    grid = parse_grids(["lr=0.001,auto", "batch-size=16,32", "--activation=relu,tanh",
                        "hidden=128,64;32", "standardize=on,off", "split=0.6,0.2,0.2"])
    assert grid == {"lr": (0.001, "auto"), "batch_size": (16, 32),
                    "activation": ("relu", "tanh"), "hidden": ((128, 64), (32,)),
                    "standardize": (True, False), "split": ((0.6, 0.2, 0.2),)}


@pytest.mark.parametrize("texts, words", [
    (["lr=abc"], "--lr 'abc' is not a number"),
    (["epochs=2.5"], "--epochs '2.5' is not a whole number"),
    (["nosuch=1,2"], "unknown option"),
    (["hiden=32"], "did you mean hidden?"),
    (["lr="], "has no values"),
    (["lr=,"], "has no values"),
    (["lr"], "has no '='"),
    ([], "no --grid given"),
    (["lr=0.1", "lr=0.2"], "given twice"),
    (["lr=0.1,0.10"], "lists 0.10 twice"),
    (["out=a,b"], "cannot vary out"),
    (["dataset=abalone"], "cannot vary dataset"),
    (["standardize=maybe"], "is not on or off"),
])
def test_bad_grids_say_what_is_wrong(texts, words):
    with pytest.raises(ConfigError) as caught:
        parse_grids(texts)
    assert words in str(caught.value)


def test_every_combination_last_option_fastest():
    trials = make_trials({"lr": (0.1, 0.2), "epochs": (1, 2, 3)})
    assert [tuple(t.values.values()) for t in trials] == [
        (0.1, 1), (0.1, 2), (0.1, 3), (0.2, 1), (0.2, 2), (0.2, 3)]


def test_random_draws_distinct_combinations_reproducibly():
    grid = {"lr": (0.1, 0.2, 0.3), "epochs": (1, 2, 3)}
    first = make_trials(grid, random=4, seed=7)
    assert first == make_trials(grid, random=4, seed=7)
    assert len(first) == 4 and len({tuple(t.values.values()) for t in first}) == 4
    assert first != make_trials(grid, random=4, seed=8)
    assert len(make_trials(grid, random=50, seed=7)) == 9


def test_trial_key_depends_on_every_option_but_the_folder():
    assert trial_key({"lr": 0.1, "seed": 1}) != trial_key({"lr": 0.1, "seed": 2})
    assert trial_key({"lr": 0.1, "out": "x"}) == trial_key({"out": "y", "lr": 0.1})
    assert len(trial_key({})) == 12


def test_trial_label_is_what_one_would_type():
    assert Trial({"lr": 0.001, "hidden": (64, 32), "standardize": False}).label() == \
        "lr=0.001 hidden=64,32 standardize=off"
