"""The playground's speed: steps/s, frames/s, control-change latency and memory over a run.

Runs a real playground server in this process (uvicorn in a thread, as ``descenso
playground`` does) and a WebSocket client beside it, training a 2-8-8-1 network (tanh, SGD,
batch 10) on 400 points of the circle. Also measures the bare training speed without a server,
and, with ``--stacks``, the two server stacks considered (Starlette + uvicorn with a
WebSocket, against the standard library's HTTP server with Server-Sent Events) sending the
same frames.

Frames a second are counted from the first frame received to the last. Memory is the
process's resident set sampled every second: at the start, after the warm-up (``--warmup``,
90 s: the history fills its 2,000 rows in 67 s), at the end, and its slope after the warm-up
by least squares, in MB a minute; with ``--tracemalloc``, also the Python heap after the
warm-up and at the end, and the allocations that grew in between. ``--cadence`` compares,
interleaved in this process, the server's frame loop on deadlines against the same loop
sleeping a fixed period after its work (what it did before).

    OPENBLAS_NUM_THREADS=1 python benchmarks/playground.py --seconds 600
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import threading
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from websockets.sync.client import connect

from descenso.playground.cadence import FrameClock
from descenso.playground.frames import frame
from descenso.playground.server import BUDGET, FRAME, GAP
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


def slope_per_minute(samples: list[tuple[float, float]]) -> float:
    """The least-squares slope of (seconds, MB) samples, in MB a minute."""
    if len(samples) < 2:
        return float("nan")
    times = [t for t, _ in samples]
    values = [v for _, v in samples]
    mean_t, mean_v = statistics.fmean(times), statistics.fmean(values)
    spread = sum((t - mean_t) ** 2 for t in times)
    return 60 * sum((t - mean_t) * (v - mean_v) for t, v in samples) / spread if spread else 0.0


def _growth(before, after, count: int = 5) -> list[str]:
    grown = [stat for stat in after.compare_to(before, "lineno") if stat.size_diff > 0]
    return [str(stat) for stat in grown[:count]]


def served(seconds: float, changes: int, warmup: float = 90.0, trace: bool = False) -> dict:
    with running_server() as server, connect(
            f"ws://{server.host}/ws?token={TOKEN}", origin=server.base, open_timeout=10,
            max_size=2**24) as socket:
        json.loads(socket.recv())
        socket.send(json.dumps({"type": "settings", "settings": SETTINGS}))
        socket.recv()
        socket.recv()
        socket.send(json.dumps({"type": "play"}))
        if trace:
            tracemalloc.start()
        frames, first_step, memory, warm = 0, None, [(0.0, rss_mb())], None
        started = time.perf_counter()
        last_sample = started
        while time.perf_counter() - started < seconds:
            message = json.loads(socket.recv(timeout=5))
            if message["type"] == "frame":
                frames += 1
                received = time.perf_counter()
                if first_step is None:
                    first_step, first_frame = message["step"], received
                last_step, last_frame = message["step"], received
            now = time.perf_counter()
            if now - last_sample > 1:
                memory.append((now - started, rss_mb()))
                last_sample = now
                if warm is None and now - started >= warmup:
                    warm = len(memory) - 1
                    warm_snapshot = tracemalloc.take_snapshot() if trace else None
                    warm_traced = tracemalloc.get_traced_memory()[0] / 2**10
        elapsed = last_frame - first_frame
        growth = (_growth(warm_snapshot, tracemalloc.take_snapshot())
                  if trace and warm is not None else [])
        traced = {"python_kb_after_warmup": warm_traced,
                  "python_kb_last": tracemalloc.get_traced_memory()[0] / 2**10} if (
            trace and warm is not None) else {}
        tracemalloc.stop()
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
    after_warmup = memory[warm:] if warm is not None else []
    for line in growth:
        print(f"grew after the warm-up: {line}")
    return {"frames_per_second": (frames - 1) / elapsed,
            "steps_per_second": (last_step - first_step) / elapsed,
            "latency_ms_median": statistics.median(latencies),
            "latency_ms_p95": latencies[int(0.95 * (len(latencies) - 1))],
            "rss_mb_first": memory[0][1],
            "rss_mb_after_warmup": after_warmup[0][1] if after_warmup else float("nan"),
            "rss_mb_last": memory[-1][1], "rss_mb_max": max(v for _, v in memory),
            "rss_mb_per_minute_after_warmup": slope_per_minute(after_warmup), **traced}


async def _frame_loop(session: Session, seconds: float, deadlines: bool) -> float:
    """The server's frame loop without the socket: a training slice in a worker thread, a
    frame encoded, then the wait; frames a second over ``seconds``."""
    def train():
        with single_threaded_blas():
            session.run_for(BUDGET)

    clock, frames, started = FrameClock(FRAME), 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        work_started = time.perf_counter()
        await asyncio.to_thread(train)
        json.dumps(frame(session))
        frames += 1
        if deadlines:
            await asyncio.sleep(max(clock.wait(), GAP))
        else:  # the loop before: a fixed period after the work
            await asyncio.sleep(max(0.001, FRAME - (time.perf_counter() - work_started)))
    return frames / (time.perf_counter() - started)


def cadence(seconds: float, rounds: int = 3) -> dict:
    """Frames a second of the loop on deadlines and of the loop sleeping after its work,
    interleaved over ``rounds`` rounds of ``seconds`` each."""
    rates = {"deadlines": [], "sleep_after_work": []}
    session = Session(SETTINGS)
    for _ in range(rounds):
        for name, values in rates.items():
            values.append(asyncio.run(_frame_loop(session, seconds, name == "deadlines")))
    return {f"{name} frames/s": statistics.median(values) for name, values in rates.items()}


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
    parser.add_argument("--warmup", type=float, default=90.0,
                        help="seconds before memory's slope is measured (the history fills its "
                             "2,000 rows in 67 s at 30 frames a second)")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="list the Python allocations that grew after the warm-up")
    parser.add_argument("--cadence", type=float, default=0.0, metavar="SECONDS",
                        help="also compare the frame loop on deadlines with the loop sleeping "
                             "after its work, three interleaved rounds of SECONDS each")
    args = parser.parse_args()
    print(f"threads: OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}, "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"bare training: {bare_steps(3.0):.0f} steps/s")
    print(f"one frame (compute + JSON): {frame_cost():.2f} ms")
    if args.cadence:
        for key, value in cadence(args.cadence).items():
            print(f"frame loop, {key}: {value:.2f}")
    for key, value in served(args.seconds, args.changes, args.warmup, args.tracemalloc).items():
        print(f"served {key}: {value:.2f}")
    if args.stacks:
        sample = json.dumps(frame(Session(SETTINGS)))
        for key, value in sse_stack(min(args.seconds, 5.0), sample).items():
            print(f"stdlib SSE {key}: {value:.1f}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
