"""Building the model, loss and optimizer a run asks for, from nn and optim.

- ``--model mlp``: ``[Flatten] -> (Linear -> activation [-> Dropout]) per hidden layer ->
  Linear``, the classic multilayer perceptron (with images, exactly the Keras tutorial's
  ``Flatten -> Dense(128, relu) -> Dropout(0.2) -> Dense(10)``);
- ``--model cnn``: the small convolutional network of :mod:`descenso.pipeline.cnn`;
- ``--model linear``: one ``Linear`` layer (linear or softmax regression).

Weights are initialised from :func:`descenso.manual_seed` with the run's seed, so the same
seed gives the same network.

>>> from descenso.pipeline.options import FitOptions
>>> options = FitOptions(model="mlp", hidden=(8,)).resolved(task="regression", images=False)
>>> build_network(options, n_inputs=3, n_outputs=1)
Sequential(
  (0): Linear(in_features=3, out_features=8, bias=True)
  (1): ReLU()
  (2): Linear(in_features=8, out_features=1, bias=True)
)
"""

from __future__ import annotations

import itertools

import numpy as np

from descenso import nn, optim
from descenso.autograd import manual_seed
from descenso.i18n import gettext as _
from descenso.limits import check_memory
from descenso.pipeline.cnn import KERNEL_SIZE, build_cnn, flat_features
from descenso.pipeline.options import FitOptions

__all__ = ["build_loss", "build_network", "build_optimizer", "build_scheduler",
           "count_parameters", "describe_layers", "linear_module"]

_ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid,
                "leaky_relu": nn.LeakyReLU}
_LOSSES = {"mse": nn.MSELoss, "mae": nn.L1Loss, "huber": nn.HuberLoss,
           "cross_entropy": nn.CrossEntropyLoss}
_MOMENTUM = 0.9
_STEP_GAMMA = 0.1


# Each weight is held about four times while training: itself, its gradient, and the two
# moments of Adam.
_COPIES_PER_WEIGHT = 4


def _check_network_size(options: FitOptions, n_inputs: int, n_outputs: int) -> None:
    """Refuse, before allocating, a network the machine cannot hold (``--hidden 1000000000``)."""
    weights = 0
    if options.model == "cnn":
        maps = (1, *options.channels)
        weights = sum((a * KERNEL_SIZE**2 + 1) * b for a, b in itertools.pairwise(maps))
        n_inputs = flat_features(options.channels)
    dense = options.hidden if options.model in ("mlp", "cnn") else ()
    sizes = [n_inputs, *dense, n_outputs]
    weights += sum((a + 1) * b for a, b in itertools.pairwise(sizes))
    what = _("a network of layers {sizes} ({n:,} weights)").format(
        sizes="-".join(map(str, sizes)), n=weights)
    check_memory(float(weights) * 4 * _COPIES_PER_WEIGHT, what,
                 _("choose smaller --hidden sizes"))


def build_network(options: FitOptions, n_inputs: int, n_outputs: int, images: bool = False):
    """The network of a resolved ``options``, initialised from ``options.seed``.

    Parameters
    ----------
    n_inputs : int
        Features per row (784 for 28x28 images, which a leading ``Flatten`` makes rows of).
    n_outputs : int
        1 for regression, the number of classes for classification (logits).
    """
    _check_network_size(options, n_inputs, n_outputs)
    manual_seed(options.seed)
    if options.model == "cnn":
        return build_cnn(options.channels, options.hidden, options.activation, options.dropout,
                         n_outputs)
    layers: list = [nn.Flatten()] if images else []
    width = n_inputs
    if options.model == "mlp":
        for size in options.hidden:
            layers += [nn.Linear(width, size), _ACTIVATIONS[options.activation]()]
            if options.dropout:
                layers.append(nn.Dropout(options.dropout))
            width = size
    layers.append(nn.Linear(width, n_outputs))
    return layers[0] if len(layers) == 1 else nn.Sequential(*layers)


def build_loss(options: FitOptions):
    """The loss module ``options.loss`` names (mean reduction)."""
    return _LOSSES[options.loss]()


def build_optimizer(options: FitOptions, model):
    """``sgd``, ``momentum`` (SGD with momentum 0.9) or ``adam`` with ``options.lr``."""
    if options.optimizer == "adam":
        return optim.Adam(model.parameters(), lr=options.lr)
    momentum = _MOMENTUM if options.optimizer == "momentum" else 0.0
    return optim.SGD(model.parameters(), lr=options.lr, momentum=momentum)


def build_scheduler(options: FitOptions, optimizer):
    """The learning-rate schedule ``options.lr_schedule`` names, stepped after every epoch.

    - ``constant``: None (no scheduler);
    - ``cosine``: ``CosineAnnealingLR(T_max=epochs)``, from ``lr`` down to 0 along a cosine;
    - ``step``: ``StepLR`` that lowers the rate 10 times for the last third of the epochs
      (``step_size = ceil(2 * epochs / 3)``, ``gamma = 0.1``).

    >>> options = FitOptions(model="mlp", epochs=9, lr_schedule="step").resolved(
    ...     task="regression", images=False)
    >>> model = build_network(options, n_inputs=3, n_outputs=1)
    >>> build_scheduler(options, build_optimizer(options, model))
    StepLR(step_size=6, gamma=0.1)
    """
    if options.lr_schedule in (None, "constant"):
        return None
    if options.lr_schedule == "cosine":
        return optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=options.epochs)
    step_size = max(1, -(-2 * options.epochs // 3))
    return optim.lr_scheduler.StepLR(optimizer, step_size=step_size, gamma=_STEP_GAMMA)


def linear_module(coef: np.ndarray, intercept: float):
    """A float64 ``nn.Linear(d, 1)`` holding a fitted linear regression's weights.

    >>> layer = linear_module(np.array([2.0, -1.0]), 0.5)
    >>> layer.state_dict()["weight"], layer.state_dict()["bias"]
    (array([[ 2., -1.]]), array([0.5]))
    """
    coef = np.asarray(coef, dtype=np.float64)
    layer = nn.Linear(coef.shape[0], 1, dtype=np.float64)
    layer.load_state_dict({"weight": coef.reshape(1, -1),
                           "bias": np.array([intercept], dtype=np.float64)})
    return layer


def count_parameters(model) -> int:
    """Number of trainable numbers in ``model``.

    >>> count_parameters(nn.Linear(3, 2))
    8
    """
    return int(sum(param.data.size for param in model.parameters()))


def describe_layers(model) -> str:
    """The layers in one line, e.g. ``Flatten -> Linear(784, 128) -> ReLU -> Linear(128, 10)``.

    >>> describe_layers(nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1)))
    'Linear(3, 4) -> Tanh -> Linear(4, 1)'
    """
    layers = list(model) if isinstance(model, nn.Sequential) else [model]
    parts = []
    for layer in layers:
        if isinstance(layer, nn.Linear):
            parts.append(f"Linear({layer.in_features}, {layer.out_features})")
        elif isinstance(layer, nn.Conv2d):
            kh, kw = layer.kernel_size
            parts.append(f"Conv2d({layer.in_channels}, {layer.out_channels}, {kh}x{kw})")
        elif isinstance(layer, nn.MaxPool2d):
            parts.append(f"MaxPool2d({layer.kernel_size[0]})")
        elif isinstance(layer, nn.Unflatten):
            continue  # a reshape that gives the images their channel axis
        elif isinstance(layer, nn.Dropout):
            parts.append(f"Dropout({layer.p:g})")
        else:
            parts.append(type(layer).__name__)
    return " -> ".join(parts)
