"""Layer 0 of descenso: the Tensor, reverse-mode autograd and its operations.

Read in this order: :mod:`.tensor` (the Tensor and how results are recorded),
:mod:`.backward` (the chain rule over the graph), :mod:`.broadcast`, the operations in
:mod:`.ops`, then :mod:`.gradcheck`.

>>> from descenso.autograd import tensor, linear
>>> x = tensor([[1.0, 2.0]])
>>> w = tensor([[0.5, -0.5]], requires_grad=True)
>>> linear(x, w).sum().backward()
>>> w.grad
array([[1., 2.]], dtype=float32)
"""

# The Tensor first: the operations import it, and it imports them at its end.
from descenso.autograd.tensor import Tensor, from_numpy, tensor

# isort: split
from descenso.autograd.backward import GraphError
from descenso.autograd.broadcast import unbroadcast
from descenso.autograd.grad_mode import enable_grad, is_grad_enabled, no_grad
from descenso.autograd.gradcheck import GradcheckError, gradcheck
from descenso.autograd.ops import (
    absolute,
    adaptive_avg_pool2d,
    add,
    amax,
    avg_pool2d,
    batch_norm,
    binary_cross_entropy_with_logits,
    clip,
    conv2d,
    conv_transpose2d,
    cross_entropy,
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
    mean,
    mse_loss,
    mul,
    neg,
    pad,
    permute,
    power,
    reduce_sum,
    relu,
    reshape,
    sigmoid,
    softmax,
    sqrt,
    sub,
    tanh,
    transpose,
)
from descenso.autograd.random import default_generator, manual_seed

__all__ = [
    "GradcheckError",
    "GraphError",
    "Tensor",
    "absolute",
    "adaptive_avg_pool2d",
    "add",
    "amax",
    "avg_pool2d",
    "batch_norm",
    "binary_cross_entropy_with_logits",
    "clip",
    "conv2d",
    "conv_transpose2d",
    "cross_entropy",
    "default_generator",
    "div",
    "dropout",
    "dropout2d",
    "enable_grad",
    "exp",
    "from_numpy",
    "getitem",
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
    "max_pool2d",
    "mean",
    "mse_loss",
    "mul",
    "neg",
    "no_grad",
    "pad",
    "permute",
    "power",
    "reduce_sum",
    "relu",
    "reshape",
    "sigmoid",
    "softmax",
    "sqrt",
    "sub",
    "tanh",
    "tensor",
    "transpose",
    "unbroadcast",
]
