"""The playground's speed: steps/s, frames/s, control-change latency and memory over a run.

Runs a real playground server in this process (uvicorn in a thread, as ``descenso
playground`` does) and a WebSocket client beside it, training a 2-8-8-1 network (tanh, SGD,
batch 10) on 400 points of the circle. Also measures the bare training speed without a server,
and, with ``--stacks``, the two server stacks considered (Starlette + uvicorn with a
WebSocket, against the standard library's HTTP server with Server-Sent Events) sending the
same frames.

    OPENBLAS_NUM_THREADS=1 python benchmarks/playground.py --seconds 10
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from websockets.sync.client import connect

from descenso.playground.frames import frame
from descenso.playground.session import Session
from descenso.threads import single_threaded_blas
from playground_helpers import TOKEN, running_server

SETTINGS = {"data": "circle", "n": 400, "hidden": [8, 8], "ratio": 0.5, "batch": 10}


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def bare_steps(seconds: float) -> float:
    session = Session(SETTINGS)
    with single_threaded_blas():
        started = time.perf_counter()
        while time.perf_counter() - started < seconds:
            session.step(100)
        return session.steps / (time.perf_counter() - started)


def frame_cost(count: int = 50) -> float:
    session = Session(SETTINGS)
    started = time.perf_counter()
    for _ in range(count):
        json.dumps(frame(session))
    return (time.perf_counter() - started) / count * 1000


def served(seconds: float, changes: int) -> dict:
    with running_server() as server, connect(
            f"ws://{server.host}/ws?token={TOKEN}", origin=server.base, open_timeout=10,
            max_size=2**24) as socket:
        json.loads(socket.recv())
        socket.send(json.dumps({"type": "settings", "settings": SETTINGS}))
        socket.recv()
        socket.recv()
        socket.send(json.dumps({"type": "play"}))
        frames, first_step, memory = 0, None, [rss_mb()]
        started = time.perf_counter()
        last_sample = started
        while time.perf_counter() - started < seconds:
            message = json.loads(socket.recv(timeout=5))
            if message["type"] == "frame":
                frames += 1
                first_step = message["step"] if first_step is None else first_step
                last_step = message["step"]
            if time.perf_counter() - last_sample > 1:
                memory.append(rss_mb())
                last_sample = time.perf_counter()
        elapsed = time.perf_counter() - started
        latencies = []
        for index in range(changes):
            lr = 0.01 + 0.001 * (index + 1)
            sent = time.perf_counter()
            socket.send(json.dumps({"type": "settings", "settings": {"lr": lr}}))
            while True:
                message = json.loads(socket.recv(timeout=5))
                if message["type"] == "frame" and message["lr"] == lr:
                    latencies.append((time.perf_counter() - sent) * 1000)
                    break
    latencies.sort()
    return {"frames_per_second": frames / elapsed,
            "steps_per_second": (last_step - first_step) / elapsed,
            "latency_ms_median": statistics.median(latencies),
            "latency_ms_p95": latencies[int(0.95 * (len(latencies) - 1))],
            "rss_mb_first": memory[0], "rss_mb_last": memory[-1],
            "rss_mb_max": max(memory)}


def sse_stack(seconds: float, frames_json: str) -> dict:
    """The standard-library alternative: a ThreadingHTTPServer streaming Server-Sent Events,
    controls as POST requests; the same frame sent ~30 times a second."""
    import http.client
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    state = {"lr": 0.0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            while True:
                body = frames_json.replace('"lr": 0.03', f'"lr": {state["lr"]}', 1)
                try:
                    self.wfile.write(b"data: " + body.encode() + b"\n\n")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(1 / 30)

        def do_POST(self):
            length = int(self.headers["Content-Length"])
            state["lr"] = json.loads(self.rfile.read(length))["lr"]
            self.send_response(204)
            self.end_headers()

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    stream = http.client.HTTPConnection("127.0.0.1", port)
    stream.request("GET", "/")
    response = stream.getresponse()
    started, events, latencies = time.perf_counter(), 0, []
    while time.perf_counter() - started < seconds:
        if response.readline().startswith(b"data:"):
            events += 1
    elapsed = time.perf_counter() - started
    for index in range(20):
        lr = 1 + index
        sent = time.perf_counter()
        post = http.client.HTTPConnection("127.0.0.1", port)
        post.request("POST", "/", body=json.dumps({"lr": lr}))
        post.getresponse().read()
        while f'"lr": {lr}'.encode() not in response.readline():
            pass
        latencies.append((time.perf_counter() - sent) * 1000)
    httpd.shutdown()
    latencies.sort()
    return {"events_per_second": events / elapsed, "latency_ms_median": statistics.median(latencies),
            "latency_ms_p95": latencies[int(0.95 * (len(latencies) - 1))]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the served run")
    parser.add_argument("--changes", type=int, default=40, help="learning-rate changes timed")
    parser.add_argument("--stacks", action="store_true", help="also time the SSE alternative")
    args = parser.parse_args()
    print(f"threads: OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}, "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"bare training: {bare_steps(3.0):.0f} steps/s")
    print(f"one frame (compute + JSON): {frame_cost():.2f} ms")
    for key, value in served(args.seconds, args.changes).items():
        print(f"served {key}: {value:.1f}")
    if args.stacks:
        sample = json.dumps(frame(Session(SETTINGS)))
        for key, value in sse_stack(min(args.seconds, 5.0), sample).items():
            print(f"stdlib SSE {key}: {value:.1f}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
