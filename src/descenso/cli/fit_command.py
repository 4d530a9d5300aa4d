"""``descenso fit``: train a model on a built-in dataset or a CSV file (thin: the work is in
:mod:`descenso.pipeline.fit`).

The flags are not listed here: each is a field of :class:`~descenso.pipeline.options.FitOptions`
(declared with :func:`~descenso.pipeline.options.flag`), so an option is added in one place.
"""

from __future__ import annotations

import argparse
from dataclasses import fields

from descenso.cli.parser import add_common_options
from descenso.i18n import N_
from descenso.i18n import gettext as _
from descenso.pipeline.options import (
    CSV_OPTIONS,
    FitOptions,
    parse_channels,
    parse_columns,
    parse_hidden,
    parse_lr,
    parse_split,
)

EXAMPLES = N_("""\
examples:
  descenso fit                       linear regression on the bundled Abalone data
  descenso fit abalone --solver gd --lr 0.001 --iterations 20000 --no-standardize
  descenso fit abalone --model mlp --hidden 64,32 --epochs 50 --patience 5
  descenso fit shells.csv --target rings
  descenso fit fashion-mnist --model mlp --hidden 128 --dropout 0.2 --optimizer adam --epochs 10
  descenso fit mnist --model cnn --channels 32,64 --epochs 5
""")

GROUPS = {"data": N_("data"), "model": N_("model"), "training": N_("training")}
# argparse converts ints and floats (its "invalid int value" message is translated in
# descenso.cli.parser); lists and "auto" are read by the pipeline's own parsers.
_ARGPARSE_TYPES = {"int": int, "float": float}
_TEXT_PARSERS = {"hidden": parse_hidden, "channels": parse_channels, "split": parse_split,
                 "lr": parse_lr, "columns": parse_columns}


def register(subparsers) -> None:
    """Add the ``fit`` subcommand, one argument per :class:`FitOptions` field."""
    parser = subparsers.add_parser(
        "fit", help=_("train a model and write it with its metrics and report"),
        description=_(
            "Train a model on a built-in dataset (abalone, line, polynomial, sine, mnist, "
            "fashion-mnist) or a CSV file, print its metrics on the training, validation and "
            "test rows with a diagnosis, and write the model, metrics.json, history.csv, the "
            "figures and report.html into the output folder."),
        epilog=_(EXAMPLES))
    add_fit_arguments(parser)
    add_common_options(parser)
    parser.set_defaults(handler=handle)


def add_fit_arguments(parser, help_overrides: dict[str, str] | None = None,
                      skip: tuple[str, ...] = ()) -> None:
    """One argument per :class:`FitOptions` field but those in ``skip``, in its ``--help``
    group (``descenso sweep`` takes them too; ``help_overrides`` rewords a field's help)."""
    groups = {None: parser}
    groups.update((name, parser.add_argument_group(_(title))) for name, title in GROUPS.items())
    for option in fields(FitOptions):
        if option.name in skip:
            continue
        add_flag(groups[option.metadata["group"]], option,
                 (help_overrides or {}).get(option.name))


def add_flag(container, option, help: str | None = None) -> None:
    """Add the :class:`FitOptions` field ``option`` to a parser or argument group (with its own
    help, or ``help`` when given)."""
    spec = option.metadata
    kwargs = {"help": help or _(spec["help"]), "default": None}
    if spec["kind"] == "positional":
        container.add_argument(option.name, nargs="?", metavar=spec["metavar"], **kwargs)
        return
    if spec["kind"] == "switch":
        kwargs["action"] = "store_true"
    elif spec["kind"] == "on-off":
        kwargs["action"] = argparse.BooleanOptionalAction
    else:
        kwargs.update(choices=spec["choices"], metavar=spec["metavar"],
                      type=_ARGPARSE_TYPES.get(spec["parse"]))
    container.add_argument("--" + option.name.replace("_", "-"), **kwargs)


def read_flags(args, options) -> dict:
    """The values of the given :class:`FitOptions` fields in parsed arguments, read by their
    parsers; flags not given are left out (their fields keep their defaults)."""
    given = {}
    for option in options:
        value = getattr(args, option.name)
        if value is None or (option.metadata["kind"] == "switch" and value is False):
            continue
        parse = _TEXT_PARSERS.get(option.metadata["parse"])
        if option.metadata["parse"] == "columns":
            value = parse(value, "--" + option.name.replace("_", "-"))
        elif parse is not None:
            value = parse(value)
        given[option.name] = value
    return given


def _csv_fields():
    return [option for option in fields(FitOptions) if option.name in CSV_OPTIONS]


def add_csv_options(container) -> None:
    """Add the CSV options ``predict`` and ``evaluate`` share with ``fit`` to a parser or group."""
    for option in _csv_fields():
        add_flag(container, option)


def csv_options(args) -> dict:
    """The CSV options given in parsed arguments, named as :class:`FitOptions` names them
    (checked by the same rules: an invalid value is a ConfigError)."""
    given = read_flags(args, _csv_fields())
    FitOptions(**given)  # the same checks as fit's
    return given


def handle(args) -> int:
    """Run the fit; exit code 0 (errors are raised and turned into codes by ``main``)."""
    from descenso.pipeline.console import Console
    from descenso.pipeline.fit import run_fit

    options = FitOptions(**read_flags(args, fields(FitOptions)))  # a flag not given: its default
    run_fit(options, Console(quiet=args.quiet), argv=getattr(args, "argv", None))
    return 0
