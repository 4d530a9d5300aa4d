"""Epochs of the default CNN (``descenso fit --model cnn``): descenso vs PyTorch vs NumPy.

The model is ``--model cnn``'s default without dropout: Conv2d(1, 32, 3, padding=1), ReLU,
MaxPool2d(2), Conv2d(32, 64, 3, padding=1), ReLU, MaxPool2d(2), Flatten, Linear(3136, 128),
ReLU, Linear(128, 10), cross-entropy, Adam (lr 1e-3), float32. Three implementations start
from the same weights and train side by side in one process:

- ``descenso``: the plain loop a user writes (``model(x)``, ``loss.backward()``,
  ``optimizer.step()``) on the network that ``descenso fit --model cnn`` builds;
- ``torch``: the same loop in PyTorch (default CPU kernels);
- ``numpy``: the network by hand (``benchmarks/cnn_numpy_floor.py``): im2col + one matrix
  product per convolution, buffers allocated once, no autograd — the floor.

An "epoch" here is a pass over the first ``--images`` MNIST training images (default 4,096,
1/15 of the real epoch), so the whole benchmark runs in minutes on a shared machine; the time
of a full epoch is 60000 / images times longer. Epochs are interleaved (one of each, the order
alternating) so all see the same machine load; every implementation gets the same thread count
(NumPy's BLAS limited with threadpoolctl, PyTorch with ``torch.set_num_threads``). Batch sizes
64 and 256, at one thread and at the machine's default. Prints the median seconds per epoch,
the ratios (median of per-epoch ratios), the first-batch loss of each (the three agree to
float32 rounding, a check that they compute the same network), and the peak memory of a real
``descenso fit mnist --model cnn`` run in a child process. Run from the repository root::

    python benchmarks/cnn_epoch.py
    python benchmarks/cnn_epoch.py --images 2048 --rounds 3 --threads 1

PyTorch and threadpoolctl are imported here only; neither is a dependency of descenso.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cnn_numpy_floor import NumpyCNN

import descenso
from descenso import nn, optim
from descenso.autograd import from_numpy
from descenso.datasets.mnist import load_mnist
from descenso.pipeline.cnn import build_cnn

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
NAMES = ("descenso", "torch", "numpy")
LAYER_NAMES = {"conv1": "1", "conv2": "4", "fc1": "8", "fc2": "10"}


def descenso_model():
    return build_cnn(channels=(32, 64), hidden=(128,), activation="relu", dropout=0.0,
                     n_outputs=10)


def torch_model(torch):
    tnn = torch.nn
    return tnn.Sequential(
        tnn.Unflatten(1, (1, 28)), tnn.Conv2d(1, 32, 3, padding=1), tnn.ReLU(), tnn.MaxPool2d(2),
        tnn.Conv2d(32, 64, 3, padding=1), tnn.ReLU(), tnn.MaxPool2d(2), tnn.Flatten(),
        tnn.Linear(3136, 128), tnn.ReLU(), tnn.Linear(128, 10))


class DescensoLoop:
    def __init__(self, state):
        self.model = descenso_model()
        self.model.load_state_dict(state)
        self.optimizer = optim.Adam(self.model.parameters(), lr=1e-3)
        self.loss_fn = nn.CrossEntropyLoss()

    def step(self, xb, yb):
        self.optimizer.zero_grad()
        loss = self.loss_fn(self.model(from_numpy(xb)), yb)
        loss.backward()
        self.optimizer.step()
        return loss.item()


class TorchLoop:
    def __init__(self, torch, state):
        self.torch = torch
        self.model = torch_model(torch)
        self.model.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()})
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-3)
        self.loss_fn = torch.nn.CrossEntropyLoss()

    def step(self, xb, yb):
        self.optimizer.zero_grad()
        loss = self.loss_fn(self.model(self.torch.from_numpy(xb)), self.torch.from_numpy(yb))
        loss.backward()
        self.optimizer.step()
        return loss.item()


class NumpyLoop:
    def __init__(self, state):
        self.network = NumpyCNN(state, LAYER_NAMES)

    def step(self, xb, yb):
        return self.network.step(xb, yb)


def epoch(loop, X, y, order, batch_size):
    """Wall-clock and CPU seconds (this process's) of one epoch."""
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        loop.step(X[rows], y[rows])
    return time.perf_counter() - started, time.process_time() - cpu


def run(torch, X, y, batch_size, rounds, seed=0):
    descenso.manual_seed(seed)
    state = descenso_model().state_dict()
    loops = {"descenso": DescensoLoop(state), "torch": TorchLoop(torch, state),
             "numpy": NumpyLoop(state)}
    first = {name: loop.step(X[:batch_size], y[:batch_size]) for name, loop in loops.items()}
    generator = np.random.default_rng(seed)
    times = {name: [] for name in loops}
    cpu = {name: [] for name in loops}
    for index in range(rounds):
        order = generator.permutation(len(X))
        names = list(loops) if index % 2 else list(reversed(loops))
        for name in names:
            wall, used = epoch(loops[name], X, y, order, batch_size)
            times[name].append(wall)
            cpu[name].append(used)
    return times, cpu, first


def summarize(times):
    """Median seconds of each and the median of the epochs' ratios."""
    def ratio(a, b):
        return statistics.median(x / y for x, y in zip(times[a], times[b]))

    return {"seconds": {name: statistics.median(values) for name, values in times.items()},
            "ratio_torch": ratio("descenso", "torch"), "ratio_numpy": ratio("descenso", "numpy"),
            "numpy_torch": ratio("numpy", "torch")}


def peak_memory_of_a_real_run(data_dir, images, threads) -> float:
    """Peak resident MB of ``descenso fit mnist --model cnn`` for one epoch on ``images``."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
        command = [sys.executable, "-m", "descenso", "fit", "mnist", "--model", "cnn",
                   "--data-dir", str(data_dir), "--epochs", "1", "--limit", str(images),
                   "--batch-size", "256", "--quiet", "--out", os.path.join(folder, "run")]
        subprocess.run(command, check=True, env=env, capture_output=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", default=os.environ.get("DESCENSO_DATA", DEFAULT_DATA))
    parser.add_argument("--images", type=int, default=4096,
                        help="training images per timed epoch (default 4096)")
    parser.add_argument("--rounds", type=int, default=3, help="timed epochs of each (default 3)")
    parser.add_argument("--batch-sizes", default="64,256")
    parser.add_argument("--threads", default=f"1,{os.cpu_count()}",
                        help="comma-separated thread counts (default: 1 and all cores)")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory run")
    args = parser.parse_args()

    import torch
    from threadpoolctl import threadpool_info, threadpool_limits

    data = load_mnist(data_dir=args.data_dir, download=False, progress=False)
    X = (data.X_train[:args.images].astype(np.float32) / 255).reshape(-1, 28, 28)
    y = data.y_train[:args.images].astype(np.int64)
    blas = ", ".join(f"{p['internal_api']} {p['version']}" for p in threadpool_info()
                     if p["user_api"] == "blas")
    print(f"python {sys.version.split()[0]}, numpy {np.__version__} [{blas}], "
          f"torch {torch.__version__}, nproc {os.cpu_count()}, "
          f"load {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print(f"{args.images} images per epoch, {args.rounds} interleaved epochs each\n")
    print("Wall-clock seconds and ratios; in brackets the ratios of CPU seconds (this process's,\n"
          "all its threads), less distorted than wall-clock time when other processes share\n"
          "the cores. At one thread they are the figures to read on a busy machine.\n")
    print("threads  batch  descenso s  torch s  numpy s  descenso/torch  descenso/numpy  "
          "numpy/torch  first-batch losses (descenso, torch, numpy)")
    for threads in (int(t) for t in args.threads.split(",")):
        torch.set_num_threads(threads)
        with threadpool_limits(limits=threads):
            for batch_size in (int(b) for b in args.batch_sizes.split(",")):
                times, cpu, first = run(torch, X, y, batch_size, args.rounds)
                s, c = summarize(times), summarize(cpu)
                print(f"{threads:7d}  {batch_size:5d}  {s['seconds']['descenso']:10.2f}  "
                      f"{s['seconds']['torch']:7.2f}  {s['seconds']['numpy']:7.2f}  "
                      f"{s['ratio_torch']:5.2f} [{c['ratio_torch']:.2f}]  "
                      f"{s['ratio_numpy']:6.2f} [{c['ratio_numpy']:.2f}]  "
                      f"{s['numpy_torch']:4.2f} [{c['numpy_torch']:.2f}]  "
                      + ", ".join(f"{first[name]:.5f}" for name in NAMES), flush=True)
    print(f"load at the end {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    if not args.no_memory:
        peak = peak_memory_of_a_real_run(args.data_dir, 6000, 1)
        print(f"\npeak resident memory of 'descenso fit mnist --model cnn --epochs 1 --limit "
              f"6000 --batch-size 256': {peak:.0f} MB")


if __name__ == "__main__":
    main()
