"""The convolutional layers against PyTorch: state dict keys, loading PyTorch's weights
unchanged, outputs, gradients and running statistics in train and eval mode."""

from __future__ import annotations

import math

import numpy as np
import pytest

import descenso
from descenso import nn
from descenso.errors import ConfigError, ShapeError


def _model(lib):
    return lib.Sequential(
        lib.Conv2d(2, 4, 3, padding=1), lib.BatchNorm2d(4), lib.ReLU(), lib.MaxPool2d(2),
        lib.Conv2d(4, 6, (3, 2), stride=(1, 2), padding=1, dilation=1,
                   groups=2, padding_mode="reflect"),
        lib.ConvTranspose2d(6, 3, 2, stride=2, output_padding=0), lib.AvgPool2d(3, 2, 1),
        lib.Dropout2d(0.0), lib.AdaptiveAvgPool2d((2, 3)), lib.Flatten(), lib.Linear(18, 5),
        lib.BatchNorm1d(5),
    )


def _torch_model(torch):
    torch.manual_seed(0)
    model = _model(torch.nn).double()
    with torch.no_grad():  # non-trivial affine parameters and running statistics
        for module in model.modules():
            if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.5, 0.5)
                module.running_mean.uniform_(-0.3, 0.3)
                module.running_var.uniform_(0.5, 1.5)
    return model


def test_state_dict_keys_and_shapes_are_pytorchs():
    torch = pytest.importorskip("torch")
    theirs = {k: tuple(v.shape) for k, v in _torch_model(torch).state_dict().items()}
    ours = {k: v.shape for k, v in _model(nn).state_dict().items()}
    assert list(ours) == list(theirs)
    assert ours == theirs


@pytest.mark.parametrize("training", [True, False])
def test_pytorch_state_dict_loads_unchanged_and_gives_pytorchs_numbers(training):
    torch = pytest.importorskip("torch")
    reference = _torch_model(torch).train(training)
    model = _model(nn).double()
    model.load_state_dict({k: v.numpy() for k, v in reference.state_dict().items()})
    model.train(training)
    x = np.random.default_rng(3).standard_normal((4, 2, 9, 10))
    upstream = np.random.default_rng(4).standard_normal((4, 5))
    for _step in range(2):  # twice, so the running statistics are compared after updates
        out = model(descenso.tensor(x, dtype="float64"))
        expected = reference(torch.tensor(x))
        np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
        out.backward(upstream)
        expected.backward(torch.tensor(upstream))
    named = dict(model.named_parameters())
    for name, param in reference.named_parameters():
        np.testing.assert_allclose(np.asarray(named[name].grad), param.grad.numpy(), rtol=1e-9,
                                   atol=1e-11, err_msg=name)
    state = model.state_dict()
    for name, value in reference.state_dict().items():
        np.testing.assert_allclose(state[name], value.numpy(), rtol=1e-12, atol=1e-14,
                                   err_msg=name)
        assert state[name].dtype == value.numpy().dtype, name


def test_batchnorm_cumulative_average_and_no_running_stats_follow_pytorch():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(5).standard_normal((6, 3, 2, 2))
    for options in ({"momentum": None}, {"track_running_stats": False}, {"affine": False}):
        ours, theirs = nn.BatchNorm2d(3, **options).double(), torch.nn.BatchNorm2d(3, **options)
        theirs = theirs.double()
        for scale in (1.0, 2.0, 3.0):
            ours(descenso.tensor(x * scale, dtype="float64"))
            theirs(torch.tensor(x * scale))
        for name, value in theirs.state_dict().items():
            np.testing.assert_allclose(ours.state_dict()[name], value.numpy(), rtol=1e-12)
        ours.eval(), theirs.eval()
        np.testing.assert_allclose(ours(descenso.tensor(x, dtype="float64")).data,
                                   theirs(torch.tensor(x)).detach().numpy(), rtol=1e-10,
                                   atol=1e-12)


@pytest.mark.parametrize("layer, fan_in", [
    (lambda: nn.Conv2d(3, 64, 5), 75), (lambda: nn.Conv2d(8, 64, 3, groups=4), 18),
    (lambda: nn.ConvTranspose2d(64, 8, 3), 72),
])
def test_initialisation_is_kaiming_uniform_with_a_sqrt5(layer, fan_in):
    descenso.manual_seed(0)
    module = layer()
    bound = 1.0 / math.sqrt(fan_in)
    for values in (module.weight.data, module.bias.data):
        assert values.dtype == np.float32
        assert np.abs(values).max() <= bound
    assert module.weight.data.std() == pytest.approx(bound / math.sqrt(3), rel=0.05)
    descenso.manual_seed(0)
    np.testing.assert_array_equal(layer().weight.data, module.weight.data)


def test_dropout2d_zeros_whole_channels_and_scales_the_rest():
    descenso.manual_seed(1)
    x = descenso.tensor(np.ones((8, 16, 3, 3), dtype=np.float32), requires_grad=True)
    out = nn.Dropout2d(0.5)(x)
    per_channel = out.data.reshape(8, 16, 9)
    assert set(np.unique(per_channel)) <= {0.0, 2.0}
    assert (per_channel.min(axis=2) == per_channel.max(axis=2)).all()
    assert 0.2 < (per_channel[:, :, 0] == 0).mean() < 0.8
    out.sum().backward()
    np.testing.assert_array_equal(np.asarray(x.grad), out.data)


def test_layers_reject_bad_arguments_and_inputs():
    with pytest.raises(ConfigError, match="divisible by groups"):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ConfigError, match="padding_mode"):
        nn.Conv2d(3, 4, 3, padding_mode="mirror")
    with pytest.raises(ConfigError, match="stride 1"):
        nn.Conv2d(3, 4, 3, stride=2, padding="same")
    with pytest.raises(ConfigError, match="kernel_size"):
        nn.MaxPool2d(0)
    with pytest.raises(ShapeError, match="3 channels"):
        nn.BatchNorm2d(3)(descenso.tensor(np.zeros((2, 4, 2, 2), dtype=np.float32)))
    with pytest.raises(ShapeError, match="in_channels"):
        nn.Conv2d(3, 4, 3)(descenso.tensor(np.zeros((2, 1, 8, 8), dtype=np.float32)))


def test_repr_reads_like_pytorch():
    assert repr(nn.Conv2d(1, 32, 5, padding=2)) == (
        "Conv2d(1, 32, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))")
    assert repr(nn.MaxPool2d(2)) == (
        "MaxPool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0), dilation=(1, 1))")


def test_saved_cnn_loads_and_predicts_the_same(tmp_path):
    from descenso.io.model_file import load_model, save_model

    descenso.manual_seed(0)
    model = nn.Sequential(
        nn.Unflatten(1, (1, 12)), nn.Conv2d(1, 4, 3, padding="same"), nn.BatchNorm2d(4),
        nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 6, 3, padding=1, padding_mode="reflect"),
        nn.Dropout2d(0.1), nn.AvgPool2d(2), nn.ConvTranspose2d(6, 2, 2, stride=2),
        nn.AdaptiveAvgPool2d((2, 2)), nn.Flatten(), nn.Linear(8, 3))
    x = descenso.tensor(np.random.default_rng(0).random((5, 12, 12), dtype=np.float32))
    model(x)  # one training step moves the running statistics
    model.eval()
    save_model(tmp_path, model)
    loaded = load_model(tmp_path).model
    assert repr(loaded) == repr(model)
    for name, value in model.state_dict().items():
        assert loaded.state_dict()[name].dtype == value.dtype
        np.testing.assert_array_equal(loaded.state_dict()[name], value)
    np.testing.assert_array_equal(loaded(x).data, model(x).data)
