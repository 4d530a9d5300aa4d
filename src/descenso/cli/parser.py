"""The command line's parser: argparse with descenso's manners.

Errors are raised as :class:`UsageError` (so ``main`` prints them in one line) with argparse's
own English messages re-translated; section titles and ``--help`` are translated like the rest.
The argument blocks that several commands share are defined here once.
"""

from __future__ import annotations

import argparse
import re
import textwrap

from descenso import i18n
from descenso.errors import DescensoError
from descenso.i18n import N_
from descenso.i18n import gettext as _
from descenso.threads import DEFAULT_THREADS

__all__ = ["Parser", "UsageError", "add_common_options", "output_path", "translate_argparse",
           "wrap"]


class UsageError(DescensoError, ValueError):
    """The command line itself is wrong (unknown option, missing argument, bad value)."""


# argparse's own messages, recognised by their English form, so they can be translated too.
_ARGPARSE_MESSAGES = (
    (re.compile(r"^unrecognized arguments: (?P<args>.*)$"),
     N_("unrecognized arguments: {args}")),
    (re.compile(r"^the following arguments are required: (?P<args>.*)$"),
     N_("the following arguments are required: {args}")),
    (re.compile(r"^argument (?P<arg>\S+): invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)$"),
     N_("argument {arg}: invalid choice: {value} (choose from {choices})")),
    (re.compile(r"^argument (?P<arg>\S+): expected one argument$"),
     N_("argument {arg}: expected one argument")),
    (re.compile(r"^argument (?P<arg>\S+): invalid (?P<kind>\w+) value: (?P<value>.*)$"),
     N_("argument {arg}: invalid {kind} value: {value}")),
    (re.compile(r"^argument (?P<arg>\S+): ignored explicit argument (?P<value>.*)$"),
     N_("argument {arg}: ignored explicit argument {value}")),
)


def translate_argparse(message: str) -> str:
    """argparse's English ``message`` in the current language (unchanged when unknown).

    >>> translate_argparse("argument --epochs: expected one argument")
    'argument --epochs: expected one argument'
    """
    for pattern, template in _ARGPARSE_MESSAGES:
        match = pattern.match(message)
        if match:
            return _(template).format(**match.groupdict())
    return message


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help laid out as written, with argparse's "usage: " prefix translated."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix=_("usage: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are raised, so ``main`` prints them in one line, whose
    own words (section titles, ``--help``) are translated like the rest, and whose description
    is wrapped to 79 columns."""

    def __init__(self, *args, description: str | None = None, **kwargs):
        kwargs["formatter_class"] = _Formatter
        kwargs["description"] = None if description is None else wrap(description)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=_("show this help message and exit"))

    def error(self, message: str):
        raise UsageError(
            _("{message}; run '{prog} --help' for usage").format(
                message=translate_argparse(message), prog=self.prog)
        )


def wrap(text: str) -> str:
    """A help paragraph wrapped to 79 columns (descriptions keep their own line breaks)."""
    return textwrap.fill(text, width=79)


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Options every subcommand accepts: ``--lang``, ``--quiet``, ``--debug``, ``--threads``."""
    parser.add_argument(
        "--lang", choices=i18n.LANGUAGES, default=None,
        help=_("language of messages and reports (default: from the LANG environment variable)"),
    )
    parser.add_argument("--quiet", action="store_true", help=_("print only errors and results"))
    parser.add_argument(
        "--debug", action="store_true", help=_("show the full traceback when something fails")
    )
    parser.add_argument(
        "--threads", type=int, default=DEFAULT_THREADS, metavar="N",
        help=_("threads for large matrix products (default: {n}); the results are the same "
               "with any number").format(n=DEFAULT_THREADS),
    )


def output_path(text: str) -> str:
    """An ``--out`` value: any path except an empty one, which would mean the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            _("the path is empty, which would write into the current folder; give a name"))
    return text
