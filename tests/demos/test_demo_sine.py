"""``sine``: the cubic fitted with hand-written gradients and with autograd agree."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.datasets import make_sine
from descenso.demos.sine import hand_gradients


def test_hand_gradients_match_central_differences(rng):
    x = np.linspace(-np.pi, np.pi, 50)
    y = np.sin(x)
    coefficients = rng.standard_normal(4)
    _loss, gradient = hand_gradients(x, y, coefficients)
    step = 1e-6
    for index in range(4):
        shift = np.zeros(4)
        shift[index] = step
        numeric = (hand_gradients(x, y, coefficients + shift)[0]
                   - hand_gradients(x, y, coefficients - shift)[0]) / (2 * step)
        assert gradient[index] == pytest.approx(numeric, rel=1e-6)


def test_both_ways_give_the_same_coefficients_and_gradients(demo_result):
    numbers = demo_result("sine").numbers
    assert numbers["coefficient_difference"] < 1e-6
    assert numbers["gradient_difference"] < 1e-6
    np.testing.assert_allclose(numbers["hand_coefficients"], numbers["autograd_coefficients"],
                               rtol=0, atol=1e-6)


def test_coefficients_match_the_pytorch_tutorial_loop(demo_result):
    torch = pytest.importorskip("torch")
    data = make_sine(2000)
    x = torch.from_numpy(data.X[:, 0].astype(np.float64))
    y = torch.from_numpy(data.y.astype(np.float64))
    start = np.random.default_rng(0).standard_normal(4)  # the demo's start for seed 0
    a, b, c, d = (torch.tensor(value, dtype=torch.float64, requires_grad=True)
                  for value in start)
    for _step in range(2000):
        loss = (a + b * x + c * x**2 + d * x**3 - y).pow(2).sum()
        loss.backward()
        with torch.no_grad():
            for parameter in (a, b, c, d):
                parameter -= 1e-6 * parameter.grad
                parameter.grad = None
    expected = [a.item(), b.item(), c.item(), d.item()]
    numbers = demo_result("sine").numbers
    np.testing.assert_allclose(numbers["autograd_coefficients"], expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(numbers["hand_coefficients"], expected, rtol=1e-9, atol=1e-12)


def test_loss_is_printed_every_100_steps_for_both_methods(demo_result):
    result = demo_result("sine")
    steps = [int(line.split()[1]) for line in result.lines if line.strip().startswith("step")]
    assert steps == list(range(100, 2001, 100)) * 2
    assert result.numbers["final_loss"] < 20.0  # from several thousand at the random start


def test_prints_the_texts_numbers_beside_descensos_and_the_least_squares_cubic(demo_result):
    from descenso.demos.sine import PUBLISHED_LOSS

    result = demo_result("sine")
    exact = result.numbers["least_squares"]
    # the least-squares cubic of sin(x) on [-pi, pi]: 0.8567 x - 0.0933 x³, loss 8.817
    assert [round(value, 4) for value in exact] == [0.0, 0.8567, 0.0, -0.0933]
    assert round(result.numbers["least_squares_loss"], 3) == 8.817
    assert f"{PUBLISHED_LOSS:.4f}" in result.text and "0.8567 x - 0.0933 x^3" in result.text
    # descenso's run, like the text's, is on its way there: between the start and the optimum
    assert result.numbers["least_squares_loss"] < result.numbers["final_loss"] < PUBLISHED_LOSS + 1
