"""Model, checkpoint and save files are the same bytes for the same content, in any process."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from safetensors.numpy import load

from descenso.io.safetensors_bytes import save_bytes

SCRIPT = """
import sys, numpy as np
from descenso.io.safetensors_bytes import save_bytes
data = save_bytes({"b": np.arange(3.0), "a": np.ones((2, 2), np.float32)},
                  {"format": "x", "description": "y", "tensors_sha256": "z", "k": "w"})
sys.stdout.buffer.write(data)
"""


def test_the_same_content_gives_the_same_bytes_in_every_process():
    runs = {subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, check=True,
                           timeout=120).stdout for _ in range(4)}
    assert len(runs) == 1


def test_the_bytes_stay_a_valid_safetensors_file():
    arrays = {"w": np.arange(6.0).reshape(2, 3), "c": np.array(7, dtype=np.int64)}
    data = save_bytes(arrays, {"z": "1", "a": "2"})
    assert int.from_bytes(data[:8], "little") % 8 == 0
    back = load(data)
    assert set(back) == {"w", "c"}
    np.testing.assert_array_equal(back["w"], arrays["w"])
