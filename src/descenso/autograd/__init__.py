"""Layer 0 of descenso: the Tensor, reverse-mode autograd and its operations.

Read in this order: :mod:`.tensor` (the Tensor and how results are recorded),
:mod:`.backward` (the chain rule over the graph), :mod:`.broadcast`, the operations in
:mod:`.ops`, then :mod:`.gradcheck`. Around them: :mod:`.methods` (the Tensor's operators
and methods), :mod:`.dtypes` (names and type promotion), :mod:`.creation` (``zeros``,
``randn``...), :mod:`.functions` (``descenso.sum``...), :mod:`.gradient` (``grad``),
:mod:`.device` and :mod:`.printing`.

>>> from descenso.autograd import tensor, linear
>>> x = tensor([[1.0, 2.0]])
>>> w = tensor([[0.5, -0.5]], requires_grad=True)
>>> linear(x, w).sum().backward()
>>> w.grad
tensor([[1., 2.]])
"""

# Re-exports: __all__ takes the operations' names from ops.__all__, which linters cannot read.
# ruff: noqa: F401

# The Tensor first: the operations import it, and it imports them at its end.
from descenso.autograd.tensor import Tensor, from_numpy, tensor

# isort: split
from descenso.autograd import ops
from descenso.autograd.backward import GraphError, Node
from descenso.autograd.broadcast import unbroadcast
from descenso.autograd.device import device
from descenso.autograd.grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    no_grad,
    set_grad_enabled,
)
from descenso.autograd.gradcheck import GradcheckError, gradcheck
from descenso.autograd.gradient import grad
from descenso.autograd.ops import (
    absolute,
    adaptive_avg_pool2d,
    add,
    amax,
    amin,
    avg_pool2d,
    batch_norm,
    binary_cross_entropy_with_logits,
    cast,
    cat,
    clip,
    clone,
    conv2d,
    conv_transpose2d,
    cos,
    cross_entropy,
    cumulative_sum,
    div,
    dropout,
    dropout2d,
    exp,
    getitem,
    huber_loss,
    l1_loss,
    leaky_relu,
    linear,
    log,
    log_softmax,
    matmul,
    max_pool2d,
    maximum,
    mean,
    minimum,
    mm,
    mse_loss,
    mul,
    neg,
    norm,
    pad,
    permute,
    power,
    product,
    reduce_sum,
    relu,
    reshape,
    select_extreme,
    sigmoid,
    sign,
    sin,
    softmax,
    sort,
    sqrt,
    stack,
    sub,
    tanh,
    transpose,
    variance,
    where,
)
from descenso.autograd.random import default_generator, manual_seed

# What this package adds to the operations; the operations are listed once, in ops.__all__.
__all__ = [
    "GradcheckError",
    "GraphError",
    "Node",
    "Tensor",
    "default_generator",
    "device",
    "enable_grad",
    "from_numpy",
    "grad",
    "gradcheck",
    "inference_mode",
    "is_grad_enabled",
    "manual_seed",
    "no_grad",
    "set_grad_enabled",
    "tensor",
    "unbroadcast",
    *ops.__all__,
]
