"""How to read a CSV file: the options ``predict`` and ``evaluate`` share with ``fit``.

They are the :class:`~descenso.pipeline.options.FitOptions` fields named in
:data:`~descenso.pipeline.options.CSV_OPTIONS`, added and read exactly as ``fit`` adds and
reads them, so each is defined once.
"""

from __future__ import annotations

from dataclasses import fields

from descenso.pipeline.options import CSV_OPTIONS, FitOptions

__all__ = ["add_csv_options", "csv_options"]


def _fields():
    return [option for option in fields(FitOptions) if option.name in CSV_OPTIONS]


def add_csv_options(container) -> None:
    """Add the CSV options to a parser or argument group."""
    from descenso.cli.fit_command import add_flag

    for option in _fields():
        add_flag(container, option)


def csv_options(args) -> dict:
    """The CSV options given in parsed arguments, named as :class:`FitOptions` names them
    (checked by the same rules: an invalid value is a ConfigError)."""
    from descenso.cli.fit_command import read_flags

    given = read_flags(args, _fields())
    FitOptions(**given)  # the same checks as fit's
    return given
