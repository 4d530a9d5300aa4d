"""descenso: learn and use machine learning by gradient descent, from scratch on NumPy."""

from descenso import nn, optim, utils
from descenso._version import __version__
from descenso.threads import get_num_threads, set_num_threads
from descenso.autograd import (
    Tensor,
    enable_grad,
    from_numpy,
    gradcheck,
    is_grad_enabled,
    manual_seed,
    no_grad,
    tensor,
)
from descenso.io.serialization import load, save

__all__ = [
    "Tensor",
    "__version__",
    "enable_grad",
    "from_numpy",
    "get_num_threads",
    "gradcheck",
    "is_grad_enabled",
    "load",
    "manual_seed",
    "nn",
    "no_grad",
    "optim",
    "save",
    "set_num_threads",
    "tensor",
    "utils",
]
