"""A playground server on a free loopback port, in a thread of the test process."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import pytest

TOKEN = "test-token-0123456789"


class RunningServer:
    def __init__(self, port: int):
        self.port = port
        self.host = f"127.0.0.1:{port}"
        self.base = f"http://{self.host}"
        self.url = f"{self.base}/?token={TOKEN}"


@contextlib.contextmanager
def running_server(remote: bool = False):
    uvicorn = pytest.importorskip("uvicorn")
    from descenso.playground.server import MAX_MESSAGE, create_app

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    app = create_app(TOKEN, None if remote else {f"127.0.0.1:{port}", f"localhost:{port}"})
    config = uvicorn.Config(app, log_level="warning", ws="websockets-sansio",
                            ws_max_size=MAX_MESSAGE, lifespan="off")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert instance.started, "the playground server did not start"
    try:
        yield RunningServer(port)
    finally:
        instance.should_exit = True
        thread.join(timeout=10)
