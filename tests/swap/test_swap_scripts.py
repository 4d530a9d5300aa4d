"""The seed texts' PyTorch code runs unchanged with ``import descenso as torch``, same numbers.

Each script in ``scripts/`` is a PyTorch block of the course texts (``../shared/seeds``) made
runnable, or a beginner snippet of an API descenso adds. ``run_script.py`` runs it once with
real PyTorch and once with descenso in PyTorch's place, both drawing the same random numbers,
and this test compares every number the two runs print, to float32 rounding.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCRIPTS = sorted((HERE / "scripts").glob("*.py"))
ABALONE = HERE.parents[1] / "src" / "descenso" / "datasets" / "files" / "abalone.data"

_NOISE = re.compile(
    r"dtype=\w+|grad_fn=<\w+>|torch\.\w+|float(16|32|64)|int(8|16|32|64)|x\^[23]|\bx\*\*3")
_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|nan|inf")


def numbers_in(text: str) -> list[float]:
    return [float(token) for token in _NUMBER.findall(_NOISE.sub(" ", text))]


def run_both(script: Path) -> tuple[str, str]:
    """Run ``script`` with PyTorch and with descenso at once; return both outputs."""
    env = {**os.environ, "MPLBACKEND": "Agg", "ABALONE_CSV": str(ABALONE),
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    processes = {engine: subprocess.Popen(
        [sys.executable, str(HERE / "run_script.py"), engine, str(script)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=HERE)
        for engine in ("torch", "descenso")}
    outputs = {}
    try:
        for engine, process in processes.items():
            stdout, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, (
                f"{engine} failed on {script.name}:\n{stderr[-3000:]}")
            outputs[engine] = stdout
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.communicate()
    return outputs["torch"], outputs["descenso"]


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_script_prints_pytorchs_numbers(script):
    pytest.importorskip("torch")
    assert_same_numbers(*run_both(script))


def assert_same_numbers(expected: str, got: str) -> None:
    want, have = numbers_in(expected), numbers_in(got)
    assert len(want) > 0, "the script printed no numbers to compare"
    assert len(have) == len(want), f"PyTorch printed:\n{expected}\ndescenso printed:\n{got}"
    for index, (a, b) in enumerate(zip(want, have)):
        # float32 rounding, and PyTorch prints tensors with 4 decimals
        assert abs(a - b) <= 1e-4 * max(1.0, abs(a)), (
            f"number {index}: PyTorch {a}, descenso {b}\nPyTorch printed:\n{expected}\n"
            f"descenso printed:\n{got}")


def test_the_comparison_catches_a_wrong_or_missing_number():
    assert_same_numbers("loss tensor(0.8000)", "loss tensor(0.80001234)")
    with pytest.raises(AssertionError, match="number 1"):
        assert_same_numbers("step 3: 0.25", "step 3: 0.26")
    with pytest.raises(AssertionError):
        assert_same_numbers("1 2 3", "1 2")
    with pytest.raises(AssertionError, match="no numbers"):
        assert_same_numbers("done", "done")


def test_numbers_are_read_from_pytorchs_and_descensos_prints():
    assert numbers_in("tensor([21.2875,  0.8000]), x: -1e-3 dtype=float64") == [21.2875, 0.8,
                                                                                  -0.001]
    assert numbers_in("Resultado: y = 0.5 + 1 x + 2 x^2 + 3 x^3") == [0.5, 1.0, 2.0, 3.0]
    assert numbers_in("tensor(13.3580, grad_fn=<MeanBackward0>)") == [13.358]
