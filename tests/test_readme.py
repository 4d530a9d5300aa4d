"""The README stays true: its Python examples run and its quick start names real commands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
CI_SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "run"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


@pytest.mark.parametrize("index", range(len(_blocks("python"))))
def test_python_example_runs(index, tmp_path):
    script = tmp_path / "example.py"
    script.write_text(_blocks("python")[index], encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_command():
    quick_start = README.read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ")[0]
    commands = re.findall(r"```bash\n(.*?)\n```", quick_start, re.DOTALL)
    assert len(commands) == 2
    install_and_fit, install_and_test = commands
    assert install_and_fit.endswith("descenso fit")
    assert install_and_test in CI_SCRIPT.read_text(encoding="utf-8").splitlines()
