"""The operations of descenso's autograd, each a function with its backward beside it.

Grouped by kind: :mod:`.arithmetic` (``+ - * / **``), :mod:`.elementwise` (``exp``, ``log``,
...), :mod:`.activation`, :mod:`.reduction`, :mod:`.shape`, :mod:`.matmul`, the fused
operations layers use (:mod:`.fused`) and the losses (:mod:`.loss`).
"""

from descenso.autograd.ops.activation import (
    leaky_relu,
    log_softmax,
    relu,
    sigmoid,
    softmax,
    tanh,
)
from descenso.autograd.ops.arithmetic import add, div, mul, neg, power, sub
from descenso.autograd.ops.elementwise import absolute, clip, exp, log, sqrt
from descenso.autograd.ops.fused import cross_entropy, dropout, linear
from descenso.autograd.ops.loss import (
    binary_cross_entropy_with_logits,
    huber_loss,
    l1_loss,
    mse_loss,
)
from descenso.autograd.ops.matmul import matmul
from descenso.autograd.ops.reduction import amax, mean, reduce_sum
from descenso.autograd.ops.shape import getitem, permute, reshape, transpose

__all__ = [
    "absolute",
    "add",
    "amax",
    "binary_cross_entropy_with_logits",
    "clip",
    "cross_entropy",
    "div",
    "dropout",
    "exp",
    "getitem",
    "huber_loss",
    "l1_loss",
    "leaky_relu",
    "linear",
    "log",
    "log_softmax",
    "matmul",
    "mean",
    "mse_loss",
    "mul",
    "neg",
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
    "transpose",
]
