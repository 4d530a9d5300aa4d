"""``descenso sweep``: train one model per combination of options and compare them (thin: the
work is in :mod:`descenso.sweep`).

Every flag of ``descenso fit`` is accepted (it applies to every trial), plus the sweep's own.
"""

from __future__ import annotations

import argparse
from dataclasses import fields

from descenso.cli.fit_command import add_fit_arguments, read_flags
from descenso.cli.parser import add_common_options, wrap
from descenso.errors import ConfigError
from descenso.i18n import N_
from descenso.i18n import gettext as _
from descenso.pipeline.options import FitOptions

_NOT_FLAGS = ("resume",)

EXAMPLES = N_("""\
examples:
  descenso sweep abalone --model mlp --epochs 20 --grid lr=0.001,0.01 --grid hidden=16,64
  descenso sweep abalone --model mlp --grid "hidden=64;128,64" --grid dropout=0,0.2 --folds 5
  descenso sweep shells.csv --target rings --grid solver=normal,gd --workers 2
  descenso sweep mnist --grid lr=0.0003,0.001,0.003 --scheduler tcp://10.0.0.5:8786
""")


def register(subparsers) -> None:
    """Add the ``sweep`` subcommand: fit's arguments plus --grid, --random, --folds, --workers
    and --scheduler."""
    parser = subparsers.add_parser(
        "sweep", help=_("train one model per combination of options and compare them"),
        description=wrap(_(
            "Run 'descenso fit' once per combination of the --grid values (or --random N of "
            "them) on Dask, on this machine's cores or an existing cluster, and write one run "
            "folder per trial, results.csv, a report comparing the trials and the best model "
            "into the sweep folder. Running the same command again resumes: finished trials "
            "are not run again.")),
        epilog=_(EXAMPLES), formatter_class=argparse.RawDescriptionHelpFormatter)
    sweep = parser.add_argument_group(_("sweep"))
    sweep.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2",
                       help=_("an option of 'descenso fit' and the values to try, e.g. "
                              "lr=0.001,0.01 (repeat for more options; separate list values "
                              "with ';', e.g. \"hidden=64;128,64\")"))
    sweep.add_argument("--random", type=int, metavar="N",
                       help=_("run N combinations drawn at random (with --seed) instead of all"))
    sweep.add_argument("--folds", type=int, metavar="K",
                       help=_("also cross-validate each trial with K folds of the training and "
                              "validation rows, and pick the best by the mean"))
    sweep.add_argument("--workers", type=int, metavar="N",
                       help=_("Dask worker processes on this machine (default: one per core)"))
    sweep.add_argument("--scheduler", metavar="ADDRESS",
                       help=_("run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786"))
    # --resume continues one interrupted fit; a sweep resumes by running its command again.
    add_fit_arguments(parser, {"out": _(
        "the sweep folder (default: ./descenso-sweeps/<dataset>-<hash of the command>)")},
        skip=_NOT_FLAGS)
    add_common_options(parser)
    parser.set_defaults(handler=handle)


def handle(args) -> int:
    """Check the sweep, run it; exit code 0 (errors are raised and turned into codes by
    ``main``)."""
    from descenso.pipeline.console import Console
    from descenso.sweep.grid import parse_grids
    from descenso.sweep.runner import plan_sweep, run_sweep

    grid = parse_grids(args.grid)
    for name in grid:
        if getattr(args, name) is not None and getattr(args, name) is not False:
            raise ConfigError(
                _("--{name} is given both as a flag and in --grid; keep only the --grid").format(
                    name=name.replace("_", "-")))
    if args.workers is not None and args.workers < 1:
        raise ConfigError(_("--workers {n} must be at least 1; try --workers 2").format(
            n=args.workers))
    if args.workers is not None and args.scheduler is not None:
        raise ConfigError(_("--workers applies to this machine's cluster, not to --scheduler; "
                            "remove one of them"))
    given = read_flags(args, [option for option in fields(FitOptions)
                              if option.name not in _NOT_FLAGS])
    plan = plan_sweep(FitOptions(**given), grid, random=args.random, folds=args.folds,
                      argv=getattr(args, "argv", None))
    run_sweep(plan, Console(quiet=args.quiet), scheduler=args.scheduler, workers=args.workers)
    return 0
