"""Neural-network building blocks: ``Module``, layers and losses, with PyTorch's names.

>>> import descenso
>>> from descenso import nn
>>> model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
>>> list(model.state_dict())
['0.weight', '0.bias', '2.weight', '2.bias']
"""

from descenso.nn import functional
from descenso.nn.activation import LeakyReLU, ReLU, Sigmoid, Softmax, Tanh
from descenso.nn.dropout import Dropout
from descenso.nn.flatten import Flatten
from descenso.nn.linear import Identity, Linear
from descenso.nn.loss import BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, L1Loss, MSELoss
from descenso.nn.module import Module
from descenso.nn.parameter import Parameter
from descenso.nn.sequential import Sequential

__all__ = [
    "BCEWithLogitsLoss", "CrossEntropyLoss", "Dropout", "Flatten", "HuberLoss", "Identity",
    "L1Loss", "LeakyReLU", "Linear", "MSELoss", "Module", "Parameter", "ReLU", "Sequential",
    "Sigmoid", "Softmax", "Tanh", "functional",
]
