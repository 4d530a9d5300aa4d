"""``descenso demo NAME``: run one of the classic gradient-descent lessons."""

from __future__ import annotations

from descenso.cli.parser import add_common_options, output_path
from descenso.errors import ConfigError
from descenso.i18n import N_
from descenso.i18n import gettext as _

EXAMPLES = N_("""\
examples:
  descenso demo --list
  descenso demo sine --out sine-demo --seed 0
  descenso demo abalone --lang es
  descenso demo images --data-dir datos --lang es
""")


def register(subparsers) -> None:
    """Add the ``demo`` subcommand."""
    parser = subparsers.add_parser(
        "demo", help=_("run a classic lesson and write its figures"),
        description=_("Run one of the classic lessons of learning by gradient descent: it "
                      "explains each step, and writes its figures and an index.html page."),
        epilog=_(EXAMPLES))
    parser.add_argument("name", nargs="?", metavar="NAME",
                        help=_("the demo to run; --list shows them"))
    parser.add_argument("--list", action="store_true", help=_("list the demos and exit"))
    parser.add_argument("--out", metavar="DIR", type=output_path,
                        help=_("output folder (default: ./demo-NAME)"))
    parser.add_argument("--seed", type=int, default=0,
                        help=_("seed of the data and weights (default: 0)"))
    parser.add_argument("--data-dir", metavar="DIR",
                        help=_("folder with the MNIST or Fashion-MNIST files, for the lessons "
                               "on images (default: DESCENSO_DATA or the user cache)"))
    add_common_options(parser)
    parser.set_defaults(handler=handle)


def handle(args) -> int:
    """List the demos, or run one."""
    from descenso.demos import DEMOS, run_demo

    if args.list:
        width = max(len(name) for name in DEMOS) + 2
        for name, demo in DEMOS.items():
            print(name.ljust(width) + demo.description)
        return 0
    if args.name is None:
        raise ConfigError(
            _("which demo? give its name, e.g. 'descenso demo sine'; 'descenso demo --list' "
              "shows them all"))
    if args.seed < 0:
        raise ConfigError(
            _("--seed {value} must be 0 or more; any whole number such as 42 works").format(
                value=args.seed))
    options = {} if args.data_dir is None else {"data_dir": args.data_dir}
    result = run_demo(args.name, args.out, seed=args.seed, lang=args.lang,
                      echo=None if args.quiet else print, **options)
    if result.page is not None:
        print(_("figures and page written to {page}").format(page=result.page))
    return 0
