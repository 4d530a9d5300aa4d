"""``Sequential``: layers applied one after another, the output of each feeding the next."""

from __future__ import annotations

import numbers
from collections.abc import Iterator, Mapping

from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.nn.module import Module

__all__ = ["Sequential"]


class Sequential(Module):
    """A chain of modules. Submodules are named ``"0"``, ``"1"``, ... as in PyTorch.

    Parameters
    ----------
    *modules : Module
        The layers, in order. Alternatively one mapping of ``name -> module``.

    Examples
    --------
    >>> from descenso.nn import Linear, ReLU
    >>> model = Sequential(Linear(4, 8), ReLU(), Linear(8, 2))
    >>> len(model), model[0]
    (3, Linear(in_features=4, out_features=8, bias=True))
    >>> model
    Sequential(
      (0): Linear(in_features=4, out_features=8, bias=True)
      (1): ReLU()
      (2): Linear(in_features=8, out_features=2, bias=True)
    )
    """

    def __init__(self, *modules):
        super().__init__()
        if len(modules) == 1 and isinstance(modules[0], Mapping):
            for name, module in modules[0].items():
                self._add(str(name), module)
        else:
            for index, module in enumerate(modules):
                self._add(str(index), module)

    def _add(self, name: str, module) -> None:
        if not isinstance(module, Module):
            raise ConfigError(
                _("Sequential takes modules, got a {kind} at position {name}; did you mean "
                  "an instance such as ReLU() instead of ReLU?").format(
                    kind=type(module).__name__, name=name)
            )
        self.add_module(name, module)

    def append(self, module: Module) -> Sequential:
        """Add ``module`` at the end; returns the model."""
        self._add(str(len(self._modules)), module)
        return self

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def __getitem__(self, index):
        items = list(self._modules.items())
        if isinstance(index, slice):
            return Sequential(dict(items[index]))
        if isinstance(index, bool) or not isinstance(index, numbers.Integral):
            raise ConfigError(
                _("index a Sequential with an integer or a slice, got {value!r}").format(
                    value=index)
            )
        if not -len(items) <= index < len(items):
            raise IndexError(
                _("index {index} is out of range for a Sequential of {n} layers").format(
                    index=index, n=len(items))
            )
        return items[index][1]

    def forward(self, x):
        """Pass ``x`` through every layer in order."""
        for module in self._modules.values():
            x = module(x)
        return x
