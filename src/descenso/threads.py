"""How many threads descenso computes with, and why its numbers never depend on it.

A BLAS library (OpenBLAS, MKL) that multiplies matrices on several threads splits the work
differently for each thread count, and the pieces' rounding errors add up in a different
order: the same product gives results that differ in the last bits, and after thousands of
training steps different metrics (Fashion-MNIST: 0.8866 with one thread, 0.8855 with two).
Threads that spin on a busy core also made small products 6 to 10 times slower.

So descenso does two things:

- while it trains or predicts (:func:`single_threaded_blas`, used by the command line, the
  ``Trainer`` and the estimators) the BLAS runs on **one** thread, controlled with
  threadpoolctl, so every product is computed in one fixed order;
- products with many rows are cut into blocks of :data:`BLOCK_ROWS` rows (:func:`matmul`),
  always the same blocks whatever the number of threads, and the blocks are shared among
  :func:`get_num_threads` threads. Each result row is computed by one single-threaded BLAS
  call, so 1, 2 or 16 threads give the same bits; only the time changes.

>>> before = get_num_threads()
>>> set_num_threads(3); get_num_threads()
3
>>> a = np.arange(6.0).reshape(3, 2)
>>> matmul(a, np.eye(2)).tolist()
[[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]
>>> set_num_threads(before)
"""

from __future__ import annotations

import contextlib
import numbers
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["BLOCK_ROWS", "DEFAULT_THREADS", "get_num_threads", "matmul", "set_num_threads",
           "single_threaded_blas"]

#: two threads (one on a single core): on a busy 2-core machine they predicted 10,000 images
#: 1.4 to 1.8 times faster than one and trained as fast (``benchmarks/threads.py``). They
#: wait on a queue between products instead of spinning, so an idle pool costs nothing.
DEFAULT_THREADS = min(2, os.cpu_count() or 1)
#: result rows per block of :func:`matmul`; fixed so the blocks never depend on the threads
BLOCK_ROWS = 512
#: products smaller than this many multiply-adds run in one call (threads cost more)
MIN_PARALLEL_WORK = 1 << 22

_state = {"threads": DEFAULT_THREADS, "pool": None, "controller": None}
_lock = threading.Lock()


def _forget_pool_in_child() -> None:
    """A forked child has none of its parent's threads: it starts its own pool when needed."""
    global _lock
    _lock = threading.Lock()
    _state["pool"] = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool_in_child)


def set_num_threads(n: int) -> None:
    """Use ``n`` threads (at least 1) for descenso's large matrix products.

    Results do not depend on ``n``; see the module docstring. The default is
    :data:`DEFAULT_THREADS`.
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ConfigError(_("the number of threads must be a whole number of at least 1, got "
                            "{value!r}; try 1").format(value=n))
    with _lock:
        if _state["threads"] != int(n) and _state["pool"] is not None:
            _state["pool"].shutdown(wait=True)
            _state["pool"] = None
        _state["threads"] = int(n)


def get_num_threads() -> int:
    """The number of threads :func:`set_num_threads` chose (:data:`DEFAULT_THREADS` at first)."""
    return _state["threads"]


@contextlib.contextmanager
def single_threaded_blas():
    """Run the block inside with the BLAS limited to one thread, then restore its setting."""
    with _controller().limit(limits=1, user_api="blas"):
        yield


def _controller():
    if _state["controller"] is None:
        from threadpoolctl import ThreadpoolController

        _state["controller"] = ThreadpoolController()
    return _state["controller"]


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for matrices ``a`` (n, k) and ``b`` (k, m), by blocks of rows of ``a``.

    The same blocks are used whatever :func:`get_num_threads` is, so the result has the same
    bits with any number of threads (under :func:`single_threaded_blas`).
    """
    if a.ndim != 2 or b.ndim != 2 or a.shape[0] < 2 * BLOCK_ROWS:
        return a @ b
    rows = a.shape[0]
    out = np.empty((rows, b.shape[1]), np.result_type(a, b))
    starts = range(0, rows, BLOCK_ROWS)

    def block(start: int) -> None:
        np.matmul(a[start:start + BLOCK_ROWS], b, out=out[start:start + BLOCK_ROWS])

    threads = _state["threads"]
    if threads == 1 or rows * a.shape[1] * b.shape[1] < MIN_PARALLEL_WORK:
        for start in starts:
            block(start)
    else:
        list(_pool(threads).map(block, starts))  # waits for every block; re-raises their errors
    return out


def _pool(threads: int) -> ThreadPoolExecutor:
    with _lock:
        if _state["pool"] is None:
            _state["pool"] = ThreadPoolExecutor(max_workers=threads,
                                                thread_name_prefix="descenso")
        return _state["pool"]
