"""``descenso evaluate MODEL DATA``: the metrics of a saved model on labelled data."""

from __future__ import annotations

import argparse

from descenso.cli.csv_options import add_csv_options, csv_options
from descenso.cli.parser import add_common_options, add_model_argument, add_out_option, wrap
from descenso.i18n import N_
from descenso.i18n import gettext as _

EXAMPLES = N_("""\
examples:
  descenso evaluate descenso-runs/20250101-120000-abalone abalone
  descenso evaluate runs/shells labelled-shells.csv --out metrics.json
  descenso evaluate runs/fashion fashion-mnist --data-dir ~/data
""")


def register(subparsers) -> None:
    """Add the ``evaluate`` subcommand."""
    parser = subparsers.add_parser(
        "evaluate", help=_("measure a saved model on labelled data"),
        description=wrap(_(
            "Print the metrics of a model written by 'descenso fit' (r2, mse, rmse, mae for "
            "regression; accuracy and loss for classification) on a CSV file with the target "
            "column, or on a built-in dataset's test split.")),
        epilog=_(EXAMPLES), formatter_class=argparse.RawDescriptionHelpFormatter)
    add_model_argument(parser)
    parser.add_argument("data", metavar="DATA",
                        help=_("a CSV file with the target column, or a built-in dataset name"))
    parser.add_argument("--data-dir", help=_("folder holding the MNIST / Fashion-MNIST files"))
    add_out_option(parser, _("also write the metrics as JSON"))
    add_csv_options(parser.add_argument_group(_("CSV files")))
    add_common_options(parser)
    parser.set_defaults(handler=handle)


def handle(args) -> int:
    """Evaluate and print the metrics table."""
    from descenso.pipeline.console import format_metrics_table
    from descenso.pipeline.evaluate import run_evaluate

    label, metrics = run_evaluate(args.model, args.data, data_dir=args.data_dir, out=args.out,
                                  csv=csv_options(args))
    for line in format_metrics_table({label: metrics}):
        print(line)
    return 0
