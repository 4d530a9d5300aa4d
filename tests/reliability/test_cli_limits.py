"""Files that would hang a reader or claim more memory than there is, in real processes.

Each case runs ``python -m descenso`` under a memory limit (``RLIMIT_AS`` of 2 GB, set in the
child before it starts) and a timeout: a FIFO, a device, a sparse file declaring a 20 GB
tensor, an architecture of 10^10 weights, a billion hidden units. Each must end the one way the
command promises (exit 2, one ``error:`` line naming the limit or the kind of file, no
traceback), quickly, without allocating what the input merely claims, and leave nothing behind.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from descenso.errors import DataError
from descenso.pipeline.image_inputs import read_image_inputs
from reliability.cli_runs import Result, descenso_command, process_environment
from reliability.hostile_cases import edit_description
from reliability.tables import table, write
from reliability.test_cli_hostile import _snapshot, assert_one_line_error

resource = pytest.importorskip("resource")
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")

MEMORY_LIMIT = 2 * 2**30
TWENTY_GB = 20 * 10**9


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_limited(*args, cwd) -> Result:
    """``python -m descenso args...`` under the memory limit; a hang fails the test."""
    completed = subprocess.run(
        descenso_command(*args), cwd=cwd, capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=60, check=False, preexec_fn=_limit_memory,
        env=process_environment(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1"))
    return Result(completed.returncode, completed.stdout, completed.stderr)


def sparse_safetensors(path, metadata=None):
    """A safetensors file whose header declares one float32 tensor of 20 GB, the file sparse:
    its size is right, but its blocks are not on disk."""
    header = {"w": {"dtype": "F32", "shape": [TWENTY_GB // 4], "data_offsets": [0, TWENTY_GB]}}
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    with open(path, "wb") as file:
        file.write(len(text).to_bytes(8, "little") + text)
        file.truncate(8 + len(text) + TWENTY_GB)


def _fifo(tmp, name):
    os.mkfifo(tmp / name)
    return name


def _fifo_model(tmp, runs):
    (tmp / "model").mkdir()
    os.mkfifo(tmp / "model" / "model.safetensors")
    return ["predict", "model", write(tmp, "x.csv", "colour,a,b\nred,1,2\n")]


def _sparse_model(tmp, runs):
    (tmp / "model").mkdir()
    sparse_safetensors(tmp / "model" / "model.safetensors", {"format": "descenso-model"})
    return ["predict", "model", write(tmp, "x.csv", "colour,a,b\nred,1,2\n")]


def _sparse_checkpoint(tmp, runs):
    sparse_safetensors(tmp / "big.safetensors", {"format": "descenso-checkpoint"})
    return ["fit", write(tmp, "t.csv", table()), "--model", "mlp", "--resume", "big.safetensors",
            "--out", "out"]


def _absurd_architecture(tmp, runs):
    shutil.copytree(runs, tmp / "model")
    edit_description(lambda spec: spec.update(architecture={
        "type": "Sequential", "layers": [{"type": "Linear", "in_features": 30_000,
                                          "out_features": 30_000, "bias": True}]}))(tmp / "model")
    return ["predict", "model", write(tmp, "x.csv", "colour,a,b\nred,1,2\n")]


# (id, build(tmp, tabular run) -> argv, phrase of the error line)
LIMITED = [
    ("fifo-as-csv", lambda tmp, runs: ["fit", _fifo(tmp, "pipe.csv"), "--out", "out"],
     "pipe.csv is a named pipe (FIFO), not a regular file"),
    ("dev-zero-as-csv", lambda tmp, runs: ["fit", "/dev/zero", "--out", "out"],
     "/dev/zero is a device, not a regular file"),
    ("fifo-as-model-file", _fifo_model, "model/model.safetensors is a named pipe (FIFO)"),
    ("fifo-as-checkpoint", lambda tmp, runs: [
        "fit", write(tmp, "t.csv", table()), "--model", "mlp", "--resume",
        _fifo(tmp, "pipe.safetensors"), "--out", "out"], "pipe.safetensors is a named pipe"),
    ("fifo-as-predictions", lambda tmp, runs: [
        "predict", runs, write(tmp, "x.csv", "colour,a,b\nred,1,2\n"), "--out",
        _fifo(tmp, "pipe.csv")], "cannot write pipe.csv: it is a device, FIFO or socket"),
    ("sparse-20-gb-model", _sparse_model, "of memory, more than the"),
    ("sparse-20-gb-checkpoint", _sparse_checkpoint, "of memory, more than the"),
    ("architecture-of-900-million-weights", _absurd_architecture,
     "needs 900030000 weights but"),
    ("one-hot-of-a-name-column", lambda tmp, runs: ["fit", write(tmp, "names.csv", "name,a,y\n" + "".join(
        f"n{i},{i % 13},{i % 7}\n" for i in range(18_369))),
        # an id column is dropped unless named: --features forces its one-hot encoding
        "--features", "name,a", "--out", "out"],
     "where 'name' alone has 18369 categories, needs"),
    ("a-billion-hidden-units", lambda tmp, runs: [
        "fit", write(tmp, "t.csv", table()), "--model", "mlp", "--hidden", "1000000000",
        "--out", "out"], "of memory, more than the"),
]


@pytest.mark.parametrize(("build", "phrase"),
                         [pytest.param(*case[1:], id=case[0]) for case in LIMITED])
def test_nothing_hangs_or_allocates_what_a_file_claims(tmp_path, tabular_run, build, phrase):
    argv = [str(arg) for arg in build(tmp_path, tabular_run)]
    before = {folder: _snapshot(folder) for folder in (tmp_path, tabular_run)}
    assert_one_line_error(run_limited(*argv, cwd=tmp_path), phrase)
    assert {folder: _snapshot(folder) for folder in before} == before


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device file needs root")
def test_predictions_onto_a_device_leave_the_device_alone(tmp_path, tabular_run):
    os.mknod(tmp_path / "null", 0o666 | __import__("stat").S_IFCHR, os.makedev(1, 3))
    result = run_limited("predict", tabular_run, write(tmp_path, "x.csv", "colour,a,b\nred,1,2\n"),
                         "--out", "null", cwd=tmp_path)
    assert_one_line_error(result, "cannot write null: it is a device, FIFO or socket")
    assert __import__("stat").S_ISCHR(os.lstat(tmp_path / "null").st_mode)


def test_an_npy_header_claiming_78_trillion_numbers_is_refused_before_loading(tmp_path):
    header = np.lib.format.header_data_from_array_1_0(np.zeros((1, 28, 28), np.uint8))
    header["shape"] = (10**11, 28, 28)
    with open(tmp_path / "bomb.npy", "wb") as file:
        np.lib.format.write_array_header_1_0(file, header)
        file.write(bytes(784))
    with pytest.raises(DataError, match=r"claims an array of shape \(100000000000, 28, 28\)"):
        read_image_inputs([tmp_path / "bomb.npy"])


def test_the_memory_limit_is_what_the_messages_report(tmp_path):
    """Under the limit, descenso reports half of it as available (the rest is for the arrays
    that work on an allocation)."""
    code = ("from descenso.limits import available_memory, format_bytes;"
            "print(format_bytes(available_memory()))")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               timeout=60, check=True, preexec_fn=_limit_memory)
    assert float(completed.stdout.split()[0]) <= 1.0 and completed.stdout.split()[1] == "GB"


def test_memory_running_out_where_no_check_foresaw_it_is_still_one_line(cli, monkeypatch,
                                                                         tmp_path):
    monkeypatch.chdir(tmp_path)

    def exhausted(*args, **kwargs):
        raise MemoryError("Unable to allocate 1.51 GiB for an array")

    monkeypatch.setattr("descenso.pipeline.fit.load_source", exhausted)
    assert_one_line_error(cli("fit", write(tmp_path, "t.csv", table()), "--out", "out"),
                          "ran out of memory (Unable to allocate 1.51 GiB for an array)")
    assert sorted(os.listdir(tmp_path)) == ["t.csv"]


def test_sparse_files_of_20_gb_are_refused_before_reading(tmp_path, monkeypatch):
    """Their size is real, their blocks are not: reading them would allocate 20 GB (the
    memory available is set to 1 GB, as on a small machine, whatever this one has)."""
    from descenso.data import read_idx
    from descenso.errors import ResourceLimitError

    monkeypatch.setattr("descenso.limits.available_memory", lambda: 2**30)

    with open(tmp_path / "big-idx3-ubyte", "wb") as file:
        file.write(bytes.fromhex("00000803") + (TWENTY_GB // 784).to_bytes(4, "big")
                   + (28).to_bytes(4, "big") * 2)
        file.truncate(16 + TWENTY_GB // 784 * 784)
    with pytest.raises(ResourceLimitError, match="big-idx3-ubyte needs 18.6 GB of memory"):
        read_idx(tmp_path / "big-idx3-ubyte")
    header = np.lib.format.header_data_from_array_1_0(np.zeros((1, 28, 28), np.uint8))
    header["shape"] = (TWENTY_GB // 784, 28, 28)
    with open(tmp_path / "big.npy", "wb") as file:
        np.lib.format.write_array_header_1_0(file, header)
        file.truncate(file.tell() + TWENTY_GB // 784 * 784)
    with pytest.raises(ResourceLimitError, match="the array in .*big.npy needs 18.6 GB"):
        read_image_inputs([tmp_path / "big.npy"])
