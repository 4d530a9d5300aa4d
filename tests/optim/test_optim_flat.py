"""The flat-buffer design: views, in-place gradients, rebinding, dtypes, and bad arguments."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
from descenso import nn, optim
from descenso.errors import ConfigError


def model64():
    return nn.Sequential(nn.Linear(3, 4, dtype=np.float64), nn.Tanh(),
                         nn.Linear(4, 2, dtype=np.float64))


def test_parameters_and_gradients_become_views_of_one_buffer():
    model = model64()
    before = model.state_dict()
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    (flat,) = optimizer._flats[0]
    assert flat.data.size == sum(p.numel() for p in model.parameters())
    for param, grad_tensor in zip(model.parameters(), flat.grad_tensors):
        assert param.data.base is flat.data and grad_tensor.data.base is flat.grad
        assert param.grad is None  # until a backward reaches it, as in PyTorch
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(value, before[name])


def test_backward_accumulates_into_the_views_and_zero_grad_clears_them(rng):
    model = model64()
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    x = descenso.tensor(rng.normal(size=(5, 3)))
    model(x).sum().backward()
    first = [p.grad.clone() for p in model.parameters()]
    model(x).sum().backward()
    flat = optimizer._flats[0][0]
    for param, grad, grad_tensor in zip(model.parameters(), first, flat.grad_tensors):
        assert param.grad is grad_tensor and param.grad.data.base is flat.grad
        np.testing.assert_allclose(param.grad, 2 * grad, rtol=1e-15)
    optimizer.zero_grad()
    assert not np.any(optimizer._flats[0][0].grad)


def test_one_step_is_plain_gradient_descent_on_every_parameter(rng):
    model = model64()
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    model(descenso.tensor(rng.normal(size=(5, 3)))).sum().backward()
    expected = [p.data - 0.1 * p.grad for p in model.parameters()]
    optimizer.step()
    for param, value in zip(model.parameters(), expected):
        np.testing.assert_array_equal(param.data, value)


def test_rebound_data_and_gradients_are_adopted(rng):
    model = model64()
    optimizer = optim.SGD(model.parameters(), lr=0.5)
    weight = model[0].weight
    new_values = rng.normal(size=weight.shape)
    new_grad = rng.normal(size=weight.shape)
    weight.data = new_values.copy()  # user code replacing arrays, as PyTorch habits do
    weight.grad = new_grad.copy()
    model[2].bias.grad = None        # counts as a zero gradient
    bias_before = model[2].bias.data.copy()
    optimizer.step()
    np.testing.assert_allclose(weight.data, new_values - 0.5 * new_grad, rtol=1e-15)
    np.testing.assert_array_equal(model[2].bias.data, bias_before)
    flat = optimizer._flats[0][0]
    assert weight.data.base is flat.data and weight.grad.data.base is flat.grad
    assert model[2].bias.grad is None


def test_a_dtype_change_after_creating_the_optimizer_is_a_clear_error():
    model = model64()
    optimizer = optim.Adam(model.parameters())
    model.float()
    with pytest.raises(ConfigError, match="create the optimizer after model.to"):
        optimizer.step()


def test_mixed_dtypes_get_one_buffer_each(rng):
    single = nn.Parameter(rng.normal(size=3).astype(np.float32))
    double = nn.Parameter(rng.normal(size=2))
    optimizer = optim.SGD([single, double], lr=1.0)
    assert sorted(str(f.dtype) for f in optimizer._flats[0]) == ["float32", "float64"]
    single.grad = descenso.ones(3)
    double.grad = descenso.full((2,), 2.0, dtype=descenso.float64)
    expected_single, expected_double = single.data - 1.0, double.data - 2.0
    optimizer.step()
    assert single.dtype == np.float32 and double.dtype == np.float64
    np.testing.assert_array_equal(single.data, expected_single)
    np.testing.assert_array_equal(double.data, expected_double)


def test_load_state_dict_keeps_the_optimizer_views():
    model = model64()
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    model.load_state_dict({k: v + 1 for k, v in model.state_dict().items()})
    assert all(p.data.base is optimizer._flats[0][0].data for p in model.parameters())


@pytest.mark.parametrize("make, message", [
    (lambda m: optim.SGD([], lr=0.1), "empty parameter list; pass model.parameters()"),
    (lambda m: optim.Adam(iter([])), "empty parameter list"),
    (lambda m: optim.SGD(m.parameters(), lr=-0.1), "invalid lr"),
    (lambda m: optim.SGD(m.parameters(), lr=float("nan")), "invalid lr"),
    (lambda m: optim.Adam(m.parameters(), lr=-1e-3), "invalid lr"),
    (lambda m: optim.SGD(m.parameters(), lr="0.1"), "lr must be a number"),
    (lambda m: optim.SGD(m.parameters(), lr=0.1, momentum=-0.5), "invalid momentum"),
    (lambda m: optim.SGD(m.parameters(), lr=0.1, nesterov=True), "Nesterov"),
    (lambda m: optim.SGD(m.parameters(), lr=0.1, momentum=0.9, nesterov=True, dampening=0.1),
     "Nesterov"),
    (lambda m: optim.Adam(m.parameters(), betas=(0.9, 1.0)), "betas"),
    (lambda m: optim.Adam(m.parameters(), betas=(-0.1, 0.9)), "betas"),
    (lambda m: optim.Adam(m.parameters(), betas=0.9), "betas"),
    (lambda m: optim.AdamW(m.parameters(), eps=-1e-8), "invalid eps"),
    (lambda m: optim.Adam(m.parameters(), weight_decay=-1), "invalid weight_decay"),
    (lambda m: optim.Adam(m.parameters(), amsgrad="yes"), "amsgrad"),
    (lambda m: optim.SGD(m[0].weight, lr=0.1), "wrap it in a list"),
    (lambda m: optim.SGD(5, lr=0.1), "iterable of tensors"),
    (lambda m: optim.SGD([np.zeros(3)], lr=0.1), "not a tensor"),
    (lambda m: optim.SGD([descenso.tensor([1.0])], lr=0.1), "does not require grad"),
    (lambda m: optim.SGD([m[0].weight, m[0].weight], lr=0.1), "given twice"),
    (lambda m: optim.SGD([{"params": [m[0].weight]}, {"params": [m[0].weight]}], lr=0.1),
     "given twice"),
    (lambda m: optim.SGD([{"params": m.parameters(), "momentun": 0.9}], lr=0.1),
     "unknown hyperparameter"),
    (lambda m: optim.SGD([{"lr": 0.1}], lr=0.1), "'params' entry"),
])
def test_bad_arguments_are_clear_errors(make, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make(model64())


def test_repr_lists_hyperparameters():
    text = repr(optim.SGD(model64().parameters(), lr=0.1, momentum=0.9))
    assert text.startswith("SGD (\nParameter Group 0\n") and "    momentum: 0.9" in text


def test_closure_is_called_and_its_loss_returned():
    layer = nn.Linear(2, 1)
    optimizer = optim.SGD(layer.parameters(), lr=0.1)
    x = descenso.tensor([[1.0, 2.0]])

    def closure():
        optimizer.zero_grad()
        loss = layer(x).sum()
        loss.backward()
        return loss

    before = layer.weight.data.copy()
    loss = optimizer.step(closure)
    # The step is done in float32, so the reference is too (float64 would differ by rounding).
    gradient = np.array([[1.0, 2.0]], dtype=np.float32)
    np.testing.assert_array_equal(layer.weight.data, before - np.float32(0.1) * gradient)
    assert loss.shape == ()


@pytest.mark.parametrize("make", [
    lambda p: optim.SGD(p, lr=0.1),
    lambda p: optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1),
    lambda p: optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.2),
    lambda p: optim.Adam(p, weight_decay=0.1, amsgrad=True),
    lambda p: optim.AdamW(p),
])
def test_steps_allocate_no_arrays_after_the_first(make):
    import tracemalloc

    model = nn.Sequential(nn.Linear(200, 100), nn.ReLU(), nn.Linear(100, 10))  # 80 KB of weights
    optimizer = make(model.parameters())
    for param in model.parameters():
        param.grad = descenso.ones_like(param)
    optimizer.step()  # the first two steps allocate the state and the scratch arrays
    optimizer.step()
    tracemalloc.start()
    try:
        for _ in range(3):
            optimizer.zero_grad()
            optimizer.step()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4096  # bytes: a few Python floats, never an array of the model's size


def test_set_to_none_gives_none_and_the_next_backward_reuses_the_buffer(rng):
    model = model64()
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    x = descenso.tensor(rng.normal(size=(5, 3)))
    model(x).sum().backward()
    first = [p.grad.clone() for p in model.parameters()]
    optimizer.zero_grad(set_to_none=True)
    assert all(p.grad is None for p in model.parameters())
    model(x).sum().backward()  # written into the flat buffer, not added to the old values
    flat = optimizer._flats[0][0]
    for param, grad, grad_tensor in zip(model.parameters(), first, flat.grad_tensors):
        assert param.grad is grad_tensor
        np.testing.assert_array_equal(param.grad.data, grad.data)
    model.zero_grad(set_to_none=True)
    assert all(p.grad is None for p in model.parameters())
