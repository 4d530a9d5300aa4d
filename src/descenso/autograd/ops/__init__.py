"""The operations of descenso's autograd, each a function with its backward beside it.

Grouped by kind: :mod:`.arithmetic` (``+ - * / **``), :mod:`.elementwise` (``exp``, ``log``,
...), :mod:`.activation`, :mod:`.reduction`, :mod:`.shape`, :mod:`.cast`, :mod:`.join`,
:mod:`.selection`, :mod:`.matmul`, the fused
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
from descenso.autograd.ops.cast import cast, clone
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
from descenso.autograd.ops.shape import getitem, permute, reshape, transpose

__all__ = [
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
    "maximum",
    "mean",
    "minimum",
    "mm",
    "mse_loss",
    "mul",
    "neg",
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
    "transpose",
    "variance",
    "where",
]
