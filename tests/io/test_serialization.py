"""descenso.save / descenso.load: round trips, whole models, safetensors interop, no pickle."""

from __future__ import annotations

import io
import pickle

import numpy as np
import pytest

import descenso
from descenso import nn, optim
from descenso.errors import ModelFileError


def round_trip(obj, tmp_path):
    path = tmp_path / "object.safetensors"
    descenso.save(obj, path)
    return descenso.load(path)


def test_tensors_keep_values_dtype_and_requires_grad(tmp_path):
    original = {"w": descenso.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True),
                "labels": descenso.tensor([1, 2, 3]), "p": nn.Parameter([0.5]),
                "half": descenso.tensor(np.float32([1.5]))}
    loaded = round_trip(original, tmp_path)
    for key, value in original.items():
        assert type(loaded[key]) is type(value)
        assert loaded[key].dtype == value.dtype and loaded[key].requires_grad == value.requires_grad
        np.testing.assert_array_equal(loaded[key].data, value.data)


def test_nested_structures_and_optimizer_state(tmp_path):
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    optimizer = optim.Adam(model.parameters(), lr=0.01)
    nn.MSELoss()(model(descenso.tensor(np.ones((2, 3)))), descenso.tensor(np.ones((2, 1)))) \
        .backward()
    optimizer.step()
    state = {"epoch": 3, "model": model.state_dict(), "optimizer": optimizer.state_dict(),
             "history": [0.5, 0.25], "pair": (1, "a"), "none": None, "step": np.int64(7),
             "transposed": np.arange(6.0).reshape(2, 3).T}
    loaded = round_trip(state, tmp_path)
    assert loaded["epoch"] == 3 and loaded["history"] == [0.5, 0.25]
    assert loaded["pair"] == (1, "a") and loaded["none"] is None
    assert loaded["step"] == np.int64(7) and loaded["step"].dtype == np.int64
    np.testing.assert_array_equal(loaded["transposed"], state["transposed"])
    twin = optim.Adam(nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1)).parameters())
    twin.load_state_dict(loaded["optimizer"])
    assert twin.state_dict()["param_groups"] == optimizer.state_dict()["param_groups"]
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(loaded["model"][key], value)


def test_a_sequential_model_is_saved_whole(tmp_path):
    model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
    loaded = round_trip(model, tmp_path)
    assert repr(loaded) == repr(model)
    x = descenso.tensor(np.random.default_rng(0).normal(size=(4, 2)))
    np.testing.assert_array_equal(loaded(x).data, model(x).data)


def test_a_custom_model_says_to_save_its_state_dict(tmp_path):
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(2, 1)

        def forward(self, x):
            return self.fc(x)

    path = tmp_path / "net.pt"
    with pytest.raises(ModelFileError, match=r"Net.*descenso.save\(model.state_dict\(\), path\)"):
        descenso.save(Net(), path)
    assert not path.exists()
    descenso.save(Net().state_dict(), path)
    Net().load_state_dict(descenso.load(path))


def test_a_flat_state_dict_is_readable_by_pytorch_and_back(tmp_path):
    torch = pytest.importorskip("torch")
    safetensors_torch = pytest.importorskip("safetensors.torch")
    model = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
    path = tmp_path / "weights.safetensors"
    descenso.save(model.state_dict(), path)
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    theirs.load_state_dict(safetensors_torch.load_file(str(path)))
    x = np.random.default_rng(1).normal(size=(5, 3)).astype(np.float32)
    np.testing.assert_allclose(model(descenso.tensor(x)).data,
                               theirs(torch.from_numpy(x)).detach().numpy(),
                               rtol=1e-5, atol=1e-6)
    # and a file written by PyTorch's safetensors loads as a dict of tensors
    safetensors_torch.save_file(theirs.state_dict(), str(tmp_path / "torch.safetensors"))
    again = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
    again.load_state_dict(descenso.load(tmp_path / "torch.safetensors"))
    np.testing.assert_array_equal(again[0].weight.data, model[0].weight.data)


def test_file_objects_work(tmp_path):
    buffer = io.BytesIO()
    descenso.save({"x": descenso.tensor([1.0])}, buffer)
    buffer.seek(0)
    assert descenso.load(buffer, map_location="cpu", weights_only=True)["x"].item() == 1.0


def test_a_torch_save_pickle_is_refused_without_being_opened(tmp_path):
    torch = pytest.importorskip("torch")
    path = tmp_path / "model.pt"
    torch.save({"w": torch.ones(2)}, path)
    with pytest.raises(ModelFileError, match="torch.save.*pickle.*safetensors"):
        descenso.load(path)
    legacy = tmp_path / "legacy.pkl"
    legacy.write_bytes(pickle.dumps({"w": 1}))
    with pytest.raises(ModelFileError, match="pickle"):
        descenso.load(legacy)


def test_bad_files_and_objects_get_clear_errors(tmp_path):
    with pytest.raises(ModelFileError, match="does not exist"):
        descenso.load(tmp_path / "missing.pt")
    with pytest.raises(ModelFileError, match="is a folder"):
        descenso.load(tmp_path)
    (tmp_path / "junk.pt").write_bytes(b"hello world, not a model")
    with pytest.raises(ModelFileError, match="not a safetensors file"):
        descenso.load(tmp_path / "junk.pt")
    path = tmp_path / "ok.safetensors"
    descenso.save({"w": np.ones(1000)}, path)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(ModelFileError, match="damaged"):
        descenso.load(path)
    with pytest.raises(ModelFileError, match="cannot save a set"):
        descenso.save({"bad": {1, 2}}, tmp_path / "bad.pt")
    with pytest.raises(ModelFileError, match="CPU"):
        descenso.load(path, map_location="cuda:0")
    with pytest.raises(ModelFileError, match="path or a binary file object"):
        descenso.save({"w": np.ones(1)}, 3)


def test_models_with_the_new_activations_are_saved_whole(tmp_path):
    model = nn.Sequential(nn.Linear(3, 4), nn.GELU(approximate="tanh"), nn.Linear(4, 4),
                          nn.ELU(alpha=0.5), nn.Linear(4, 2), nn.LogSoftmax(dim=1))
    loaded = round_trip(model, tmp_path)
    assert repr(loaded) == repr(model)
    x = descenso.tensor(np.random.default_rng(2).normal(size=(3, 3)))
    np.testing.assert_array_equal(loaded(x).data, model(x).data)
