"""``descenso datasets``: list the built-in datasets with their shape, task, source and licence."""

from __future__ import annotations

from descenso.cli.parser import add_common_options
from descenso.i18n import gettext as _


def register(subparsers) -> None:
    """Add the ``datasets`` subcommand."""
    parser = subparsers.add_parser(
        "datasets", help=_("list the built-in datasets"),
        description=_("List the datasets 'descenso fit' knows by name, with their shape "
                      "(samples x features), task, source and licence."),
        epilog=_("example: descenso datasets"))
    add_common_options(parser)
    parser.set_defaults(handler=handle)


def handle(args) -> int:
    """Print the table."""
    from descenso.pipeline.catalog import dataset_lines

    for line in dataset_lines():
        print(line)
    return 0
