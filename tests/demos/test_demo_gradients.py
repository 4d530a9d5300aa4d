"""``gradients``: the chain rule by hand agrees with autograd, and only m moves."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.datasets import make_line
from descenso.demos.gradients import START_M, hand_gradients


def _line_data():
    data = make_line(50, m=0.5, b=0.0, sigma=2.0, range_=50.0, seed=0)
    return data.X[:, 0].astype(np.float64), data.y.astype(np.float64)


@pytest.mark.parametrize("loss", ["mae", "mse"])
def test_hand_gradients_match_torch(loss):
    torch = pytest.importorskip("torch")
    x, y = _line_data()
    m = torch.tensor(0.8, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    prediction = m * torch.from_numpy(x) + b
    target = torch.from_numpy(y)
    value = (prediction - target).abs().mean() if loss == "mae" else (
        (prediction - target) ** 2).mean()
    value.backward()
    assert hand_gradients(x, y, 0.8, 0.3, loss) == pytest.approx(
        (m.grad.item(), b.grad.item()), rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("loss", ["mae", "mse"])
def test_hand_and_autograd_gradients_agree_at_every_step(demo_result, loss):
    result = demo_result("gradients")
    assert result.numbers[f"{loss}_max_difference"] < 1e-6
    rows = [line for line in result.lines if line.startswith(f"{loss.upper()}: ") and
            line.split()[1].isdigit()]
    assert [int(row.split()[1]) for row in rows] == list(range(1, 26))


@pytest.mark.parametrize("loss", ["mae", "mse"])
def test_only_m_moves_as_plain_gradient_descent_says(demo_result, loss):
    # the 25 slopes, recomputed with NumPy alone: m <- m - 0.001 * dL/dm, b fixed at 0
    x, y = _line_data()
    slopes = [START_M]
    for _step in range(25):
        slopes.append(slopes[-1] - 1e-3 * hand_gradients(x, y, slopes[-1], 0.0, loss)[0])
    np.testing.assert_allclose(demo_result("gradients").numbers[f"{loss}_slopes"], slopes,
                               rtol=1e-12)


def test_mae_steps_have_equal_size_until_the_sign_changes(demo_result):
    slopes = np.array(demo_result("gradients").numbers["mae_slopes"])
    steps = np.diff(slopes)
    # every MAE step is lr * mean(sign(residual) * x): the same while no residual changes sign
    assert np.all(steps[:3] < 0)
    assert steps[0] == pytest.approx(steps[1], rel=0.05)


def test_prints_the_texts_mae_numbers_beside_descensos(demo_result):
    from descenso.demos.gradients import PUBLISHED_MAE

    result = demo_result("gradients")
    for value in PUBLISHED_MAE.values():
        assert f"{value:.4f}" in result.text
    # every error has the same sign at m = 0.8, so the first dL/dm is the mean of x
    assert 20 < result.numbers["mae_first_gradient"] < 30
    assert abs(result.numbers["mae_slopes"][24] - 0.5) < 0.01
