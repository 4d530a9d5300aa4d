"""Comparing tensors: ``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=`` (and ``eq``, ``lt``, ...)
give boolean tensors, as in PyTorch; ``~``, ``&``, ``|``, ``^`` combine them; ``equal`` and
``allclose`` answer with one Python bool.

None of these is recorded in the graph (a comparison has no gradient). ``__hash__`` stays by
identity (see ``Tensor``), so tensors remain usable as dictionary keys.

>>> import descenso
>>> predictions, labels = descenso.tensor([0, 2, 1]), descenso.tensor([0, 1, 1])
>>> (predictions == labels).float().mean()
tensor(0.6667)
"""

from __future__ import annotations

import numpy as np

from descenso.errors import ShapeError
from descenso.i18n import gettext as _

__all__ = ["ComparisonMethods"]


class ComparisonMethods:
    """The comparisons and boolean operators of :class:`~descenso.autograd.Tensor`."""

    __slots__ = ()

    def _compare(self, ufunc, other):
        if other is None:
            return ufunc is np.not_equal
        try:
            return _tensor_module.constant(np.asarray(ufunc(self.data, _tensor_module.operand(other))))
        except ValueError as error:
            raise ShapeError(
                _("cannot compare shapes {a_shape} and {b_shape}; they must broadcast").format(
                    a_shape=self.data.shape, b_shape=np.shape(_tensor_module.operand(other)))
            ) from error

    def __eq__(self, other):
        return self._compare(np.equal, other)

    def __ne__(self, other):
        return self._compare(np.not_equal, other)

    def __lt__(self, other):
        return self._compare(np.less, other)

    def __le__(self, other):
        return self._compare(np.less_equal, other)

    def __gt__(self, other):
        return self._compare(np.greater, other)

    def __ge__(self, other):
        return self._compare(np.greater_equal, other)

    eq, ne, lt, le, gt, ge = __eq__, __ne__, __lt__, __le__, __gt__, __ge__

    def __invert__(self):
        return _tensor_module.constant(np.invert(self.data))

    def __and__(self, other):
        return _tensor_module.constant(np.bitwise_and(self.data, _tensor_module.operand(other)))

    def __or__(self, other):
        return _tensor_module.constant(np.bitwise_or(self.data, _tensor_module.operand(other)))

    def __xor__(self, other):
        return _tensor_module.constant(np.bitwise_xor(self.data, _tensor_module.operand(other)))

    def logical_not(self):
        return _tensor_module.constant(np.logical_not(self.data))

    def equal(self, other) -> bool:
        """True when ``other`` has the same shape and the same values (``torch.equal``)."""
        other = _tensor_module.operand(other)
        return self.data.shape == np.shape(other) and bool(np.all(self.data == other))

    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
        return bool(np.allclose(self.data, _tensor_module.operand(other), rtol=rtol, atol=atol,
                                equal_nan=equal_nan))


# tensor.py imports this module before it defines constant() and operand(); both are looked
# up when a comparison runs.
from descenso.autograd import tensor as _tensor_module
