"""``DataLoader``: batches of tensors from a dataset, optionally shuffled, as PyTorch's.

This is the one batching mechanism of descenso: the :class:`~descenso.train.Trainer` iterates
over a ``DataLoader`` too. For a :class:`~descenso.utils.data.TensorDataset` (also one split by
``random_split``, or a plain tensor or array) with the default ``collate_fn``, a batch is cut
from the arrays in one NumPy call: a view (no copy) in sequential order, one gathered copy per
batch when shuffled; other datasets are read sample by sample and stacked by ``collate_fn``.

Each pass over the loader is an epoch; with ``shuffle=True`` it starts by drawing a new
permutation from ``generator`` (default: :func:`descenso.autograd.default_generator`, so
:func:`descenso.manual_seed` makes the order reproducible).

>>> import numpy as np
>>> from descenso.data.tensor_dataset import Subset, TensorDataset
>>> loader = DataLoader(TensorDataset(np.arange(10.0).reshape(5, 2), np.arange(5)),
...                     batch_size=2)
>>> len(loader), [yb.numpy().tolist() for _, yb in loader]
(3, [[0, 1], [2, 3], [4]])
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from descenso.autograd import Tensor, default_generator, from_numpy
from descenso.data.collate import default_collate
from descenso.data.tensor_dataset import Subset, TensorDataset
from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.validation import check_whole_number

__all__ = ["DataLoader"]


class DataLoader:
    """Iterate over ``dataset`` in batches of tensors.

    Parameters
    ----------
    dataset : Dataset, Tensor or ndarray
        Anything with ``len()`` and ``[index]``, e.g. ``TensorDataset(X, y)``.
    batch_size : int, default 1
        Samples per batch (>= 1); the last batch is smaller unless ``drop_last``.
    shuffle : bool, default False
        Visit the samples in a new random order each epoch.
    drop_last : bool, default False
        Skip the last, incomplete batch.
    collate_fn : callable, optional
        Turns a list of samples into a batch; default :func:`default_collate` (stacks each
        field into a tensor).
    generator : numpy.random.Generator, optional
        Draws the permutations when shuffling (default: descenso's global generator).
    num_workers : int, default 0
        Accepted for PyTorch code; descenso always loads in the main process (the batches
        are the same).
    pin_memory : bool, default False
        Accepted for PyTorch code; it only matters for GPUs, and descenso runs on the CPU.

    Yields
    ------
    ``collate_fn(samples)``: for ``TensorDataset(X, y)`` a list ``[X_batch, y_batch]`` of
    tensors of shapes (batch_size, ...).
    """

    def __init__(self, dataset, batch_size: int = 1, shuffle: bool = False,
                 drop_last: bool = False, collate_fn=None, generator=None,
                 num_workers: int = 0, pin_memory: bool = False):
        if not (hasattr(dataset, "__len__") and hasattr(dataset, "__getitem__")):
            raise ConfigError(
                _("DataLoader takes a dataset (with len() and [index]), got {kind}; wrap "
                  "arrays as DataLoader(TensorDataset(X, y), batch_size=32)").format(
                    kind=type(dataset).__name__))
        if isinstance(batch_size, (np.ndarray, Tensor, list, tuple)):
            raise ConfigError(
                _("DataLoader's second argument is batch_size, got an array; wrap features and "
                  "targets together: DataLoader(TensorDataset(X, y), batch_size=32)"))
        self.dataset = dataset
        self.batch_size = check_whole_number(batch_size, "batch_size", 1)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        if collate_fn is not None and not callable(collate_fn):
            raise ConfigError(
                _("collate_fn must be a function of a list of samples, got {kind}").format(
                    kind=type(collate_fn).__name__))
        self.collate_fn = default_collate if collate_fn is None else collate_fn
        if generator is not None and not callable(getattr(generator, "permutation", None)):
            raise ConfigError(
                _("generator must be a numpy.random.Generator, e.g. np.random.default_rng(0); "
                  "got {kind}").format(kind=type(generator).__name__))
        self.generator = generator
        self.num_workers = check_whole_number(num_workers, "num_workers", 0)
        self.pin_memory = bool(pin_memory)
        self._rows_of = None  # a Subset's indices into its TensorDataset
        self._arrays = self._batchable_arrays()

    def _batchable_arrays(self):
        """The arrays to cut batches from directly, or None to read sample by sample."""
        if self.collate_fn is not default_collate:
            return None
        if type(self.dataset) is Subset and type(self.dataset.dataset) is TensorDataset:
            self._rows_of = np.asarray(self.dataset.indices, dtype=np.int64)
            return [t.data for t in self.dataset.dataset.tensors]
        if type(self.dataset) is TensorDataset:
            return [t.data for t in self.dataset.tensors]
        if isinstance(self.dataset, Tensor):
            return self.dataset.data
        if isinstance(self.dataset, np.ndarray) and self.dataset.dtype.kind in "biuf":
            return self.dataset
        return None

    def __len__(self) -> int:
        """Number of batches per epoch."""
        full, rest = divmod(len(self.dataset), self.batch_size)
        return full + (1 if rest and not self.drop_last else 0)

    def __iter__(self) -> Iterator:
        n, size = len(self.dataset), self.batch_size
        order = None
        if self.shuffle:
            generator = default_generator() if self.generator is None else self.generator
            order = generator.permutation(n)
        arrays = self._arrays
        for batch in range(len(self)):
            low, high = batch * size, min((batch + 1) * size, n)
            rows = slice(low, high) if order is None else order[low:high]
            if self._rows_of is not None:
                rows = self._rows_of[rows]
            if arrays is None:
                indices = range(low, high) if order is None else rows.tolist()
                yield self.collate_fn([self.dataset[i] for i in indices])
            elif isinstance(arrays, list):
                yield [from_numpy(array[rows]) for array in arrays]
            else:
                yield from_numpy(arrays[rows])

    def __repr__(self) -> str:
        return (f"DataLoader(batch_size={self.batch_size}, shuffle={self.shuffle}, "
                f"drop_last={self.drop_last}, samples={len(self.dataset)})")
