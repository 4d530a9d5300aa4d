"""``default_collate``: turn a list of samples into one batch, field by field, as PyTorch does.

A sample may be a tensor, a NumPy array, a number, or a tuple, list or dict of those; the batch
has the same structure with every leaf stacked along a new first axis into a tensor. Python
floats become float64 and Python ints int64, as in PyTorch.

>>> import descenso
>>> default_collate([(descenso.tensor([1.0, 2.0]), 0), (descenso.tensor([3.0, 4.0]), 1)])
[tensor([[1., 2.],
        [3., 4.]]), tensor([0, 1])]
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence

import numpy as np

from descenso.autograd import Tensor, from_numpy
from descenso.errors import DataError
from descenso.i18n import gettext as _

__all__ = ["default_collate"]


def _stack(items: list) -> Tensor:
    first = items[0]
    python_number = isinstance(first, numbers.Number) and not isinstance(first, np.generic)
    if isinstance(first, bool):
        return from_numpy(np.asarray(items, dtype=np.bool_))
    if python_number and all(isinstance(item, numbers.Integral) for item in items):
        return from_numpy(np.asarray(items, dtype=np.int64))
    if python_number:
        return from_numpy(np.asarray(items, dtype=np.float64))
    arrays = [item.data if isinstance(item, Tensor) else np.asarray(item) for item in items]
    shapes = {array.shape for array in arrays}
    if len(shapes) != 1:
        raise DataError(
            _("cannot stack samples of shapes {shapes} into one batch; make every sample the "
              "same shape, or pass a collate_fn that pads them").format(shapes=sorted(shapes)))
    stacked = np.stack(arrays)
    if stacked.dtype.kind not in "biuf":
        raise DataError(_("a batch must hold numbers, got dtype {dtype}; encode text before "
                          "batching, or pass a collate_fn").format(dtype=stacked.dtype))
    return from_numpy(stacked)


def default_collate(batch: list):
    """Stack a list of samples into a batch with the samples' structure.

    Returns
    -------
    Tensor, list of Tensor (for tuple or list samples), or dict of Tensor; strings stay a
    list of strings.
    """
    first = batch[0]
    if isinstance(first, (str, bytes)):
        return list(batch)  # names, file paths: kept as a list, as PyTorch does
    if isinstance(first, Mapping):
        return {key: default_collate([sample[key] for sample in batch]) for key in first}
    if isinstance(first, Sequence):
        sizes = {len(sample) for sample in batch}
        if len(sizes) != 1:
            raise DataError(_("samples have different numbers of fields ({sizes}); every sample "
                              "must have the same structure").format(sizes=sorted(sizes)))
        return [default_collate(list(field)) for field in zip(*batch)]
    return _stack(batch)
