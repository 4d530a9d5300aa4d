"""The issue's check: a 784-128-10 MLP trained 100 steps with descenso and with PyTorch,
from the same initial weights, gives the same loss curve and the same predictions."""

from __future__ import annotations

import numpy as np
import pytest

import descenso
from descenso import nn, optim

STEPS = 100


@pytest.fixture
def one_thread():
    """Small matrices gain nothing from threads, and on a busy machine BLAS threads that
    spin-wait make each step 10x slower; run both libraries on one thread."""
    torch = pytest.importorskip("torch")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # the test stays correct, only slower
        yield
    else:
        with threadpool_limits(limits=1):
            yield
    torch.set_num_threads(threads)


def build_pair(torch):
    descenso.manual_seed(0)
    ours = nn.Sequential(nn.Linear(784, 128, dtype=np.float64), nn.ReLU(),
                         nn.Linear(128, 10, dtype=np.float64))
    theirs = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(),
                                 torch.nn.Linear(128, 10)).double()
    theirs.load_state_dict({k: torch.from_numpy(v) for k, v in ours.state_dict().items()})
    return ours, theirs


@pytest.mark.parametrize("name, kwargs", [
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("Adam", {"lr": 1e-3}),
])
def test_mlp_training_follows_pytorch(rng, one_thread, name, kwargs):
    torch = pytest.importorskip("torch")
    x = rng.normal(size=(64, 784))
    y = rng.integers(0, 10, size=64)
    ours, theirs = build_pair(torch)
    our_opt = getattr(optim, name)(ours.parameters(), **kwargs)
    their_opt = getattr(torch.optim, name)(theirs.parameters(), **kwargs)
    our_loss_fn, their_loss_fn = nn.CrossEntropyLoss(), torch.nn.CrossEntropyLoss()
    x_ours, x_theirs, y_theirs = descenso.tensor(x), torch.from_numpy(x), torch.from_numpy(y)
    our_curve, their_curve = [], []
    for _ in range(STEPS):
        our_opt.zero_grad()
        loss = our_loss_fn(ours(x_ours), y)
        loss.backward()
        our_opt.step()
        our_curve.append(loss.item())
        their_opt.zero_grad()
        their_loss = their_loss_fn(theirs(x_theirs), y_theirs)
        their_loss.backward()
        their_opt.step()
        their_curve.append(their_loss.item())
    np.testing.assert_allclose(our_curve, their_curve, rtol=1e-8)
    assert our_curve[-1] < 0.5 * our_curve[0]  # it learned: the comparison is not vacuous

    x_new = rng.normal(size=(32, 784))
    expected = theirs(torch.from_numpy(x_new)).detach().numpy()
    # the same state_dict gives the same predictions in both directions
    fresh_torch = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(),
                                      torch.nn.Linear(128, 10)).double()
    fresh_torch.load_state_dict({k: torch.from_numpy(v) for k, v in ours.state_dict().items()})
    fresh_ours = build_pair(torch)[0]
    fresh_ours.load_state_dict(theirs.state_dict())
    with descenso.no_grad():
        np.testing.assert_allclose(ours(descenso.tensor(x_new)).data, expected, rtol=1e-8,
                                   atol=1e-10)
        np.testing.assert_allclose(fresh_ours(descenso.tensor(x_new)).data, expected,
                                   rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(fresh_torch(torch.from_numpy(x_new)).detach().numpy(),
                               ours(descenso.tensor(x_new)).data, rtol=1e-12, atol=1e-13)
