"""descenso: learn and use machine learning by gradient descent, from scratch on NumPy.

PyTorch code runs with ``import descenso as torch``: tensors, autograd, dtypes and the
``torch.*`` functions below carry PyTorch's names and arguments.

>>> import descenso as torch
>>> x = torch.linspace(-1, 1, 5, requires_grad=True)
>>> (x ** 2).sum().backward()
>>> x.grad
tensor([-2., -1.,  0.,  1.,  2.])
"""

# Re-exports: __all__ takes names from the modules' own __all__, which linters cannot read.
# ruff: noqa: F401

import numpy as _np

from descenso import autograd, cuda, nn, optim, utils
from descenso._version import __version__
from descenso.autograd import (
    Tensor,
    cat,
    device,
    enable_grad,
    from_numpy,
    gradcheck,
    inference_mode,
    is_grad_enabled,
    manual_seed,
    no_grad,
    set_grad_enabled,
    stack,
    tensor,
    where,
)
from descenso.autograd import creation as _creation
from descenso.autograd import functions as _functions
from descenso.autograd.creation import (
    arange,
    as_tensor,
    empty,
    empty_like,
    eye,
    full,
    full_like,
    linspace,
    normal,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randn,
    randn_like,
    randperm,
    zeros,
    zeros_like,
)
from descenso.autograd.functions import (
    abs,
    allclose,
    argmax,
    argmin,
    argsort,
    clamp,
    cos,
    cumsum,
    equal,
    exp,
    flatten,
    is_tensor,
    log,
    matmul,
    max,
    maximum,
    mean,
    meshgrid,
    min,
    minimum,
    mm,
    norm,
    numel,
    pow,
    prod,
    relu,
    reshape,
    sigmoid,
    sign,
    sin,
    softmax,
    sort,
    sqrt,
    squeeze,
    std,
    sum,
    t,
    tanh,
    topk,
    transpose,
    unsqueeze,
    var,
)
from descenso.autograd.size import Size
from descenso.io.serialization import load, save
from descenso.threads import get_num_threads, set_num_threads

# Data types, by PyTorch's names: they are NumPy dtypes (descenso.float32 == np.float32).
float32 = float = _np.dtype(_np.float32)
float64 = double = _np.dtype(_np.float64)
float16 = half = _np.dtype(_np.float16)
int64 = long = _np.dtype(_np.int64)
int32 = int = _np.dtype(_np.int32)
int16 = short = _np.dtype(_np.int16)
int8 = _np.dtype(_np.int8)
uint8 = _np.dtype(_np.uint8)
bool = _np.dtype(_np.bool_)

# The creation functions and the torch.* functions are listed once, in their modules' __all__.
__all__ = [
    "__version__", "autograd", "cuda", "nn", "optim", "utils",
    "Size", "Tensor", "cat", "device", "enable_grad", "from_numpy", "gradcheck", "inference_mode",
    "is_grad_enabled", "load", "manual_seed", "no_grad", "save", "set_grad_enabled", "stack",
    "tensor", "where", "get_num_threads", "set_num_threads",
    "bool", "double", "float", "float16", "float32", "float64", "half", "int", "int16", "int32",
    "int64", "int8", "long", "short", "uint8",
    *_creation.__all__,
    *_functions.__all__,
]
