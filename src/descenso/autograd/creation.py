"""Making tensors, by PyTorch's names: ``zeros``, ``ones``, ``full``, ``eye``, ``empty``,
``arange``, ``linspace``, the ``*_like`` forms, and random ``rand``, ``randn``, ``randint``,
``normal``.

Shapes are given as PyTorch does (``zeros(2, 3)`` or ``zeros((2, 3))``); floats default to
float32. Random numbers come from the one generator that :func:`descenso.manual_seed` resets,
the same one layer initialisation and dropout use, so one seed makes a whole script repeat
itself. (They are not PyTorch's numbers for the same seed: the generators differ.)

>>> zeros(2, 3).shape
descenso.Size([2, 3])
>>> arange(5)
tensor([0, 1, 2, 3, 4])
>>> linspace(0, 1, 5)
tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
"""

from __future__ import annotations

import numbers

import numpy as np

from descenso.autograd.device import check_device
from descenso.autograd.dtypes import DEFAULT_FLOAT, to_dtype
from descenso.autograd.random import default_generator
from descenso.autograd.tensor import Tensor, from_numpy, tensor
from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = [
    "arange", "as_tensor", "empty", "empty_like", "eye", "full", "full_like", "linspace",
    "normal", "ones", "ones_like", "rand", "rand_like", "randint", "randn", "randn_like",
    "randperm", "zeros", "zeros_like",
]


def _shape(size) -> tuple[int, ...]:
    """``(2, 3)``, ``((2, 3),)`` or ``([2, 3],)`` as the tuple (2, 3)."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    if not all(isinstance(n, (numbers.Integral, np.integer)) and not isinstance(n, bool)
               and n >= 0 for n in size):
        raise ConfigError(
            _("a shape is non-negative integers, got {size}; e.g. zeros(2, 3)").format(
                size=tuple(size))
        )
    return tuple(int(n) for n in size)


def _made(array, dtype, device, requires_grad) -> Tensor:
    check_device(device)
    if dtype is not None:
        array = array.astype(to_dtype(dtype), copy=False)
    return from_numpy(array, requires_grad=requires_grad)


def zeros(*size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros (float32 unless ``dtype`` says otherwise)."""
    return _made(np.zeros(_shape(size), DEFAULT_FLOAT), dtype, device, requires_grad)


def ones(*size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """A tensor of ones."""
    return _made(np.ones(_shape(size), DEFAULT_FLOAT), dtype, device, requires_grad)


def empty(*size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """A tensor to be filled; descenso fills it with zeros, so nothing is left undefined."""
    return zeros(*size, dtype=dtype, device=device, requires_grad=requires_grad)


def full(size, fill_value, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """A tensor of shape ``size`` holding ``fill_value`` everywhere (its kind sets the dtype).

    >>> full((2,), 7)
    tensor([7, 7])
    """
    kind = {bool: np.bool_, int: np.int64}.get(type(fill_value), DEFAULT_FLOAT)
    return _made(np.full(_shape((size,)), fill_value, kind), dtype, device, requires_grad)


def eye(n, m=None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """The identity matrix of shape (n, m) (m = n by default)."""
    return _made(np.eye(n, m, dtype=DEFAULT_FLOAT), dtype, device, requires_grad)


def arange(start, end=None, step=1, dtype=None, device=None,
           requires_grad: bool = False) -> Tensor:
    """``start, start + step, ...`` up to but excluding ``end`` (int64 for integer arguments).

    >>> arange(0, 1, 0.25)
    tensor([0.0000, 0.2500, 0.5000, 0.7500])
    """
    if end is None:
        start, end = 0, start
    if step == 0:
        raise ConfigError(_("arange needs a step other than 0"))
    integers = all(isinstance(v, (numbers.Integral, np.integer)) for v in (start, end, step))
    kind = np.int64 if integers else DEFAULT_FLOAT
    # Computed in float64 (as PyTorch does), then stored in the tensor's dtype.
    values = np.arange(start, end, step, dtype=np.int64 if integers else np.float64)
    return _made(values.astype(kind), dtype, device, requires_grad)


def linspace(start, end, steps: int, dtype=None, device=None,
             requires_grad: bool = False) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end``, both included."""
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 0:
        raise ConfigError(
            _("linspace needs steps, a non-negative integer, got {steps!r}").format(steps=steps)
        )
    # PyTorch's recipe: the step in the tensor's own dtype, then the first half counted up
    # from start and the second half down from end (each product-and-sum rounded once), so
    # both ends are exact and the values are PyTorch's to the last bit.
    kind = DEFAULT_FLOAT if dtype is None else to_dtype(dtype)
    work = kind if kind.kind == "f" else np.dtype(np.float64)
    step = float((work.type(end) - work.type(start)) / work.type(max(steps - 1, 1)))
    index = np.arange(steps, dtype=np.float64)
    values = np.where(index < steps // 2, float(work.type(start)) + step * index,
                      float(work.type(end)) - step * (steps - 1 - index)).astype(work)
    return _made(values, kind, device, requires_grad)


def rand(*size, generator=None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Uniform random numbers in [0, 1)."""
    rng = generator or default_generator()
    return _made(rng.random(_shape(size), dtype=np.float64).astype(DEFAULT_FLOAT), dtype,
                 device, requires_grad)


def randn(*size, generator=None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Standard normal random numbers (mean 0, standard deviation 1)."""
    rng = generator or default_generator()
    return _made(rng.standard_normal(_shape(size)).astype(DEFAULT_FLOAT), dtype, device,
                 requires_grad)


def randint(low, high=None, size=None, generator=None, dtype=None, device=None,
            requires_grad: bool = False) -> Tensor:
    """Random integers in [low, high) of shape ``size`` (``randint(10, (3,))`` means low 0).

    >>> randint(0, 10, (3,)).dtype
    dtype('int64')
    """
    if size is None:
        low, high, size = 0, low, high
    if size is None or high is None:
        raise ConfigError(_("randint needs high and size, e.g. randint(0, 10, (3,))"))
    if high <= low:
        raise ConfigError(
            _("randint needs low < high, got {low} and {high}").format(low=low, high=high)
        )
    rng = generator or default_generator()
    shape = _shape((size,))
    return _made(rng.integers(low, high, shape, dtype=np.int64), dtype, device, requires_grad)


def normal(mean=0.0, std=1.0, size=None, generator=None, dtype=None, device=None,
           requires_grad: bool = False) -> Tensor:
    """Normal random numbers; ``mean`` and ``std`` may be numbers (then give ``size``) or
    tensors (the result has their broadcast shape)."""
    mean_values, std_values = np.asarray(mean, dtype=np.float64), np.asarray(std, np.float64)
    if np.any(std_values < 0):
        raise ConfigError(_("normal needs std >= 0, got {std}").format(std=std))
    shape = np.broadcast_shapes(mean_values.shape, std_values.shape)
    if size is not None:
        shape = _shape((size,))
    rng = generator or default_generator()
    values = mean_values + std_values * rng.standard_normal(shape)
    return _made(values.astype(DEFAULT_FLOAT), dtype, device, requires_grad)


def randperm(n: int, generator=None, dtype=None, device=None,
             requires_grad: bool = False) -> Tensor:
    """The integers 0 to n - 1 in random order (int64), e.g. to shuffle rows.

    >>> sorted(randperm(4).tolist())
    [0, 1, 2, 3]
    """
    if isinstance(n, bool) or not isinstance(n, (numbers.Integral, np.integer)) or n < 0:
        raise ConfigError(_("randperm needs n, a non-negative integer, got {n!r}").format(n=n))
    rng = generator or default_generator()
    return _made(rng.permutation(int(n)).astype(np.int64), dtype, device, requires_grad)


def as_tensor(data, dtype=None, device=None) -> Tensor:
    """``data`` as a tensor, sharing memory with a NumPy array (or tensor) when no conversion
    is needed; otherwise a copy, as :func:`~descenso.tensor`.

    >>> a = np.zeros(2, dtype=np.float32)
    >>> as_tensor(a).data is a
    True
    """
    check_device(device)
    if isinstance(data, Tensor) and (dtype is None or to_dtype(dtype) == data.dtype):
        return data
    if isinstance(data, np.ndarray) and data.dtype.kind in "biuf" and (
            dtype is None or to_dtype(dtype) == data.dtype):
        return from_numpy(data)
    return _made(np.asarray(tensor(data).data), dtype, None, False)


def _like(name, fill):
    def like(input, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
        source = np.asarray(input.data if isinstance(input, Tensor) else input)
        made = fill(source.shape)
        values = made.astype(source.dtype if dtype is None else to_dtype(dtype), copy=False)
        return _made(values, None, device, requires_grad)

    like.__name__ = like.__qualname__ = name
    like.__doc__ = f"A tensor like ``input`` (same shape and dtype), made as ``{name[:-5]}``."
    return like


zeros_like = _like("zeros_like", lambda shape: np.zeros(shape))
ones_like = _like("ones_like", lambda shape: np.ones(shape))
empty_like = _like("empty_like", lambda shape: np.zeros(shape))
rand_like = _like("rand_like", lambda shape: default_generator().random(shape))
randn_like = _like("randn_like", lambda shape: default_generator().standard_normal(shape))


def full_like(input, fill_value, dtype=None, device=None,
              requires_grad: bool = False) -> Tensor:
    """A tensor like ``input`` (same shape and dtype) holding ``fill_value``."""
    source = np.asarray(input.data if isinstance(input, Tensor) else input)
    values = np.full(source.shape, fill_value, source.dtype if dtype is None else to_dtype(dtype))
    return _made(values, None, device, requires_grad)
