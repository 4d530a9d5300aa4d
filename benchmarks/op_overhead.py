"""Per-operation overhead: descenso against PyTorch, forward and forward + backward.

Times one operation at a time on a tiny tensor, shape (1,), where the cost is almost all
Python and bookkeeping, and on a (32, 128) batch, where NumPy's or PyTorch's kernels start to
matter. Prints microseconds per operation and the ratio descenso / PyTorch (below 1: descenso
is faster). Run from the repository root::

    python benchmarks/op_overhead.py

PyTorch is imported here only; it is never a dependency of descenso.
"""

from __future__ import annotations

import timeit

import numpy as np

import descenso

OPERATIONS = {
    "add": lambda a, b: a + b,
    "mul": lambda a, b: a * b,
    "matmul": lambda a, b: a @ b,
    "relu": lambda a, b: a.relu(),
    "sum": lambda a, b: a.sum(),
}
SHAPES = {"(1,)": ((1,), (1,)), "(32, 128)": ((32, 128), (128, 128))}


def _operands(shape_a, shape_b, op_name):
    generator = np.random.default_rng(0)
    a = generator.standard_normal(shape_a).astype(np.float32)
    b_shape = shape_b if op_name == "matmul" else shape_a
    return a, generator.standard_normal(b_shape).astype(np.float32)


def _best_microseconds(statements, number: int, rounds: int = 7) -> list[float]:
    """Best time per call of each statement, in microseconds.

    The statements take turns round by round, so a busy machine slows both libraries alike.
    """
    best = [float("inf")] * len(statements)
    for _ in range(rounds):
        for i, statement in enumerate(statements):
            seconds = timeit.timeit(statement, number=number)
            best[i] = min(best[i], seconds / number * 1e6)
    return best


def _statements(library, fn, a_data, b_data):
    """Forward without grad, and forward + backward, for descenso or torch."""
    if library is descenso:
        a = descenso.tensor(a_data, requires_grad=True)
        b = descenso.tensor(b_data, requires_grad=True)
        upstream = np.ones(fn(a, b).shape, dtype=np.float32)
    else:
        a = library.tensor(a_data, requires_grad=True)
        b = library.tensor(b_data, requires_grad=True)
        upstream = library.ones(fn(a, b).shape)

    def forward():
        with library.no_grad():
            fn(a, b)

    def forward_backward():
        a.grad = b.grad = None
        fn(a, b).backward(upstream)

    return forward, forward_backward


def main() -> None:
    import torch

    print(
        f"numpy {np.__version__}, torch {torch.__version__} "
        f"({torch.get_num_threads()} threads), float32; microseconds per operation"
    )
    header = f"{'operation':<8} {'shape':<10} {'':>5} {'descenso':>9} {'torch':>9} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for shape_name, (shape_a, shape_b) in SHAPES.items():
        for op_name, fn in OPERATIONS.items():
            a_data, b_data = _operands(shape_a, shape_b, op_name)
            number = 5000 if shape_name == "(1,)" else 500
            ours = _statements(descenso, fn, a_data, b_data)
            theirs = _statements(torch, fn, a_data, b_data)
            times = _best_microseconds([*ours, *theirs], number)
            for label, mine, reference in zip(("fwd", "f+b"), times[:2], times[2:]):
                print(
                    f"{op_name:<8} {shape_name:<10} {label:>5} {mine:9.2f} {reference:9.2f} "
                    f"{mine / reference:6.2f}"
                )


if __name__ == "__main__":
    main()
