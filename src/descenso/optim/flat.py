"""``FlatParameters``: many parameters of one dtype stored in one contiguous buffer.

Why: an optimizer step is the same arithmetic on every parameter. If the parameters live in
one flat array, the whole step is a handful of NumPy calls on that array, instead of a handful
per parameter, and its state (momentum, Adam's moments) is preallocated once.

How: at construction each parameter's values are copied into the flat ``data`` buffer and
``param.data`` is rebound to a view of its slice. Each parameter also gets one tensor, made
once, that wraps its slice of the flat ``grad`` buffer: it becomes ``param.grad`` when the first
``backward()`` reaches the parameter (until then ``param.grad`` is None, as in PyTorch), and
autograd adds later gradients into it **in place**, so after ``loss.backward()`` the flat
buffer holds every gradient with no copying and no new tensor per step.

If code rebinds ``param.data`` or ``param.grad`` (for example ``param.grad = None`` as in
PyTorch habits, or ``param.data = new_array``), :meth:`sync` notices before the next step,
copies the new values into the buffer (None counts as zero) and restores the views. A new
array of another shape or dtype (``model.double()`` after the optimizer was made) cannot be
adopted: that raises :class:`~descenso.errors.ConfigError`, because the optimizer must be
created after the model's dtype is final.
"""

from __future__ import annotations

import numpy as np

from descenso.autograd.tensor import constant
from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["FlatParameters"]


class FlatParameters:
    """Parameters of one dtype packed into flat ``data`` and ``grad`` buffers.

    Parameters
    ----------
    params : list of Tensor
        Parameters sharing one floating dtype.
    label : str
        How messages name this block of parameters (e.g. ``"group 0"``).

    Attributes
    ----------
    data, grad : ndarray of shape (size,)
        The flat buffers; ``params[i].data`` and ``params[i].grad.data`` are views into them.
    grad_tensors : list of Tensor
        The tensor each parameter's ``.grad`` becomes, wrapping its view of ``grad``.
    buffers : dict of str to ndarray
        Optimizer state of shape (size,) (momentum, moments), allocated on first use.
    step : int
        Number of optimizer steps taken, for bias corrections.

    Examples
    --------
    >>> import numpy as np
    >>> from descenso.nn import Parameter
    >>> w, b = Parameter(np.ones((2, 2))), Parameter(np.zeros(3))
    >>> flat = FlatParameters([w, b], "group 0")
    >>> w.data.base is flat.data and flat.grad_tensors[1].data.base is flat.grad
    True
    >>> b.grad is None  # until a backward() reaches it
    True
    """

    def __init__(self, params: list, label: str):
        self.params = list(params)
        self.label = label
        self.dtype = params[0].data.dtype
        self.offsets: list[int] = []
        size = 0
        for param in self.params:
            self.offsets.append(size)
            size += param.data.size
        self.size = size
        self.data = np.zeros(size, dtype=self.dtype)
        self.grad = np.zeros(size, dtype=self.dtype)
        self.data_views: list[np.ndarray] = []
        self.grad_tensors: list = []
        for param, offset in zip(self.params, self.offsets):
            shape = param.data.shape
            data_view = self.data[offset:offset + param.data.size].reshape(shape)
            grad_tensor = constant(self.grad[offset:offset + param.data.size].reshape(shape))
            data_view[...] = param.data
            param.data = data_view
            if param.grad is not None:
                grad_tensor.data[...] = param.grad.data
                param.grad = grad_tensor
            param._grad_buffer = grad_tensor
            self.data_views.append(data_view)
            self.grad_tensors.append(grad_tensor)
        self.buffers: dict[str, np.ndarray] = {}
        self._scratch: dict[str, np.ndarray] = {}
        self.step = 0

    def buffer(self, name: str) -> np.ndarray:
        """The state buffer ``name``, allocated (zeros) on first use and kept afterwards."""
        array = self.buffers.get(name)
        if array is None:
            array = np.zeros(self.size, dtype=self.dtype)
            self.buffers[name] = array
        return array

    def scratch(self, name: str) -> np.ndarray:
        """A preallocated temporary array of shape (size,); its contents are not kept."""
        array = self._scratch.get(name)
        if array is None:
            array = np.empty(self.size, dtype=self.dtype)
            self._scratch[name] = array
        return array

    def view(self, flat: np.ndarray, index: int) -> np.ndarray:
        """The slice of the flat array ``flat`` that belongs to parameter ``index``."""
        offset = self.offsets[index]
        shape = self.data_views[index].shape
        return flat[offset:offset + self.data_views[index].size].reshape(shape)

    def sync(self) -> None:
        """Make sure every ``param.data`` and ``param.grad`` is still a view into the buffers.

        A rebound array is copied into the buffer and the view restored; ``grad = None``
        counts as a zero gradient. Costs two identity checks per parameter when nothing changed.
        """
        for index, param in enumerate(self.params):
            if param.data is not self.data_views[index]:
                self._adopt(index, param.data, self.data_views[index], "data")
                param.data = self.data_views[index]
            held, grad_tensor = param._grad, self.grad_tensors[index]
            if held is not grad_tensor:
                if held is None:
                    grad_tensor.data[...] = 0
                else:
                    self._adopt(index, held.data, grad_tensor.data, "grad")
                    param._grad = grad_tensor
                param._grad_buffer = grad_tensor

    def _adopt(self, index: int, array, view: np.ndarray, what: str) -> None:
        array = np.asarray(array)
        if array.shape != view.shape or array.dtype != view.dtype:
            raise ConfigError(
                _("parameter {index} of {label} changed its {what} from {old_dtype} {old_shape} "
                  "to {new_dtype} {new_shape} after the optimizer was created; create the "
                  "optimizer after model.to()/double()/float() and after any change of shape")
                .format(index=index, label=self.label, what=what, old_dtype=view.dtype,
                        old_shape=view.shape, new_dtype=array.dtype, new_shape=array.shape)
            )
        view[...] = array
