"""Running the ``descenso`` command as a real process, and what a run printed."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass


@dataclass
class Result:
    """What one command did: its exit code and what it printed."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def process_environment(**extra: str) -> dict[str, str]:
    """This process's environment with English messages, plus ``extra``."""
    return {**os.environ, "DESCENSO_LANG": "en", "PYTHONDONTWRITEBYTECODE": "1", **extra}


def descenso_command(*args) -> list[str]:
    """The command line of ``python -m descenso args...`` with this interpreter."""
    return [sys.executable, "-m", "descenso", *map(str, args)]


def run_process(*args, cwd, timeout: float = 120, **environment: str) -> Result:
    """``python -m descenso args...`` as a real process in ``cwd`` (``environment``: extra
    variables)."""
    completed = subprocess.run(
        descenso_command(*args), cwd=cwd, capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=timeout, check=False,
        env=process_environment(**environment))
    return Result(completed.returncode, completed.stdout, completed.stderr)
