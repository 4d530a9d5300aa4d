"""The options that say how to read a CSV file, defined once for ``fit``, ``predict`` and
``evaluate``."""

from __future__ import annotations

import argparse

from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["add_csv_options", "csv_options", "parse_columns"]


def parse_columns(text: str, flag: str) -> tuple[str, ...]:
    """``"a, b,c"`` -> ``("a", "b", "c")``; ConfigError for an empty list.

    >>> parse_columns("sex, length", "--drop")
    ('sex', 'length')
    """
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    if not names:
        raise ConfigError(_("{flag} needs column names separated by commas, such as {flag} "
                            "id,name").format(flag=flag))
    return names


def add_csv_options(parser) -> None:
    """Add the CSV reading options to ``parser`` (a parser or an argument group)."""
    parser.add_argument("--delimiter", metavar="CHAR",
                        help=_("the CSV's field separator: , ; | tab or whitespace (runs of "
                               "spaces) (default: detected)"))
    parser.add_argument("--skip-rows", type=int, metavar="N",
                        help=_("skip the first N lines of the CSV (default: a preamble line "
                               "of counts and class names is detected and skipped)"))
    parser.add_argument("--header", action=argparse.BooleanOptionalAction, default=None,
                        help=_("whether the CSV's first line names the columns (default: "
                               "detected)"))
    parser.add_argument("--encoding", metavar="NAME",
                        help=_("text encoding of the CSV, e.g. latin-1 or cp1252 (default: "
                               "UTF-8, with or without a byte-order mark, or UTF-16)"))
    parser.add_argument("--drop-missing", action="store_true",
                        help=_("drop the rows of a CSV that have missing values"))
    parser.add_argument("--drop", metavar="COL,...",
                        help=_("columns of the CSV to leave out"))
    parser.add_argument("--features", metavar="COL,...",
                        help=_("the CSV columns to use as features (the others, except the "
                               "target, are left out)"))


def csv_options(args) -> dict:
    """The CSV options of parsed arguments, named as :class:`FitOptions` names them."""
    if args.skip_rows is not None and args.skip_rows < 0:
        raise ConfigError(_("--skip-rows {value} is negative; give 0 or more lines").format(
            value=args.skip_rows))
    return {
        "delimiter": args.delimiter, "skip_rows": args.skip_rows, "header": args.header,
        "encoding": args.encoding, "drop_missing": args.drop_missing,
        "drop": () if args.drop is None else parse_columns(args.drop, "--drop"),
        "features": None if args.features is None else parse_columns(args.features,
                                                                       "--features"),
    }
