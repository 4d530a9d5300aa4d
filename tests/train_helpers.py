"""Helpers shared by the trainer tests (imported as ``train_helpers``)."""

from __future__ import annotations

import numpy as np

from descenso import nn, optim
from descenso.autograd import manual_seed


def make_classifier(seed: int = 1, n_features: int = 5, hidden: int = 16, dropout: float = 0.3,
                    lr: float = 1e-2):
    """An MLP with dropout and its Adam optimizer, initialised from ``manual_seed(seed)``."""
    manual_seed(seed)
    model = nn.Sequential(nn.Linear(n_features, hidden), nn.ReLU(), nn.Dropout(dropout),
                          nn.Linear(hidden, 3))
    return model, optim.Adam(model.parameters(), lr=lr)


def weights_equal(a: dict, b: dict) -> bool:
    """Bit-for-bit equality of two state dicts."""
    return a.keys() == b.keys() and all(
        a[key].dtype == b[key].dtype and np.array_equal(a[key], b[key]) for key in a)


def without_time(history) -> dict:
    columns = history.as_dict()
    columns.pop("time")
    return columns
