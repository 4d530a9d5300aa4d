"""Activation layers: ``ReLU``, ``LeakyReLU``, ``Sigmoid``, ``Tanh``, ``GELU``, ``ELU``,
``Softmax``, ``LogSoftmax``.

Each is a module around the function of the same name in :mod:`descenso.nn.functional`, so it
can sit in a :class:`~descenso.nn.Sequential`. None has parameters.
"""

from __future__ import annotations

import math
import numbers

from descenso.autograd import leaky_relu, log_softmax, relu, sigmoid, softmax, tanh
from descenso.autograd.ops.smooth_activation import elu, gelu
from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.nn.module import Module

__all__ = ["ELU", "GELU", "LeakyReLU", "LogSoftmax", "ReLU", "Sigmoid", "Softmax", "Tanh"]


def _check_dim(layer: str, dim) -> int:
    if isinstance(dim, bool) or not isinstance(dim, numbers.Integral):
        raise ConfigError(
            _("{layer} needs an integer dim, got {value!r}; use dim=1 for rows of scores")
            .format(layer=layer, value=dim)
        )
    return int(dim)


class ReLU(Module):
    """``max(0, x)``, element-wise.

    >>> import descenso
    >>> ReLU()(descenso.tensor([-1.0, 2.0]))
    tensor([0., 2.])
    """

    def forward(self, x):
        """Apply ReLU to ``x`` (any shape)."""
        return relu(x)


class LeakyReLU(Module):
    """``x`` where positive, ``negative_slope * x`` elsewhere (the gradient never vanishes).

    Parameters
    ----------
    negative_slope : float, default 0.01
        Slope for negative inputs.

    >>> import descenso
    >>> LeakyReLU(0.1)(descenso.tensor([-1.0, 2.0]))
    tensor([-0.1000,  2.0000])
    """

    def __init__(self, negative_slope: float = 0.01):
        super().__init__()
        if (isinstance(negative_slope, bool) or not isinstance(negative_slope, numbers.Real)
                or not math.isfinite(negative_slope)):
            raise ConfigError(
                _("negative_slope must be a finite number, got {value!r}").format(
                    value=negative_slope)
            )
        self.negative_slope = float(negative_slope)

    def forward(self, x):
        """Apply LeakyReLU to ``x`` (any shape)."""
        return leaky_relu(x, self.negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}"


class Sigmoid(Module):
    """``1 / (1 + exp(-x))``, element-wise, into (0, 1).

    >>> import descenso
    >>> Sigmoid()(descenso.tensor([0.0]))
    tensor([0.5000])
    """

    def forward(self, x):
        """Apply the logistic sigmoid to ``x`` (any shape)."""
        return sigmoid(x)


class Tanh(Module):
    """Hyperbolic tangent, element-wise, into (-1, 1).

    >>> import descenso
    >>> Tanh()(descenso.tensor([0.0]))
    tensor([0.])
    """

    def forward(self, x):
        """Apply tanh to ``x`` (any shape)."""
        return tanh(x)


class Softmax(Module):
    """``exp(x) / sum(exp(x))`` along ``dim``: turns scores into probabilities.

    For training a classifier, feed the raw scores (logits) to
    :class:`~descenso.nn.CrossEntropyLoss` instead: it is exact and stable.

    Parameters
    ----------
    dim : int
        The dimension that sums to 1 (``1`` or ``-1`` for a batch of score rows).

    >>> import descenso
    >>> Softmax(dim=1)(descenso.tensor([[0.0, 0.0]]))
    tensor([[0.5000, 0.5000]])
    """

    def __init__(self, dim: int):
        super().__init__()
        self.dim = _check_dim(type(self).__name__, dim)

    def forward(self, x):
        """Softmax of ``x`` along ``dim``."""
        return softmax(x, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Softmax):
    """``log(softmax(x))`` along ``dim``, computed stably: log-probabilities for ``NLLLoss``.

    ``LogSoftmax(dim=1)`` followed by :class:`~descenso.nn.NLLLoss` equals
    :class:`~descenso.nn.CrossEntropyLoss` on the raw scores.

    >>> import descenso
    >>> LogSoftmax(dim=1)(descenso.tensor([[0.0, 0.0]]))
    tensor([[-0.6931, -0.6931]])
    """

    def forward(self, x):
        """Log-softmax of ``x`` along ``dim``."""
        return log_softmax(x, self.dim)


class GELU(Module):
    """Gaussian error linear unit, ``x * Phi(x)`` (the activation of transformers).

    Parameters
    ----------
    approximate : {"none", "tanh"}, default "none"
        "tanh" uses the faster tanh formula (see :func:`descenso.nn.functional.gelu`).

    >>> import descenso
    >>> GELU()(descenso.tensor([0.0, 1.0]))
    tensor([0.0000, 0.8413])
    """

    def __init__(self, approximate: str = "none"):
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ConfigError(
                _("approximate must be 'none' or 'tanh', got {value!r}").format(
                    value=approximate)
            )
        self.approximate = approximate

    def forward(self, x):
        """Apply GELU to ``x`` (any shape)."""
        return gelu(x, self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class ELU(Module):
    """Exponential linear unit: ``x`` where positive, else ``alpha * (exp(x) - 1)``.

    Parameters
    ----------
    alpha : float, default 1.0
        The value approached for very negative inputs is ``-alpha``.

    >>> import descenso
    >>> ELU()(descenso.tensor([-1.0, 2.0]))
    tensor([-0.6321,  2.0000])
    """

    def __init__(self, alpha: float = 1.0):
        super().__init__()
        if (isinstance(alpha, bool) or not isinstance(alpha, numbers.Real)
                or not math.isfinite(alpha)):
            raise ConfigError(
                _("alpha must be a finite number, got {value!r}").format(value=alpha)
            )
        self.alpha = float(alpha)

    def forward(self, x):
        """Apply ELU to ``x`` (any shape)."""
        return elu(x, self.alpha)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}"
