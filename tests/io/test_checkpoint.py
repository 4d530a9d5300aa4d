"""Checkpoint files: nested state with exact arrays, generator states, and clear errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from safetensors.numpy import save_file

from descenso.errors import ModelFileError
from descenso.io.checkpoint import load_checkpoint, save_checkpoint


def _state():
    generator = np.random.default_rng(5)
    generator.random(3)
    return {
        "epoch": 4,
        "big": 2 ** 127 + 1,
        "ratio": 0.1 + 0.2,
        "flags": [True, False, None],
        "name": "adam",
        "betas": (0.9, 0.999),
        "model": {"0.weight": generator.normal(size=(3, 2)).astype(np.float32),
                  "0.bias": np.zeros(3, np.float64)},
        "state": {0: {"step": 7, "exp_avg": np.arange(4, dtype=np.float32)}, 1: {}},
        "scalars": [np.float32(0.1), np.int64(-3), np.bool_(True)],
        "empty": np.zeros((0, 5), np.float32),
        "zero_d": np.array(2.5),
        "tricky": {"__array__": "not a reference", "a/b": [np.ones(1)]},
        "rng": generator.bit_generator.state,
    }


def test_round_trip_keeps_every_value_type_and_dtype(tmp_path):
    path = tmp_path / "checkpoint.safetensors"
    state = _state()
    save_checkpoint(path, state)
    loaded = load_checkpoint(path)
    assert loaded.keys() == state.keys()
    assert loaded["big"] == 2 ** 127 + 1 and loaded["ratio"] == 0.1 + 0.2
    assert loaded["flags"] == [True, False, None] and loaded["name"] == "adam"
    assert loaded["betas"] == (0.9, 0.999) and isinstance(loaded["betas"], tuple)
    for key in ("0.weight", "0.bias"):
        assert loaded["model"][key].dtype == state["model"][key].dtype
        np.testing.assert_array_equal(loaded["model"][key], state["model"][key])
    assert set(loaded["state"]) == {0, 1} and loaded["state"][1] == {}
    assert loaded["state"][0]["step"] == 7
    np.testing.assert_array_equal(loaded["state"][0]["exp_avg"], np.arange(4))
    for original, restored in zip(state["scalars"], loaded["scalars"]):
        assert type(restored) is type(original) and restored == original
    assert loaded["empty"].shape == (0, 5)
    assert loaded["zero_d"].shape == () and loaded["zero_d"] == 2.5
    assert loaded["tricky"]["__array__"] == "not a reference"
    np.testing.assert_array_equal(loaded["tricky"]["a/b"][0], np.ones(1))


def test_generator_state_resumes_the_same_stream(tmp_path):
    path = tmp_path / "checkpoint.safetensors"
    generator = np.random.default_rng(11)
    generator.normal(size=5)
    save_checkpoint(path, {"rng": generator.bit_generator.state})
    expected = generator.normal(size=5)
    other = np.random.default_rng(0)
    other.bit_generator.state = load_checkpoint(path)["rng"]
    np.testing.assert_array_equal(other.normal(size=5), expected)


def test_objects_that_are_not_data_are_refused(tmp_path):
    with pytest.raises(ModelFileError, match=r"cannot store a object \(at /x\)"):
        save_checkpoint(tmp_path / "c.safetensors", {"x": object()})
    assert list(tmp_path.iterdir()) == []


def _saved(tmp_path):
    path = tmp_path / "checkpoint.safetensors"
    save_checkpoint(path, _state())
    return path


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ModelFileError, match="does not exist"):
        load_checkpoint(tmp_path / "missing.safetensors")
    with pytest.raises(ModelFileError, match="is a folder"):
        load_checkpoint(tmp_path)


@pytest.mark.parametrize("keep", [0, 5, 100, -10])
def test_truncated_checkpoint(tmp_path, keep):
    path = _saved(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[:keep])
    with pytest.raises(ModelFileError, match="truncated|damaged|not a descenso"):
        load_checkpoint(path)


def test_a_flipped_byte_in_the_arrays_is_detected(tmp_path):
    path = _saved(tmp_path)
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="checksum mismatch"):
        load_checkpoint(path)


def test_a_plain_safetensors_file_is_not_a_checkpoint(tmp_path):
    path = tmp_path / "model.safetensors"
    save_file({"weight": np.ones(2, np.float32)}, str(path))
    with pytest.raises(ModelFileError, match="not a descenso training checkpoint"):
        load_checkpoint(path)


def test_random_bytes_are_not_a_checkpoint(tmp_path):
    path = tmp_path / "noise.safetensors"
    path.write_bytes(np.random.default_rng(0).bytes(4096))
    with pytest.raises(ModelFileError):
        load_checkpoint(path)


def _rewrite_metadata(path, **changes):
    data = path.read_bytes()
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + size])
    header["__metadata__"].update(changes)
    encoded = json.dumps(header).encode()
    encoded += b" " * (-len(encoded) % 8)
    path.write_bytes(len(encoded).to_bytes(8, "little") + encoded + data[8 + size:])


def test_a_newer_format_asks_to_upgrade(tmp_path):
    path = _saved(tmp_path)
    _rewrite_metadata(path, format_version="2")
    with pytest.raises(ModelFileError, match="newer descenso.*upgrade descenso"):
        load_checkpoint(path)


def test_an_unknown_format_version(tmp_path):
    path = _saved(tmp_path)
    _rewrite_metadata(path, format_version="one")
    with pytest.raises(ModelFileError, match="unknown format version 'one'"):
        load_checkpoint(path)


def test_damaged_json_state(tmp_path):
    path = _saved(tmp_path)
    _rewrite_metadata(path, state='{"epoch": ')
    with pytest.raises(ModelFileError, match="is damaged"):
        load_checkpoint(path)


@pytest.fixture(scope="module")
def checkpoint_bytes(tmp_path_factory):
    return _saved(tmp_path_factory.mktemp("template")).read_bytes()


@settings(max_examples=150, deadline=None)
@given(mutation=st.sampled_from(["flip", "truncate"]), where=st.floats(0.0, 1.0),
       bits=st.integers(1, 255))
def test_mutated_checkpoints_load_or_raise_model_file_error(tmp_path_factory, checkpoint_bytes,
                                                            mutation, where, bits):
    path = tmp_path_factory.getbasetemp() / "fuzz-checkpoint.safetensors"
    data = bytearray(checkpoint_bytes)
    position = min(int(where * len(data)), len(data) - 1)
    if mutation == "flip":
        data[position] ^= bits
    else:
        del data[position:]
    path.write_bytes(bytes(data))
    try:
        load_checkpoint(path)
    except ModelFileError:
        pass
