"""SIGKILL while a run's outputs are being written: every file is a complete version.

A child process writes the outputs of a run into one folder over and over, as ``descenso
fit`` writes them at the end of a run and in the same order (``metrics.json`` with
``write_json_atomic``, ``pipeline.outputs``'s ``write_history``, the report's figures and page,
then ``save_model``), each version marked with its number: the metrics and the history hold it,
the report's command names it, every weight equals it. The test kills the child at seeded
random moments within its first few versions (timed on a first, complete run), many times,
each time continuing from the next version. After each kill every file must parse and hold
exactly one version, the one it held before the kill or one the killed writer wrote; no file
may be newer than a file written before it; and the model must load with the weights its
description names (both are in one file, replaced in one step).
Temporary files left by the killed writers prove that kills landed in the middle of writes.
"""

from __future__ import annotations

import json
import random
import re
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
from safetensors.numpy import load_file

from descenso.io import load_model, read_description, remove_stale_temporaries
from reliability.cli_runs import process_environment

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

KILLS = 16  # at least; more (up to MAX_KILLS) until kills have landed mid-write
MAX_KILLS = 80
SEED = 20240612
HISTORY_ROWS = 5000
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"

WRITER = """
import dataclasses, sys
from pathlib import Path
from descenso import nn
from descenso.pipeline.outputs import write_history
from descenso.report import ReportContent, render_figures, write_figures, write_report
from descenso.io import read_description, save_model, write_json_atomic

folder, version, last, rows = Path(sys.argv[1]), *map(int, sys.argv[2:5])
content = ReportContent(title="crash test", history={"loss": [2.0, 1.5, 1.2, 1.1]})
figures = render_figures(content)
model = nn.Sequential(nn.Linear(400, 300), nn.ReLU(), nn.Linear(300, 1))
print("ready", flush=True)
while last < 0 or version <= last:
    write_json_atomic(folder / "metrics.json",
                      {"train": {"mse": float(version)}, "test": {"mse": float(version)}})
    write_history(folder, {"loss": [float(version)] * rows}, "epoch")
    write_figures(folder, figures)
    page = dataclasses.replace(content, command=f"descenso fit --version {version}")
    write_report(folder / "report.html", page, figures)
    for parameter in model.parameters():
        parameter.data[...] = version
    save_model(folder, model, {"version": version})
    print("wrote", version, flush=True)
    version += 1
"""
WRITE_ORDER = ("metrics.json", "history.csv", "report.html", "model.safetensors")


def _writer(folder, first: int, last: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), str(first), str(last), str(HISTORY_ROWS)],
        stdout=subprocess.PIPE, env=process_environment())


def _one(values) -> int:
    values = set(values)
    assert len(values) == 1, f"mixed versions {sorted(values)}"
    return int(values.pop())


def versions(folder, figure: bytes) -> dict[str, int]:
    """The version each output file holds, failing unless each is one complete version."""
    found = {"metrics.json": _one(
        value["mse"] for value in json.loads((folder / "metrics.json").read_text()).values())}
    lines = (folder / "history.csv").read_text().splitlines()
    assert lines[0] == "epoch,loss" and len(lines) == 1 + HISTORY_ROWS, "history.csv truncated"
    found["history.csv"] = _one(float(line.split(",")[1]) for line in lines[1:])
    page = (folder / "report.html").read_text()
    assert page.endswith("</html>\n"), "report.html truncated"
    found["report.html"] = _one(re.findall(r"--version (\d+)", page))
    png = (folder / "training_curves.png").read_bytes()
    assert png.endswith(PNG_END) and png == figure, "training_curves.png damaged"
    weights = load_file(folder / "model.safetensors")
    found["model.safetensors"] = _one(np.unique(np.concatenate(
        [array.ravel() for array in weights.values()])).tolist())
    assert read_description(folder)["version"] == found["model.safetensors"]
    return found


def test_sigkill_while_writing_the_outputs_never_leaves_a_damaged_file(tmp_path):
    folder = tmp_path / "run"
    folder.mkdir()
    first = _writer(folder, 0, 2)  # versions 0 to 2, written completely and timed
    assert first.stdout.readline() == b"ready\n"
    started = time.perf_counter()
    first.communicate(timeout=120)
    assert first.returncode == 0
    # Kills land anywhere in the first few versions a writer writes, however fast the disk.
    window = 2.5 * (time.perf_counter() - started) / 3
    figure = (folder / "training_curves.png").read_bytes()
    previous = versions(folder, figure)
    delays = random.Random(SEED)
    kills_mid_write, seen = 0, set()
    for attempt in range(MAX_KILLS):
        if attempt >= KILLS and len(seen) >= 3 and kills_mid_write >= 3:
            break
        start = max(previous.values()) + 1
        writer = _writer(folder, start, -1)
        try:
            assert writer.stdout.readline() == b"ready\n"
            time.sleep(delays.uniform(0.0, window))
        finally:
            writer.send_signal(signal.SIGKILL)
            writer.wait(timeout=30)
            writer.stdout.close()
        assert writer.returncode == -signal.SIGKILL
        kills_mid_write += bool(remove_stale_temporaries(folder))

        current = versions(folder, figure)
        for name, version in current.items():  # untouched, or written by the killed writer
            assert version == previous[name] or version >= start, (name, previous, current)
        order = [current[name] for name in WRITE_ORDER]
        assert order == sorted(order, reverse=True), current  # never ahead of what precedes
        # The model loads with the weights its description names.
        saved = load_model(folder)
        assert saved.metadata["version"] == current["model.safetensors"]
        assert all((weights.data == current["model.safetensors"]).all()
                   for weights in saved.model.parameters())
        seen.add(current["model.safetensors"])
        previous = current
        names = sorted(p.name for p in folder.iterdir())
        assert names == sorted([*WRITE_ORDER, "training_curves.png"])

    # The test proves nothing unless writers got far and were caught halfway through writes.
    assert len(seen) >= 3, seen
    assert kills_mid_write >= 3, kills_mid_write
