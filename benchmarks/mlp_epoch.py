"""Epochs of the Fashion-MNIST MLP: descenso against PyTorch and hand-written NumPy.

The model is issue 5's lesson without dropout: Flatten, Linear(784, 128), ReLU,
Linear(128, 10), cross-entropy from logits, Adam (lr 1e-3), float32, on the 60,000 training
images scaled to [0, 1], shuffled every epoch. Four implementations start from the same
weights and train side by side in one process:

- ``descenso``: the plain loop a user writes (``nn.Sequential``, ``optim.Adam``,
  ``nn.CrossEntropyLoss``, ``zero_grad / backward / step``);
- ``trainer``: ``descenso.train.Trainer.fit`` (which also computes the epoch's training
  accuracy and checks the loss for NaN every batch);
- ``torch``: the same plain loop in PyTorch (default ``torch.optim.Adam``);
- ``numpy``: the same network written by hand in NumPy (forward, backward and Adam with
  preallocated buffers), the floor that autograd's bookkeeping is measured against.

Epochs are interleaved (one epoch of each, in alternating order) so all see the same machine
load, and every implementation gets the same thread count (``--threads``; NumPy's BLAS is
limited with threadpoolctl, PyTorch with ``torch.set_num_threads``). ``--threads default``
limits nothing: each library runs as a user runs it, PyTorch on its default threads, the
descenso and NumPy loops on NumPy's default BLAS threads, and the ``Trainer`` with what
descenso does by default (its BLAS on one thread, :mod:`descenso.threads`). The loops draw the same
permutation each epoch and gather the shuffled batch with fancy indexing (``X[rows]``);
the trainer shuffles with its own seeded generator. Each loop also reads the loss as a Python
float every step, as a user printing progress does.

Prints seconds per epoch (median over all epochs of ``--seeds`` runs, each from other initial
weights and batch orders), the ratios to PyTorch (median of the epochs' ratios), the test
accuracy of each after the same epochs (mean over the seeds: one run's accuracy moves by tenths
of a point with the rounding of its first steps), and the memory of a separate process that
trains descenso alone. ``--phases`` adds the milliseconds per step of each phase (gather the
batch, zero_grad, forward, loss, backward, optimizer step) for descenso and PyTorch.
Run from the repository root::

    python benchmarks/mlp_epoch.py                 # 2 epochs x 3 seeds, batch 32 and 256, 1 thread
    python benchmarks/mlp_epoch.py --phases --epochs 3 --threads 2
    python benchmarks/mlp_epoch.py --threads default --seeds 1 --no-memory

PyTorch and threadpoolctl are imported here only; neither is a dependency of descenso.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

import descenso
from descenso import nn, optim
from descenso.autograd import from_numpy
from descenso.datasets.mnist import load_fashion_mnist
from descenso.train import Callback, Trainer

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
NAMES = ("descenso", "trainer", "torch", "numpy")
PHASES = ("gather", "zero_grad", "forward", "loss", "backward", "step")
TARGETS = {32: 0.9, 256: 1.0}  # issue 5: descenso's time per epoch / PyTorch's, at most
MEMORY_TARGET_MB = 1500


def load_data(data_dir):
    data = load_fashion_mnist(data_dir, download=False, progress=False)
    X_train, X_test = data.X_train.astype(np.float32), data.X_test.astype(np.float32)
    X_train /= 255  # in place: no second copy of the 188 MB training images
    X_test /= 255
    return X_train, data.y_train.astype(np.int64), X_test, data.y_test.astype(np.int64)


def descenso_model():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


class DescensoLoop:
    """The loop a descenso user writes."""

    def __init__(self, state):
        self.model = descenso_model()
        self.model.load_state_dict(state)
        self.optimizer = optim.Adam(self.model.parameters(), lr=1e-3)
        self.loss_fn = nn.CrossEntropyLoss()

    def epoch(self, X, y, order, batch_size):
        model, optimizer, loss_fn = self.model, self.optimizer, self.loss_fn
        total = 0.0
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(from_numpy(X[rows])), y[rows])
            loss.backward()
            optimizer.step()
            total += loss.item()
        return total

    def phases(self, X, y, rows):
        """One step, pausing after each phase (for ``--phases``)."""
        xb, yb = X[rows], y[rows]
        yield
        self.optimizer.zero_grad()
        yield
        output = self.model(from_numpy(xb))
        yield
        loss = self.loss_fn(output, yb)
        loss.item()
        yield
        loss.backward()
        yield
        self.optimizer.step()
        yield

    def predict(self, X):
        with descenso.no_grad():
            return self.model.eval()(from_numpy(X)).data.argmax(axis=1)


class TorchLoop:
    """The same loop in PyTorch."""

    def __init__(self, torch, state):
        self.torch = torch
        self.model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 128),
                                         torch.nn.ReLU(), torch.nn.Linear(128, 10))
        self.model.load_state_dict({"1.weight": torch.from_numpy(state["1.weight"]),
                                    "1.bias": torch.from_numpy(state["1.bias"]),
                                    "3.weight": torch.from_numpy(state["3.weight"]),
                                    "3.bias": torch.from_numpy(state["3.bias"])})
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-3)
        self.loss_fn = torch.nn.CrossEntropyLoss()
        self.tensors = {}

    def _tensor(self, array):
        # The data set becomes tensors once, as a PyTorch user would do (the tuple keeps the
        # array alive, so its id cannot be reused by another array).
        key = id(array)
        if key not in self.tensors:
            self.tensors[key] = (array, self.torch.from_numpy(array))
        return self.tensors[key][1]

    def epoch(self, X, y, order, batch_size):
        model, optimizer, loss_fn = self.model, self.optimizer, self.loss_fn
        X, y, order = self._tensor(X), self._tensor(y), self.torch.from_numpy(order)
        total = 0.0
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(X[rows]), y[rows])
            loss.backward()
            optimizer.step()
            total += loss.item()
        return total

    def phases(self, X, y, rows):
        """One step, pausing after each phase (for ``--phases``)."""
        rows = self.torch.from_numpy(rows)
        xb, yb = self._tensor(X)[rows], self._tensor(y)[rows]
        yield
        self.optimizer.zero_grad()
        yield
        output = self.model(xb)
        yield
        loss = self.loss_fn(output, yb)
        loss.item()
        yield
        loss.backward()
        yield
        self.optimizer.step()
        yield

    def predict(self, X):
        with self.torch.no_grad():
            return self.model.eval()(self.torch.from_numpy(X)).numpy().argmax(axis=1)


class NumpyLoop:
    """The network by hand: forward, backward and Adam in NumPy, buffers made once."""

    def __init__(self, state):
        self.params = [state["1.weight"].copy(), state["1.bias"].copy(),
                       state["3.weight"].copy(), state["3.bias"].copy()]
        self.grads = [np.zeros_like(p) for p in self.params]
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.tmp = [np.empty_like(p) for p in self.params]
        self.t = 0

    def _adam(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        self.t += 1
        step = lr / (1 - beta1 ** self.t)
        root = np.sqrt(1 - beta2 ** self.t)
        for p, g, m, v, tmp in zip(self.params, self.grads, self.m, self.v, self.tmp):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            np.multiply(g, g, out=tmp)
            tmp *= 1 - beta2
            v += tmp
            np.sqrt(v, out=tmp)
            tmp /= root
            tmp += eps
            np.divide(m, tmp, out=tmp)
            tmp *= -step
            p += tmp

    def epoch(self, X, y, order, batch_size):
        w1, b1, w2, b2 = self.params
        gw1, gb1, gw2, gb2 = self.grads
        total = 0.0
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            x = X[rows].reshape(len(rows), -1)
            labels = y[rows]
            n = len(rows)
            hidden = x @ w1.T
            hidden += b1
            np.maximum(hidden, 0, out=hidden)
            logits = hidden @ w2.T
            logits += b2
            logits -= logits.max(axis=1, keepdims=True)
            np.exp(logits, out=logits)
            sums = logits.sum(axis=1)
            picked = logits[np.arange(n), labels]
            total += float(np.mean(np.log(sums) - np.log(picked)))
            logits /= sums[:, None]  # softmax
            logits[np.arange(n), labels] -= 1
            logits *= np.float32(1 / n)
            np.matmul(logits.T, hidden, out=gw2)
            np.sum(logits, axis=0, out=gb2)
            grad_hidden = logits @ w2
            grad_hidden *= hidden > 0
            np.matmul(grad_hidden.T, x, out=gw1)
            np.sum(grad_hidden, axis=0, out=gb1)
            self._adam()
        return total

    def predict(self, X):
        w1, b1, w2, b2 = self.params
        hidden = np.maximum(X.reshape(len(X), -1) @ w1.T + b1, 0)
        return (hidden @ w2.T + b2).argmax(axis=1)


class Interleave(Callback):
    """Times the trainer's epochs and runs one epoch of every loop after each of them."""

    def __init__(self, loops, X, y, batch_size, seed):
        self.loops, self.X, self.y, self.batch_size = loops, X, y, batch_size
        self.generator = np.random.default_rng(seed)
        self.times = {name: [] for name in NAMES}
        self.started = 0.0

    def on_epoch_begin(self, trainer, epoch):
        self.started = time.perf_counter()

    def on_epoch_end(self, trainer, epoch, logs):
        self.times["trainer"].append(time.perf_counter() - self.started)
        order = self.generator.permutation(len(self.X))
        names = list(self.loops) if epoch % 2 else list(reversed(self.loops))
        for name in names:
            started = time.perf_counter()
            self.loops[name].epoch(self.X, self.y, order, self.batch_size)
            self.times[name].append(time.perf_counter() - started)


def time_phases(torch, data, batch_size, epochs):
    """Milliseconds per step in each phase, median over ``epochs`` interleaved epochs."""
    X, y = data[0], data[1]
    descenso.manual_seed(0)
    state = descenso_model().state_dict()
    loops = {"descenso": DescensoLoop(state), "torch": TorchLoop(torch, state)}
    totals = {name: {phase: [] for phase in PHASES} for name in loops}
    generator = np.random.default_rng(0)
    for epoch in range(epochs):
        order = generator.permutation(len(X))
        for name in (loops if epoch % 2 else reversed(loops)):
            spent = dict.fromkeys(PHASES, 0.0)
            steps = range(0, len(order), batch_size)
            for start in steps:
                step = loops[name].phases(X, y, order[start:start + batch_size])
                before = time.perf_counter()
                for phase, _ in zip(PHASES, step):
                    now = time.perf_counter()
                    spent[phase] += now - before
                    before = now
            for phase in PHASES:
                totals[name][phase].append(spent[phase] / len(steps) * 1e3)
    return {name: {phase: statistics.median(values) for phase, values in by_phase.items()}
            for name, by_phase in totals.items()}


def warm_up(loops, X, y, batch_size):
    """A few hundred steps on throwaway copies: first-call costs, allocator and BLAS warm-up."""
    rows = np.arange(min(len(X), 200 * batch_size))
    for loop in loops.values():
        loop.epoch(X, y, rows, batch_size)


def run(torch, data, batch_size, epochs, seed=0):
    X, y, X_test, y_test = data
    descenso.manual_seed(seed)
    state = descenso_model().state_dict()

    def fresh():
        return {"descenso": DescensoLoop(state), "torch": TorchLoop(torch, state),
                "numpy": NumpyLoop(state)}

    warm_up(fresh(), X, y, batch_size)
    loops = fresh()
    model = descenso_model()
    model.load_state_dict(state)
    interleave = Interleave(loops, X, y, batch_size, seed)
    trainer = Trainer(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr=1e-3),
                      epochs=epochs, batch_size=batch_size, seed=seed, verbose="quiet",
                      callbacks=[interleave])
    trainer.fit((X, y))
    accuracy = {name: float(np.mean(loop.predict(X_test) == y_test))
                for name, loop in loops.items()}
    accuracy["trainer"] = float(np.mean(trainer.predict(X_test).argmax(axis=1) == y_test))
    return interleave.times, accuracy


def summarize(runs):
    """Median seconds per epoch, median ratio to torch, mean test accuracy over the seeds."""
    times = {name: [t for epoch_times, _ in runs for t in epoch_times[name]] for name in NAMES}
    return {
        "seconds": {name: statistics.median(times[name]) for name in NAMES},
        "ratio": {name: statistics.median(a / b for a, b in zip(times[name], times["torch"]))
                  for name in NAMES},
        "accuracy": {name: statistics.mean(acc[name] for _, acc in runs) for name in NAMES},
        "gaps": [abs(acc["descenso"] - acc["torch"]) * 100 for _, acc in runs],
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    Linux's ``VmHWM``, which starts afresh at ``exec``; ``ru_maxrss`` would carry over the
    peak of the parent process that started this one (PyTorch and all).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_child(data_dir, batch_size, epochs, threads):
    """Train descenso alone, as ``descenso fit`` would; print three figures in MB.

    The issue's model (with ``Dropout(0.2)``) through ``Trainer.fit`` with 10,000 validation
    images, then the test evaluation. Prints the resident memory after loading the data, the
    peak of what training allocated on top of it (tracemalloc) and the process's peak
    resident memory (Python, NumPy, the data and training).
    """
    from threadpoolctl import threadpool_limits

    limits = (contextlib.nullcontext() if threads == "default"
              else threadpool_limits(limits=threads))
    with limits:
        X, y, X_test, y_test = load_data(data_dir)
        loaded = peak_rss_mb()
        descenso.manual_seed(0)
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.2),
                              nn.Linear(128, 10))
        trainer = Trainer(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters()),
                          epochs=epochs, batch_size=batch_size, verbose="quiet")
        tracemalloc.start()
        trainer.fit((X[:50_000], y[:50_000]), (X[50_000:], y[50_000:]))
        trainer.evaluate((X_test, y_test))
        training_peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    print(f"{loaded:.1f} {training_peak:.1f} {peak_rss_mb():.1f}")


def peak_memory_mb(data_dir, batch_size, epochs, threads) -> list[float]:
    """Run :func:`memory_child` in a fresh process (so PyTorch is not counted)."""
    command = [sys.executable, __file__, "--memory-child", "--data-dir", str(data_dir),
               "--batch-sizes", str(batch_size), "--epochs", str(epochs),
               "--threads", str(threads)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return [float(value) for value in result.stdout.split()]


def describe_machine(torch) -> str:
    from threadpoolctl import threadpool_info

    blas = ", ".join(f"{pool['internal_api']} {pool['version']} "
                     f"({pool['num_threads']} threads, {pool.get('architecture')})"
                     for pool in threadpool_info() if pool["user_api"] == "blas")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (f"python {sys.version.split()[0]}, nproc {os.cpu_count()}, load {load}\n"
            f"numpy {np.__version__} [{blas}]\n"
            f"torch {torch.__version__} ({torch.get_num_threads()} threads)")


def _threads(text: str):
    return text if text == "default" else int(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", default=os.environ.get("DESCENSO_DATA", DEFAULT_DATA),
                        help="folder with fashion-mnist/ (default: $DESCENSO_DATA or "
                             "../shared/data beside the repository)")
    parser.add_argument("--epochs", type=int, default=2, help="epochs per library (default 2)")
    parser.add_argument("--batch-sizes", default="32,256", help="comma-separated (default 32,256)")
    parser.add_argument("--seeds", type=int, default=3,
                        help="independent runs (initial weights and batch order), default 3")
    parser.add_argument("--threads", type=_threads, default=1,
                        help="threads for NumPy's BLAS and for PyTorch (default 1), or "
                             "'default' to leave each library as a user runs it")
    parser.add_argument("--no-memory", action="store_true",
                        help="skip the separate process that measures descenso's peak memory")
    parser.add_argument("--phases", action="store_true",
                        help="also time each phase of a step (descenso loop and torch)")
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    batch_sizes = [int(size) for size in args.batch_sizes.split(",")]
    if args.memory_child:
        memory_child(args.data_dir, batch_sizes[0], args.epochs, args.threads)
        return

    import torch
    from threadpoolctl import threadpool_limits

    if args.threads != "default":
        torch.set_num_threads(args.threads)
    data = load_data(args.data_dir)
    limits = (contextlib.nullcontext() if args.threads == "default"
              else threadpool_limits(limits=args.threads))
    with limits:
        print(describe_machine(torch))
        print(f"Fashion-MNIST, 784-128-10 MLP, Adam 1e-3, float32, {args.epochs} epochs x "
              f"{args.seeds} seeds; s/epoch = median over all epochs; /torch = median of the "
              "epochs' ratios; test acc = mean over the seeds")
        header = (f"{'batch':>5} {'impl':<9} {'s/epoch':>8} {'/torch':>7} {'test acc':>9}")
        print(header)
        print("-" * len(header))
        for batch_size in batch_sizes:
            result = summarize([run(torch, data, batch_size, args.epochs, seed)
                                for seed in range(args.seeds)])
            for name in NAMES:
                print(f"{batch_size:>5} {name:<9} {result['seconds'][name]:>8.3f} "
                      f"{result['ratio'][name]:>7.2f} {result['accuracy'][name]:>9.4f}")
            gaps = result["gaps"]
            target = TARGETS.get(batch_size)
            verdict = "" if target is None else (
                f"; target <= {target} x torch and within 0.5 points: "
                + ("met" if result["ratio"]["descenso"] <= target
                   and statistics.mean(gaps) <= 0.5 else "NOT met"))
            print(f"{'':>5} test accuracy, descenso loop vs torch: {statistics.mean(gaps):.2f} "
                  f"points apart on average (per seed: {', '.join(f'{g:.2f}' for g in gaps)})"
                  + verdict)
        if args.phases:
            print("\nwhere the time goes: ms per step by phase (median over epochs)")
            print(f"{'batch':>5} {'impl':<9}" + "".join(f"{p:>10}" for p in PHASES)
                  + f"{'total':>8}")
            for batch_size in batch_sizes:
                for name, phases in time_phases(torch, data, batch_size, args.epochs).items():
                    print(f"{batch_size:>5} {name:<9}"
                          + "".join(f"{phases[p]:>10.3f}" for p in PHASES)
                          + f"{sum(phases.values()):>8.3f}")
    if not args.no_memory:
        print("\nmemory of descenso alone in a fresh process (Trainer, Dropout(0.2), 50,000 "
              "train + 10,000 validation images, then the test set), MB")
        print(f"{'batch':>5} {'after loading':>14} {'training peak':>14} {'peak RSS':>9}")
        for batch_size in batch_sizes:
            loaded, training, peak = peak_memory_mb(args.data_dir, batch_size, args.epochs,
                                                    args.threads)
            print(f"{batch_size:>5} {loaded:>14.0f} {training:>14.1f} {peak:>9.0f}  (target "
                  f"below {MEMORY_TARGET_MB}: {'met' if peak < MEMORY_TARGET_MB else 'NOT met'})")


if __name__ == "__main__":
    main()
