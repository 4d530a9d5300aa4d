"""The ``descenso`` command: argument parsing, dispatch, and the error contract.

Every subcommand lives in its own module (listed in :mod:`descenso.cli.commands`) and
registers itself with :func:`build_parser`; the parser's manners are in
:mod:`descenso.cli.parser`. Imports go one way: main -> commands -> *_command -> parser.
Errors a user can cause end the program with one line ``error: <what>; <what to do>`` on
stderr and exit code 2 (3 when training diverged, 130 when interrupted); ``--debug`` shows
the traceback instead.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import traceback
from collections.abc import Sequence

from descenso import advice, i18n, threads
from descenso._version import __version__
from descenso.cli import commands
from descenso.cli.parser import Parser, UsageError
from descenso.errors import DescensoError, TrainingDiverged
from descenso.i18n import gettext as _

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_DIVERGED = 3
EXIT_INTERRUPTED = 130
MAX_THREADS = 256


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every subcommand."""
    parser = Parser(
        prog="descenso",
        description=_(
            "Learn and use machine learning by gradient descent: train on a bundled dataset, "
            "any CSV, or MNIST/Fashion-MNIST, and get metrics, a diagnosis, the model and an "
            "HTML report."
        ),
        epilog=_("example: descenso fit            (trains on the bundled Abalone data)"),
    )
    parser.add_argument("--version", action="version", version=f"descenso {__version__}",
                        help=_("show the version number and exit"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in commands.COMMANDS:
        command.register(subparsers)
    return parser


def _language_from_argv(argv: Sequence[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    advice.use_command_line(True)
    try:
        language = _language_from_argv(argv)
        if language in i18n.LANGUAGES:
            i18n.set_language(language)
        parser = build_parser()
        if not argv:
            parser.print_help()
            return EXIT_OK
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_OK
        args.argv = argv[1:]  # the subcommand's own arguments, recorded to reproduce a run
        with _threads(args.threads):
            return int(args.handler(args) or EXIT_OK)
    except TrainingDiverged as exc:
        return _fail(exc, debug, EXIT_DIVERGED)
    except DescensoError as exc:
        return _fail(exc, debug, EXIT_USAGE)
    except KeyboardInterrupt as exc:
        if debug:
            traceback.print_exception(exc)
        detail = " ".join(str(exc).split())
        print(_("interrupted: {detail}").format(detail=detail) if detail else _("interrupted"),
              file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except MemoryError as exc:
        # Sizes that inputs claim are checked before allocating (descenso.limits); this is what
        # the checks could not foresee, still the user's data or flags rather than a bug.
        message = _("ran out of memory ({detail}); use fewer rows (--limit), smaller --hidden "
                    "or --batch-size, or a machine with more memory").format(
            detail=" ".join(str(exc).split()) or type(exc).__name__)
        return _fail(UsageError(message), debug, EXIT_USAGE)
    except OSError as exc:
        # A file the user named could not be read or written: their input, not our bug.
        message = _("{error}; check the path and its permissions").format(
            error=f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)
        )
        return _fail(UsageError(message), debug, EXIT_USAGE)
    finally:
        advice.use_command_line(False)  # main() may run in a process that also uses the API


@contextlib.contextmanager
def _threads(count: int):
    """``count`` threads for descenso's products, the BLAS on one (see descenso.threads)."""
    if not 1 <= count <= MAX_THREADS:
        raise UsageError(_("--threads {value} must be between 1 and {most}; try --threads "
                           "1").format(value=count, most=MAX_THREADS))
    previous = threads.get_num_threads()
    threads.set_num_threads(count)
    try:
        with threads.single_threaded_blas():
            yield
    finally:
        threads.set_num_threads(previous)


def _fail(exc: BaseException, debug: bool, code: int) -> int:
    if debug:
        traceback.print_exception(exc)
    message = " ".join(str(exc).split())  # one line, whatever the message held
    print(f"error: {message}", file=sys.stderr)
    return code


def console_main() -> None:
    """Entry point of the ``descenso`` console script."""
    sys.exit(main())


if __name__ == "__main__":
    console_main()
