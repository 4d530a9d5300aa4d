"""DataLoader: every sample once per epoch, reproducible shuffles, exact resumption."""

from __future__ import annotations

import json

import numpy as np
import pytest

from descenso.data import DataLoader
from descenso.errors import ConfigError, DataError, ShapeError


def epoch_rows(loader):
    return np.concatenate([yb for _, yb in loader])


@pytest.mark.parametrize("n, batch_size, drop_last", [(10, 3, False), (10, 3, True), (8, 4, False),
                                                      (5, 7, False), (1, 1, False)])
def test_each_sample_once_per_epoch(n, batch_size, drop_last):
    X, y = np.arange(2 * n).reshape(n, 2), np.arange(n)
    loader = DataLoader(X, y, batch_size=batch_size, shuffle=True, seed=3, drop_last=drop_last)
    batches = list(loader)
    assert len(batches) == len(loader)
    assert all(len(yb) == batch_size for _, yb in batches[:-1])
    rows = np.concatenate([yb for _, yb in batches])
    if drop_last:
        assert len(rows) == n // batch_size * batch_size and len(set(rows.tolist())) == len(rows)
    else:
        assert sorted(rows.tolist()) == list(range(n))
    for xb, yb in batches:
        np.testing.assert_array_equal(xb, X[yb])


def test_without_shuffle_batches_are_views_in_order():
    X = np.arange(20.0).reshape(10, 2)
    batches = list(DataLoader(X, batch_size=4))
    assert [b.shape[0] for b in batches] == [4, 4, 2]
    assert all(np.shares_memory(b, X) for b in batches)
    np.testing.assert_array_equal(np.concatenate(batches), X)


def test_seeded_shuffle_is_reproducible_and_new_each_epoch():
    y = np.arange(100)
    a = DataLoader(y, y, batch_size=10, shuffle=True, seed=42)
    b = DataLoader(y, y, batch_size=10, shuffle=True, seed=42)
    first_a, second_a = epoch_rows(a), epoch_rows(a)
    assert first_a.tolist() == epoch_rows(b).tolist()
    assert second_a.tolist() == epoch_rows(b).tolist()
    assert first_a.tolist() != second_a.tolist()
    np.testing.assert_array_equal(first_a, np.random.default_rng([42, 0]).permutation(100))
    c = DataLoader(y, y, batch_size=10, shuffle=True, seed=43)
    assert epoch_rows(c).tolist() != first_a.tolist()


def test_resume_mid_epoch_is_bit_identical():
    y = np.arange(50)
    straight = DataLoader(y, y, batch_size=7, shuffle=True, seed=1)
    expected = [yb.tolist() for _ in range(3) for _, yb in straight]

    interrupted = DataLoader(y, y, batch_size=7, shuffle=True, seed=1)
    served = [yb.tolist() for _, yb in interrupted]           # epoch 0
    iterator = iter(interrupted)                               # epoch 1, stopped after 3 batches
    served += [next(iterator)[1].tolist() for _ in range(3)]
    state = json.loads(json.dumps(interrupted.state_dict()))
    assert state == {"seed": 1, "epoch": 1, "batch": 3, "batch_size": 7, "shuffle": True,
                     "n_samples": 50}

    resumed = DataLoader(y, y, batch_size=7, shuffle=True)     # another seed, replaced by the state
    resumed.load_state_dict(state)
    served += [yb.tolist() for _ in range(2) for _, yb in resumed]
    assert served == expected


def test_state_between_epochs_and_set_epoch():
    y = np.arange(6)
    loader = DataLoader(y, y, batch_size=2, shuffle=True, seed=0)
    list(loader)
    assert loader.state_dict()["epoch"] == 1 and loader.state_dict()["batch"] == 0
    loader.set_epoch(5)
    np.testing.assert_array_equal(epoch_rows(loader), loader.order(5))
    assert loader.epoch == 6


def test_unseeded_loader_records_its_seed():
    y = np.arange(30)
    loader = DataLoader(y, y, batch_size=4, shuffle=True)
    state = loader.state_dict()
    twin = DataLoader(y, y, batch_size=4, shuffle=True)
    twin.load_state_dict(state)
    assert epoch_rows(loader).tolist() == epoch_rows(twin).tolist()


def test_invalid_arguments():
    X = np.zeros((5, 2))
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ConfigError, match="batch_size must be a whole number >= 1"):
            DataLoader(X, batch_size=bad)
    with pytest.raises(ShapeError, match=r"X has 5 samples but y has shape \(4,\)"):
        DataLoader(X, np.zeros(4))
    with pytest.raises(DataError, match="no samples"):
        DataLoader(np.zeros((0, 2)))
    with pytest.raises(ConfigError, match="batch_size=8 is larger than the 5 samples"):
        DataLoader(X, batch_size=8, drop_last=True)
    assert len(DataLoader(X, batch_size=8)) == 1
    loader = DataLoader(X, batch_size=2)
    with pytest.raises(ConfigError, match="the saved loader state has batch_size=3"):
        loader.load_state_dict({"seed": 0, "epoch": 0, "batch": 0, "batch_size": 3,
                                "shuffle": False, "n_samples": 5})
