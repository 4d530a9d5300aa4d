"""``--model cnn``: a small LeNet-style convolutional network for 28x28 grey images.

Trained by default for 5 epochs in batches of 64 with Adam and a cosine schedule.

For each entry of ``--channels`` (default ``32,64``) one block

    Conv2d(in, out, 3, padding=1) -> activation -> MaxPool2d(2)

looks at 3x3 neighbourhoods and halves the image (28 -> 14 -> 7), so each block sees a wider
part of the digit with more feature maps. Then the maps are flattened and a dense head
classifies them: ``Linear -> activation [-> Dropout]`` per ``--hidden`` size (default 128),
then ``Linear`` to one logit per class. The images arrive as (n, 28, 28); the first layer,
``Unflatten(1, (1, 28))``, gives them their one grey channel: (n, 1, 28, 28).

>>> model = build_cnn(channels=(32, 64), hidden=(128,), activation="relu", dropout=0.25,
...                   n_outputs=10)
>>> [type(layer).__name__ for layer in model][:5]
['Unflatten', 'Conv2d', 'ReLU', 'MaxPool2d', 'Conv2d']
>>> sum(param.data.size for param in model.parameters())
421642
"""

from __future__ import annotations

from descenso import nn
from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["DEFAULT_CHANNELS", "KERNEL_SIZE", "build_cnn", "check_channels", "flat_features"]

DEFAULT_CHANNELS = (32, 64)
KERNEL_SIZE = 3
IMAGE_SIDE = 28

_ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid,
                "leaky_relu": nn.LeakyReLU}


def check_channels(channels: tuple[int, ...], image_side: int = IMAGE_SIDE) -> None:
    """Refuse channel lists the image cannot take: each block halves the image side."""
    if not channels or any(size < 1 for size in channels):
        raise ConfigError(
            _("--channels {value} has a layer of 0 channels or less; give positive numbers "
              "such as --channels 32,64").format(value=",".join(map(str, channels))))
    if image_side >> len(channels) < 1:
        most = image_side.bit_length() - 1
        raise ConfigError(
            _("--channels {value} makes {n} convolution blocks, but each halves the "
              "{side}x{side} image and at most {most} fit; give at most {most} numbers").format(
                value=",".join(map(str, channels)), n=len(channels), side=image_side, most=most))


def flat_features(channels: tuple[int, ...], image_side: int = IMAGE_SIDE) -> int:
    """Numbers per image after the last block: channels x side x side."""
    side = image_side >> len(channels)
    return channels[-1] * side * side


def build_cnn(channels, hidden, activation: str, dropout: float, n_outputs: int,
              image_side: int = IMAGE_SIDE):
    """The network described above (initialised from the current seed).

    Parameters
    ----------
    channels : tuple of int
        Feature maps of each convolution block.
    hidden : tuple of int
        Sizes of the dense layers after the blocks.
    activation : {"relu", "tanh", "sigmoid", "leaky_relu"}
    dropout : float
        Dropout probability after each dense hidden layer (0 for none).
    n_outputs : int
        Classes.

    Returns
    -------
    Sequential taking images (n, image_side, image_side) and returning logits (n, n_outputs).
    """
    check_channels(tuple(channels), image_side)
    act = _ACTIVATIONS[activation]
    layers: list = [nn.Unflatten(1, (1, image_side))]
    previous = 1
    for size in channels:
        layers += [nn.Conv2d(previous, size, KERNEL_SIZE, padding=KERNEL_SIZE // 2), act(),
                   nn.MaxPool2d(2)]
        previous = size
    layers.append(nn.Flatten())
    width = flat_features(tuple(channels), image_side)
    for size in hidden:
        layers += [nn.Linear(width, size), act()]
        if dropout:
            layers.append(nn.Dropout(dropout))
        width = size
    layers.append(nn.Linear(width, n_outputs))
    return nn.Sequential(*layers)
