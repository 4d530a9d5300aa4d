"""The fused operations and losses against PyTorch's ``torch.nn.functional`` in float64."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
from descenso.autograd import (
    binary_cross_entropy_with_logits,
    cross_entropy,
    dropout,
    huber_loss,
    l1_loss,
    linear,
    mse_loss,
)
from descenso.errors import ConfigError, DataError, ShapeError

rng = np.random.default_rng(0)


def functional():
    return pytest.importorskip("torch").nn.functional


@pytest.mark.parametrize(
    "x_shape, bias", [((5, 3), True), ((5, 3), False), ((3,), True), ((2, 5, 3), True)]
)
def test_linear_matches_torch(compare, x_shape, bias):
    x, weight, b = rng.standard_normal(x_shape), rng.standard_normal((4, 3)), rng.standard_normal(4)
    if bias:
        compare(linear, x, weight, b, torch_fn=functional().linear)
    else:
        compare(linear, x, weight, torch_fn=functional().linear)


def test_linear_skips_gradients_nobody_needs(compare):
    x, weight, b = rng.standard_normal((5, 3)), rng.standard_normal((4, 3)), rng.standard_normal(4)
    compare(linear, x, weight, b, torch_fn=functional().linear, requires=[False, True, True])
    compare(linear, x, weight, b, torch_fn=functional().linear, requires=[True, False, False])


@pytest.mark.parametrize("x_shape", [(5, 3), (2, 4, 3)])
def test_linear_equals_the_product_written_out(x_shape):
    """``linear`` (what nn.Linear runs) gives x @ w.T + b's values and gradients exactly."""
    rng = np.random.default_rng(4)
    x_data, w_data, b_data = rng.normal(size=x_shape), rng.normal(size=(2, 3)), rng.normal(size=2)
    upstream = rng.normal(size=x_shape[:-1] + (2,))
    results = []
    for fn in (linear, lambda x, w, b: x @ w.T + b):
        x, w, b = (descenso.tensor(v, requires_grad=True) for v in (x_data, w_data, b_data))
        out = fn(x, w, b)
        out.backward(upstream)
        results.append([out.data, x.grad.data, w.grad.data, b.grad.data])
    for fused, written_out in zip(*results):
        np.testing.assert_allclose(fused, written_out, rtol=1e-13, atol=1e-14)


def test_linear_shape_errors_name_the_shapes():
    with pytest.raises(ShapeError, match=r"\(5, 3\).*\(4, 2\)"):
        linear(descenso.tensor(np.zeros((5, 3))), descenso.tensor(np.zeros((4, 2))))
    with pytest.raises(ShapeError, match=r"bias of shape \(3,\)"):
        linear(
            descenso.tensor(np.zeros((5, 3))),
            descenso.tensor(np.zeros((4, 3))),
            descenso.tensor(np.zeros(3)),
        )


LOGITS = rng.standard_normal((6, 4))
LABELS = np.array([0, 3, 1, 1, 2, 3])


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_matches_torch(compare, reduction):
    compare(
        lambda z, y: cross_entropy(z, y, reduction=reduction),
        LOGITS,
        LABELS,
        torch_fn=lambda z, y: functional().cross_entropy(z, y, reduction=reduction),
    )


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_weighted_cross_entropy_matches_torch(compare, reduction):
    torch = pytest.importorskip("torch")
    weight = np.array([0.5, 2.0, 1.0, 3.0])
    compare(
        lambda z: cross_entropy(z, LABELS, reduction=reduction, weight=weight),
        LOGITS,
        torch_fn=lambda z: functional().cross_entropy(
            z, torch.from_numpy(LABELS), reduction=reduction, weight=torch.from_numpy(weight)
        ),
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropy_stays_finite_for_extreme_logits(compare, dtype):
    logits = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4], [5e3, 5e3, -1e4]])
    labels = np.array([1, 2, 0])
    compare(
        lambda z, y: cross_entropy(z, y),
        logits,
        labels,
        torch_fn=lambda z, y: functional().cross_entropy(z, y),
    )
    z = descenso.tensor(logits, requires_grad=True, dtype=dtype)
    loss = cross_entropy(z, labels)
    loss.backward()
    assert loss.dtype == dtype and z.grad.dtype == dtype
    assert np.isfinite(loss.item()) and np.isfinite(z.grad).all()


def test_cross_entropy_accepts_integer_tensor_labels():
    z = descenso.tensor(LOGITS)
    assert cross_entropy(z, descenso.tensor(LABELS)).item() == cross_entropy(z, LABELS).item()


@pytest.mark.parametrize(
    "labels, error, message",
    [
        (np.array([0, 1, 4, 0, 0, 0]), DataError, "label 4 .* 4 classes"),
        (np.array([0, -1, 0, 0, 0, 0]), DataError, "label -1"),
        (LABELS.reshape(-1, 1), ShapeError, r"labels of shape \(6, 1\).*\(6,\)"),
        (LABELS[:5], ShapeError, r"shape \(5,\)"),
        (LABELS.astype(np.float64), DataError, "integer class labels.*astype"),
    ],
)
def test_cross_entropy_rejects_bad_labels(labels, error, message):
    with pytest.raises(error, match=message):
        cross_entropy(descenso.tensor(LOGITS), labels)


def test_cross_entropy_rejects_bad_logits_and_reduction():
    with pytest.raises(ShapeError, match=r"\(n, n_classes\)"):
        cross_entropy(descenso.tensor(np.zeros(4)), np.array([1]))
    with pytest.raises(ConfigError, match="'avg'"):
        cross_entropy(descenso.tensor(LOGITS), LABELS, reduction="avg")


LOSSES = [
    (mse_loss, "mse_loss", {}),
    (l1_loss, "l1_loss", {}),
    (huber_loss, "huber_loss", {}),
    (huber_loss, "huber_loss", {"delta": 0.3}),
    (binary_cross_entropy_with_logits, "binary_cross_entropy_with_logits", {}),
]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("loss, torch_name, options", LOSSES)
def test_losses_match_torch_with_target_gradients(compare, loss, torch_name, options, reduction):
    prediction = rng.standard_normal((5, 3)) * 2
    target = rng.uniform(0, 1, (5, 3)) if "binary" in torch_name else rng.standard_normal((5, 3))
    target[0, :2] = prediction[0, :2]  # zero differences: L1's gradient there is 0
    compare(
        lambda p, t: loss(p, t, reduction=reduction, **options),
        prediction,
        target,
        torch_fn=lambda p, t: getattr(functional(), torch_name)(
            p, t, reduction=reduction, **options
        ),
    )


@pytest.mark.parametrize("loss, torch_name, options", LOSSES)
def test_loss_targets_may_be_arrays_without_gradient(loss, torch_name, options):
    prediction = descenso.tensor(rng.standard_normal(4), requires_grad=True, dtype=np.float32)
    target = rng.uniform(0, 1, 4)
    value = loss(prediction, target, **options)
    value.backward()
    assert value.dtype == np.float32 and prediction.grad.dtype == np.float32
    as_tensor = loss(prediction.detach(), descenso.tensor(target), **options)
    assert value.item() == as_tensor.item()


@pytest.mark.parametrize("loss, torch_name, options", LOSSES)
def test_losses_refuse_n_by_1_against_n(loss, torch_name, options):
    prediction = descenso.tensor(np.zeros((8, 1)), requires_grad=True)
    with pytest.raises(ShapeError, match=r"\(8, 1\).*\(8,\).*y\.reshape\(-1, 1\)"):
        loss(prediction, np.zeros(8), **options)


def test_huber_needs_positive_delta():
    with pytest.raises(ConfigError, match="delta > 0"):
        huber_loss(descenso.tensor([1.0]), descenso.tensor([0.0]), delta=0.0)


def test_dropout_is_identity_when_not_training_or_p_zero():
    x = descenso.tensor(rng.standard_normal((3, 4)), requires_grad=True)
    assert dropout(x, 0.5, training=False) is x
    assert dropout(x, 0.0) is x


def test_dropout_scales_kept_values_and_their_gradients():
    x = descenso.tensor(rng.uniform(1, 2, (200, 500)), requires_grad=True, dtype=np.float32)
    out = dropout(x, 0.3)
    kept = out.data != 0
    np.testing.assert_allclose(out.data[kept], x.data[kept] / 0.7, rtol=1e-6)
    assert abs(kept.mean() - 0.7) < 0.01  # 100,000 draws: the standard error is 0.0015
    out.sum().backward()
    np.testing.assert_allclose(x.grad, kept / np.float32(0.7), rtol=1e-6)
    assert out.dtype == np.float32 and x.grad.dtype == np.float32


def test_dropout_follows_manual_seed_and_generators():
    x = descenso.tensor(np.ones(1000))
    descenso.manual_seed(3)
    first = dropout(x, 0.5).data
    descenso.manual_seed(3)
    np.testing.assert_array_equal(dropout(x, 0.5).data, first)
    assert not np.array_equal(dropout(x, 0.5).data, first)
    own = dropout(x, 0.5, generator=np.random.default_rng(7)).data
    np.testing.assert_array_equal(own, dropout(x, 0.5, generator=np.random.default_rng(7)).data)


def test_dropout_p_one_zeroes_everything_and_bad_p_is_refused():
    x = descenso.tensor(np.ones(5), requires_grad=True)
    out = dropout(x, 1.0)
    out.sum().backward()
    assert not out.data.any() and not x.grad.any()
    for p in (-0.1, 1.5, "0.5"):
        with pytest.raises(ConfigError, match="between 0 and 1"):
            dropout(x, p)
