"""The random numbers of descenso: one generator that ``manual_seed`` resets.

Weight initialisation and dropout draw from :func:`default_generator`, so one call to
:func:`manual_seed` makes a whole run reproducible, bit for bit. Like PyTorch, the generator
starts from a fixed seed, so even a script that never seeds repeats itself.

>>> manual_seed(0)
>>> first = default_generator().random(3)
>>> manual_seed(0)
>>> bool((default_generator().random(3) == first).all())
True
"""

from __future__ import annotations

import numbers

import numpy as np

from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["INITIAL_SEED", "default_generator", "manual_seed"]

INITIAL_SEED = 67280421310721  # PyTorch's initial CPU seed, for the same "reproducible by default"

_generator = np.random.Generator(np.random.PCG64(INITIAL_SEED))


def default_generator() -> np.random.Generator:
    """The process-wide generator (a ``np.random.Generator`` over PCG64).

    It is always the same object: :func:`manual_seed` resets its state in place, so code that
    kept a reference to it follows the new seed.
    """
    return _generator


def manual_seed(seed: int) -> None:
    """Reset :func:`default_generator` to the start of the stream for ``seed`` (an int >= 0).

    >>> manual_seed(42)
    >>> a = default_generator().normal()
    >>> manual_seed(42)
    >>> default_generator().normal() == a
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ConfigError(
            _("manual_seed needs a non-negative integer, got {seed!r}; pass e.g. 0").format(
                seed=seed
            )
        )
    _generator.bit_generator.state = np.random.PCG64(int(seed)).state
