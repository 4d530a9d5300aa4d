"""Datasets as PyTorch defines them: anything with ``__len__`` and ``__getitem__(index)``.

- :class:`Dataset`: the base class to subclass for your own data;
- :class:`TensorDataset`: samples are rows of tensors (or arrays) with the same first size;
- :class:`Subset` and :func:`random_split`: parts of a dataset, e.g. train and validation.

>>> import numpy as np
>>> data = TensorDataset(np.arange(10, dtype=np.float32).reshape(5, 2), np.arange(5))
>>> len(data), data[1]
(5, (tensor([2., 3.]), tensor(1)))
>>> train, val = random_split(data, [0.8, 0.2])
>>> len(train), len(val)
(4, 1)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

from descenso.autograd import Tensor, default_generator, from_numpy
from descenso.errors import ConfigError, DataError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["Dataset", "Subset", "TensorDataset", "random_split"]


class Dataset:
    """Base class of map-style datasets: define ``__len__`` and ``__getitem__(index)``.

    ``__getitem__`` returns one sample (for example a ``(features, label)`` pair) for an index
    in ``range(len(dataset))``; a :class:`~descenso.utils.data.DataLoader` turns samples into
    batches.

    >>> class Squares(Dataset):
    ...     def __len__(self):
    ...         return 4
    ...     def __getitem__(self, index):
    ...         return float(index), float(index) ** 2
    >>> Squares()[3]
    (3.0, 9.0)
    """

    def __getitem__(self, index):
        raise ConfigError(_("{cls} must define __getitem__(index) returning one sample").format(
                cls=type(self).__name__))

    def __len__(self) -> int:
        raise ConfigError(_("{cls} must define __len__() returning the number of samples").format(
                cls=type(self).__name__))


def _as_tensor(value, position: int) -> Tensor:
    if isinstance(value, Tensor):
        return value
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        array = None
    if array is None or array.dtype.kind not in "biuf" or array.ndim == 0:
        raise DataError(_("TensorDataset takes tensors or arrays of numbers with a first axis of "
                          "samples; argument {position} is {kind}").format(
            position=position, kind=type(value).__name__))
    return from_numpy(array)  # shared, not copied: a dataset never doubles the memory


class TensorDataset(Dataset):
    """Samples are the rows of ``tensors``: ``dataset[i] == tuple(t[i] for t in tensors)``.

    Parameters
    ----------
    *tensors : Tensor or array of shape (n_samples, ...)
        All with the same first size, e.g. ``TensorDataset(X, y)``. Arrays become tensors that
        share their memory and keep their dtype.

    Attributes
    ----------
    tensors : tuple of Tensor
    """

    def __init__(self, *tensors):
        if not tensors:
            raise ConfigError(
                _("TensorDataset needs at least one tensor, e.g. TensorDataset(X, y)"))
        self.tensors = tuple(_as_tensor(t, i) for i, t in enumerate(tensors))
        sizes = [t.shape[0] for t in self.tensors]
        if len(set(sizes)) != 1:
            raise ShapeError(_("TensorDataset got tensors with {sizes} rows; every tensor needs "
                               "one row per sample (the same first size)").format(sizes=sizes))

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self) -> int:
        return self.tensors[0].shape[0]


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order.

    >>> part = Subset(TensorDataset(np.arange(5)), [4, 0])
    >>> len(part), part[0]
    (2, (tensor(4),))
    """

    def __init__(self, dataset, indices: Sequence[int]):
        self.dataset = dataset
        self.indices = [int(i) for i in indices]

    def __getitem__(self, index):
        if isinstance(index, (list, np.ndarray)):
            return self.dataset[[self.indices[i] for i in np.asarray(index).tolist()]]
        return self.dataset[self.indices[index]]

    def __len__(self) -> int:
        return len(self.indices)


def _split_sizes(lengths, n: int) -> list[int]:
    values = list(lengths)
    if not values or not all(isinstance(v, numbers.Real) and not isinstance(v, bool)
                             and v >= 0 for v in values):
        raise ConfigError(_("random_split needs lengths (whole numbers) or fractions (adding up to "
                            "1), got {value!r}").format(value=values))
    if all(isinstance(v, numbers.Integral) for v in values):
        sizes = [int(v) for v in values]
    else:
        if not math.isclose(sum(values), 1.0, abs_tol=1e-9):
            raise ConfigError(
                _("random_split fractions must add up to 1, got {value!r} (sum {total}); or "
                  "give lengths that add up to {n}").format(value=values, total=sum(values), n=n))
        # PyTorch's rule: round each part down, then give the rest one by one from the first.
        sizes = [math.floor(n * fraction) for fraction in values]
        for i in range(n - sum(sizes)):
            sizes[i % len(sizes)] += 1
    if sum(sizes) != n:
        raise ConfigError(
            _("random_split lengths {sizes} add up to {total} but the dataset has {n} samples; "
              "make them add up to {n}, or pass fractions such as [0.8, 0.2]").format(
                sizes=sizes, total=sum(sizes), n=n))
    return sizes


def random_split(dataset, lengths, generator=None) -> list[Subset]:
    """Split ``dataset`` into non-overlapping random :class:`Subset` s of the given sizes.

    Parameters
    ----------
    dataset : Dataset
    lengths : sequence of int or of float
        Sizes adding up to ``len(dataset)``, or fractions adding up to 1 (the rounding
        remainder goes one sample at a time to the first parts, as in PyTorch).
    generator : numpy.random.Generator, optional
        Where the permutation comes from; default :func:`descenso.autograd.default_generator`,
        so :func:`descenso.manual_seed` makes the split reproducible.

    Returns
    -------
    list of Subset
    """
    n = len(dataset)
    sizes = _split_sizes(lengths, n)
    order = (default_generator() if generator is None else generator).permutation(n)
    parts, start = [], 0
    for size in sizes:
        parts.append(Subset(dataset, order[start:start + size].tolist()))
        start += size
    return parts
