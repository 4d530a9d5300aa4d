"""utils.data: Dataset, TensorDataset, DataLoader, random_split, default_collate; and PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
from descenso.autograd import Tensor
from descenso.errors import ConfigError, DataError, ShapeError
from descenso.utils.data import (
    DataLoader,
    Dataset,
    Subset,
    TensorDataset,
    default_collate,
    random_split,
)


def epoch_labels(loader):
    return np.concatenate([yb.numpy() for _, yb in loader])


class Rows(Dataset):
    """The same data as a TensorDataset, read sample by sample (the general path)."""

    def __init__(self, X, y):
        self.X, self.y = X, y

    def __len__(self):
        return len(self.X)

    def __getitem__(self, index):
        return self.X[index], self.y[index]


@pytest.mark.parametrize("n, batch_size, drop_last", [(10, 3, False), (10, 3, True),
                                                      (8, 4, False), (5, 7, False), (1, 1, False),
                                                      (5, 7, True)])
def test_each_sample_once_per_epoch(n, batch_size, drop_last):
    X, y = np.arange(2.0 * n).reshape(n, 2), np.arange(n)
    loader = DataLoader(TensorDataset(X, y), batch_size=batch_size, shuffle=True,
                        drop_last=drop_last, generator=np.random.default_rng(3))
    batches = list(loader)
    assert len(batches) == len(loader) == (n // batch_size if drop_last
                                           else -(-n // batch_size))
    assert all(len(yb) == batch_size for _, yb in batches[:-1])
    for xb, yb in batches:
        assert isinstance(xb, Tensor) and isinstance(yb, Tensor)
        np.testing.assert_array_equal(xb.numpy(), X[yb.numpy()])
    rows = np.concatenate([yb.numpy() for _, yb in batches]) if batches else np.array([])
    if drop_last:
        assert len(rows) == n // batch_size * batch_size and len(set(rows.tolist())) == len(rows)
    else:
        assert sorted(rows.tolist()) == list(range(n))


def test_without_shuffle_batches_are_views_in_order():
    X = np.arange(20.0).reshape(10, 2)
    batches = list(DataLoader(TensorDataset(X), batch_size=4))
    assert [b.shape[0] for (b,) in batches] == [4, 4, 2]
    assert all(np.shares_memory(b.data, X) for (b,) in batches)
    np.testing.assert_array_equal(np.concatenate([b.data for (b,) in batches]), X)


def test_a_generator_gives_the_same_orders_and_a_new_one_each_epoch():
    y = np.arange(100)
    a = DataLoader(TensorDataset(y, y), 10, shuffle=True, generator=np.random.default_rng(42))
    b = DataLoader(TensorDataset(y, y), 10, shuffle=True, generator=np.random.default_rng(42))
    first, second = epoch_labels(a), epoch_labels(a)
    assert first.tolist() == epoch_labels(b).tolist() and second.tolist() == epoch_labels(
        b).tolist()
    assert first.tolist() != second.tolist()
    np.testing.assert_array_equal(first, np.random.default_rng(42).permutation(100))


def test_without_a_generator_manual_seed_makes_the_order_reproducible():
    y = np.arange(50)
    orders = []
    for _ in range(2):
        descenso.manual_seed(5)
        orders.append(epoch_labels(DataLoader(TensorDataset(y, y), 8, shuffle=True)).tolist())
    assert orders[0] == orders[1] and orders[0] != list(range(50))


def test_any_dataset_gives_the_same_batches_as_a_tensor_dataset():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(13, 3)).astype(np.float32), rng.integers(0, 4, size=13)
    fast = DataLoader(TensorDataset(X, y), 4, shuffle=True, generator=np.random.default_rng(1))
    general = DataLoader(Rows(X, y), 4, shuffle=True, generator=np.random.default_rng(1))
    for (xa, ya), (xb, yb) in zip(fast, general, strict=True):
        assert xa.dtype == xb.dtype == np.float32 and ya.dtype == yb.dtype == np.int64
        np.testing.assert_array_equal(xa.numpy(), xb.numpy())
        np.testing.assert_array_equal(ya.numpy(), yb.numpy())


def test_a_split_tensor_dataset_gives_the_same_batches_as_reading_its_samples():
    X, y = np.arange(40.0).reshape(20, 2), np.arange(20)
    part = random_split(TensorDataset(X, y), [13, 7], generator=np.random.default_rng(2))[0]
    fast = list(DataLoader(part, 4, shuffle=True, generator=np.random.default_rng(3)))
    general = list(DataLoader(part, 4, shuffle=True, generator=np.random.default_rng(3),
                              collate_fn=default_collate_copy))
    assert len(fast) == len(general) == 4
    for (xa, ya), (xb, yb) in zip(fast, general):
        np.testing.assert_array_equal(xa.numpy(), xb.numpy())
        np.testing.assert_array_equal(ya.numpy(), yb.numpy())


def default_collate_copy(samples):
    return default_collate(samples)  # another function: forces the sample-by-sample path


def test_a_tensor_or_an_array_is_a_dataset_of_rows():
    X = np.arange(6.0).reshape(3, 2)
    for dataset in (X, descenso.tensor(X)):
        batches = list(DataLoader(dataset, batch_size=2))
        assert [b.shape for b in batches] == [(2, 2), (1, 2)]


def test_default_collate_keeps_the_samples_structure_and_pytorchs_dtypes():
    batch = default_collate([{"x": np.ones(2, dtype=np.float32), "label": 1, "w": 0.5},
                             {"x": np.zeros(2, dtype=np.float32), "label": 0, "w": 2.0}])
    assert batch["x"].shape == (2, 2) and batch["x"].dtype == np.float32
    assert batch["label"].dtype == np.int64 and batch["w"].dtype == np.float64
    pairs = default_collate([(1.0, True), (2.0, False)])
    assert isinstance(pairs, list) and pairs[1].dtype == np.bool_
    mixed, names = default_collate([(1, "a.png"), (2.5, "b.png")])
    assert mixed.dtype == np.float64 and mixed.numpy().tolist() == [1.0, 2.5]
    assert names == ["a.png", "b.png"]
    with pytest.raises(DataError, match="shapes"):
        default_collate([np.ones(2), np.ones(3)])
    with pytest.raises(DataError, match="numbers"):
        default_collate([np.array("a"), np.array("b")])


def test_a_custom_collate_fn_gets_the_list_of_samples():
    seen = []
    loader = DataLoader(Rows(np.arange(5), np.arange(5)), batch_size=2,
                        collate_fn=lambda samples: seen.append(len(samples)) or len(samples))
    assert list(loader) == [2, 2, 1] and seen == [2, 2, 1]


def test_batches_equal_pytorchs_dataloader_in_order():
    torch = pytest.importorskip("torch")
    X, y = np.arange(22.0).reshape(11, 2), np.arange(11)
    ours = list(DataLoader(TensorDataset(X, y), batch_size=3, drop_last=True))
    theirs = list(torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.from_numpy(X), torch.from_numpy(y)), batch_size=3,
        drop_last=True))
    assert len(ours) == len(theirs)
    for (xa, ya), (xb, yb) in zip(ours, theirs):
        np.testing.assert_array_equal(xa.numpy(), xb.numpy())
        np.testing.assert_array_equal(ya.numpy(), yb.numpy())


@pytest.mark.parametrize("n, lengths", [(10, [0.8, 0.2]), (11, [0.6, 0.2, 0.2]), (7, [3, 4]),
                                        (5, [0.5, 0.5]), (9, [0.34, 0.33, 0.33])])
def test_random_split_sizes_equal_pytorchs(n, lengths):
    torch = pytest.importorskip("torch")
    parts = random_split(TensorDataset(np.arange(n)), lengths,
                         generator=np.random.default_rng(0))
    theirs = torch.utils.data.random_split(range(n), lengths)
    assert [len(p) for p in parts] == [len(p) for p in theirs]
    indices = sorted(i for part in parts for i in part.indices)
    assert indices == list(range(n))


def test_random_split_is_reproducible_under_manual_seed_and_subsets_read_through():
    data = TensorDataset(np.arange(10) * 10)
    descenso.manual_seed(1)
    first = random_split(data, [7, 3])
    descenso.manual_seed(1)
    again = random_split(data, [7, 3])
    assert first[0].indices == again[0].indices
    part = Subset(data, [9, 2])
    assert part[0][0].item() == 90 and len(part) == 2


def test_invalid_arguments_get_clear_errors():
    data = TensorDataset(np.zeros((5, 2)))
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ConfigError, match="batch_size must be a whole number >= 1"):
            DataLoader(data, batch_size=bad)
    with pytest.raises(ConfigError, match=r"DataLoader\(TensorDataset\(X, y\)"):
        DataLoader(np.zeros((5, 2)), np.zeros(5))
    with pytest.raises(ConfigError, match="takes a dataset"):
        DataLoader(3)
    with pytest.raises(ConfigError, match="numpy.random.Generator"):
        DataLoader(data, generator=7)
    with pytest.raises(ShapeError, match=r"\[5, 4\] rows"):
        TensorDataset(np.zeros((5, 2)), np.zeros(4))
    with pytest.raises(DataError, match="argument 1"):
        TensorDataset(np.zeros(3), ["a", "b", "c"])
    with pytest.raises(ConfigError, match="add up to 1"):
        random_split(data, [0.5, 0.4])
    with pytest.raises(ConfigError, match="add up to 4 but the dataset has 5"):
        random_split(data, [2, 2])
    with pytest.raises(ConfigError, match="must define __len__"):
        len(Dataset())
