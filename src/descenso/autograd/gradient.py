"""``descenso.autograd.grad``: the gradients of outputs with respect to chosen inputs, returned
instead of accumulated into ``.grad``, as ``torch.autograd.grad``.

>>> import descenso
>>> x = descenso.tensor([1.0, 2.0], requires_grad=True)
>>> (dx,) = grad((x * x).sum(), x)
>>> dx, x.grad
(tensor([2., 4.]), None)
"""

from __future__ import annotations

from descenso.autograd.backward import (
    GraphError,
    check_no_create_graph,
    run_backward,
    seed_gradient,
)
from descenso.autograd.tensor import Tensor, constant
from descenso.i18n import gettext as _

__all__ = ["grad"]


def _as_list(value) -> list:
    return [value] if isinstance(value, Tensor) else list(value)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph: bool = False,
         allow_unused: bool = False):
    """d(outputs)/d(inputs), weighted by ``grad_outputs``, as a tuple with one tensor per input.

    Parameters
    ----------
    outputs : Tensor or sequence of Tensor
        One-element tensors, or any shape with ``grad_outputs`` of the same shapes.
    inputs : Tensor or sequence of Tensor
        The tensors (leaves or intermediate results) to differentiate with respect to.
    grad_outputs : Tensor or sequence, optional
        The gradient flowing into each output; 1 for one-element outputs.
    retain_graph : bool, default False
        Keep the graph for another backward pass.
    create_graph : False
        Gradients of gradients are not supported.
    allow_unused : bool, default False
        Return None for an input the outputs do not depend on, instead of raising.
    """
    check_no_create_graph(create_graph)
    outputs, inputs = _as_list(outputs), _as_list(inputs)
    if grad_outputs is None:
        grad_outputs = [None] * len(outputs)
    grad_outputs = _as_list(grad_outputs) if not isinstance(grad_outputs, list) else grad_outputs
    for output in outputs:
        if not output.requires_grad:
            raise GraphError(
                _("grad() got an output that does not require grad; compute it from tensors "
                  "created with requires_grad=True, outside no_grad()")
            )
    seeds = [seed_gradient(out, seed) for out, seed in zip(outputs, grad_outputs)]
    found = run_backward(outputs, seeds, bool(retain_graph), targets=inputs)
    result = []
    for position, tensor in enumerate(inputs):
        value = found.get(tensor)
        if value is None and not allow_unused:
            raise GraphError(
                _("input {position} of grad() was not used to compute the outputs; pass "
                  "allow_unused=True to get None for it").format(position=position)
            )
        result.append(None if value is None else constant(
            value.astype(tensor.data.dtype, copy=True)))
    return tuple(result)
