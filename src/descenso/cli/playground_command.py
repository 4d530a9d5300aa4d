"""``descenso playground``: train a network live in the browser."""

from __future__ import annotations

import argparse
import secrets
import sys
import webbrowser

from descenso.cli.parser import add_common_options, wrap
from descenso.errors import ConfigError
from descenso.i18n import N_
from descenso.i18n import gettext as _

EXAMPLES = N_("""\
examples:
  descenso playground
  descenso playground --port 8765 --no-browser --lang es
""")
LOOPBACK = "127.0.0.1"


def register(subparsers) -> None:
    """Add the ``playground`` subcommand."""
    parser = subparsers.add_parser(
        "playground", help=_("watch a network learn, live in the browser"),
        description=wrap(_("Start a local page where a network trains live on descenso's own "
                           "engine: choose the data (or upload a CSV), the model and the "
                           "optimizer, watch the decision regions and the losses move, and "
                           "export the model and a script that reproduces the run.")),
        epilog=_(EXAMPLES), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0, metavar="N",
                        help=_("the port to listen on (default: a free one)"))
    parser.add_argument("--host", default=LOOPBACK, metavar="H",
                        help=_("the address to listen on (default: 127.0.0.1, this computer "
                               "only); another one needs --allow-remote"))
    parser.add_argument("--allow-remote", action="store_true",
                        help=_("allow --host to be an address other computers can reach"))
    parser.add_argument("--no-browser", action="store_true",
                        help=_("print the URL without opening a browser"))
    add_common_options(parser)
    parser.set_defaults(handler=handle)


def handle(args) -> int:
    """Serve the playground until Ctrl-C."""
    import socket

    import uvicorn

    from descenso.playground.server import MAX_MESSAGE, create_app

    if not 0 <= args.port <= 65535:
        raise ConfigError(_("--port {value} must be between 0 and 65535; try --port 8765").format(
            value=args.port))
    if args.host != LOOPBACK and not args.allow_remote:
        raise ConfigError(_("--host {host} would let other computers reach the playground; add "
                            "--allow-remote if you mean it").format(host=args.host))
    if args.host != LOOPBACK:
        print(_("warning: listening on {host}: anyone who can reach it and has the URL can use "
                "the playground").format(host=args.host), file=sys.stderr)
    listener = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((args.host, args.port))
        listener.listen(64)  # the printed URL answers from the first moment
    except OSError as error:
        raise ConfigError(_("cannot listen on {host}:{port} ({reason}); choose another --port"
                            ).format(host=args.host, port=args.port,
                                     reason=error.strerror)) from None
    port = listener.getsockname()[1]
    token = secrets.token_urlsafe(24)
    # Remote pages name this machine by addresses we cannot list; the token guards them.
    hosts = {f"{LOOPBACK}:{port}", f"localhost:{port}"} if args.host == LOOPBACK else None
    url = f"http://{args.host}:{port}/?token={token}"
    config = uvicorn.Config(create_app(token, hosts), log_level="warning", ws="websockets-sansio",
                            ws_max_size=MAX_MESSAGE, lifespan="off")
    server = uvicorn.Server(config)
    print(_("playground at {url}").format(url=url), flush=True)
    print(_("press Ctrl-C to stop"), flush=True)
    if not args.no_browser:
        webbrowser.open(url)
    try:
        server.run(sockets=[listener])
    except KeyboardInterrupt:  # uvicorn shuts down cleanly, then raises Ctrl-C again
        pass
    print(_("playground stopped"))
    return 0
