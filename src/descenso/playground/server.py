"""The playground's server: Starlette on uvicorn, one page, one WebSocket per page.

Security, checked on every request and WebSocket before any route runs (:class:`Guard`):

- the token (``?token=`` or the ``X-Descenso-Token`` header), random per server, as Jupyter
  does: missing is 401, wrong is 403;
- the ``Host`` header must name the loopback address the server is bound to (DNS
  rebinding): 400;
- an ``Origin``, when sent (always by a browser's WebSocket), must be the page's own, the
  ``Host`` it asked: 403;
- request bodies are capped (:data:`MAX_BODY`): 413; fixed routes only, no file paths from the
  page: anything else is 404;
- every answer carries a strict Content-Security-Policy, ``no-referrer`` and ``nosniff``.

Each page opens one WebSocket; its :class:`Page` trains a :class:`Session` in slices of
:data:`BUDGET` seconds (in a worker thread, BLAS on one thread) and sends a frame after each,
on deadlines 1/30 s apart (:class:`~descenso.playground.cadence.FrameClock`), so 30 a second.
When the page goes away its training stops and is forgotten.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import math
import secrets
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from descenso import i18n
from descenso.data import load_csv
from descenso.errors import DescensoError
from descenso.i18n import gettext as _
from descenso.playground import export
from descenso.playground.cadence import FrameClock
from descenso.playground.data import PlaygroundData
from descenso.playground.frames import frame, setup
from descenso.playground.session import Session
from descenso.playground.strings import page_strings
from descenso.threads import single_threaded_blas

__all__ = ["BUDGET", "FRAME", "MAX_BODY", "create_app"]

BUDGET = 0.010  # seconds of training per frame
FRAME = 1 / 30  # seconds between frames
GAP = 0.001  # seconds the frame loop always leaves the event loop, even when frames run late
MAX_BODY = 2 * 2**20  # bytes: the largest CSV a page may upload
MAX_MESSAGE = 64 * 2**10  # bytes: the largest WebSocket message from the page
MAX_PAGES = 8
_STATIC = {"app.js": "text/javascript", "style.css": "text/css"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def _static(name: str) -> str:
    return resources.files("descenso.playground").joinpath("static", name).read_text("utf-8")


@dataclass
class Page:
    """One page's training: its session, its uploaded CSV, whether it plays."""

    id: str
    session: Session | None = None
    table: PlaygroundData | None = None
    csv_bytes: bytes = b""
    playing: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Guard:
    """ASGI middleware: token, Host, Origin, body size and headers (see the module)."""

    def __init__(self, app, token: str, hosts: set[str] | None):
        self.app, self.token, self.hosts = app, token, hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {key.decode("latin-1").lower(): value.decode("latin-1")
                   for key, value in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            status, message = refusal
            if scope["type"] == "websocket":
                await receive()
                await send({"type": "websocket.close", "code": 1008})
                return
            return await self._plain(status, message)(scope, receive, send)
        if scope["type"] == "http":
            length = headers.get("content-length", "0")
            if not length.isdigit() or int(length) > MAX_BODY:
                return await self._plain(413, _("the upload is larger than {mb} MB; send a "
                                                "smaller file").format(mb=MAX_BODY // 2**20))(
                    scope, receive, send)
            send = self._with_headers(send)
        return await self.app(scope, self._capped(receive), send)

    def _refusal(self, scope, headers) -> tuple[int, str] | None:
        host = headers.get("host", "")
        if self.hosts is not None and host not in self.hosts:
            return 400, "wrong Host header"
        origin = headers.get("origin")
        if origin is not None and origin != f"http://{host}":
            return 403, "wrong Origin"
        query = dict(part.split("=", 1) for part in scope.get("query_string", b"").decode(
            "latin-1").split("&") if "=" in part)
        token = query.get("token") or headers.get("x-descenso-token")
        if not token:
            return 401, "token missing: open the URL the playground printed"
        if not hmac.compare_digest(token.encode(), self.token.encode()):
            return 403, "wrong token: open the URL the playground printed"
        return None

    @staticmethod
    def _plain(status: int, message: str):
        return PlainTextResponse(message, status_code=status,
                                 headers={"Content-Security-Policy": CSP})

    @staticmethod
    def _with_headers(send):
        async def wrapped(message):
            if message["type"] == "http.response.start":
                extra = [(b"content-security-policy", CSP.encode()),
                         (b"referrer-policy", b"no-referrer"),
                         (b"x-content-type-options", b"nosniff"),
                         (b"cache-control", b"no-store")]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)
        return wrapped

    @staticmethod
    def _capped(receive):
        seen = 0

        async def wrapped():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > MAX_BODY:
                    raise _TooLarge
            return message
        return wrapped


class _TooLarge(Exception):
    """A body longer than its Content-Length claimed."""


def create_app(token: str, hosts: set[str] | None):
    """The ASGI application: the page, its assets, upload, exports and the WebSocket.

    ``hosts`` are the ``Host`` values accepted (``127.0.0.1:PORT``, ``localhost:PORT``); None
    accepts any, for ``--allow-remote``, where the token and the same-origin check remain.
    """
    pages: dict[str, Page] = {}

    async def index(request: Request):
        html = _static("index.html").replace("{{token}}", token).replace(
            "{{lang}}", i18n.get_language())
        return Response(html, media_type="text/html; charset=utf-8")

    async def asset(request: Request):
        name = request.url.path.lstrip("/")
        return Response(_static(name), media_type=_STATIC[name] + "; charset=utf-8")

    async def strings(request: Request):
        return JSONResponse(page_strings())

    async def upload(request: Request):
        page = pages.get(request.headers.get("x-descenso-page", ""))
        if page is None:
            return JSONResponse({"error": _("this page has no training; reload it")}, 404)
        try:
            body = await request.body()
        except _TooLarge:
            return PlainTextResponse("body too large", 413)
        target = request.query_params.get("target") or None
        try:
            table = await asyncio.to_thread(read_table, body, target)
        except DescensoError as error:
            return JSONResponse({"error": str(error)}, 400)
        page.table, page.csv_bytes = table, body
        return JSONResponse({"rows": len(table.X), "features": table.feature_names,
                             "columns": [*table.input_features, table.target_name],
                             "target": table.target_name, "task": table.task,
                             "classes": table.class_names})

    async def download(request: Request):
        page = pages.get(request.query_params.get("page", ""))
        kind = request.path_params["kind"]
        if page is None or page.session is None:
            return PlainTextResponse(_("nothing trained yet; press play first"), 404)
        async with page.lock:
            if kind == "model":
                body = await asyncio.to_thread(export.model_file, page.session)
                name, media = "model.safetensors", "application/octet-stream"
            elif kind == "script":
                body, name, media = export.script(page.session), "playground_run.py", "text/x-python"
            elif kind == "history":
                body, name, media = export.history_csv(page.session), "history.csv", "text/csv"
            else:
                return PlainTextResponse("not found", 404)
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    async def socket(websocket: WebSocket):
        if len(pages) >= MAX_PAGES:
            await websocket.close(code=1013)
            return
        await websocket.accept()
        page = Page(secrets.token_hex(8))
        pages[page.id] = page
        trainer = asyncio.create_task(_train(page, websocket))
        try:
            await _send(websocket, {"type": "hello", "page": page.id})
            while True:
                text = await websocket.receive_text()
                if len(text) > MAX_MESSAGE:
                    await _send(websocket, {"type": "error", "message": _(
                        "message too large")})
                    continue
                await _control(page, websocket, text)
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            trainer.cancel()
            pages.pop(page.id, None)

    routes = [Route("/", index), Route("/app.js", asset), Route("/style.css", asset),
              Route("/strings", strings), Route("/upload", upload, methods=["POST"]),
              Route("/export/{kind}", download), WebSocketRoute("/ws", socket)]
    app = Starlette(routes=routes)
    return Guard(app, token, hosts)


def read_table(body: bytes, target: str | None) -> PlaygroundData:
    """An uploaded CSV read exactly as ``descenso fit`` reads one (:func:`load_csv`)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.csv"
        path.write_bytes(body)
        table = load_csv(path, target=target)
    data = PlaygroundData("csv", table.X, table.y, table.task, list(table.feature_names),
                          table.target_name or "y", table.class_names)
    data.input_features, data.categories = list(table.input_features), dict(table.categories)
    return data


async def _control(page: Page, websocket: WebSocket, text: str) -> None:
    """Apply one message of the page: settings, play, pause, step or reset."""
    try:
        message = json.loads(text)
        kind = message.get("type") if isinstance(message, dict) else None
        async with page.lock:
            if kind == "settings":
                settings = message.get("settings", {})
                if page.session is None or not page.session.change(settings):
                    await _start(page, websocket, settings)
            elif kind == "reset" and page.session is not None:
                await _start(page, websocket, page.session.settings)
            elif kind == "play":
                page.playing = True
            elif kind == "pause":
                page.playing = False
            elif kind == "step" and page.session is not None:
                page.playing = False
                page.session.step()
                page.session.record()
                await _send(websocket, frame(page.session))
    except DescensoError as error:
        page.playing = False
        await _send(websocket, {"type": "error", "message": str(error)})
    except (ValueError, AttributeError):
        await _send(websocket, {"type": "error", "message": _("malformed message")})


async def _start(page: Page, websocket: WebSocket, settings: dict) -> None:
    table = page.table
    if settings.get("data") == "csv" and page.csv_bytes and table is not None and (
            settings.get("target") or table.target_name) != table.target_name:
        table = page.table = await asyncio.to_thread(read_table, page.csv_bytes,
                                                     settings.get("target"))
    page.session = await asyncio.to_thread(_new_session, settings, table)
    page.session.record()
    await _send(websocket, setup(page.session))
    await _send(websocket, frame(page.session))


def _new_session(settings, table):
    with single_threaded_blas():
        return Session(settings, table)


def _slice(session: Session) -> None:
    with single_threaded_blas():
        session.run_for(BUDGET)


async def _train(page: Page, websocket: WebSocket) -> None:
    """Train a slice, send a frame, sleep until the next frame's deadline; until cancelled."""
    clock = FrameClock(FRAME)
    while True:
        if page.playing and page.session is not None:
            async with page.lock:
                try:
                    await asyncio.to_thread(_slice, page.session)
                    message = frame(page.session)
                except DescensoError as error:
                    page.playing = False
                    message = {"type": "error", "message": str(error)}
                except Exception as error:  # noqa: BLE001 - never a silent, frozen page
                    page.playing = False
                    message = {"type": "error", "message": _(
                        "the training stopped: {error}; press reset").format(
                        error=f"{type(error).__name__}: {error}")}
            with contextlib.suppress(RuntimeError, WebSocketDisconnect):
                await _send(websocket, message)
        # Even a late frame leaves the event loop a moment: a control the page sent during the
        # slice takes the lock first and shows in the next frame rather than the one after.
        await asyncio.sleep(max(clock.wait(), GAP))


def _finite(value):
    """``value`` with every NaN or infinity replaced by None (JSON has neither)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list):
        return [_finite(item) for item in value]
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    return value


async def _send(websocket: WebSocket, message: dict) -> None:
    try:
        text = json.dumps(message, allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(message), allow_nan=False)
    await websocket.send_text(text)
