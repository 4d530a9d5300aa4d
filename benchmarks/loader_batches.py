"""One epoch of batches: descenso's DataLoader against the plain NumPy loop it replaced.

The Trainer batches with ``descenso.utils.data.DataLoader(TensorDataset(X, y))``. Before, it
had a loop of its own: a permutation, then ``X[rows], y[rows]`` per batch wrapped with
``from_numpy``. This measures the loader's overhead per batch against that loop, on arrays of
Fashion-MNIST's size (60,000 x 784 float32, int64 labels), shuffled, for several batch sizes;
both draw the same permutation, and both gather every batch. Epochs alternate between the two
so they see the same machine load; the medians and their ratio are printed. It also times
PyTorch's DataLoader over the same tensors when PyTorch is installed (imported here only).

Run from the repository root::

    python benchmarks/loader_batches.py --epochs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

from descenso.autograd import from_numpy
from descenso.utils.data import DataLoader, TensorDataset


def plain_loop(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        rows = order[start:start + batch_size]
        yield from_numpy(X[rows]), from_numpy(y[rows])


def epoch_seconds(batches) -> float:
    started = time.perf_counter()
    for xb, yb in batches:
        pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-sizes", default="32,256")
    args = parser.parse_args()
    data_rng = np.random.default_rng(0)
    X = data_rng.random((60_000, 784), dtype=np.float32)
    y = data_rng.integers(0, 10, size=60_000)
    try:
        import torch
        import torch.utils.data
        torch.set_num_threads(1)
    except ImportError:
        torch = None
    print(f"threads: OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
          f"load {os.getloadavg()[0]:.1f}; {args.epochs} epochs each, medians")
    print("batch  plain loop s  DataLoader s  ratio  PyTorch DataLoader s")
    for batch_size in (int(b) for b in args.batch_sizes.split(",")):
        plain_rng, loader_rng = np.random.default_rng(1), np.random.default_rng(1)
        loader = DataLoader(TensorDataset(X, y), batch_size=batch_size, shuffle=True,
                            generator=loader_rng)
        theirs = None
        if torch is not None:
            theirs = torch.utils.data.DataLoader(
                torch.utils.data.TensorDataset(torch.from_numpy(X), torch.from_numpy(y)),
                batch_size=batch_size, shuffle=True)
        plain, ours, reference = [], [], []
        for _ in range(args.epochs):
            plain.append(epoch_seconds(plain_loop(X, y, batch_size, plain_rng)))
            ours.append(epoch_seconds(loader))
            if theirs is not None:
                reference.append(epoch_seconds(theirs))
        a, b = statistics.median(plain), statistics.median(ours)
        c = f"{statistics.median(reference):.3f}" if reference else "-"
        print(f"{batch_size:5d}  {a:12.3f}  {b:12.3f}  {b / a:5.2f}  {c:>20}")


if __name__ == "__main__":
    main()
