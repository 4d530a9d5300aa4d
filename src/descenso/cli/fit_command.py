"""``descenso fit``: train a model on a built-in dataset or a CSV file (thin: the work is in
:mod:`descenso.pipeline.fit`)."""

from __future__ import annotations

import argparse

from descenso.i18n import gettext as _
from descenso.pipeline.options import (
    ACTIVATIONS,
    LOSSES,
    LR_SCHEDULES,
    MODELS,
    OPTIMIZERS,
    SOLVERS,
    TASKS,
    FitOptions,
    parse_channels,
    parse_hidden,
    parse_lr,
    parse_split,
)

EXAMPLES = """\
examples:
  descenso fit                       linear regression on the bundled Abalone data
  descenso fit abalone --solver gd --lr 0.001 --iterations 20000 --no-standardize
  descenso fit abalone --model mlp --hidden 64,32 --epochs 50 --patience 5
  descenso fit shells.csv --target rings
  descenso fit fashion-mnist --model mlp --hidden 128 --dropout 0.2 --optimizer adam --epochs 10
  descenso fit mnist --model cnn --channels 32,64 --epochs 10
"""


def register(subparsers) -> None:
    """Add the ``fit`` subcommand."""
    from descenso.cli.main import add_common_options, wrap

    parser = subparsers.add_parser(
        "fit", help=_("train a model and write it with its metrics and report"),
        description=wrap(_(
            "Train a model on a built-in dataset (abalone, line, polynomial, sine, mnist, "
            "fashion-mnist) or a CSV file, print its metrics on the training, validation and "
            "test rows with a diagnosis, and write the model, metrics.json, history.csv, the "
            "figures and report.html into the output folder.")),
        epilog=_(EXAMPLES), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", nargs="?", default="abalone", metavar="DATASET",
                        help=_("a built-in dataset name or the path of a CSV file "
                               "(default: abalone); 'descenso datasets' lists them"))
    data = parser.add_argument_group(_("data"))
    data.add_argument("--target", help=_("the CSV column to predict (default: the last one)"))
    data.add_argument("--task", choices=TASKS,
                      help=_("force regression or classification (default: from the target)"))
    data.add_argument("--split", help=_("train,validation,test fractions of a table "
                                        "(default: 0.6,0.2,0.2)"))
    data.add_argument("--standardize", action=argparse.BooleanOptionalAction, default=True,
                      help=_("standardize the features with the training rows' statistics "
                             "(default: on)"))
    data.add_argument("--drop-missing", action="store_true",
                      help=_("drop the rows of a CSV that have missing values"))
    data.add_argument("--encoding", metavar="NAME",
                      help=_("text encoding of the CSV, e.g. latin-1 or cp1252 (default: UTF-8, "
                             "with or without a byte-order mark, or UTF-16)"))
    data.add_argument("--header", action=argparse.BooleanOptionalAction, default=None,
                      help=_("whether the CSV's first line names the columns (default: "
                             "detected)"))
    data.add_argument("--data-dir", help=_("folder holding the MNIST / Fashion-MNIST files"))
    data.add_argument("--limit", type=int, metavar="N",
                      help=_("use only the first N rows (and N test images): for quick trials"))
    model = parser.add_argument_group(_("model"))
    model.add_argument("--model", choices=MODELS,
                       help=_("linear, a multilayer perceptron or a convolutional network "
                              "for images (default: linear for tables, mlp for images)"))
    model.add_argument("--solver", choices=SOLVERS,
                       help=_("linear regression: normal equations, gradient descent or SGD "
                              "(default: gd)"))
    model.add_argument("--hidden", help=_("hidden (dense) layer sizes, e.g. 128,64 (default: "
                                          "64; 128 for images)"))
    model.add_argument("--channels",
                       help=_("--model cnn: feature maps of each convolution block (3x3 "
                              "convolution, activation, 2x2 max pooling), e.g. 16,32 (default: "
                              "32,64)"))
    model.add_argument("--activation", choices=ACTIVATIONS, help=_("default: relu"))
    model.add_argument("--dropout", type=float,
                       help=_("dropout probability after each hidden layer (default: 0; 0.2 "
                              "for images; 0.25 for cnn)"))
    model.add_argument("--loss", choices=LOSSES,
                       help=_("default: mse for regression, cross_entropy for classification"))
    training = parser.add_argument_group(_("training"))
    training.add_argument("--optimizer", choices=OPTIMIZERS, help=_("default: adam"))
    training.add_argument("--lr", help=_("learning rate, a number or 'auto' (linear regression "
                                         "with gd; the default there)"))
    training.add_argument("--lr-schedule", choices=LR_SCHEDULES,
                          help=_("how the learning rate changes after each epoch: constant, "
                                 "cosine (down to 0 along a cosine) or step (10 times lower for "
                                 "the last third); networks only (default: cosine for images, "
                                 "constant for tables)"))
    training.add_argument("--iterations", type=int,
                          help=_("full-batch gradient descent steps (default: 20000)"))
    training.add_argument("--epochs", type=int,
                          help=_("passes over the data (default: 100; 10 for images)"))
    training.add_argument("--batch-size", type=int,
                          help=_("rows per step (default: 32; 64 for cnn)"))
    training.add_argument("--patience", type=int,
                          help=_("stop when the validation loss has not improved for N epochs "
                                 "and keep the best weights"))
    training.add_argument("--seed", type=int, default=42,
                          help=_("seed of the split, the weights and the shuffling "
                                 "(default: 42)"))
    training.add_argument("--resume", metavar="CHECKPOINT",
                          help=_("continue an interrupted run from its "
                                 "checkpoints/checkpoint-last.safetensors"))
    parser.add_argument("--out", metavar="DIR",
                        help=_("output folder (default: ./descenso-runs/<date-time>-<dataset>)"))
    add_common_options(parser)
    parser.set_defaults(handler=handle)


def options_from_args(args) -> FitOptions:
    """The :class:`FitOptions` of parsed arguments (values checked, ConfigError if bad)."""
    return FitOptions(
        dataset=args.dataset, target=args.target, task=args.task, model=args.model,
        solver=args.solver, hidden=None if args.hidden is None else parse_hidden(args.hidden),
        channels=None if args.channels is None else parse_channels(args.channels),
        activation=args.activation, dropout=args.dropout, loss=args.loss,
        optimizer=args.optimizer, lr=None if args.lr is None else parse_lr(args.lr),
        lr_schedule=args.lr_schedule,
        iterations=args.iterations, epochs=args.epochs, batch_size=args.batch_size,
        standardize=args.standardize,
        split=None if args.split is None else parse_split(args.split), seed=args.seed,
        patience=args.patience, limit=args.limit, drop_missing=args.drop_missing,
        encoding=args.encoding, header=args.header, data_dir=args.data_dir, out=args.out,
        resume=args.resume,
    )


def handle(args) -> int:
    """Run the fit; exit code 0 (errors are raised and turned into codes by ``main``)."""
    from descenso.pipeline.console import Console
    from descenso.pipeline.fit import run_fit

    options = options_from_args(args)
    run_fit(options, Console(quiet=args.quiet), argv=getattr(args, "argv", None))
    return 0
