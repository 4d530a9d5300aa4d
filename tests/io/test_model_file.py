"""Model files: one safetensors file with its description, round trips, PyTorch compatibility,
the two-file models of earlier versions, and every damaged, hostile or foreign case."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from safetensors import safe_open
from safetensors.numpy import load_file, save_file

from descenso import nn
from descenso.autograd import manual_seed
from descenso.errors import ConfigError, DataError, ModelFileError
from descenso.io.checkpoint import tensors_sha256
from descenso.io.model_file import (
    FORMAT_VERSION,
    load_model,
    model_from_spec,
    model_to_spec,
    read_description,
    save_model,
)


def _mlp(seed=0, hidden=8):
    manual_seed(seed)
    return nn.Sequential(
        nn.Flatten(), nn.Linear(6, hidden), nn.LeakyReLU(0.1), nn.Dropout(0.3),
        nn.Linear(hidden, hidden, bias=False), nn.Tanh(), nn.Identity(),
        nn.Linear(hidden, 4), nn.Sigmoid(), nn.Linear(4, 3), nn.Softmax(dim=1))


METADATA = {
    "preprocessing": {"feature_names": ["a", "b", "c", "d", "e", "f"],
                      "standardizer": {"mean": np.arange(6.0), "scale": np.ones(6)},
                      "one_hot": {"sex": ["F", "I", "M"]}},
    "target_name": "rings", "class_names": ["low", "mid", "high"],
    "hyperparameters": {"lr": 0.001, "epochs": 10}, "metrics": {"val": {"accuracy": 0.9}},
}


def save_two_files(folder, model, metadata=None):
    """A model as earlier versions saved it: model.json (format version 1) + bare weights."""
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {name: np.ascontiguousarray(value) for name, value in model.state_dict().items()}
    save_file(arrays, str(folder / "model.safetensors"))
    document = {
        "format": "descenso-model", "format_version": 1, "descenso_version": "0.1.0",
        "architecture": model_to_spec(model),
        "weights": {"file": "model.safetensors",
                    "sha256": hashlib.sha256((folder / "model.safetensors").read_bytes())
                    .hexdigest(),
                    "dtype": str(next(iter(arrays.values())).dtype),
                    "shapes": {name: list(array.shape) for name, array in arrays.items()}},
        **json.loads(json.dumps(metadata or {}, default=lambda a: a.tolist())),
    }
    (folder / "model.json").write_text(json.dumps(document))
    return folder


def header_metadata(path):
    with safe_open(str(path), framework="np") as file:
        return file.metadata()


def edit_description(path, change, *, rehash=True):
    """Change the description inside the model file ``path`` and write the file again."""
    metadata = header_metadata(path)
    description = json.loads(metadata["description"])
    change(description)
    metadata["description"] = json.dumps(description)
    arrays = load_file(str(path))
    if rehash:
        metadata["tensors_sha256"] = tensors_sha256(arrays)
    save_file(arrays, str(path), metadata=metadata)


@pytest.fixture
def saved(tmp_path):
    model = _mlp()
    folder = save_model(tmp_path / "run", model, METADATA)
    return model, folder


@pytest.fixture
def legacy(tmp_path):
    model = _mlp()
    return model, save_two_files(tmp_path / "old", model, METADATA)


def test_round_trip_predicts_identically_and_keeps_metadata(saved):
    model, folder = saved
    assert sorted(p.name for p in folder.iterdir()) == ["model.safetensors"]
    X = np.random.default_rng(0).normal(size=(50, 2, 3))
    loaded = load_model(folder)
    assert not loaded.model.training
    model.eval()
    expected = model(__import__("descenso").tensor(X.astype(np.float32))).data
    np.testing.assert_array_equal(loaded.predict(X), expected)
    assert loaded.metadata["target_name"] == "rings"
    assert loaded.metadata["preprocessing"]["standardizer"]["mean"] == [0, 1, 2, 3, 4, 5]
    assert loaded.metadata["class_names"] == ["low", "mid", "high"]
    assert loaded.format_version == FORMAT_VERSION
    assert loaded.architecture == model_to_spec(model)
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(loaded.model.state_dict()[key], value)


def test_the_header_records_format_version_architecture_and_tensor_hash(saved):
    _, folder = saved
    metadata = header_metadata(folder / "model.safetensors")
    assert metadata["format"] == "descenso-model"
    assert metadata["tensors_sha256"] == tensors_sha256(load_file(folder / "model.safetensors"))
    document = json.loads(metadata["description"])
    assert document == read_description(folder)
    assert document["format"] == "descenso-model" and document["format_version"] == 2
    assert document["descenso_version"] == __import__("descenso").__version__
    assert document["architecture"]["type"] == "Sequential"
    assert document["architecture"]["layers"][1] == {
        "type": "Linear", "in_features": 6, "out_features": 8, "bias": True}
    assert document["weights"]["shapes"]["1.weight"] == [8, 6]
    assert document["hyperparameters"] == {"lr": 0.001, "epochs": 10}


def test_load_accepts_the_folder_or_the_file(saved):
    _, folder = saved
    # model.json, the habit of earlier versions, names the folder's one file now
    for path in (folder / "model.safetensors", str(folder), folder / "model.json"):
        assert load_model(path).metadata["target_name"] == "rings"


def test_two_file_models_of_earlier_versions_still_load(legacy):
    model, folder = legacy
    for path in (folder / "model.json", folder / "model.safetensors", folder):
        loaded = load_model(path)
        assert loaded.format_version == 1 and loaded.metadata["target_name"] == "rings"
        for key, value in model.state_dict().items():
            np.testing.assert_array_equal(loaded.model.state_dict()[key], value)


def test_saving_over_a_two_file_model_leaves_one_file(legacy):
    _, folder = legacy
    save_model(folder, _mlp(seed=3), {"version": 2})
    assert sorted(p.name for p in folder.iterdir()) == ["model.safetensors"]
    assert load_model(folder).metadata == {"version": 2}


def test_float64_models_stay_float64(tmp_path):
    model = nn.Sequential(nn.Linear(3, 2)).double()
    loaded = load_model(save_model(tmp_path, model))
    assert loaded.model[0].weight.dtype == np.float64
    X = np.random.default_rng(1).normal(size=(4, 3))
    assert loaded.predict(X).dtype == np.float64


def test_a_bare_linear_model_and_named_sequential_round_trip(tmp_path):
    linear = nn.Linear(4, 1)
    assert list(load_model(save_model(tmp_path / "a", linear)).model.state_dict()) == [
        "weight", "bias"]
    named = nn.Sequential({"hidden": nn.Linear(2, 3), "act": nn.ReLU(), "out": nn.Linear(3, 1)})
    loaded = load_model(save_model(tmp_path / "b", named)).model
    assert list(loaded.state_dict()) == ["hidden.weight", "hidden.bias", "out.weight", "out.bias"]


def test_pytorch_loads_the_weights_into_the_equivalent_model(saved):
    torch = pytest.importorskip("torch")
    from safetensors.torch import load_file

    _, folder = saved
    reference = torch.nn.Sequential(
        torch.nn.Flatten(), torch.nn.Linear(6, 8), torch.nn.LeakyReLU(0.1),
        torch.nn.Dropout(0.3), torch.nn.Linear(8, 8, bias=False), torch.nn.Tanh(),
        torch.nn.Identity(), torch.nn.Linear(8, 4), torch.nn.Sigmoid(),
        torch.nn.Linear(4, 3), torch.nn.Softmax(dim=1))
    reference.load_state_dict(load_file(str(folder / "model.safetensors")))
    reference.eval()
    X = np.random.default_rng(2).normal(size=(20, 2, 3)).astype(np.float32)
    with torch.no_grad():
        expected = reference(torch.from_numpy(X)).numpy()
    np.testing.assert_allclose(load_model(folder).predict(X), expected, rtol=1e-5, atol=1e-6)


def test_spec_round_trip_rebuilds_the_same_layers():
    spec = model_to_spec(_mlp())
    assert model_to_spec(model_from_spec(spec)) == spec
    assert json.loads(json.dumps(spec)) == spec


class _Custom(nn.Module):
    def forward(self, x):
        return x


def test_unsupported_models_cannot_be_saved(tmp_path):
    with pytest.raises(ModelFileError, match="cannot save a _Custom.*Linear"):
        save_model(tmp_path, nn.Sequential(nn.Linear(2, 2), _Custom()))
    with pytest.raises(ModelFileError, match="cannot save a MSELoss"):
        save_model(tmp_path, nn.MSELoss())
    assert list(tmp_path.iterdir()) == []


def test_bad_metadata_writes_nothing(tmp_path):
    with pytest.raises(ConfigError, match="reserved key"):
        save_model(tmp_path / "a", nn.Linear(1, 1), {"architecture": 1})
    with pytest.raises(DataError, match="NaN"):
        save_model(tmp_path / "b", nn.Linear(1, 1), {"metrics": {"r2": float("nan")}})
    assert list(tmp_path.iterdir()) == []


def test_saving_into_a_file_path_is_refused(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(ModelFileError, match="it is a file"):
        save_model(target, nn.Linear(1, 1))


# ---------------------------------------------------------------- damaged or foreign files


def _edit_json(folder, change):
    """Change model.json of a two-file model, or the description inside a one-file model."""
    if not (folder / "model.json").exists():
        edit_description(folder / "model.safetensors", change)
        return
    path = folder / "model.json"
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))


def test_missing_folder(tmp_path):
    with pytest.raises(ModelFileError, match="no model at"):
        load_model(tmp_path / "nowhere")


def test_empty_folder(tmp_path):
    with pytest.raises(ModelFileError, match="model.safetensors not found"):
        load_model(tmp_path)


def test_bare_weights_without_a_description(saved):
    _, folder = saved
    save_file(load_file(folder / "model.safetensors"), str(folder / "model.safetensors"))
    with pytest.raises(ModelFileError, match="without a descenso model description"):
        load_model(folder)


def test_missing_weights_of_a_two_file_model(legacy):
    _, folder = legacy
    (folder / "model.safetensors").unlink()
    with pytest.raises(ModelFileError, match="model.safetensors is missing"):
        load_model(folder)


@pytest.mark.parametrize("text", ["{", "", "\xff\xfe", "[1, 2]", '{"format": "other"}'])
def test_invalid_or_foreign_json(legacy, text):
    _, folder = legacy
    (folder / "model.json").write_bytes(text.encode("latin-1"))
    with pytest.raises(ModelFileError, match="not valid JSON|not a descenso model file"):
        load_model(folder)


@pytest.mark.parametrize("text", ["{", "[1, 2]", '{"format": "other"}', "[" * 100_000])
def test_invalid_or_foreign_description(saved, text):
    _, folder = saved
    path = folder / "model.safetensors"
    save_file(load_file(path), str(path), metadata={**header_metadata(path), "description": text})
    with pytest.raises(ModelFileError, match="not valid JSON|not a descenso model file|too deep"):
        load_model(folder)


def test_newer_format_version_asks_to_upgrade(saved):
    _, folder = saved
    _edit_json(folder, lambda d: d.update(format_version=FORMAT_VERSION + 1))
    with pytest.raises(ModelFileError, match="newer descenso.*upgrade descenso"):
        load_model(folder)


@pytest.mark.parametrize("version", [0, "1", None, 1.5, True])
def test_unknown_format_version(saved, version):
    _, folder = saved
    _edit_json(folder, lambda d: d.update(format_version=version))
    with pytest.raises(ModelFileError, match="unknown format version"):
        load_model(folder)


@pytest.mark.parametrize("keep", [0, 7, 40, -1])
def test_truncated_weights(saved, keep):
    _, folder = saved
    path = folder / "model.safetensors"
    path.write_bytes(path.read_bytes()[:keep])
    with pytest.raises(ModelFileError, match="truncated or damaged"):
        load_model(folder)


def test_tampered_weight_values(saved):
    _, folder = saved
    path = folder / "model.safetensors"
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x40
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="SHA-256 differs"):
        load_model(folder)


def test_weights_from_another_save_are_detected(tmp_path):
    first = save_two_files(tmp_path / "first", _mlp(seed=0))
    second = save_two_files(tmp_path / "second", _mlp(seed=1))
    shutil.copy(second / "model.safetensors", first / "model.safetensors")
    with pytest.raises(ModelFileError, match="does not match model.json"):
        load_model(first)


def test_wrong_shapes(saved):
    _, folder = saved
    _edit_json(folder, lambda d: d["architecture"]["layers"][1].update(out_features=9))
    with pytest.raises(ModelFileError, match=r"does not fit.*size mismatch for 1.weight"):
        load_model(folder)


def test_missing_tensor(saved):
    _, folder = saved
    _edit_json(folder, lambda d: d["architecture"]["layers"][4].update(bias=True))
    with pytest.raises(ModelFileError, match="missing key.*'4.bias'"):
        load_model(folder)


def test_extra_tensor(saved):
    _, folder = saved
    _edit_json(folder, lambda d: d["architecture"]["layers"][1].update(bias=False))
    with pytest.raises(ModelFileError, match="unexpected key.*'1.bias'"):
        load_model(folder)


def test_foreign_safetensors_file(legacy):
    _, folder = legacy
    save_file({"encoder.layer.0.weight": np.ones((2, 2), np.float32)},
              str(folder / "model.safetensors"))
    with pytest.raises(ModelFileError, match="is it from another model"):
        load_model(folder)


def test_weights_of_another_dtype(legacy):
    _, folder = legacy
    arrays = {k: v.astype(np.float64) for k, v in _mlp().state_dict().items()}
    save_file(arrays, str(folder / "model.safetensors"))
    with pytest.raises(ModelFileError, match="dtype float64, model.json says float32"):
        load_model(folder)


@pytest.mark.parametrize("layer, message", [
    ({"type": "Transformer"}, "unknown layer type 'Transformer'"),
    ({"type": "Linear", "in_features": 6}, "needs the fields"),
    ({"type": "Linear", "in_features": -6, "out_features": 8, "bias": True}, "invalid settings"),
    ({"type": "Dropout", "p": 2.0}, "invalid settings"),
    ("ReLU", "must be an object"),
])
def test_invalid_architecture(saved, layer, message):
    _, folder = saved
    _edit_json(folder, lambda d: d["architecture"]["layers"].__setitem__(2, layer))
    with pytest.raises(ModelFileError, match=message):
        load_model(folder)


def test_missing_architecture(saved):
    _, folder = saved
    _edit_json(folder, lambda d: d.pop("architecture"))
    with pytest.raises(ModelFileError, match="lacks its 'architecture'"):
        load_model(folder)


# ---------------------------------------------------------------- fuzzing


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The bytes of a valid model folder, written once (atomic writes sync to disk: slow)."""
    folder = save_model(tmp_path_factory.mktemp("template"), _mlp(), METADATA)
    legacy = save_two_files(tmp_path_factory.mktemp("legacy"), _mlp(), METADATA)
    return {"one": {"model.safetensors": (folder / "model.safetensors").read_bytes()},
            "two": {name: (legacy / name).read_bytes()
                    for name in ("model.json", "model.safetensors")}}


@settings(max_examples=150, deadline=None)
@given(file=st.sampled_from(["one/model.safetensors", "two/model.json", "two/model.safetensors"]),
       mutation=st.sampled_from(["flip", "truncate"]), where=st.floats(0.0, 1.0),
       bits=st.integers(1, 255))
def test_mutated_files_load_or_raise_model_file_error(tmp_path_factory, template, file,
                                                      mutation, where, bits):
    """A damaged byte or a cut anywhere: the loader loads or says ModelFileError, nothing else."""
    layout, file = file.split("/")
    folder = tmp_path_factory.getbasetemp() / f"fuzz-model-{layout}"
    folder.mkdir(exist_ok=True)
    data = bytearray(template[layout][file])
    position = min(int(where * len(data)), len(data) - 1)
    if mutation == "flip":
        data[position] ^= bits
    else:
        del data[position:]
    for name, content in template[layout].items():
        (folder / name).write_bytes(bytes(data) if name == file else content)
    try:
        loaded = load_model(folder)
    except ModelFileError:
        return
    assert loaded.predict(np.zeros((2, 6))).shape == (2, 3)


# ---------------------------------------------------------------- crashes and the old protocol


def _constant_model(value):
    model = nn.Linear(3, 2)
    for parameter in model.parameters():
        parameter.data[...] = value
    return model


def _version_of(folder):
    saved = load_model(folder)
    values = {float(v) for p in saved.model.parameters() for v in np.unique(p.data)}
    assert values == {float(saved.metadata["version"])}  # the weights its description names
    return saved.metadata["version"]


def test_a_crash_during_a_save_keeps_the_previous_model(tmp_path, monkeypatch):
    save_model(tmp_path, _constant_model(1), {"version": 1})

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("descenso.io.model_file.write_bytes_atomic", crash)
    with pytest.raises(KeyboardInterrupt):
        save_model(tmp_path, _constant_model(2), {"version": 2})
    assert _version_of(tmp_path) == 1


def test_two_file_models_cut_between_their_files_load_the_kept_weights(tmp_path):
    """Earlier versions kept the old weights as .model.safetensors.previous until the new
    model.json was written; a folder left so loads the model the JSON describes."""
    save_two_files(tmp_path, _constant_model(1), {"version": 1})
    os.link(tmp_path / "model.safetensors", tmp_path / ".model.safetensors.previous")
    save_file(_constant_model(2).state_dict(), str(tmp_path / "model.safetensors"))
    assert _version_of(tmp_path) == 1
    # The kept weights must match model.json's SHA-256, not merely exist.
    (tmp_path / ".model.safetensors.previous").write_bytes(
        (tmp_path / "model.safetensors").read_bytes())
    with pytest.raises(ModelFileError, match="does not match model.json"):
        load_model(tmp_path)


def test_saving_removes_the_stale_temporaries_of_its_folder(tmp_path):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    stale = tmp_path / f".model.safetensors.{int(finished.stdout)}.0123456789abcdef.tmp"
    stale.write_bytes(b"half a file")
    ours = tmp_path / f".report.html.{os.getpid()}.0123456789abcdef.tmp"
    ours.write_text("being written")
    save_model(tmp_path, _constant_model(1), {"version": 1})
    assert sorted(p.name for p in tmp_path.iterdir()) == [ours.name, "model.safetensors"]
