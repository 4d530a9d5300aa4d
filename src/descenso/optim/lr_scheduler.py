"""Learning-rate schedules with PyTorch's names and arithmetic: ``StepLR``, ``MultiStepLR``,
``ExponentialLR``, ``LambdaLR``, ``CosineAnnealingLR``.

A scheduler changes ``optimizer.param_groups[i]["lr"]`` once per call of :meth:`LRScheduler.step`,
which goes *after* the epoch's optimizer steps::

    for epoch in range(epochs):
        for X_batch, y_batch in batches:
            ...
            optimizer.step()
        scheduler.step()

Why decay the learning rate at all: early on, large steps cross the loss landscape fast; near a
minimum the same steps bounce around it (mini-batch gradients are noisy). Shrinking the steps
towards the end lets the weights settle into the minimum instead.

Each update is computed from the current ``lr`` in the same order of floating-point operations
as ``torch.optim.lr_scheduler`` (the "chainable" form), so the sequence of learning rates
matches PyTorch's exactly. Like PyTorch, constructing a scheduler records each group's
starting learning rate as ``group["initial_lr"]`` (the ``base_lrs``).

>>> from descenso import nn, optim
>>> model = nn.Linear(2, 1)
>>> optimizer = optim.SGD(model.parameters(), lr=0.1)
>>> scheduler = CosineAnnealingLR(optimizer, T_max=4)
>>> rates = []
>>> for epoch in range(4):
...     optimizer.step()
...     scheduler.step()
...     rates.append(round(scheduler.get_last_lr()[0], 6))
>>> rates
[0.085355, 0.05, 0.014645, 0.0]
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["CosineAnnealingLR", "ExponentialLR", "LRScheduler", "LambdaLR", "MultiStepLR",
           "StepLR"]


def _check_positive_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ConfigError(
            _("{name} must be a whole number >= 1, got {value!r}").format(name=name, value=value)
        )
    return int(value)


def _check_number(name: str, value, low: float = 0.0) -> float:
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not math.isfinite(value) or value < low):
        raise ConfigError(
            _("{name} must be a finite number >= {low:g}, got {value!r}").format(
                name=name, low=low, value=value)
        )
    return float(value)


class LRScheduler:
    """Base class: keeps the epoch count and the base learning rates, sets ``lr`` each step.

    Subclasses define ``get_lr()``: the next learning rate of every group, computed from the
    group's current ``lr`` and ``self.last_epoch`` (already advanced).

    Parameters
    ----------
    optimizer : Optimizer
        Any descenso optimizer (its ``param_groups`` are read and written).
    last_epoch : int, default -1
        The index of the last epoch done; -1 starts a new schedule. To continue a schedule,
        prefer :meth:`load_state_dict`.

    Attributes
    ----------
    base_lrs : list of float
        Each group's ``initial_lr``.
    last_epoch : int
        How many times :meth:`step` was called (0 right after construction).
    """

    _hyperparameters: tuple[str, ...] = ()

    def __init__(self, optimizer, last_epoch: int = -1):
        groups = getattr(optimizer, "param_groups", None)
        if not isinstance(groups, list) or not all(isinstance(g, dict) and "lr" in g
                                                   for g in groups):
            raise ConfigError(
                _("a learning-rate scheduler needs an optimizer such as optim.Adam(model."
                  "parameters()), got {kind}").format(kind=type(optimizer).__name__)
            )
        if isinstance(last_epoch, bool) or not isinstance(last_epoch, numbers.Integral) \
                or last_epoch < -1:
            raise ConfigError(
                _("last_epoch must be a whole number >= -1, got {value!r}").format(
                    value=last_epoch)
            )
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for index, group in enumerate(groups):
                if "initial_lr" not in group:
                    raise ConfigError(
                        _("param_groups[{index}] has no 'initial_lr', so the schedule cannot "
                          "continue from last_epoch={epoch}; load the optimizer's state first, "
                          "or use scheduler.load_state_dict").format(index=index,
                                                                      epoch=last_epoch)
                    )
        self.base_lrs = [float(group["initial_lr"]) for group in groups]
        self.last_epoch = int(last_epoch)
        self._step_count = 0
        self._is_initial = True  # the constructor's own step keeps the current lr
        self.step()
        self._is_initial = False

    def get_lr(self) -> list[float]:
        raise NotImplementedError(
            _("{cls} must define get_lr()").format(cls=type(self).__name__)
        )

    def step(self) -> None:
        """Advance one epoch and set every group's ``lr``; call it after ``optimizer.step()``."""
        self._step_count += 1
        self.last_epoch += 1
        for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def get_last_lr(self) -> list[float]:
        """The learning rate of every group as set by the last :meth:`step`."""
        return list(self._last_lr)

    def state_dict(self) -> dict[str, Any]:
        """The scheduler's state: its hyperparameters and counters (JSON values only).

        >>> from descenso import nn, optim
        >>> scheduler = StepLR(optim.SGD(nn.Linear(1, 1).parameters(), lr=1.0), step_size=2)
        >>> sorted(scheduler.state_dict())
        ['_last_lr', '_step_count', 'base_lrs', 'gamma', 'last_epoch', 'step_size']
        """
        state = {name: getattr(self, name) for name in self._hyperparameters}
        state.update(base_lrs=list(self.base_lrs), last_epoch=self.last_epoch,
                     _step_count=self._step_count, _last_lr=list(self._last_lr))
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore what :meth:`state_dict` returned (as PyTorch's, it does not touch ``lr``:
        the optimizer's own state holds the current learning rate)."""
        expected = set(self._hyperparameters) | {"base_lrs", "last_epoch", "_step_count",
                                                 "_last_lr"}
        if not isinstance(state_dict, dict) or not expected <= set(state_dict):
            raise ConfigError(
                _("a {cls} state_dict needs the keys {keys}; pass what scheduler.state_dict() "
                  "returned").format(cls=type(self).__name__, keys=sorted(expected))
            )
        for name in self._hyperparameters:
            setattr(self, name, state_dict[name])
        self.base_lrs = [float(lr) for lr in state_dict["base_lrs"]]
        self.last_epoch = int(state_dict["last_epoch"])
        self._step_count = int(state_dict["_step_count"])
        self._last_lr = [float(lr) for lr in state_dict["_last_lr"]]

    def __repr__(self) -> str:
        settings = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._hyperparameters)
        return f"{type(self).__name__}({settings})"


class StepLR(LRScheduler):
    """Multiply the learning rate by ``gamma`` every ``step_size`` epochs.

    ``lr = initial_lr * gamma ** (epoch // step_size)``.

    >>> from descenso import nn, optim
    >>> optimizer = optim.SGD(nn.Linear(1, 1).parameters(), lr=1.0)
    >>> scheduler = StepLR(optimizer, step_size=2, gamma=0.5)
    >>> for _ in range(5):
    ...     scheduler.step()
    >>> scheduler.get_last_lr()
    [0.25]
    """

    _hyperparameters = ("step_size", "gamma")

    def __init__(self, optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1):
        self.step_size = _check_positive_int("step_size", step_size)
        self.gamma = _check_number("gamma", gamma)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return [group["lr"] for group in self.optimizer.param_groups]
        return [group["lr"] * self.gamma for group in self.optimizer.param_groups]


class MultiStepLR(LRScheduler):
    """Multiply the learning rate by ``gamma`` at each epoch listed in ``milestones``.

    A milestone listed twice multiplies by ``gamma ** 2`` there, as in PyTorch.

    >>> from descenso import nn, optim
    >>> optimizer = optim.SGD(nn.Linear(1, 1).parameters(), lr=1.0)
    >>> scheduler = MultiStepLR(optimizer, milestones=[2, 4], gamma=0.5)
    >>> rates = []
    >>> for _ in range(5):
    ...     scheduler.step()
    ...     rates.append(scheduler.get_last_lr()[0])
    >>> rates
    [1.0, 0.5, 0.5, 0.25, 0.25]
    """

    _hyperparameters = ("milestones", "gamma")

    def __init__(self, optimizer, milestones, gamma: float = 0.1, last_epoch: int = -1):
        try:
            milestones = list(milestones)
        except TypeError:
            milestones = None
        if milestones is None or not all(
                isinstance(m, numbers.Integral) and not isinstance(m, bool) and m >= 0
                for m in milestones):
            raise ConfigError(
                _("milestones must be a list of whole epoch numbers >= 0, e.g. [30, 80]; got "
                  "{value!r}").format(value=milestones)
            )
        self.milestones = sorted(int(m) for m in milestones)
        self.gamma = _check_number("gamma", gamma)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        times = self.milestones.count(self.last_epoch)
        if times == 0:
            return [group["lr"] for group in self.optimizer.param_groups]
        return [group["lr"] * self.gamma ** times for group in self.optimizer.param_groups]


class ExponentialLR(LRScheduler):
    """Multiply the learning rate by ``gamma`` every epoch: ``lr = initial_lr * gamma ** epoch``.

    >>> from descenso import nn, optim
    >>> optimizer = optim.SGD(nn.Linear(1, 1).parameters(), lr=1.0)
    >>> scheduler = ExponentialLR(optimizer, gamma=0.5)
    >>> scheduler.step(); scheduler.step()
    >>> scheduler.get_last_lr()
    [0.25]
    """

    _hyperparameters = ("gamma",)

    def __init__(self, optimizer, gamma: float, last_epoch: int = -1):
        self.gamma = _check_number("gamma", gamma)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self._is_initial:
            return [group["lr"] for group in self.optimizer.param_groups]
        return [group["lr"] * self.gamma for group in self.optimizer.param_groups]


class LambdaLR(LRScheduler):
    """Set the learning rate to ``initial_lr * lr_lambda(epoch)``: any schedule you can write.

    Parameters
    ----------
    optimizer : Optimizer
    lr_lambda : callable or list of callables
        ``epoch -> factor`` (a number); a list gives one function per parameter group. The
        functions are not part of :meth:`state_dict`: pass the same ones when resuming.
    last_epoch : int, default -1

    >>> from descenso import nn, optim
    >>> optimizer = optim.SGD(nn.Linear(1, 1).parameters(), lr=0.1)
    >>> warmup = LambdaLR(optimizer, lr_lambda=lambda epoch: min(1.0, (epoch + 1) / 4))
    >>> [round(warmup.get_last_lr()[0], 3)] + [round((warmup.step(), warmup.get_last_lr())[1][0],
    ...                                              3) for _ in range(4)]
    [0.025, 0.05, 0.075, 0.1, 0.1]
    """

    def __init__(self, optimizer, lr_lambda, last_epoch: int = -1):
        groups = getattr(optimizer, "param_groups", None)
        count = len(groups) if isinstance(groups, list) else 1
        functions = list(lr_lambda) if isinstance(lr_lambda, (list, tuple)) else [
            lr_lambda] * count
        if len(functions) != count or not all(callable(f) for f in functions):
            raise ConfigError(
                _("lr_lambda must be a function of the epoch, or a list of {count} such "
                  "functions (one per parameter group); got {value!r}").format(
                    count=count, value=lr_lambda)
            )
        self.lr_lambdas = functions
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        rates = []
        for base, function in zip(self.base_lrs, self.lr_lambdas):
            factor = function(self.last_epoch)
            if (isinstance(factor, bool) or not isinstance(factor, numbers.Real)
                    or not math.isfinite(factor)):
                raise ConfigError(
                    _("lr_lambda({epoch}) returned {value!r}; it must return a finite number, "
                      "the factor of the initial learning rate").format(
                        epoch=self.last_epoch, value=factor)
                )
            rates.append(base * factor)
        return rates


class CosineAnnealingLR(LRScheduler):
    """Lower the learning rate along half a cosine, from ``initial_lr`` to ``eta_min`` in
    ``T_max`` epochs (then back up, periodically, if stepped further).

    ``lr = eta_min + (initial_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2``: it falls
    slowly at first, fastest halfway, and gently reaches ``eta_min`` at epoch ``T_max``. For a
    run of ``E`` epochs, ``T_max=E`` makes the last epoch train with a learning rate close to
    ``eta_min``. Computed step by step as PyTorch does (same floating-point results).

    Parameters
    ----------
    optimizer : Optimizer
    T_max : int
        Epochs from the starting learning rate down to ``eta_min`` (>= 1).
    eta_min : float, default 0
        The lowest learning rate (>= 0).
    last_epoch : int, default -1

    >>> from descenso import nn, optim
    >>> optimizer = optim.Adam(nn.Linear(1, 1).parameters(), lr=1e-3)
    >>> scheduler = CosineAnnealingLR(optimizer, T_max=10)
    >>> for _ in range(5):
    ...     scheduler.step()
    >>> round(optimizer.param_groups[0]["lr"], 10)  # halfway: half the starting rate
    0.0005
    """

    _hyperparameters = ("T_max", "eta_min")

    def __init__(self, optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1):
        self.T_max = _check_positive_int("T_max", T_max)
        self.eta_min = _check_number("eta_min", eta_min)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        groups = self.optimizer.param_groups
        epoch, period, low = self.last_epoch, self.T_max, self.eta_min
        if self._is_initial:
            return [group["lr"] for group in groups]
        if self._step_count == 1 and epoch > 0:  # constructed with last_epoch >= 0
            return [low + (base - low) * (1 + math.cos(epoch * math.pi / period)) / 2
                    for base in self.base_lrs]
        if (epoch - 1 - period) % (2 * period) == 0:  # at the bottom: start climbing again
            return [group["lr"] + (base - low) * (1 - math.cos(math.pi / period)) / 2
                    for base, group in zip(self.base_lrs, groups)]
        return [(1 + math.cos(math.pi * epoch / period))
                / (1 + math.cos(math.pi * (epoch - 1) / period)) * (group["lr"] - low) + low
                for group in groups]
