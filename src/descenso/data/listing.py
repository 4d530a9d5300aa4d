"""Lists of names and values in messages, cut short so no message floods the terminal."""

from __future__ import annotations

from descenso.i18n import gettext as _

__all__ = ["listing"]


def listing(items, most_chars: int = 200) -> str:
    """``items`` joined by commas, ending in "and N more" once ``most_chars`` are used.

    >>> listing(["a", "b", "c"])
    'a, b, c'
    >>> listing([f"2013-01-{day:02d}" for day in range(1, 32)], most_chars=40)
    '2013-01-01, 2013-01-02, 2013-01-03 and 28 more'
    """
    items = [str(item) for item in items]
    shown, used = [], 0
    for item in items:
        if shown and used + len(item) + 2 > most_chars:
            break
        shown.append(item if len(item) <= most_chars else item[:most_chars] + "...")
        used += len(item) + 2
    text = ", ".join(shown)
    rest = len(items) - len(shown)
    return text + (_(" and {n} more").format(n=rest) if rest else "")
