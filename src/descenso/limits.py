"""How much memory a size that an input merely claims may take, checked before allocating.

A file header, a model description or a flag can claim any size: a safetensors header may
declare a 20 GB tensor in a 1 KB file, ``--hidden 1000000000`` asks for a billion-unit layer.
Before allocating what such a claim implies, descenso calls :func:`check_memory`, which
compares the bytes with what the machine can give: the smaller of the memory the system
reports available and the process's address-space limit (``ulimit -v``). The message names
what was asked, how much it needs and how much there is.

Like :mod:`descenso.errors`, this module imports only leaf modules, so every layer may use it.

>>> check_memory(1024, "a small table")
>>> format_bytes(3 * 2**30)
'3.0 GB'
"""

from __future__ import annotations

import os

from descenso.errors import ResourceLimitError
from descenso.i18n import gettext as _

__all__ = ["available_memory", "check_memory", "format_bytes"]

# What a process may use of the memory the system reports available: the rest is for the
# arrays that work on the allocation (gradients, optimizer state, temporaries).
_USABLE_FRACTION = 0.5


def format_bytes(n_bytes: float) -> str:
    """``n_bytes`` in B, KB, MB, GB or TB (powers of 1024), one decimal above bytes."""
    value = float(n_bytes)
    for unit in ("B", "KB", "MB", "GB"):
        if abs(value) < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


def _meminfo_available() -> int | None:
    try:
        with open("/proc/meminfo", "rb") as meminfo:
            for line in meminfo:
                if line.startswith(b"MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _address_space_limit() -> int | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
    return None if soft == resource.RLIM_INFINITY else soft


def _physical_memory() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def available_memory() -> int:
    """Bytes this process can reasonably allocate now (a half of what the system offers)."""
    candidates = [n for n in (_meminfo_available() or _physical_memory(),
                              _address_space_limit()) if n]
    total = min(candidates) if candidates else 8 * 2**30
    return int(total * _USABLE_FRACTION)


def check_memory(n_bytes: float, what: str, advice: str | None = None) -> None:
    """Raise :class:`ResourceLimitError` if ``n_bytes`` for ``what`` exceed the memory available.

    Parameters
    ----------
    n_bytes : float
        The bytes the allocation needs (a float, so products of claimed sizes never overflow).
    what : str
        What would be allocated, already translated (e.g. "the layer Linear(1000000, 10000)").
    advice : str, optional
        What to do, already translated; by default: use smaller sizes.
    """
    limit = available_memory()
    if n_bytes <= limit:
        return
    raise ResourceLimitError(
        _("{what} needs {needed} of memory, more than the {limit} available; {advice}").format(
            what=what, needed=format_bytes(n_bytes), limit=format_bytes(limit),
            advice=advice or _("use smaller sizes or a machine with more memory")))
