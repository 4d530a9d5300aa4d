"""Optimizers with PyTorch's names and update rules: ``SGD``, ``Adam``, ``AdamW``, ``RMSprop``,
``Adagrad``; and learning-rate schedules in ``optim.lr_scheduler`` (``StepLR``,
``MultiStepLR``, ``ExponentialLR``, ``LambdaLR``, ``CosineAnnealingLR``).

>>> import descenso
>>> from descenso import nn, optim
>>> model = nn.Linear(3, 1)
>>> optimizer = optim.Adam(model.parameters(), lr=1e-3)
>>> optimizer.zero_grad()
"""

from descenso.optim import lr_scheduler
from descenso.optim.adagrad import Adagrad
from descenso.optim.adam import Adam, AdamW
from descenso.optim.optimizer import Optimizer
from descenso.optim.rmsprop import RMSprop
from descenso.optim.sgd import SGD

__all__ = ["SGD", "Adagrad", "Adam", "AdamW", "Optimizer", "RMSprop", "lr_scheduler"]
