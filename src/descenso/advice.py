"""How advice in error messages names an option: as a Python keyword or as a command flag.

The same check raises the same error from ``load_csv(...)`` and from ``descenso fit``, but the
advice must be something the reader can type: ``drop_missing=True`` in Python,
``--drop-missing`` on the command line. Messages name options through :func:`option`, and
the command line calls :func:`use_command_line` once at start-up. Like :mod:`descenso.i18n`,
this module imports nothing from descenso, so every layer may use it.

>>> option("drop_missing", True)
'drop_missing=True'
>>> use_command_line(True)
>>> option("drop_missing", True), option("encoding", "latin-1"), option("lr", "auto")
('--drop-missing', '--encoding latin-1', '--lr auto')
>>> use_command_line(False)
"""

from __future__ import annotations

__all__ = ["option", "use_command_line"]

# Python keyword -> command-line flag, for the options whose names differ beyond "_" -> "-".
_FLAGS = {
    "columns": "--features",
    "header": "--header/--no-header",
    "max_iter": "--iterations",
    "val_size": "--split",
    "test_size": "--split",
}
# (keyword, value) pairs that are a flag on their own.
_SWITCHES = {
    ("drop_missing", True): "--drop-missing",
    ("header", False): "--no-header",
    ("header", True): "--header",
    ("standardize", False): "--no-standardize",
}

_command_line = False


def use_command_line(enabled: bool = True) -> None:
    """Name options as command-line flags (True) or as Python keywords (False, the default)."""
    global _command_line
    _command_line = bool(enabled)


def option(name: str, value=None) -> str:
    """How the reader sets option ``name`` (to ``value``, if given) where they are."""
    if not _command_line:
        return name if value is None else f"{name}={value!r}"
    if (name, value) in _SWITCHES:
        return _SWITCHES[(name, value)]
    flag = _FLAGS.get(name, "--" + name.replace("_", "-"))
    return flag if value is None or flag == "--split" else f"{flag} {value}"
