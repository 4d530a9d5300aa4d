"""Neural-network building blocks: ``Module``, layers and losses, with PyTorch's names.

>>> import descenso
>>> from descenso import nn
>>> model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
>>> list(model.state_dict())
['0.weight', '0.bias', '2.weight', '2.bias']
"""

from descenso.nn import functional, init, utils
from descenso.nn.activation import (
    ELU,
    GELU,
    LeakyReLU,
    LogSoftmax,
    ReLU,
    Sigmoid,
    Softmax,
    Tanh,
)
from descenso.nn.batchnorm import BatchNorm1d, BatchNorm2d
from descenso.nn.container import ModuleDict, ModuleList
from descenso.nn.conv import Conv2d, ConvTranspose2d
from descenso.nn.dropout import Dropout, Dropout2d
from descenso.nn.flatten import Flatten, Unflatten
from descenso.nn.linear import Identity, Linear
from descenso.nn.loss import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    HuberLoss,
    L1Loss,
    MSELoss,
    NLLLoss,
    SmoothL1Loss,
)
from descenso.nn.module import Module
from descenso.nn.parameter import Parameter
from descenso.nn.pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d
from descenso.nn.sequential import Sequential

__all__ = [
    "AdaptiveAvgPool2d", "AvgPool2d", "BCELoss", "BCEWithLogitsLoss", "BatchNorm1d",
    "BatchNorm2d", "Conv2d", "ConvTranspose2d", "CrossEntropyLoss", "Dropout", "Dropout2d",
    "ELU", "Flatten", "GELU", "HuberLoss", "Identity", "L1Loss", "LeakyReLU", "Linear",
    "LogSoftmax", "MSELoss", "MaxPool2d", "Module", "ModuleDict", "ModuleList", "NLLLoss",
    "Parameter", "ReLU", "Sequential", "Sigmoid", "SmoothL1Loss", "Softmax", "Tanh",
    "Unflatten", "functional", "init", "utils",
]
