"""A run's history in bounded memory: at most a fixed number of rows, spread over the whole run.

A page may train for hours at 30 frames a second; a row per frame kept whole would grow by
about 200 bytes a frame (4 MB in ten minutes). :class:`DecimatedHistory` keeps every row until
it holds ``capacity`` of them; then it drops every other row and from then on keeps only every
``stride``-th new one, the stride doubling each time it fills again. The rows kept are evenly
spaced over the run (the first row stays), so the loss curve keeps its shape at any length,
and the latest row is always at hand. The page's curve is kept the same way.
"""

from __future__ import annotations

from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["CAPACITY", "DecimatedHistory"]

CAPACITY = 2000  # rows: more than a loss curve's canvas has pixels across


class DecimatedHistory:
    """Rows appended one per frame, at most ``capacity + 1`` kept, evenly spaced.

    Parameters
    ----------
    capacity : int, default CAPACITY
        The most rows kept; even, so that halving keeps the spacing regular.

    >>> history = DecimatedHistory(capacity=4)
    >>> for step in range(10):
    ...     history.append((step, 0.5))
    >>> [row[0] for row in history.rows()], history.stride, history.latest
    ([0, 4, 8, 9], 4, (9, 0.5))
    """

    def __init__(self, capacity: int = CAPACITY):
        if capacity < 2 or capacity % 2:
            raise ConfigError(_("the history's capacity must be an even number of at least 2, "
                                "got {capacity}; give an even number").format(capacity=capacity))
        self.capacity = capacity
        self.stride = 1  # keep every stride-th row appended
        self.latest: tuple | None = None
        self._kept: list[tuple] = []
        self._seen = 0

    def append(self, row: tuple) -> None:
        """Record ``row`` as the latest; keep it when its turn in the stride has come."""
        self.latest = row
        if self._seen % self.stride == 0:
            self._kept.append(row)
            if len(self._kept) > self.capacity:
                del self._kept[1::2]
                self.stride *= 2
        self._seen += 1

    def rows(self) -> list[tuple]:
        """The rows kept, oldest first, ending with the latest row."""
        if self.latest is None or (self._kept and self._kept[-1] is self.latest):
            return list(self._kept)
        return [*self._kept, self.latest]

    def __len__(self) -> int:
        """How many rows :meth:`rows` returns."""
        return len(self._kept) + (self.latest is not None and (
            not self._kept or self._kept[-1] is not self.latest))
