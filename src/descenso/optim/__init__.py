"""Optimizers with PyTorch's names and update rules: ``SGD``, ``Adam``, ``AdamW``; and
learning-rate schedules in ``optim.lr_scheduler`` (``StepLR``, ``ExponentialLR``,
``CosineAnnealingLR``).

>>> import descenso
>>> from descenso import nn, optim
>>> model = nn.Linear(3, 1)
>>> optimizer = optim.Adam(model.parameters(), lr=1e-3)
>>> optimizer.zero_grad()
"""

from descenso.optim import lr_scheduler
from descenso.optim.adam import Adam, AdamW
from descenso.optim.optimizer import Optimizer
from descenso.optim.sgd import SGD

__all__ = ["SGD", "Adam", "AdamW", "Optimizer", "lr_scheduler"]
