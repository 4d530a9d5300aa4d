"""``ModuleList`` and ``ModuleDict``: hold submodules in a list or a dict so that their
parameters are registered (a plain Python list of layers would hide them from
``model.parameters()`` and the optimizer).

Unlike :class:`~descenso.nn.Sequential` they have no ``forward``: the model's own ``forward``
decides how to use them.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Iterator, Mapping

from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.nn.module import Module

__all__ = ["ModuleDict", "ModuleList"]


def _check_module(module, where: str, container: str) -> Module:
    if not isinstance(module, Module):
        raise ConfigError(
            _("{container} holds modules, got a {kind} at {where}; did you mean an instance "
              "such as nn.ReLU() instead of nn.ReLU?").format(
                container=container, kind=type(module).__name__, where=where)
        )
    return module


class ModuleList(Module):
    """A list of modules whose parameters belong to the model. Names are ``"0"``, ``"1"``, ...

    Parameters
    ----------
    modules : iterable of Module, optional

    Examples
    --------
    >>> from descenso import nn
    >>> class Deep(nn.Module):
    ...     def __init__(self, sizes):
    ...         super().__init__()
    ...         self.layers = nn.ModuleList(
    ...             nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
    ...     def forward(self, x):
    ...         for layer in self.layers:
    ...             x = layer(x).relu()
    ...         return x
    >>> [name for name, _ in Deep([3, 4, 1]).named_parameters()]
    ['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']
    """

    def __init__(self, modules: Iterable[Module] | None = None):
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def _index(self, index) -> int:
        if isinstance(index, bool) or not isinstance(index, numbers.Integral):
            raise ConfigError(
                _("index a ModuleList with an integer or a slice, got {value!r}").format(
                    value=index)
            )
        n = len(self)
        if not -n <= index < n:
            raise IndexError(
                _("index {index} is out of range for a ModuleList of {n} modules").format(
                    index=index, n=n)
            )
        return int(index) % n

    def __getitem__(self, index):
        modules = list(self._modules.values())
        if isinstance(index, slice):
            return ModuleList(modules[index])
        return modules[self._index(index)]

    def __setitem__(self, index, module) -> None:
        position = self._index(index)
        # In place, not add_module (which would move the name to the end).
        self._modules[str(position)] = _check_module(module, str(position), "ModuleList")

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(list(self._modules.values()))

    def append(self, module: Module) -> ModuleList:
        """Add ``module`` at the end; returns the list."""
        position = str(len(self))
        self.add_module(position, _check_module(module, position, "ModuleList"))
        return self

    def extend(self, modules: Iterable[Module]) -> ModuleList:
        """Append every module of ``modules``; returns the list."""
        if isinstance(modules, Module) or not isinstance(modules, Iterable):
            raise ConfigError(
                _("ModuleList.extend takes an iterable of modules, got {kind}").format(
                    kind=type(modules).__name__)
            )
        for module in modules:
            self.append(module)
        return self

    def insert(self, index: int, module: Module) -> None:
        """Insert ``module`` before position ``index`` (as ``list.insert``), renumbering."""
        if isinstance(index, bool) or not isinstance(index, numbers.Integral):
            raise ConfigError(
                _("index a ModuleList with an integer or a slice, got {value!r}").format(
                    value=index)
            )
        modules = list(self._modules.values())
        modules.insert(int(index), _check_module(module, str(index), "ModuleList"))
        self._modules.clear()
        for number, item in enumerate(modules):
            self.add_module(str(number), item)

    def forward(self, *args, **kwargs):
        raise ConfigError(
            _("a ModuleList has no forward; loop over it in your model's forward, or use "
              "nn.Sequential to chain the layers")
        )


class ModuleDict(Module):
    """A dict of modules (in insertion order) whose parameters belong to the model.

    >>> from descenso import nn
    >>> heads = nn.ModuleDict({"age": nn.Linear(4, 1), "sex": nn.Linear(4, 3)})
    >>> list(heads.keys()), heads["sex"].out_features
    (['age', 'sex'], 3)
    """

    def __init__(self, modules: Mapping[str, Module] | None = None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key: str) -> Module:
        if key not in self._modules:
            raise KeyError(
                _("no module named {key!r} in this ModuleDict; it has {keys}").format(
                    key=key, keys=list(self._modules))
            )
        return self._modules[key]

    def __setitem__(self, key: str, module: Module) -> None:
        module = _check_module(module, repr(key), "ModuleDict")
        if key in self._modules:
            self._modules[key] = module  # a replaced module keeps its place, as in a dict
        else:
            self.add_module(key, module)

    def __delitem__(self, key: str) -> None:
        self[key]  # the clear KeyError for a missing name
        del self._modules[key]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._modules))

    def __contains__(self, key) -> bool:
        return key in self._modules

    def keys(self):
        """The names, in insertion order."""
        return self._modules.keys()

    def values(self):
        """The modules, in insertion order."""
        return self._modules.values()

    def items(self):
        """``(name, module)`` pairs, in insertion order."""
        return self._modules.items()

    def update(self, modules: Mapping[str, Module]) -> None:
        """Add or replace every ``name: module`` of ``modules``."""
        if not isinstance(modules, Mapping):
            raise ConfigError(
                _("ModuleDict takes a mapping of name to module, got {kind}").format(
                    kind=type(modules).__name__)
            )
        for key, module in modules.items():
            self[key] = module

    def forward(self, *args, **kwargs):
        raise ConfigError(
            _("a ModuleDict has no forward; pick its modules by name in your model's forward")
        )
