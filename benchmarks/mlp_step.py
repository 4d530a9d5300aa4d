"""One training step of a 784-128-10 MLP: descenso against PyTorch, in one process.

A step is: forward (Linear, ReLU, Linear), cross-entropy loss, backward, Adam (lr 1e-3), all
float32, at batch 32 and 256. Both libraries get the same thread count (``--threads``; numpy's
BLAS is limited with threadpoolctl and PyTorch with ``torch.set_num_threads``) and take turns
in interleaved rounds so both see the same machine load. Prints the median milliseconds per
step of each library and the median of the rounds' ratios descenso / PyTorch (below 1: descenso
is faster), then where each library's time goes (zero_grad, forward, loss, backward, optimizer
step). Run from the repository root::

    python benchmarks/mlp_step.py --threads 1
    python benchmarks/mlp_step.py --threads 2
    python benchmarks/mlp_step.py --threads 1 --torch-adam fused   # PyTorch's fastest Adam

PyTorch and threadpoolctl are imported here only; neither is a dependency of descenso.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import descenso
from descenso import nn, optim

PHASES = ("zero_grad", "forward", "loss", "backward", "step")


def make_descenso(state):
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    model.load_state_dict(state)
    optimizer = optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def prepare(x, y):
        return descenso.tensor(x), y

    def phases(batch):
        x, y = batch
        optimizer.zero_grad()
        yield
        logits = model(x)
        yield
        loss = loss_fn(logits, y)
        yield
        loss.backward()
        yield
        optimizer.step()
        yield

    return prepare, phases


def make_torch(torch, state, adam_options):
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(),
                                torch.nn.Linear(128, 10))
    model.load_state_dict({name: torch.from_numpy(value) for name, value in state.items()})
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, **adam_options)
    loss_fn = torch.nn.CrossEntropyLoss()

    def prepare(x, y):
        return torch.from_numpy(x), torch.from_numpy(y)

    def phases(batch):
        x, y = batch
        optimizer.zero_grad()
        yield
        logits = model(x)
        yield
        loss = loss_fn(logits, y)
        yield
        loss.backward()
        yield
        optimizer.step()
        yield

    return prepare, phases


def time_steps(phases, batches) -> float:
    """Seconds per step over ``batches`` (one step each), phases run back to back."""
    start = time.perf_counter()
    for batch in batches:
        for _ in phases(batch):
            pass
    return (time.perf_counter() - start) / len(batches)


def time_phases(phases, batches) -> dict[str, float]:
    """Seconds per step spent in each phase."""
    totals = dict.fromkeys(PHASES, 0.0)
    for batch in batches:
        start = time.perf_counter()
        for name, _ in zip(PHASES, phases(batch)):
            now = time.perf_counter()
            totals[name] += now - start
            start = now
    return {name: total / len(batches) for name, total in totals.items()}


def run(torch, batch_size: int, rounds: int, steps: int, adam_options: dict) -> dict:
    generator = np.random.default_rng(0)
    descenso.manual_seed(0)
    state = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)).state_dict()
    data = [(generator.random((batch_size, 784), dtype=np.float32),
             generator.integers(0, 10, batch_size)) for _ in range(8)]
    libraries = {"descenso": make_descenso(state), "torch": make_torch(torch, state, adam_options)}
    batches = {name: [prepare(x, y) for x, y in data] * (steps // len(data))
               for name, (prepare, _) in libraries.items()}
    times: dict[str, list[float]] = {name: [] for name in libraries}
    for name, (_, phases) in libraries.items():  # warm up: first-call costs, allocations
        time_steps(phases, batches[name][:16])
    for round_number in range(rounds):
        order = list(libraries) if round_number % 2 == 0 else list(reversed(libraries))
        for name in order:
            times[name].append(time_steps(libraries[name][1], batches[name]))
    ratios = [ours / theirs for ours, theirs in zip(times["descenso"], times["torch"])]
    breakdown = {}
    for name, (_, phases) in libraries.items():
        passes = [time_phases(phases, batches[name][:64]) for _ in range(rounds)]
        breakdown[name] = {p: statistics.median(one[p] for one in passes) for p in PHASES}
    return {name: statistics.median(values) for name, values in times.items()} | {
        "ratio": statistics.median(ratios), "phases": breakdown}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=1,
                        help="threads for numpy's BLAS and for PyTorch (default 1)")
    parser.add_argument("--rounds", type=int, default=9, help="interleaved rounds (default 9)")
    parser.add_argument("--steps", type=int, default=200, help="steps per round (default 200)")
    parser.add_argument("--torch-adam", choices=["default", "foreach", "fused"],
                        default="default",
                        help="PyTorch's Adam implementation (default: what Adam() picks on the "
                             "CPU, the per-tensor loop)")
    args = parser.parse_args()
    adam_options = {"default": {}, "foreach": {"foreach": True},
                    "fused": {"fused": True}}[args.torch_adam]

    import torch
    from threadpoolctl import threadpool_info, threadpool_limits

    torch.set_num_threads(args.threads)
    with threadpool_limits(limits=args.threads):
        blas = ", ".join(f"{pool['internal_api']} {pool['version']} "
                         f"({pool['num_threads']} threads)" for pool in threadpool_info())
        print(f"numpy {np.__version__} [{blas}], torch {torch.__version__} "
              f"({torch.get_num_threads()} threads, {args.torch_adam} Adam); float32, "
              "784-128-10 MLP")
        print(f"median of {args.rounds} interleaved rounds of {args.steps} steps; "
              "ms per training step; ratio = median of the rounds' ratios")
        header = f"{'batch':>5} {'descenso':>9} {'torch':>9} {'ratio':>6}"
        print(header)
        print("-" * len(header))
        results = {}
        for batch_size in (32, 256):
            result = run(torch, batch_size, args.rounds, args.steps, adam_options)
            results[batch_size] = result
            ratio = result["ratio"]
            print(f"{batch_size:>5} {result['descenso'] * 1e3:>9.3f} "
                  f"{result['torch'] * 1e3:>9.3f} {ratio:>6.2f}")
        print("\nwhere the time goes (ms per step, median of passes with a timer per phase)")
        header = f"{'batch':>5} {'library':<9}" + "".join(f"{p:>10}" for p in PHASES)
        print(header)
        print("-" * len(header))
        for batch_size, result in results.items():
            for name, phases in result["phases"].items():
                print(f"{batch_size:>5} {name:<9}"
                      + "".join(f"{phases[p] * 1e3:>10.3f}" for p in PHASES))


if __name__ == "__main__":
    main()
