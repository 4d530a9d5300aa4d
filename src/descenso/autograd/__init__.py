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

# The Tensor first: the operations import it, and it imports them at its end.
from descenso.autograd.tensor import Tensor, from_numpy, tensor

# isort: split
from descenso.autograd.backward import GraphError, Node
from descenso.autograd.broadcast import unbroadcast
from descenso.autograd.device import device
from descenso.autograd.grad_mode import enable_grad, is_grad_enabled, no_grad
from descenso.autograd.gradcheck import GradcheckError, gradcheck
from descenso.autograd.gradient import grad
from descenso.autograd.ops import (
    absolute,
    add,
    amax,
    amin,
    binary_cross_entropy_with_logits,
    cast,
    cat,
    clip,
    clone,
    cos,
    cross_entropy,
    cumulative_sum,
    div,
    dropout,
    exp,
    getitem,
    huber_loss,
    l1_loss,
    leaky_relu,
    linear,
    log,
    log_softmax,
    matmul,
    maximum,
    mean,
    minimum,
    mm,
    mse_loss,
    mul,
    neg,
    norm,
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
    sqrt,
    stack,
    sub,
    tanh,
    transpose,
    variance,
    where,
)
from descenso.autograd.random import default_generator, manual_seed

__all__ = [
    "GradcheckError",
    "GraphError",
    "Node",
    "Tensor",
    "absolute",
    "add",
    "amax",
    "amin",
    "binary_cross_entropy_with_logits",
    "cast",
    "cat",
    "clip",
    "clone",
    "cos",
    "cross_entropy",
    "cumulative_sum",
    "default_generator",
    "device",
    "div",
    "dropout",
    "enable_grad",
    "exp",
    "from_numpy",
    "getitem",
    "grad",
    "gradcheck",
    "huber_loss",
    "is_grad_enabled",
    "l1_loss",
    "leaky_relu",
    "linear",
    "log",
    "log_softmax",
    "manual_seed",
    "matmul",
    "maximum",
    "mean",
    "minimum",
    "mm",
    "mse_loss",
    "mul",
    "neg",
    "no_grad",
    "norm",
    "permute",
    "power",
    "product",
    "reduce_sum",
    "relu",
    "reshape",
    "select_extreme",
    "sigmoid",
    "sign",
    "sin",
    "softmax",
    "sqrt",
    "stack",
    "sub",
    "tanh",
    "tensor",
    "transpose",
    "unbroadcast",
    "variance",
    "where",
]
