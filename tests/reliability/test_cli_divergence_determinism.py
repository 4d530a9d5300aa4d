"""Exploding training and repeated runs, in real ``descenso`` processes.

- Divergence: a learning rate that makes training explode stops within a few steps with exit
  code 3 and one line naming the step and what to do, keeps the last checkpoint of finite
  weights (loadable), and writes no model.
- Determinism: two runs with the same seed, in separate processes with different hash seeds,
  write bit-identical ``metrics.json`` and weights in ``model.safetensors``.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from safetensors.numpy import load_file

from descenso.io import load_checkpoint
from reliability.cli_runs import run_process

STEP = re.compile(r"at step (\d+)")


@pytest.mark.parametrize("optimizer", [("--optimizer", "sgd"), ()], ids=["sgd", "adam"])
def test_an_exploding_network_stops_within_a_few_steps_and_keeps_a_finite_checkpoint(
        tmp_path, optimizer):
    result = run_process("fit", "abalone", "--model", "mlp", *optimizer, "--lr", "1e6",
                         "--epochs", "5", "--out", "boom", cwd=tmp_path)
    assert result.code == 3, result.err
    assert "Traceback" not in result.err and len(result.err_lines) == 1, result.err
    message = result.err_lines[0]
    assert re.match(r"error: the loss (became|grew)", message), message
    assert int(STEP.search(message).group(1)) <= 10  # of 79 steps per epoch
    assert "Lower the learning rate" in message
    checkpoint = tmp_path / "boom" / "checkpoints" / "checkpoint-last.safetensors"
    assert str(checkpoint.relative_to(tmp_path)) in message
    weights = load_checkpoint(checkpoint)["model"]
    assert weights and all(np.isfinite(np.asarray(value)).all() for value in weights.values())
    assert not (tmp_path / "boom" / "model.safetensors").exists()


def weight_bytes(run) -> dict[str, bytes]:
    """The bytes of each tensor of the run's model (its description names the run's folder)."""
    return {name: array.tobytes() for name, array in load_file(run / "model.safetensors").items()}


def test_an_exploding_linear_regression_exits_3_and_writes_nothing(tmp_path):
    result = run_process("fit", "abalone", "--lr", "10", "--no-standardize", "--out", "boom",
                         cwd=tmp_path)
    assert result.code == 3, result.err
    assert len(result.err_lines) == 1 and STEP.search(result.err_lines[0]), result.err
    assert not (tmp_path / "boom").exists()


@pytest.mark.parametrize("options", [
    ("--solver", "gd", "--limit", "1500"),
    ("--model", "mlp", "--hidden", "16,8", "--dropout", "0.1", "--epochs", "3", "--limit",
     "1500"),
], ids=["linear-gd", "mlp"])
def test_same_seed_in_two_processes_gives_bit_identical_files(tmp_path, options):
    for out, hash_seed in (("first", "1"), ("second", "2")):
        result = run_process("fit", "abalone", *options, "--seed", "3", "--quiet", "--out", out,
                             cwd=tmp_path, PYTHONHASHSEED=hash_seed)
        assert result.code == 0, result.err
    assert (tmp_path / "first" / "metrics.json").read_bytes() == \
        (tmp_path / "second" / "metrics.json").read_bytes()
    assert weight_bytes(tmp_path / "first") == weight_bytes(tmp_path / "second")
    other = run_process("fit", "abalone", *options, "--seed", "4", "--quiet", "--out", "other",
                        cwd=tmp_path)
    assert other.code == 0, other.err
    assert weight_bytes(tmp_path / "other") != weight_bytes(tmp_path / "first")  # seed matters
