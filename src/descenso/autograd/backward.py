"""Reverse mode: walk the graph from the output back to the leaves, applying the chain rule.

Every tensor made by an operation keeps its inputs (``_parents``) and a backward function
that turns the gradient of the output into one gradient per input. ``run_backward`` orders
the graph so that each node is processed after every node that uses it (a topological order,
found with an explicit stack, so a graph 100,000 operations deep is fine), then passes the
gradients down. Intermediate gradients live in a dictionary only during the walk; leaves
accumulate theirs in ``.grad``.
"""

from __future__ import annotations

import numpy as np

from descenso.errors import DescensoError
from descenso.i18n import gettext as _

__all__ = ["GraphError", "run_backward", "topological_order"]


class GraphError(DescensoError, RuntimeError):
    """``backward()`` cannot run: nothing requires grad, or the graph was already freed."""


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


def topological_order(root) -> list:
    """The non-leaf nodes that ``root`` depends on, each after all of its inputs.

    Depth-first search with an explicit stack instead of recursion.
    """
    order = []
    visited = {root}
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


def _accumulate_into_leaf(leaf, grad) -> None:
    if leaf.grad is None:
        # A fresh, writable array: grad may be a view shared with other tensors.
        leaf.grad = np.array(grad, dtype=leaf.data.dtype)
    else:
        # In place, so a .grad that views an optimizer's flat buffer stays that view.
        np.add(leaf.grad, grad, out=leaf.grad)


def run_backward(root, grad: np.ndarray, retain_graph: bool = False) -> None:
    """Accumulate d(root)/d(leaf), weighted by ``grad``, into every leaf's ``.grad``."""
    if root._backward is None:
        _accumulate_into_leaf(root, grad)
        return
    order = topological_order(root)
    grads = {root: grad}
    for node in reversed(order):
        node_grad = grads.pop(node, None)
        if node_grad is None:
            continue
        for parent, parent_grad in zip(node._parents, node._backward(node_grad)):
            if parent_grad is None:
                continue
            if parent._backward is None:
                _accumulate_into_leaf(parent, parent_grad)
            else:
                previous = grads.get(parent)
                grads[parent] = parent_grad if previous is None else previous + parent_grad
    if not retain_graph:
        for node in order:
            node._backward = _FreedBackward(node._backward.__qualname__)
            node._parents = ()
