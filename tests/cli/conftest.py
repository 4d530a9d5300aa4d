"""Helpers of the command-line tests: run ``main`` in-process and capture what it printed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from descenso.cli.main import main


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


@pytest.fixture
def cli(capsys, tmp_path, monkeypatch):
    """``cli(*args)`` runs ``descenso args...`` in-process in ``tmp_path``; returns a Result."""
    monkeypatch.chdir(tmp_path)

    def run(*args) -> Result:
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def _usage_error(result: Result) -> str:
    assert result.code == 2, (result.code, result.out, result.err)
    assert len(result.err_lines) == 1, result.err
    line = result.err_lines[0]
    assert line.startswith("error: ")
    assert "Traceback" not in result.err
    return line[len("error: "):]


@pytest.fixture
def usage_error():
    """``usage_error(result)`` asserts exit 2 with exactly one ``error:`` line on stderr and no
    traceback, and returns the message."""
    return _usage_error


SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    """``shared_data`` for module-scoped fixtures (the same folder, skip and CI rules)."""
    if not (SHARED_DATA / "mnist").is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs the shared datasets at {SHARED_DATA}; put ../shared beside "
                        "the repo")
        pytest.skip(f"shared datasets not found at {SHARED_DATA}")
    return SHARED_DATA
