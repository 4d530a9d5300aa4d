"""Optimizers with PyTorch's names and update rules: ``SGD``, ``Adam``, ``AdamW``.

>>> import descenso
>>> from descenso import nn, optim
>>> model = nn.Linear(3, 1)
>>> optimizer = optim.Adam(model.parameters(), lr=1e-3)
>>> optimizer.zero_grad()
"""

from descenso.optim.adam import Adam, AdamW
from descenso.optim.optimizer import Optimizer
from descenso.optim.sgd import SGD

__all__ = ["SGD", "Adam", "AdamW", "Optimizer"]
