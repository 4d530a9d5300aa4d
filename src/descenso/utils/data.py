"""Datasets and the DataLoader under PyTorch's import path, ``torch.utils.data``.

They are defined in layer 2, :mod:`descenso.data` (:mod:`~descenso.data.tensor_dataset`,
:mod:`~descenso.data.collate`, :mod:`~descenso.data.loader`), so code written as

>>> import numpy as np
>>> from descenso.utils.data import DataLoader, TensorDataset
>>> X, y = np.ones((6, 2), dtype=np.float32), np.arange(6)
>>> for xb, yb in DataLoader(TensorDataset(X, y), batch_size=4, shuffle=True):
...     print(tuple(xb.shape), tuple(yb.shape))
(4, 2) (4,)
(2, 2) (2,)

runs the same with ``import torch`` and with ``import descenso as torch``.
"""

from descenso.data.collate import default_collate
from descenso.data.loader import DataLoader
from descenso.data.tensor_dataset import Dataset, Subset, TensorDataset, random_split

__all__ = ["DataLoader", "Dataset", "Subset", "TensorDataset", "default_collate", "random_split"]
