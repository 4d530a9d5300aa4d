"""state_dict / load_state_dict: PyTorch's keys, in-place loading, and clear errors."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
from descenso import nn
from descenso.errors import ModelFileError


def small_mlp(dtype=np.float64):
    return nn.Sequential(nn.Linear(6, 5, dtype=dtype), nn.ReLU(), nn.Dropout(0.3),
                         nn.Linear(5, 3, dtype=dtype))


class Nested(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(4, 3), nn.Tanh())
        self.head = nn.Linear(3, 2, bias=False)


def test_keys_equal_pytorch_keys():
    torch = pytest.importorskip("torch")
    reference = torch.nn.Sequential(torch.nn.Linear(6, 5), torch.nn.ReLU(),
                                    torch.nn.Dropout(0.3), torch.nn.Linear(5, 3))
    assert list(small_mlp().state_dict()) == list(reference.state_dict())

    class TorchNested(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Tanh())
            self.head = torch.nn.Linear(3, 2, bias=False)

    assert list(Nested().state_dict()) == list(TorchNested().state_dict())
    for (name, value), (torch_name, torch_value) in zip(
            Nested().state_dict().items(), TorchNested().state_dict().items()):
        assert name == torch_name and value.shape == tuple(torch_value.shape)


def test_loading_pytorch_weights_gives_pytorch_predictions(rng):
    torch = pytest.importorskip("torch")
    reference = torch.nn.Sequential(torch.nn.Linear(6, 5), torch.nn.ReLU(),
                                    torch.nn.Dropout(0.3), torch.nn.Linear(5, 3)).double()
    reference.eval()
    model = small_mlp().eval()
    model.load_state_dict(reference.state_dict())
    x = rng.normal(size=(7, 6))
    expected = reference(torch.from_numpy(x)).detach().numpy()
    np.testing.assert_allclose(model(descenso.tensor(x)).data, expected, rtol=1e-12, atol=1e-14)
    # and back: torch loads descenso's arrays
    reference.load_state_dict({k: torch.from_numpy(v) for k, v in model.state_dict().items()})


def test_load_copies_in_place_and_keeps_dtype():
    model = small_mlp(np.float32)
    weight_array = model[0].weight.data
    state = {k: v.astype(np.float64) + 1.0 for k, v in model.state_dict().items()}
    missing, unexpected = model.load_state_dict(state)
    assert missing == [] and unexpected == []
    assert model[0].weight.data is weight_array and weight_array.dtype == np.float32
    np.testing.assert_array_equal(weight_array, state["0.weight"].astype(np.float32))


def test_missing_and_unexpected_keys_are_listed():
    model = small_mlp()
    state = model.state_dict()
    del state["3.bias"]
    state["4.weight"] = np.zeros((1, 1))
    with pytest.raises(ModelFileError) as error:
        model.load_state_dict(state)
    message = str(error.value)
    assert "missing key(s): '3.bias'" in message
    assert "unexpected key(s): '4.weight'" in message
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert missing == ["3.bias"] and unexpected == ["4.weight"]


def test_shape_mismatch_names_both_shapes_and_loads_nothing():
    model = small_mlp()
    before = model.state_dict()
    state = {k: v + 1.0 for k, v in before.items()}
    state["3.weight"] = np.zeros((4, 5))
    with pytest.raises(ModelFileError, match=r"3\.weight.*\(4, 5\).*\(3, 5\)"):
        model.load_state_dict(state)
    with pytest.raises(ModelFileError, match="size mismatch"):
        model.load_state_dict(state, strict=False)
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(value, before[name])


def test_non_mapping_and_non_numeric_values_are_refused():
    model = small_mlp()
    with pytest.raises(ModelFileError, match="dict of name -> array"):
        model.load_state_dict([("0.weight", np.zeros((5, 6)))])
    state = model.state_dict()
    state["0.bias"] = np.array(["a"] * 5)
    with pytest.raises(ModelFileError, match="0.bias"):
        model.load_state_dict(state)
