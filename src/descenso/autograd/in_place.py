"""Changing a tensor in place: ``x[i] = v``, ``add_``, ``sub_``, ``mul_``, ``div_``, ``zero_``,
``fill_``, ``copy_``, ``clamp_`` and ``+=``-style operators.

These are not recorded in the graph, so, as in PyTorch, they are refused on a tensor that
requires grad while recording is on: update weights inside ``with descenso.no_grad():``.
Gradients (``w.grad.zero_()``) and plain tensors change freely.

>>> import descenso
>>> x = descenso.zeros(3)
>>> x[1] = 5.0
>>> x.add_(1.0)
tensor([1., 6., 1.])
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.backward import GraphError
from descenso.autograd.grad_mode import GradMode
from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["InPlaceMethods"]


def _check_in_place(tensor, other=None) -> None:
    """An in-place change cannot be recorded: refuse it while it would matter to autograd."""
    if not GradMode.enabled:
        return
    if tensor.requires_grad and tensor._backward is None:
        raise GraphError(
            _("a leaf tensor that requires grad is being used in an in-place operation; "
              "wrap the update in `with descenso.no_grad():`")
        )
    if tensor.requires_grad or getattr(other, "requires_grad", False):
        raise GraphError(
            _("in-place operation on a tensor that requires grad would not be recorded; "
              "wrap it in `with descenso.no_grad():` or write `x = x + ...`")
        )


def _value(other):
    """The NumPy value of ``other``: a tensor's array, or the number or array itself."""
    return other.data if isinstance(other, InPlaceMethods) else other


class InPlaceMethods:
    """The in-place methods of :class:`~descenso.autograd.Tensor`."""

    __slots__ = ()

    def __setitem__(self, index, value):
        from descenso.autograd.ops.shape import index_parts  # it imports the Tensor

        _check_in_place(self, value)
        index, _repeats = index_parts(index)
        self.data[index] = _value(value)

    def _in_place(self, ufunc, other):
        _check_in_place(self, other)
        ufunc(self.data, _value(other), out=self.data, casting="same_kind")
        return self

    def __iadd__(self, other):
        return self._in_place(np.add, other)

    def __isub__(self, other):
        return self._in_place(np.subtract, other)

    def __imul__(self, other):
        return self._in_place(np.multiply, other)

    def __itruediv__(self, other):
        return self._in_place(np.divide, other)

    def add_(self, other, alpha=1):
        return self._in_place(np.add, other if alpha == 1 else _value(other) * alpha)

    def sub_(self, other, alpha=1):
        return self._in_place(np.subtract, other if alpha == 1 else _value(other) * alpha)

    def mul_(self, other):
        return self._in_place(np.multiply, other)

    def div_(self, other):
        return self._in_place(np.divide, other)

    def zero_(self):
        _check_in_place(self)
        self.data.fill(0)
        return self

    def fill_(self, value):
        _check_in_place(self, value)
        self.data[...] = _value(value)
        return self

    def copy_(self, src):
        _check_in_place(self, src)
        self.data[...] = _value(src)
        return self

    def clamp_(self, min=None, max=None):
        _check_in_place(self)
        if min is not None and max is not None and min > max:
            raise ConfigError(
                _("clip got min={low} greater than max={high}; swap them").format(low=min, high=max)
            )
        np.clip(self.data, min, max, out=self.data)
        return self
