"""Turning graph recording off and on: ``no_grad``, ``enable_grad``, ``is_grad_enabled``.

While recording is off, operations compute their values but attach no backward function, so
nothing is kept for a later ``backward()``: use it for evaluation and for updating weights by
hand. Both switches work as ``with`` blocks and as function decorators, as in PyTorch.

>>> import descenso
>>> x = descenso.tensor([1.0, 2.0], requires_grad=True)
>>> with descenso.no_grad():
...     y = x * 2
>>> y.requires_grad
False
>>> is_grad_enabled()
True

The switch is one process-wide flag (PyTorch keeps one per thread); build graphs from one
thread at a time.
"""

from __future__ import annotations

import functools

__all__ = [
    "GradMode",
    "enable_grad",
    "inference_mode",
    "is_grad_enabled",
    "no_grad",
    "set_grad_enabled",
]


class GradMode:
    """Holds the flag every operation reads: ``GradMode.enabled``."""

    enabled = True


def is_grad_enabled() -> bool:
    """True when operations record the graph for ``backward()`` (the default)."""
    return GradMode.enabled


class _GradModeSwitch:
    """A context manager and decorator that sets ``GradMode.enabled`` to ``_mode``."""

    _mode = True

    def __new__(cls, function=None):
        switch = super().__new__(cls)
        switch._previous = []
        # @no_grad without parentheses (PyTorch 2 accepts both spellings).
        return switch if function is None else switch(function)

    def __enter__(self):
        self._previous.append(GradMode.enabled)
        GradMode.enabled = self._mode
        return self

    def __exit__(self, *exc_info) -> None:
        GradMode.enabled = self._previous.pop()

    def __call__(self, function):
        switch_type = type(self)

        @functools.wraps(function)
        def with_mode(*args, **kwargs):
            with switch_type():
                return function(*args, **kwargs)

        return with_mode


class no_grad(_GradModeSwitch):
    """Stop recording the graph inside a ``with`` block or a decorated function.

    >>> @no_grad()
    ... def evaluate():
    ...     return is_grad_enabled()
    >>> evaluate()
    False
    >>> @no_grad
    ... def evaluate_too():
    ...     return is_grad_enabled()
    >>> evaluate_too()
    False
    """

    _mode = False


class enable_grad(_GradModeSwitch):
    """Record the graph again inside a ``no_grad`` block.

    >>> with no_grad():
    ...     with enable_grad():
    ...         print(is_grad_enabled())
    True
    """

    _mode = True


class inference_mode(no_grad):
    """PyTorch's faster ``no_grad`` for evaluation; in descenso the same as :class:`no_grad`."""


class set_grad_enabled:
    """Turn recording on or off: at once when called, or for a ``with`` block, as PyTorch.

    >>> with set_grad_enabled(False):
    ...     print(is_grad_enabled())
    False
    >>> is_grad_enabled()
    True
    """

    def __init__(self, mode: bool):
        self._previous = GradMode.enabled
        GradMode.enabled = bool(mode)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        GradMode.enabled = self._previous
