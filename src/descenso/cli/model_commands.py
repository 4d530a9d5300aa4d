"""``descenso predict MODEL INPUT...`` and ``descenso evaluate MODEL DATA``: a saved model on
new data. Both take the model, the data, ``--out`` and the CSV options of ``fit``, added once
here."""

from __future__ import annotations

from descenso.cli.fit_command import add_csv_options, csv_options
from descenso.cli.parser import add_common_options, output_path
from descenso.i18n import N_
from descenso.i18n import gettext as _

PREDICT_EXAMPLES = N_("""\
examples:
  descenso predict descenso-runs/20250101-120000-abalone new-shells.csv --out predictions.csv
  descenso predict runs/fashion/model.safetensors t10k-images-idx3-ubyte.gz
  descenso predict runs/mnist digits.npy
  descenso predict runs/mnist seven.png three.png
""")
EVALUATE_EXAMPLES = N_("""\
examples:
  descenso evaluate descenso-runs/20250101-120000-abalone abalone
  descenso evaluate runs/shells labelled-shells.csv --out metrics.json
  descenso evaluate runs/fashion fashion-mnist --data-dir ~/data
""")


def register(subparsers) -> None:
    """Add the ``predict`` and ``evaluate`` subcommands."""
    predict = _add(subparsers, "predict", _("predict new data with a saved model"), _(
        "Apply a model written by 'descenso fit' to new data, with the preprocessing saved "
        "alongside it. Tabular models read a CSV file with the training columns (the target "
        "may be left out); image models read IDX files, a .npy array of shape (n, 28, 28) "
        "or (n, 784), or 28x28 PNG images. Prints CSV (prediction, or class, class_name, "
        "probability) or writes it with --out."), PREDICT_EXAMPLES, handle_predict)
    predict.add_argument("inputs", nargs="+", metavar="INPUT",
                         help=_("a CSV file, or IDX / .npy / PNG files for image models"))
    _finish(predict, _("write the predictions to this CSV file"))
    evaluate = _add(subparsers, "evaluate", _("measure a saved model on labelled data"), _(
        "Print the metrics of a model written by 'descenso fit' (r2, mse, rmse, mae for "
        "regression; accuracy and loss for classification) on a CSV file with the target "
        "column, or on a built-in dataset's test split."), EVALUATE_EXAMPLES, handle_evaluate)
    evaluate.add_argument("data", metavar="DATA",
                          help=_("a CSV file with the target column, or a built-in dataset name"))
    evaluate.add_argument("--data-dir", help=_("folder holding the MNIST / Fashion-MNIST files"))
    _finish(evaluate, _("also write the metrics as JSON"))


def _add(subparsers, name: str, help: str, description: str, examples: str, handler):
    parser = subparsers.add_parser(name, help=help, description=description,
                                   epilog=_(examples))
    parser.add_argument("model", metavar="MODEL",
                        help=_("the run folder written by 'descenso fit', or its model.safetensors"))
    parser.set_defaults(handler=handler)
    return parser


def _finish(parser, out_help: str) -> None:
    parser.add_argument("--out", metavar="FILE", type=output_path, help=out_help)
    add_csv_options(parser.add_argument_group(_("CSV files")))
    add_common_options(parser)


def handle_predict(args) -> int:
    """Predict and print or write the rows."""
    from descenso.pipeline.predict import run_predict

    run_predict(args.model, args.inputs, args.out,
                echo=(lambda line: None) if args.quiet and args.out else print,
                csv=csv_options(args))
    return 0


def handle_evaluate(args) -> int:
    """Evaluate and print the metrics table."""
    from descenso.pipeline.console import format_metrics_table
    from descenso.pipeline.evaluate import run_evaluate

    label, metrics = run_evaluate(args.model, args.data, data_dir=args.data_dir, out=args.out,
                                  csv=csv_options(args))
    for line in format_metrics_table({label: metrics}):
        print(line)
    return 0
