"""``descenso predict MODEL INPUT...``: apply a saved model to new data."""

from __future__ import annotations

import argparse

from descenso.cli.csv_options import add_csv_options, csv_options
from descenso.cli.parser import add_common_options, add_model_argument, add_out_option, wrap
from descenso.i18n import N_
from descenso.i18n import gettext as _

EXAMPLES = N_("""\
examples:
  descenso predict descenso-runs/20250101-120000-abalone new-shells.csv --out predictions.csv
  descenso predict runs/fashion/model.safetensors t10k-images-idx3-ubyte.gz
  descenso predict runs/mnist digits.npy
  descenso predict runs/mnist seven.png three.png
""")


def register(subparsers) -> None:
    """Add the ``predict`` subcommand."""
    parser = subparsers.add_parser(
        "predict", help=_("predict new data with a saved model"),
        description=wrap(_(
            "Apply a model written by 'descenso fit' to new data, with the preprocessing saved "
            "alongside it. Tabular models read a CSV file with the training columns (the target "
            "may be left out); image models read IDX files, a .npy array of shape (n, 28, 28) "
            "or (n, 784), or 28x28 PNG images. Prints CSV (prediction, or class, class_name, "
            "probability) or writes it with --out.")),
        epilog=_(EXAMPLES), formatter_class=argparse.RawDescriptionHelpFormatter)
    add_model_argument(parser)
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help=_("a CSV file, or IDX / .npy / PNG files for image models"))
    add_out_option(parser, _("write the predictions to this CSV file"))
    add_csv_options(parser.add_argument_group(_("CSV files")))
    add_common_options(parser)
    parser.set_defaults(handler=handle)


def handle(args) -> int:
    """Predict and print or write the rows."""
    from descenso.pipeline.predict import run_predict

    run_predict(args.model, args.inputs, args.out,
                echo=(lambda line: None) if args.quiet and args.out else print,
                csv=csv_options(args))
    return 0
