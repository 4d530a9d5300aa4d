"""Threads and speed: which thread setting is fastest for descenso's models, and proof that
the numbers do not change with it.

For the Fashion-MNIST MLP (784-128-10, float32) it times, in one process and interleaved
(so every setting sees the same machine load):

- ``train``: one ``Trainer`` epoch at batch 32 on 10,000 images;
- ``predict``: the forward pass over the 10,000 test images (``Trainer.predict``);
- ``table``: ``LogisticRegression().fit`` on a 5,000 x 20 table with 3 classes.

each with descenso's setting (BLAS on one thread, ``descenso.set_num_threads(n)`` for its own
blocks, ``n`` = 1 and 2) and, for comparison, the plain forward pass with NumPy's BLAS on
``n`` threads (what a user's NumPy code gets). It prints the median seconds, the ratio to one
thread, and whether the outputs of every descenso setting have the same bits. Run from the
repository root::

    python benchmarks/threads.py --data-dir ../shared/data
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import numpy as np

import descenso
from descenso import nn, optim
from descenso.autograd import from_numpy
from descenso.datasets.mnist import load_fashion_mnist
from descenso.linear import LogisticRegression
from descenso.train import Trainer

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def model():
    descenso.manual_seed(0)
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


def train_epoch(X, y):
    net = model()
    trainer = Trainer(net, nn.CrossEntropyLoss(), optim.Adam(net.parameters(), lr=1e-3),
                      epochs=1, batch_size=32, seed=0, verbose="quiet")
    trainer.fit((X, y))
    return trainer.model.state_dict()["3.weight"]


def predict(X):
    net = model()
    trainer = Trainer(net, nn.CrossEntropyLoss(), optim.SGD(net.parameters(), lr=0.1),
                      epochs=1, verbose="quiet")
    return trainer.predict(X)


def table_fit(X, y):
    return LogisticRegression().fit(X, y).coef_


def numpy_forward(X, net):
    with descenso.no_grad():
        return net(from_numpy(X)).data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", default=os.environ.get("DESCENSO_DATA", DEFAULT_DATA))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from threadpoolctl import threadpool_info, threadpool_limits

    data = load_fashion_mnist(args.data_dir, download=False, progress=False)
    X_train = data.X_train[:10_000].astype(np.float32) / 255
    y_train = data.y_train[:10_000].astype(np.int64)
    X_test = data.X_test.astype(np.float32) / 255
    rng = np.random.default_rng(0)
    X_table = rng.normal(size=(5_000, 20))
    y_table = np.digitize(X_table[:, :3].sum(axis=1) + rng.normal(size=5_000), [-1.0, 1.0])
    net = model()

    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    print(f"nproc {os.cpu_count()}, load {', '.join(f'{v:.1f}' for v in os.getloadavg())}, "
          f"BLAS {blas[0]['internal_api']} {blas[0]['version']} default "
          f"{blas[0]['num_threads']} threads")
    tasks = {
        "train": lambda: train_epoch(X_train, y_train),
        "predict": lambda: predict(X_test),
        "table": lambda: table_fit(X_table, y_table),
    }
    times = {(task, setting): [] for task in tasks for setting in ("1", "2", "numpy2")}
    outputs = {}
    for repeat in range(args.repeats):
        for task, work in tasks.items():
            for count in ((1, 2) if repeat % 2 == 0 else (2, 1)):
                descenso.set_num_threads(count)
                started = time.perf_counter()
                outputs[(task, count)] = work()  # Trainer and estimators pin the BLAS
                times[(task, str(count))].append(time.perf_counter() - started)
            descenso.set_num_threads(1)
            if task == "predict":  # a user's own forward pass on NumPy's BLAS threads
                with threadpool_limits(limits=2, user_api="blas"):
                    started = time.perf_counter()
                    numpy_forward(X_test, net)
                    times[(task, "numpy2")].append(time.perf_counter() - started)
    print(f"{'task':<8} {'setting':<34} {'seconds':>8} {'/ 1 thread':>10}")
    labels = {"1": "descenso, 1 thread", "2": "descenso.set_num_threads(2)",
              "numpy2": "plain forward, NumPy BLAS 2 threads"}
    for task in tasks:
        base = statistics.median(times[(task, "1")])
        for setting, label in labels.items():
            if times[(task, setting)]:
                seconds = statistics.median(times[(task, setting)])
                print(f"{task:<8} {label:<34} {seconds:>8.3f} {seconds / base:>10.2f}")
        same = outputs[(task, 1)].tobytes() == outputs[(task, 2)].tobytes()
        print(f"{task:<8} same bits with 1 and 2 threads: {same}")


if __name__ == "__main__":
    main()
