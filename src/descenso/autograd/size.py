"""``Size``: a tensor's shape, a tuple that prints like PyTorch's ``torch.Size``.

>>> Size((2, 3))
descenso.Size([2, 3])
>>> Size((2, 3)) == (2, 3), Size((2, 3)).numel()
(True, 6)
"""

from __future__ import annotations

import math

__all__ = ["Size"]


class Size(tuple):
    """The lengths of a tensor's axes; a ``tuple`` in every other respect."""

    __slots__ = ()

    def numel(self) -> int:
        """The number of elements a tensor of this shape holds."""
        return math.prod(self)

    def __repr__(self) -> str:
        return f"descenso.Size({list(self)})"
