"""The operations of descenso's autograd, each a function with its backward beside it.

Grouped by kind: :mod:`.arithmetic` (``+ - * / **``), :mod:`.elementwise` (``exp``, ``log``,
...), :mod:`.activation`, :mod:`.reduction`, :mod:`.shape`, :mod:`.cast`, :mod:`.join`,
:mod:`.selection`, :mod:`.matmul`, the fused operations layers use (:mod:`.fused`), the losses (:mod:`.loss`) and the image operations
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
from descenso.autograd.ops.cast import cast, clone
from descenso.autograd.ops.conv import conv2d
from descenso.autograd.ops.conv_transpose import conv_transpose2d
from descenso.autograd.ops.dropout2d import dropout2d
from descenso.autograd.ops.elementwise import absolute, clip, cos, exp, log, sign, sin, sqrt
from descenso.autograd.ops.fused import cross_entropy, dropout, linear
from descenso.autograd.ops.join import cat, stack
from descenso.autograd.ops.loss import (
    binary_cross_entropy_with_logits,
    huber_loss,
    l1_loss,
    mse_loss,
)
from descenso.autograd.ops.matmul import matmul, mm
from descenso.autograd.ops.pad import pad
from descenso.autograd.ops.pooling import adaptive_avg_pool2d, avg_pool2d, max_pool2d
from descenso.autograd.ops.reduction import (
    amax,
    amin,
    cumulative_sum,
    mean,
    norm,
    product,
    reduce_sum,
    select_extreme,
    variance,
)
from descenso.autograd.ops.selection import maximum, minimum, where
from descenso.autograd.ops.shape import getitem, permute, reshape, sort, transpose

__all__ = [
    "absolute",
    "adaptive_avg_pool2d",
    "add",
    "amax",
    "amin",
    "avg_pool2d",
    "batch_norm",
    "binary_cross_entropy_with_logits",
    "cast",
    "cat",
    "clip",
    "clone",
    "conv2d",
    "conv_transpose2d",
    "cos",
    "cross_entropy",
    "cumulative_sum",
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
    "maximum",
    "mean",
    "minimum",
    "mm",
    "mse_loss",
    "mul",
    "neg",
    "norm",
    "pad",
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
    "sort",
    "sqrt",
    "stack",
    "sub",
    "tanh",
    "transpose",
    "variance",
    "where",
]
