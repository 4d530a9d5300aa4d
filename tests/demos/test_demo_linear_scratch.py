"""``linear-scratch``: minibatch SGD from scratch recovers w = [2, -3.4] and b = 4.2."""

from __future__ import annotations

import re

import numpy as np

from descenso.datasets import make_linear
from descenso.demos.linear_scratch import TRUE_B, TRUE_W


def test_three_epochs_print_losses_and_the_errors(demo_result):
    result = demo_result("linear-scratch")
    epochs = [line for line in result.lines if line.startswith("epoch ")]
    assert [line.split(":")[0] for line in epochs] == ["epoch 1", "epoch 2", "epoch 3"]
    for line in epochs:
        assert re.search(r"train loss \d+\.\d{6}, validation loss \d+\.\d{6}$", line)
    assert any(line.startswith("error in estimating w: [") for line in result.lines)
    assert any(line.startswith("error in estimating b: ") for line in result.lines)
    numbers = result.numbers
    assert len(numbers["train_losses"]) == len(numbers["val_losses"]) == 3
    # each epoch of 32 steps shrinks the error by about (1 - 0.03)^32, i.e. the loss ~7x
    for losses in (numbers["train_losses"], numbers["val_losses"]):
        assert losses[0] > 3 * losses[1] > 9 * losses[2]
    assert numbers["val_losses"][-1] < 0.2


def test_error_in_w_is_below_one_hundredth_with_enough_epochs(demo_result):
    numbers = demo_result("linear-scratch", epochs=10).numbers
    assert np.abs(numbers["w_error"]).max() < 0.01
    assert abs(numbers["b_error"]) < 0.01
    np.testing.assert_allclose(numbers["w_error"], np.array(TRUE_W) - numbers["w"])


def test_sgd_lands_on_the_least_squares_answer_of_its_training_rows(demo_result):
    numbers = demo_result("linear-scratch", epochs=10).numbers
    data = make_linear(2000, w=list(TRUE_W), b=TRUE_B, noise=0.01, seed=0)
    design = np.column_stack([data.X[:1000], np.ones(1000)])
    solution, *_ = np.linalg.lstsq(design, data.y[:1000], rcond=None)
    np.testing.assert_allclose([*numbers["w"], numbers["b"]], solution, atol=2e-3)
