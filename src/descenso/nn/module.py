"""``Module``: the base class of every layer and model.

A module owns parameters (learned tensors), buffers (saved arrays that are not learned) and
submodules. Assigning a :class:`Parameter` or a :class:`Module` to an attribute registers it,
as in PyTorch, so a model written as a plain class knows its own weights::

    class TwoLayer(Module):
        def __init__(self):
            super().__init__()
            self.hidden = Linear(4, 8)      # registered as a submodule named "hidden"
            self.out = Linear(8, 1)

        def forward(self, x):
            return self.out(self.hidden(x).relu())

Names follow PyTorch's: ``hidden.weight``, ``hidden.bias``, ``out.weight``, ``out.bias``, in
that order, which is also how :meth:`Module.state_dict` keys the saved arrays.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.nn.parameter import Parameter
from descenso.nn.state_dict import check_state_dict

__all__ = ["Module"]

_FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


class Module:
    """Base class for layers and models: subclass it and write ``forward``.

    Attributes
    ----------
    training : bool
        True in training mode (the default), False after :meth:`eval`. Layers such as
        :class:`~descenso.nn.Dropout` behave differently in the two modes.

    Examples
    --------
    >>> from descenso.nn import Linear, Module
    >>> class Net(Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.fc = Linear(3, 2)
    ...     def forward(self, x):
    ...         return self.fc(x)
    >>> [name for name, _ in Net().named_parameters()]
    ['fc.weight', 'fc.bias']
    """

    def __init__(self) -> None:
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "_non_persistent_buffers", set())
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "training", True)

    # ------------------------------------------------------------------ registration

    def _registries(self) -> tuple[dict, dict, dict]:
        try:
            return (self.__dict__["_parameters"], self.__dict__["_buffers"],
                    self.__dict__["_modules"])
        except KeyError:
            raise ConfigError(
                _("{cls} was used before Module.__init__() ran; call super().__init__() first "
                  "in {cls}.__init__").format(cls=type(self).__name__)
            ) from None

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, (Parameter, Module)):
            self._registries()  # raises the clear error when super().__init__() was skipped
        parameters = self.__dict__.get("_parameters")
        buffers = self.__dict__.get("_buffers")
        modules = self.__dict__.get("_modules")
        if isinstance(value, Parameter):
            self._forget(name)
            parameters[name] = value
        elif isinstance(value, Module):
            self._forget(name)
            modules[name] = value
        elif parameters is not None and name in parameters:
            if value is not None:
                raise ConfigError(
                    _("cannot assign a {kind} to parameter '{name}'; wrap it in "
                      "descenso.nn.Parameter(...) or assign None").format(
                        kind=type(value).__name__, name=name)
                )
            parameters[name] = None
        elif modules is not None and name in modules:
            if value is not None:
                raise ConfigError(
                    _("cannot assign a {kind} to submodule '{name}'; assign a Module or None")
                    .format(kind=type(value).__name__, name=name)
                )
            modules[name] = None
        elif buffers is not None and name in buffers:
            buffers[name] = None if value is None else np.asarray(value)
        else:
            object.__setattr__(self, name, value)

    def _forget(self, name: str) -> None:
        self.__dict__.pop(name, None)
        for registry in self._registries():
            registry.pop(name, None)
        self.__dict__["_non_persistent_buffers"].discard(name)

    def __getattr__(self, name: str):
        # Only called when normal lookup fails, i.e. for registered names.
        for registry in ("_parameters", "_buffers", "_modules"):
            entries = self.__dict__.get(registry)
            if entries is not None and name in entries:
                return entries[name]
        raise AttributeError(
            f"'{type(self).__name__}' object has no attribute '{name}'"
        )

    def __delattr__(self, name: str) -> None:
        for registry in ("_parameters", "_buffers", "_modules"):
            entries = self.__dict__.get(registry)
            if entries is not None and name in entries:
                del entries[name]
                self.__dict__["_non_persistent_buffers"].discard(name)
                return
        object.__delattr__(self, name)

    def _check_new_name(self, name: str) -> None:
        if not isinstance(name, str) or not name or "." in name:
            raise ConfigError(
                _("invalid name {name!r}: use a non-empty string without dots").format(name=name)
            )
        if name in self.__dict__ and name not in self._registries()[0]:
            raise ConfigError(
                _("attribute '{name}' already exists on {cls}; choose another name").format(
                    name=name, cls=type(self).__name__)
            )

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Register ``param`` (or None, as ``Linear(bias=False)`` does) under ``name``."""
        self._registries()
        self._check_new_name(name)
        if param is not None and not isinstance(param, Parameter):
            raise ConfigError(
                _("register_parameter('{name}', ...) needs a Parameter or None, got {kind}")
                .format(name=name, kind=type(param).__name__)
            )
        self._forget(name)
        self.__dict__["_parameters"][name] = param

    def register_buffer(self, name: str, array, persistent: bool = True) -> None:
        """Register an array that is saved in the state dict but not learned.

        ``persistent=False`` keeps it out of :meth:`state_dict`.
        """
        self._registries()
        self._check_new_name(name)
        self._forget(name)
        self.__dict__["_buffers"][name] = None if array is None else np.asarray(array)
        if not persistent:
            self.__dict__["_non_persistent_buffers"].add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        """Register ``module`` as a submodule called ``name`` (what ``Sequential`` uses)."""
        self._registries()
        if not isinstance(name, str) or not name or "." in name:
            raise ConfigError(
                _("invalid name {name!r}: use a non-empty string without dots").format(name=name)
            )
        if module is not None and not isinstance(module, Module):
            raise ConfigError(
                _("submodule '{name}' must be a Module, got {kind}").format(
                    name=name, kind=type(module).__name__)
            )
        self._forget(name)
        self.__dict__["_modules"][name] = module

    # ------------------------------------------------------------------ traversal

    def named_modules(self, prefix: str = "", remove_duplicate: bool = True
                      ) -> Iterator[tuple[str, Module]]:
        """Yield ``(name, module)`` for this module and every submodule, parents first.

        This is the one walk of the module tree: parameters, buffers, ``train()`` and
        ``state_dict()`` all go through it. Each module appears once even if it is reachable
        by two paths, unless ``remove_duplicate=False`` (``state_dict`` lists a shared module
        under every name, as PyTorch does). Iterative, so deep models never hit Python's
        recursion limit.
        """
        seen: set[int] = set()
        stack: list[tuple[str, Module]] = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if remove_duplicate:
                if id(module) in seen:
                    continue
                seen.add(id(module))
            yield name, module
            children = [
                (f"{name}.{child_name}" if name else child_name, child)
                for child_name, child in module._modules.items() if child is not None
            ]
            stack.extend(reversed(children))

    def modules(self) -> Iterator[Module]:
        """Yield this module and every submodule, parents first."""
        for _name, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """Yield ``(name, module)`` for the direct submodules."""
        for name, module in self._modules.items():
            if module is not None:
                yield name, module

    def children(self) -> Iterator[Module]:
        """Yield the direct submodules."""
        for _name, module in self.named_children():
            yield module

    def apply(self, fn) -> Module:
        """Call ``fn(module)`` on every submodule, children before parents, then on ``self``.

        PyTorch's order, so ``model.apply(init_weights)`` initialises layers in the same order
        (and draws the same random numbers after the same ``manual_seed``). Returns ``self``.
        """
        stack: list[tuple[Module, bool]] = [(self, False)]
        while stack:  # iterative post-order: deep models never hit the recursion limit
            module, children_done = stack.pop()
            if children_done:
                fn(module)
                continue
            stack.append((module, True))
            stack.extend((child, False) for child in reversed(list(module.children())))
        return self

    def named_parameters(self, prefix: str = "", recurse: bool = True
                         ) -> Iterator[tuple[str, Parameter]]:
        """Yield ``(name, parameter)`` pairs in PyTorch's order and with its names.

        A parameter shared by two submodules is yielded once, under its first name.

        >>> from descenso.nn import Linear, ReLU, Sequential
        >>> [n for n, _ in Sequential(Linear(2, 3), ReLU(), Linear(3, 1)).named_parameters()]
        ['0.weight', '0.bias', '2.weight', '2.bias']
        """
        modules = self.named_modules(prefix) if recurse else [(prefix, self)]
        seen: set[int] = set()
        for module_name, module in modules:
            for name, param in module._parameters.items():
                if param is None or id(param) in seen:
                    continue
                seen.add(id(param))
                yield (f"{module_name}.{name}" if module_name else name), param

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Yield every parameter (what an optimizer needs: ``SGD(model.parameters(), lr)``)."""
        for _name, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix: str = "") -> Iterator[tuple[str, np.ndarray]]:
        """Yield ``(name, array)`` for every registered buffer."""
        for module_name, module in self.named_modules(prefix):
            for name, buffer in module._buffers.items():
                if buffer is not None:
                    yield (f"{module_name}.{name}" if module_name else name), buffer

    def buffers(self) -> Iterator[np.ndarray]:
        """Yield every registered buffer."""
        for _name, buffer in self.named_buffers():
            yield buffer

    # ------------------------------------------------------------------ modes and gradients

    def train(self, mode: bool = True) -> Module:
        """Set training mode (``mode=True``) or evaluation mode on this module and its children.

        Returns the module itself, so ``model.train()`` can be chained.
        """
        if not isinstance(mode, (bool, np.bool_)):
            raise ConfigError(
                _("train(mode) expects True or False, got {mode!r}").format(mode=mode)
            )
        for module in self.modules():
            object.__setattr__(module, "training", bool(mode))
        return self

    def eval(self) -> Module:
        """Set evaluation mode (dropout off); the same as ``train(False)``."""
        return self.train(False)

    def zero_grad(self, set_to_none: bool = False) -> None:
        """Zero every parameter's gradient **in place** (gradients left as None stay None).

        PyTorch sets gradients to None by default; descenso zeroes the existing tensors instead,
        so the gradient views that an optimizer hands out stay valid. ``set_to_none=True``
        does PyTorch's thing (an optimizer's views are reused at the next backward).
        """
        for param in self.parameters():
            if set_to_none:
                param.grad = None
            elif param.grad is not None:
                param.grad.zero_()

    # ------------------------------------------------------------------ calling

    def forward(self, *args, **kwargs):
        """Compute the module's output; every subclass defines it."""
        raise NotImplementedError(
            _("{cls} must define forward(); write the computation there").format(
                cls=type(self).__name__)
        )

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    # ------------------------------------------------------------------ saving and loading

    def state_dict(self) -> dict[str, np.ndarray]:
        """Return ``{name: array}`` with a copy of every parameter and persistent buffer.

        Keys are exactly those PyTorch uses for the same model (``"0.weight"``, ``"0.bias"``
        for the first layer of a ``Sequential``), so the arrays can be loaded into the
        equivalent torch model and back.

        >>> from descenso.nn import Linear, ReLU, Sequential
        >>> list(Sequential(Linear(2, 3), ReLU(), Linear(3, 1)).state_dict())
        ['0.weight', '0.bias', '2.weight', '2.bias']
        """
        return {name: np.array(array, copy=True)
                for name, (_owner, _attribute, array) in self._state_targets().items()}

    def _state_targets(self) -> dict[str, tuple[Module, str, np.ndarray]]:
        """Every entry of :meth:`state_dict`, as ``name -> (owner, attribute, array)``."""
        targets: dict[str, tuple[Module, str, np.ndarray]] = {}
        for prefix, module in self.named_modules(remove_duplicate=False):
            prefix = f"{prefix}." if prefix else ""
            for name, param in module._parameters.items():
                if param is not None:
                    targets[prefix + name] = (module, name, param.data)
            for name, buffer in module._buffers.items():
                if buffer is not None and name not in module._non_persistent_buffers:
                    targets[prefix + name] = (module, name, buffer)
        return targets

    def load_state_dict(self, state_dict, strict: bool = True):
        """Copy the arrays of ``state_dict`` into this model's parameters and buffers, in place.

        Values are copied into the existing arrays (``param.data[...] = value``), keeping each
        parameter's dtype, so an optimizer created earlier keeps working. Nothing is copied
        unless every check passes.

        Parameters
        ----------
        state_dict : mapping of str to array-like
            Typically from :meth:`state_dict`, a safetensors file, or a PyTorch model's
            ``state_dict()`` (its tensors convert with ``numpy()``).
        strict : bool, default True
            Require the keys to match exactly. With False, missing and unexpected keys are
            returned instead of raising; shape mismatches always raise.

        Returns
        -------
        (missing_keys, unexpected_keys) : tuple of two lists of str

        Raises
        ------
        ModelFileError
            Listing every missing key, unexpected key and shape mismatch (with both shapes).
        """
        targets = self._state_targets()
        values, missing, unexpected = check_state_dict(
            state_dict, {name: array for name, (_m, _n, array) in targets.items()},
            type(self).__name__, strict)
        for name, value in values.items():
            target = targets[name][2]
            target[...] = value
        return missing, unexpected

    # ------------------------------------------------------------------ dtype

    def to(self, dtype) -> Module:
        """Convert every parameter (and its gradient) and floating buffer to ``dtype``.

        The parameters get **new** arrays, so create the optimizer after changing the dtype:
        an optimizer made earlier holds the old arrays and refuses to step.

        >>> import numpy as np
        >>> from descenso.nn import Linear
        >>> Linear(2, 1).to(np.float64).weight.dtype
        dtype('float64')
        """
        requested = dtype
        try:
            dtype = None if dtype is None else np.dtype(dtype)
        except TypeError:
            dtype = None
        if dtype is None or dtype not in _FLOAT_DTYPES:
            raise ConfigError(
                _("to(dtype) supports float32 and float64, got {dtype!r}").format(dtype=requested)
            )
        for param in self.parameters():
            if param.data.dtype != dtype:
                param.data = param.data.astype(dtype)
                if param.grad is not None:
                    param.grad = param.grad.data.astype(dtype)
        for module in self.modules():  # floating buffers too (running statistics), as PyTorch
            buffers = module.__dict__["_buffers"]
            for name, buffer in buffers.items():
                if buffer is not None and buffer.dtype.kind == "f" and buffer.dtype != dtype:
                    buffers[name] = buffer.astype(dtype)
        return self

    def double(self) -> Module:
        """Convert every parameter to float64 (see :meth:`to`)."""
        return self.to(np.float64)

    def float(self) -> Module:
        """Convert every parameter to float32 (see :meth:`to`)."""
        return self.to(np.float32)

    # ------------------------------------------------------------------ printing

    def extra_repr(self) -> str:
        """The text inside the parentheses of this module's repr; layers override it."""
        return ""

    def __repr__(self) -> str:
        children = [
            f"({name}): " + repr(module).replace("\n", "\n  ")
            for name, module in self._modules.items()
        ]
        extra = self.extra_repr()
        if not children:
            return f"{type(self).__name__}({extra})"
        lines = ([extra] if extra else []) + children
        return type(self).__name__ + "(\n  " + "\n  ".join(lines) + "\n)"
