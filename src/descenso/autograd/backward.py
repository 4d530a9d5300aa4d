"""Reverse mode: walk the graph from the output back to the leaves, applying the chain rule.

Every tensor made by an operation keeps its inputs (``_parents``) and a backward function
that turns the gradient of the output into one gradient per input. ``run_backward`` orders
the graph so that each node is processed after every node that uses it (a topological order,
found with an explicit stack, so a graph 100,000 operations deep is fine), then passes the
gradients down. Intermediate gradients live in a dictionary only during the walk; leaves
accumulate theirs in ``.grad`` (a Tensor), or, for :func:`descenso.autograd.grad`, in a
dictionary returned to the caller.
"""

from __future__ import annotations

import numpy as np

from descenso.errors import ConfigError, DescensoError, ShapeError
from descenso.i18n import gettext as _

__all__ = [
    "GraphError",
    "Node",
    "check_no_create_graph",
    "run_backward",
    "seed_gradient",
    "topological_order",
]


class GraphError(DescensoError, RuntimeError):
    """``backward()`` cannot run: nothing requires grad, or the graph was already freed."""


# PyTorch's names for the backward of descenso's operations, where they differ.
_TORCH_NAMES = {
    "absolute": "Abs", "amax": "Amax", "amin": "Amin", "clip": "Clamp", "cross_entropy":
    "NllLoss", "getitem": "Index", "linear": "Addmm", "matmul": "Mm", "power": "Pow",
    "reduce_sum": "Sum", "reshape": "View", "concatenate": "Cat", "select_extreme": "Max",
}


class Node:
    """What ``tensor.grad_fn`` returns: the recorded operation, named as PyTorch names it.

    >>> import descenso
    >>> x = descenso.tensor([1.0], requires_grad=True)
    >>> (x * 2).grad_fn.name()
    'MulBackward0'
    """

    __slots__ = ("_backward",)

    def __init__(self, backward):
        self._backward = backward

    def name(self) -> str:
        operation = self._backward.__qualname__.split(".")[0].strip("_")
        stem = _TORCH_NAMES.get(operation) or "".join(
            part.capitalize() for part in operation.split("_"))
        return stem + "Backward0"

    def __call__(self, grad):
        return self._backward(grad)

    def __repr__(self) -> str:
        return f"<{self.name()} object at {id(self):#x}>"


class _FreedBackward:
    """Stands in for a backward function after ``backward()`` freed the graph."""

    __slots__ = ("__qualname__",)

    def __init__(self, name: str):
        self.__qualname__ = name  # the operation's name, still shown by repr

    def __call__(self, grad):
        raise GraphError(
            _(
                "trying to backward through the graph a second time: the first backward() "
                "freed it; pass retain_graph=True to the first backward() or compute the "
                "forward pass again"
            )
        )


def topological_order(roots) -> list:
    """The non-leaf nodes that ``roots`` (a tensor or a list) depend on, each after its inputs.

    Depth-first search with an explicit stack instead of recursion.
    """
    roots = roots if isinstance(roots, (list, tuple)) else [roots]
    order = []
    visited = set()
    for root in roots:
        if root in visited or root._backward is None:
            continue
        visited.add(root)
        stack = [(root, iter(root._parents))]
        while stack:
            node, parents = stack[-1]
            for parent in parents:
                if getattr(parent, "_backward", None) is not None and parent not in visited:
                    visited.add(parent)
                    stack.append((parent, iter(parent._parents)))
                    break
            else:
                stack.pop()
                order.append(node)
    return order


def check_no_create_graph(create_graph) -> None:
    """Refuse ``create_graph=True``: descenso's backward functions work on NumPy arrays."""
    if create_graph:
        raise ConfigError(
            _("create_graph=True (gradients of gradients) is not supported: descenso's "
              "backward runs on NumPy arrays; compute second derivatives by finite differences")
        )


def seed_gradient(output, gradient) -> np.ndarray:
    """The gradient that starts a backward pass from ``output``: given, or 1 for a loss."""
    if gradient is None:
        if output.data.size != 1:
            raise ShapeError(
                _(
                    "backward() without a gradient needs a one-element tensor (a loss), got "
                    "shape {shape}; reduce it first (e.g. .sum() or .mean()) or pass "
                    "grad="
                ).format(shape=output.data.shape)
            )
        return np.ones_like(output.data)
    gradient = np.asarray(getattr(gradient, "data", gradient) if not isinstance(
        gradient, np.ndarray) else gradient)
    if gradient.shape != output.data.shape:
        raise ShapeError(
            _(
                "backward() got a gradient of shape {grad_shape} for a tensor of shape "
                "{shape}; they must be equal"
            ).format(grad_shape=gradient.shape, shape=output.data.shape)
        )
    return gradient.astype(output.data.dtype, copy=False)


def _accumulate_into_leaf(leaf, grad) -> None:
    # The leaf's .grad is a Tensor; creating its values is the only allocation, once.
    held = leaf._grad
    if held is not None:
        # In place, so a .grad that views an optimizer's flat buffer stays that view.
        np.add(held.data, grad, out=held.data)
        return
    buffer = leaf._grad_buffer  # an optimizer's view, waiting for the first backward
    if buffer is not None and buffer.data.shape == leaf.data.shape and (
            buffer.data.dtype == leaf.data.dtype):
        np.copyto(buffer.data, grad)
        leaf._grad = buffer
        return
    # A fresh, writable array: grad may be a view shared with other tensors.
    leaf._grad = _tensor_module.constant(np.array(grad, dtype=leaf.data.dtype))


def _deliver(leaf, grad, wanted, collected) -> None:
    """A leaf's gradient: into ``.grad``, or into ``collected`` when it is a wanted target."""
    if wanted is None:
        _accumulate_into_leaf(leaf, grad)
    elif leaf in wanted:
        previous = collected.get(leaf)
        collected[leaf] = grad if previous is None else previous + grad


def run_backward(roots, grads, retain_graph: bool = False, targets=None):
    """Send ``grads`` (one ndarray per root) back through the graph below ``roots``.

    Without ``targets`` every leaf that requires grad accumulates into its ``.grad``. With
    ``targets`` (a list of tensors), no ``.grad`` changes: the gradient reaching each target
    is returned in a dict keyed by the target (absent when none reached it).
    """
    wanted = None if targets is None else set(targets)
    collected = {}
    pending = {}
    for root, grad in zip(roots, grads):
        if root._backward is None:
            _deliver(root, grad, wanted, collected)
        else:
            previous = pending.get(root)
            pending[root] = grad if previous is None else previous + grad
    order = topological_order([root for root in roots if root._backward is not None])
    for node in reversed(order):
        node_grad = pending.pop(node, None)
        if node_grad is None:
            continue
        if wanted is not None and node in wanted:
            collected[node] = node_grad
        for parent, parent_grad in zip(node._parents, node._backward(node_grad)):
            if parent_grad is None:
                continue
            if parent._backward is None:
                if wanted is None:
                    _accumulate_into_leaf(parent, parent_grad)
                else:
                    _deliver(parent, parent_grad, wanted, collected)
            else:
                previous = pending.get(parent)
                pending[parent] = parent_grad if previous is None else previous + parent_grad
    if not retain_graph:
        for node in order:
            node._backward = _FreedBackward(node._backward.__qualname__)
            node._parents = ()
    return collected


# tensor.py imports this module first; its constant() is looked up when a gradient is made.
from descenso.autograd import tensor as _tensor_module
