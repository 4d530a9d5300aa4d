"""``Optimizer``: the base class of SGD, Adam and AdamW.

An optimizer holds the parameters to train in *parameter groups* (as in PyTorch: a list of
dicts, each with its ``params`` and its hyperparameters such as ``lr``), and moves them against
their gradients in :meth:`Optimizer.step`.

For speed, the parameters of each group and dtype are packed into one flat buffer (see
:mod:`descenso.optim.flat`): a step is a few NumPy calls on the whole model, with every
temporary and every state array allocated once. Two consequences for users:

- create the optimizer **after** ``model.to()/double()/float()`` (it keeps the arrays it saw);
- every parameter always has a gradient array (zeros until a backward pass adds to it), as in
  PyTorch with ``zero_grad(set_to_none=False)``.

Hyperparameters are read from ``param_groups`` at every step, so changing
``optimizer.param_groups[0]["lr"]`` (a learning-rate schedule) takes effect at the next step.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from descenso.autograd import Tensor
from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.optim.flat import FlatParameters

__all__ = ["Optimizer", "check_non_negative"]


def check_non_negative(name: str, value) -> float:
    """Return ``value`` as a float after checking it is a finite number >= 0.

    >>> check_non_negative("lr", 0.1)
    0.1
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ConfigError(
            _("{name} must be a number, got {value!r}").format(name=name, value=value)
        )
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ConfigError(
            _("invalid {name}: {value!r}; it must be a finite number >= 0 (try e.g. 0.01 for "
              "lr)").format(name=name, value=value)
        )
    return value


class Optimizer:
    """Base class: keeps parameter groups, their flat buffers, and the step count.

    Subclasses define ``_check_group(group)`` (validate and normalise hyperparameters),
    ``_update(flat, group)`` (one step on a :class:`FlatParameters`), ``_buffer_names`` (the
    state arrays they keep) and ``_saves_step`` (whether ``state_dict`` records the step
    count, as Adam's does).

    Parameters
    ----------
    params : iterable of Tensor, or iterable of dict
        The tensors to optimise (``model.parameters()``), or parameter groups: dicts with a
        ``"params"`` entry and optional hyperparameters overriding ``defaults``.
    defaults : dict
        Default hyperparameters for every group.
    """

    _saves_step = False
    _buffer_names: tuple[str, ...] = ()

    def __init__(self, params, defaults: dict):
        self.defaults = dict(defaults)
        self.param_groups: list[dict] = []
        self._flats: list[list[FlatParameters]] = []
        if isinstance(params, Tensor):
            raise ConfigError(
                _("an optimizer takes an iterable of tensors, got a single {kind}; wrap it in "
                  "a list: [tensor]").format(kind=type(params).__name__)
            )
        try:
            groups = list(params)
        except TypeError:
            raise ConfigError(
                _("an optimizer takes an iterable of tensors, got {kind}; pass "
                  "model.parameters()").format(kind=type(params).__name__)
            ) from None
        if not groups:
            raise ConfigError(
                _("optimizer got an empty parameter list; pass model.parameters()")
            )
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, group: dict) -> None:
        """Add a group: ``{"params": [...], "lr": ...}``; missing hyperparameters use defaults."""
        if not isinstance(group, dict) or "params" not in group:
            raise ConfigError(
                _("a parameter group must be a dict with a 'params' entry, got {group!r}")
                .format(group=group)
            )
        params = group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        label = _("group {index}").format(index=len(self.param_groups))
        if not params:
            raise ConfigError(
                _("optimizer got an empty parameter list; pass model.parameters()")
            )
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        for index, param in enumerate(params):
            self._check_param(param, index, label)
            if id(param) in seen:
                raise ConfigError(
                    _("parameter {index} of {label} is given twice (or is in two groups); pass "
                      "each parameter once").format(index=index, label=label)
                )
            seen.add(id(param))
        unknown = set(group) - set(self.defaults) - {"params"}
        if unknown:
            raise ConfigError(
                _("unknown hyperparameter(s) {names} for {cls}; known: {known}").format(
                    names=sorted(unknown), cls=type(self).__name__,
                    known=sorted(self.defaults))
            )
        full = {**self.defaults, **group, "params": params}
        self._check_group(full)
        by_dtype: dict[np.dtype, list] = {}
        for param in params:
            by_dtype.setdefault(param.data.dtype, []).append(param)
        self._flats.append([FlatParameters(members, label) for members in by_dtype.values()])
        self.param_groups.append(full)

    @staticmethod
    def _check_param(param, index: int, label: str) -> None:
        if not isinstance(param, Tensor):
            raise ConfigError(
                _("parameter {index} of {label} is a {kind}, not a tensor; pass "
                  "model.parameters()").format(index=index, label=label,
                                               kind=type(param).__name__)
            )
        if not param.requires_grad:
            raise ConfigError(
                _("parameter {index} of {label} does not require grad, so it would never "
                  "change; pass only trainable tensors").format(index=index, label=label)
            )
        if param.data.dtype not in (np.float32, np.float64):
            raise ConfigError(
                _("parameter {index} of {label} has dtype {dtype}; optimizers train float32 "
                  "or float64 tensors").format(index=index, label=label, dtype=param.data.dtype)
            )

    def _check_group(self, group: dict) -> None:
        group["lr"] = check_non_negative("lr", group["lr"])

    def _update(self, flat: FlatParameters, group: dict) -> None:
        raise NotImplementedError(
            _("{cls} must define _update(flat, group)").format(cls=type(self).__name__)
        )

    # ------------------------------------------------------------------ the training loop

    def zero_grad(self, set_to_none: bool = False) -> None:
        """Set every gradient to zero, in place (one ``fill`` per flat buffer).

        With ``set_to_none=True`` (PyTorch's default) every ``.grad`` becomes None instead; the
        next ``backward()`` then writes into the same flat buffer, and a step treats a
        gradient still None as zero.
        """
        for flats in self._flats:
            for flat in flats:
                flat.sync()
                if set_to_none:
                    for param in flat.params:
                        param.grad = None
                else:
                    flat.grad.fill(0)

    def step(self, closure=None):
        """Update every parameter once from its current gradient.

        Parameters
        ----------
        closure : callable, optional
            Re-evaluates the model and returns the loss (as in PyTorch); called first.

        Returns
        -------
        The closure's loss, or None.
        """
        loss = closure() if closure is not None else None
        for group, flats in zip(self.param_groups, self._flats):
            for flat in flats:
                flat.sync()
                self._update(flat, group)
        return loss

    # ------------------------------------------------------------------ checkpoints

    def _locate(self):
        """Yield ``(global index, flat, index inside flat)`` for every parameter, in order."""
        number = 0
        for group, flats in zip(self.param_groups, self._flats):
            where = {id(p): (flat, i) for flat in flats for i, p in enumerate(flat.params)}
            for param in group["params"]:
                flat, index = where[id(param)]
                yield number, flat, index
                number += 1

    def state_dict(self) -> dict:
        """The optimizer's state as PyTorch lays it out, with NumPy arrays.

        Returns
        -------
        dict
            ``{"state": {index: {"step": int, name: ndarray, ...}}, "param_groups": [...]}``:
            parameters are numbered in order across groups; each group lists its
            hyperparameters and the numbers of its parameters. Arrays are copies.
        """
        state: dict[int, dict] = {}
        for number, flat, index in self._locate():
            entry: dict = {}
            if flat.step > 0 or flat.buffers:
                if self._saves_step:
                    entry["step"] = flat.step
                for name, array in flat.buffers.items():
                    entry[name] = flat.view(array, index).copy()
            if entry:
                state[number] = entry
        groups = []
        number = 0
        for group in self.param_groups:
            saved = {key: value for key, value in group.items() if key != "params"}
            saved["params"] = list(range(number, number + len(group["params"])))
            number += len(group["params"])
            groups.append(saved)
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict) -> None:
        """Restore hyperparameters, step counts and state arrays saved by :meth:`state_dict`.

        The optimizer must have the same groups with the same parameter shapes. Everything is
        checked before anything is changed. Resuming this way continues training bit for bit.
        """
        if not isinstance(state_dict, dict) or set(state_dict) != {"state", "param_groups"}:
            raise ConfigError(
                _("an optimizer state_dict is a dict with keys 'state' and 'param_groups'; "
                  "pass what optimizer.state_dict() returned")
            )
        saved_groups = state_dict["param_groups"]
        if len(saved_groups) != len(self.param_groups) or any(
                len(saved["params"]) != len(group["params"])
                for saved, group in zip(saved_groups, self.param_groups)):
            raise ConfigError(
                _("the saved optimizer has groups of sizes {saved} but this one has {mine}; "
                  "create the optimizer with the same parameters as the saved one").format(
                    saved=[len(g["params"]) for g in saved_groups],
                    mine=[len(g["params"]) for g in self.param_groups])
            )
        new_groups = []
        for saved, group in zip(saved_groups, self.param_groups):
            updated = {**group, **{k: v for k, v in saved.items() if k in self.defaults}}
            if isinstance(updated.get("betas"), list):
                updated["betas"] = tuple(updated["betas"])
            self._check_group(updated)
            new_groups.append(updated)
        plan = self._plan_state_load(state_dict["state"])
        for group, updated in zip(self.param_groups, new_groups):
            group.update({k: v for k, v in updated.items() if k != "params"})
        for flat, (step, arrays) in plan.items():
            flat.step = step
            flat.buffers.clear()
            for name, pieces in arrays.items():
                target = flat.buffer(name)
                for index, value in pieces:
                    flat.view(target, index)[...] = value

    def _plan_state_load(self, saved_state) -> dict:
        """Check the saved per-parameter state; return ``{flat: (step, {name: pieces})}``."""
        by_number = {}
        for key, entry in dict(saved_state).items():
            try:
                by_number[int(key)] = entry
            except (TypeError, ValueError):
                raise ConfigError(
                    _("optimizer state key {key!r} is not a parameter number").format(key=key)
                ) from None
        plan: dict = {}
        names_seen: dict = {}
        for number, flat, index in self._locate():
            entry = dict(by_number.get(number, {}))
            step = int(np.asarray(entry.pop("step", 0)))
            arrays = {}
            for name, value in entry.items():
                if name not in self._buffer_names:
                    raise ConfigError(
                        _("unknown optimizer state '{name}' for parameter {number}; {cls} keeps "
                          "{known}").format(name=name, number=number, cls=type(self).__name__,
                                            known=list(self._buffer_names))
                    )
                value = np.asarray(value)
                shape = flat.data_views[index].shape
                if value.shape != shape:
                    raise ConfigError(
                        _("optimizer state '{name}' of parameter {number} has shape {given} but "
                          "the parameter has shape {wanted}").format(
                            name=name, number=number, given=value.shape, wanted=shape)
                    )
                arrays[name] = value
            signature = (step if self._saves_step else None, tuple(sorted(arrays)))
            if flat in names_seen and names_seen[flat] != signature:
                raise ConfigError(
                    _("saved optimizer state differs between parameters that train together "
                      "(parameter {number}); descenso steps a group's parameters together, so "
                      "their step counts and state must match").format(number=number)
                )
            names_seen[flat] = signature
            _step, pieces = plan.setdefault(flat, (step, {}))
            for name, value in arrays.items():
                pieces.setdefault(name, []).append((index, value))
        return plan

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for number, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {number}")
            for key in sorted(k for k in group if k != "params"):
                lines.append(f"    {key}: {group[key]}")
        lines.append(")")
        return "\n".join(lines)
