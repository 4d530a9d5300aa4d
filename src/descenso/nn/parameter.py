"""``Parameter``: a tensor that a :class:`~descenso.nn.Module` learns.

A parameter is an ordinary :class:`~descenso.autograd.Tensor` that always requires a gradient.
Assigning one to an attribute of a module (``self.weight = Parameter(...)``) registers it, so
``module.parameters()`` finds it and ``module.state_dict()`` saves it.
"""

from __future__ import annotations

import numpy as np

from descenso.autograd import Tensor
from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["Parameter"]


class Parameter(Tensor):
    """A floating-point tensor with ``requires_grad=True`` that modules register.

    Parameters
    ----------
    data : array-like or Tensor
        The initial values. A ``Tensor`` keeps its dtype; other data follow
        :func:`descenso.tensor`'s rules (floats become float32 unless ``dtype`` says otherwise).
    dtype : numpy dtype, optional
        ``np.float32`` or ``np.float64``.

    Examples
    --------
    >>> w = Parameter([[0.5, -1.0, 2.0]])
    >>> w.requires_grad, w.shape, w.dtype
    (True, descenso.Size([1, 3]), dtype('float32'))
    """

    def __init__(self, data, dtype=None):
        if isinstance(data, Tensor):
            if dtype is None:
                dtype = data.dtype
            data = data.data
        array = np.asarray(data)
        if not (np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)):
            raise ConfigError(
                _("a Parameter holds numbers, got an array of dtype {dtype}; "
                  "pass floating-point values").format(dtype=array.dtype)
            )
        if dtype is None and np.issubdtype(array.dtype, np.integer):
            # Integer tensors cannot require a gradient; a learner writing Parameter([1, 2])
            # means float weights.
            dtype = np.float32
        super().__init__(data, requires_grad=True, dtype=dtype)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()
