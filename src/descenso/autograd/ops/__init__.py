"""The operations of descenso's autograd, each a function with its backward beside it.

Grouped by kind: :mod:`.arithmetic` (``+ - * / **``), :mod:`.elementwise` (``exp``, ``log``,
...), :mod:`.activation`, :mod:`.reduction`, :mod:`.shape`, :mod:`.matmul`, the fused
operations layers use (:mod:`.fused`), the losses (:mod:`.loss`) and the image operations
(:mod:`.conv`, :mod:`.conv_transpose`, :mod:`.pooling`, :mod:`.pad`, :mod:`.batch_norm`,
:mod:`.dropout2d`, built on :mod:`.im2col`).
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
from descenso.autograd.ops.batch_norm import batch_norm
from descenso.autograd.ops.conv import conv2d
from descenso.autograd.ops.conv_transpose import conv_transpose2d
from descenso.autograd.ops.dropout2d import dropout2d
from descenso.autograd.ops.elementwise import absolute, clip, exp, log, sqrt
from descenso.autograd.ops.fused import cross_entropy, dropout, linear
from descenso.autograd.ops.loss import (
    binary_cross_entropy_with_logits,
    huber_loss,
    l1_loss,
    mse_loss,
)
from descenso.autograd.ops.matmul import matmul
from descenso.autograd.ops.pad import pad
from descenso.autograd.ops.pooling import adaptive_avg_pool2d, avg_pool2d, max_pool2d
from descenso.autograd.ops.reduction import amax, mean, reduce_sum
from descenso.autograd.ops.shape import getitem, permute, reshape, transpose

__all__ = [
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
    "div",
    "dropout",
    "dropout2d",
    "exp",
    "getitem",
    "huber_loss",
    "l1_loss",
    "leaky_relu",
    "linear",
    "log",
    "log_softmax",
    "matmul",
    "max_pool2d",
    "mean",
    "mse_loss",
    "mul",
    "neg",
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
    "transpose",
]
