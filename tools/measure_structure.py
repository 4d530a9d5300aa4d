"""Measure descenso's shape: lines per layer, and the files one training step passes through.

    python tools/measure_structure.py lines [--base REV] [--at REV] [--formatted]
    python tools/measure_structure.py walk

``lines`` counts the lines of ``src/descenso/**/*.py`` per top-level folder (layer), with the
teaching core (autograd, nn, optim) apart from the rest; with ``--base REV`` the same count at
a git revision, and the change; with ``--at REV`` the "now" side is that revision instead of
the working tree.

``walk`` runs ``descenso fit abalone --model mlp --epochs 1`` under cProfile and follows the
callers of the matrix product's backward (the backward of ``linear`` or ``matmul``) up to the
``descenso`` entry point: the shortest chain of calls, printed as the files it passes through,
in order. These are the numbers docs/ARCHITECTURE.md records.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import cProfile
import importlib.util
import io
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "descenso"
CORE = ("autograd", "nn", "optim")


def _layer(relative: str) -> str:
    parts = relative.split("/")
    return parts[0] if len(parts) > 1 else "(top level)"


def count_lines(base: str | None = None, formatted: bool = False) -> dict[str, int]:
    """Lines per layer of the working tree, or of git revision ``base``.

    With ``formatted``, each file is first laid out by ``ruff format`` (the project's line
    length), so the count measures code, not how it was wrapped: joining calls or moving a
    closing parenthesis changes nothing.
    """
    counts: dict[str, int] = collections.Counter()
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "src" / "descenso"
        if base is None:
            shutil.copytree(PACKAGE, tree, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            archive = subprocess.run(["git", "archive", base, "src/descenso"], cwd=ROOT,
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        if formatted:
            if importlib.util.find_spec("ruff") is None:
                raise SystemExit("--formatted needs ruff; pip install ruff")
            subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", "--isolated",
                            "--line-length", "100", str(tree)], check=True)
        for path in tree.rglob("*.py"):
            counts[_layer(path.relative_to(tree).as_posix())] += len(
                path.read_text(encoding="utf-8").splitlines())
    return dict(counts)


def print_lines(base: str | None, at: str | None = None, formatted: bool = False) -> None:
    now = count_lines(at, formatted)
    before = count_lines(base, formatted) if base else {}
    print(f"{'layer':<14}{'lines':>8}" + (f"{'at ' + base[:10]:>16}{'change':>9}" if base else ""))
    for layer in sorted(set(now) | set(before)):
        row = f"{layer:<14}{now.get(layer, 0):>8}"
        if base:
            row += f"{before.get(layer, 0):>16}{now.get(layer, 0) - before.get(layer, 0):>+9}"
        print(row)
    for title, keep in (("core (autograd, nn, optim)", True), ("outside the core", False)):
        total_now = sum(v for k, v in now.items() if (k in CORE) == keep)
        row = f"{title}: {total_now}"
        if base:
            total_before = sum(v for k, v in before.items() if (k in CORE) == keep)
            change = (total_now - total_before) / total_before * 100 if total_before else 0.0
            row += f" (at {base[:10]}: {total_before}, {change:+.1f}%)"
        print(row)


def _short(filename: str) -> str:
    path = Path(filename)
    try:
        return path.resolve().relative_to(PACKAGE).as_posix()
    except ValueError:
        return filename


def walk() -> list[str]:
    """The files from the entry point to the matrix product's backward, in call order."""
    from descenso.cli.main import main

    profile = cProfile.Profile()
    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(io.StringIO()):
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            profile.runcall(main, ["fit", "abalone", "--model", "mlp", "--hidden", "8",
                                   "--epochs", "1", "--limit", "200", "--quiet", "--out", "run"])
        finally:
            os.chdir(cwd)
    stats = pstats.Stats(profile).stats
    targets = [key for key in stats if key[2] == "backward"
               and _short(key[0]) in ("autograd/ops/fused.py", "autograd/ops/matmul.py")]
    entry = [key for key in stats if key[2] == "main" and _short(key[0]) == "cli/main.py"]
    if not targets or not entry:
        raise SystemExit("the profile has no matrix-product backward or no entry point")
    # Breadth-first from the backward up through the callers, to the entry point.
    previous = {key: None for key in targets}
    queue = collections.deque(targets)
    while queue:
        key = queue.popleft()
        if key in entry:
            break
        for caller in stats[key][4]:
            if caller not in previous:
                previous[caller] = key
                queue.append(caller)
    else:
        raise SystemExit("no chain of calls from the entry point to the backward")
    chain = []
    while key is not None:
        chain.append(key)
        key = previous[key]
    files: list[str] = []
    for filename, line, function in chain:
        name = _short(filename)
        print(f"  {name}:{line} {function}")
        if not files or files[-1] != name:
            files.append(name)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    lines = commands.add_parser("lines", help="lines per layer")
    lines.add_argument("--base", help="a git revision to compare with")
    lines.add_argument("--at", help="count this git revision instead of the working tree")
    lines.add_argument("--formatted", action="store_true",
                       help="count each file as ruff format lays it out (wrapping does not count)")
    commands.add_parser("walk", help="the files one training step passes through")
    args = parser.parse_args()
    if args.command == "lines":
        print_lines(args.base, args.at, args.formatted)
    else:
        files = walk()
        repeated = [name for name, count in collections.Counter(files).items() if count > 1]
        print(f"{len(files)} files: " + " -> ".join(files))
        print("each visited once" if not repeated else f"visited more than once: {repeated}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
