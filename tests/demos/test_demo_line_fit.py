"""``line-fit``: Linear(1, 1) with SGD and L1 loss, step for step as in PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

from descenso.datasets import make_line


def test_every_step_matches_pytorch_from_the_same_start(demo_result):
    torch = pytest.importorskip("torch")
    numbers = demo_result("line-fit").numbers
    data = make_line(50, m=0.5, b=0.0, sigma=2.0, range_=50.0, seed=0)
    x = torch.from_numpy(data.X.astype(np.float32))
    y = torch.from_numpy(data.y.astype(np.float32).reshape(-1, 1))
    model = torch.nn.Linear(1, 1)
    with torch.no_grad():
        model.weight.fill_(numbers["lines"][0][0])
        model.bias.fill_(numbers["lines"][0][1])
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    expected, losses = [], []
    for _step in range(80):
        optimizer.zero_grad()
        loss = torch.nn.functional.l1_loss(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        expected.append((model.weight.item(), model.bias.item()))
    np.testing.assert_allclose(numbers["lines"][1:], expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(numbers["losses"], losses, rtol=1e-4)


def test_prints_one_row_per_step_and_moves_towards_the_true_slope(demo_result):
    result = demo_result("line-fit")
    rows = [line for line in result.lines if line[:4].strip().isdigit()]
    assert [int(row.split()[0]) for row in rows] == list(range(1, 81))
    assert len(rows[0].split()) == 8  # step, m, b, mean y, mean ŷ, loss, dL/dm, dL/db
    start = result.numbers["lines"][0][0]
    assert abs(result.numbers["m"] - 0.5) < abs(start - 0.5)
    assert abs(result.numbers["m"] - 0.5) < 0.05


def test_prints_the_texts_numbers_and_its_point_that_b_barely_moves(demo_result):
    from descenso.demos.line_fit import PUBLISHED

    result = demo_result("line-fit")
    for value in PUBLISHED.values():
        assert f"{value:.4f}" in result.text
    (m0, b0), (m1, b1) = result.numbers["lines"][0], result.numbers["lines"][-1]
    assert abs(m1 - 0.5) < 0.05 and abs(b1 - b0) < 0.05 < abs(m1 - m0)
