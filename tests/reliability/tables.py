"""Small CSV tables for the reliability tests: a known linear law, written in any dialect."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def linear_rows(n: int = 40, seed: int = 0) -> list[tuple[float, float, float]]:
    """Rows (a, b, y) with y = 1.5 + 2a - 3b plus noise of 0.01: any fit must reach R² ~ 1."""
    rng = np.random.default_rng(seed)
    a, b = rng.uniform(-5, 5, n), rng.uniform(0, 10, n)
    y = 1.5 + 2 * a - 3 * b + rng.normal(0, 0.01, n)
    return list(zip(a.tolist(), b.tolist(), y.tolist()))


def table(sep: str = ",", decimal: str = ".", n: int = 40, end: str = "",
          newline: str = "\n") -> str:
    """The rows of :func:`linear_rows` as CSV text with a header ``a, b, y``."""

    def cell(value: float) -> str:
        return f"{value:.6f}".replace(".", decimal)

    lines = [sep.join(["a", "b", "y"]) + end]
    lines += [sep.join(map(cell, row)) + end for row in linear_rows(n)]
    return newline.join(lines) + newline


def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> str:
    """Write ``content`` to ``folder/name``; returns ``name``."""
    data = content.encode(encoding) if isinstance(content, str) else content
    (folder / name).write_bytes(data)
    return name
