"""Helpers of the command-line tests: run ``main`` in-process and capture what it printed."""

from __future__ import annotations

from dataclasses import dataclass

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
