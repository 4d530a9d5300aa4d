"""``Dropout`` and ``Dropout2d``: randomly zero inputs while training, so no unit can rely on
another.

Inverted dropout: in training each element is zeroed with probability ``p`` and the survivors
are scaled by ``1 / (1 - p)``, so the expected output equals the input and evaluation needs no
rescaling. After ``model.eval()`` the layer passes its input through unchanged.
"""

from __future__ import annotations

import math
import numbers

from descenso.autograd import default_generator, dropout, dropout2d
from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.nn.module import Module

__all__ = ["Dropout", "Dropout2d"]


class Dropout(Module):
    """Zero each element with probability ``p`` in training mode; identity in eval mode.

    The random masks come from :func:`descenso.default_generator`, so
    :func:`descenso.manual_seed` makes them reproducible.

    Parameters
    ----------
    p : float, default 0.5
        Probability of zeroing an element, in [0, 1).

    Examples
    --------
    >>> import numpy as np, descenso
    >>> layer = Dropout(0.5).eval()
    >>> layer(descenso.tensor([1.0, 2.0]))
    tensor([1., 2.])
    """

    def __init__(self, p: float = 0.5):
        super().__init__()
        if (isinstance(p, bool) or not isinstance(p, numbers.Real) or math.isnan(p)
                or not 0.0 <= p < 1.0):
            raise ConfigError(
                _("dropout probability p must be in [0, 1), got {value!r}; 0.2 to 0.5 is "
                  "usual").format(value=p)
            )
        self.p = float(p)

    def forward(self, x):
        """Apply dropout to ``x`` (any shape) in training mode; return ``x`` in eval mode."""
        if not self.training or self.p == 0.0:
            return x
        return dropout(x, self.p, True, default_generator())

    def extra_repr(self) -> str:
        return f"p={self.p}"


class Dropout2d(Dropout):
    """Zero whole channels of (N, C, H, W) inputs with probability ``p`` in training mode.

    Neighbouring pixels of a feature map carry the same information, so dropping channels,
    not pixels, is what regularises a convolutional layer. Identity in eval mode.

    Examples
    --------
    >>> import numpy as np, descenso
    >>> Dropout2d(0.25).eval()(descenso.tensor(np.ones((1, 2, 1, 1), dtype=np.float32))).shape
    descenso.Size([1, 2, 1, 1])
    """

    def forward(self, x):
        """Apply channel dropout to ``x`` (N, C, H, W) in training mode; return ``x`` in eval."""
        if not self.training or self.p == 0.0:
            return x
        return dropout2d(x, self.p, True, default_generator())
