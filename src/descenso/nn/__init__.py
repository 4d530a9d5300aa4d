"""Neural-network building blocks: ``Module``, layers and losses, with PyTorch's names.

>>> import descenso
>>> from descenso import nn
>>> model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
>>> list(model.state_dict())
['0.weight', '0.bias', '2.weight', '2.bias']
"""

from descenso.nn import functional
from descenso.nn.activation import LeakyReLU, ReLU, Sigmoid, Softmax, Tanh
from descenso.nn.batchnorm import BatchNorm1d, BatchNorm2d
from descenso.nn.conv import Conv2d, ConvTranspose2d
from descenso.nn.dropout import Dropout, Dropout2d
from descenso.nn.flatten import Flatten
from descenso.nn.linear import Identity, Linear
from descenso.nn.loss import BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, L1Loss, MSELoss
from descenso.nn.module import Module
from descenso.nn.parameter import Parameter
from descenso.nn.pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d
from descenso.nn.sequential import Sequential

__all__ = [
    "AdaptiveAvgPool2d", "AvgPool2d", "BCEWithLogitsLoss", "BatchNorm1d", "BatchNorm2d",
    "Conv2d", "ConvTranspose2d", "CrossEntropyLoss", "Dropout", "Dropout2d", "Flatten",
    "HuberLoss", "Identity", "L1Loss", "LeakyReLU", "Linear", "MSELoss", "MaxPool2d", "Module",
    "Parameter", "ReLU", "Sequential", "Sigmoid", "Softmax", "Tanh", "functional",
]
