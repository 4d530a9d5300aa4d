"""One page's training: descenso's own Tensor, nn and optim, stepped in frame-sized slices.

A :class:`Session` holds the data, the network, the loss and the optimizer of one page. The
server calls :meth:`Session.run_for` with a time budget (about 10 ms), then sends
:meth:`Session.frame` to the page. Settings in :data:`~descenso.playground.settings.LIVE`
(learning rate, optimizer, batch size, schedule, L1/L2) change at the next step; any other
change builds a new session. Every change is logged with the step it took effect at, so the
exported script replays the run exactly: the same settings and seed give the same run, bit for
bit.

>>> session = Session({"data": "xor", "n": 40})
>>> session.step(5)
>>> again = Session({"data": "xor", "n": 40})
>>> again.step(5)
>>> session.steps, session.losses() == again.losses()
(5, True)
"""

from __future__ import annotations

import time

import numpy as np

from descenso import nn, optim
from descenso.autograd import from_numpy, manual_seed, no_grad
from descenso.errors import ConfigError, TrainingDiverged
from descenso.i18n import gettext as _
from descenso.playground.data import PlaygroundData, make_data, split
from descenso.playground.features import FEATURES_2D, available, expand, standardizer
from descenso.playground.history import DecimatedHistory
from descenso.playground.settings import LIVE, learning_rate, parse_settings
from descenso.train.divergence import is_diverged

__all__ = ["Session", "build_network", "make_loss", "make_optimizer", "resolve_loss"]

GRID = 40  # the output heat map is GRID x GRID
NEURON_GRID = 16
_ACTIVATIONS = {"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid}


def resolve_loss(loss: str, data: PlaygroundData) -> str:
    """The loss the settings name, ``auto`` resolved: MSE for regression, binary
    cross-entropy for two classes, cross-entropy for more; a mismatch is a ConfigError."""
    if loss == "auto":
        if data.task == "regression":
            return "mse"
        return "bce" if data.n_classes == 2 else "ce"
    if data.task == "regression" and loss in ("bce", "ce"):
        raise ConfigError(_("{loss} needs classes but {data} is a regression set; choose MSE "
                            "or MAE").format(loss=loss, data=data.name))
    if data.task == "classification" and loss in ("mse", "mae"):
        raise ConfigError(_("{loss} needs numbers but {data} has classes; choose a "
                            "cross-entropy").format(loss=loss, data=data.name))
    if loss == "bce" and data.n_classes != 2:
        raise ConfigError(_("binary cross-entropy needs two classes, {data} has {k}; choose "
                            "cross-entropy").format(data=data.name, k=data.n_classes))
    return loss


def build_network(n_inputs: int, hidden: list[int], activation: str, n_outputs: int):
    """``Linear -> activation`` for each hidden layer, then ``Linear`` to the outputs."""
    layers, width = [], n_inputs
    for units in hidden:
        layers.append(nn.Linear(width, units))
        if activation in _ACTIVATIONS:
            layers.append(_ACTIVATIONS[activation]())
        width = units
    layers.append(nn.Linear(width, n_outputs))
    return nn.Sequential(*layers)


def make_loss(loss: str):
    """The nn loss module for ``mse``, ``mae``, ``bce`` (on logits) or ``ce``."""
    return {"mse": nn.MSELoss, "mae": nn.L1Loss, "bce": nn.BCEWithLogitsLoss,
            "ce": nn.CrossEntropyLoss}[loss]()


def make_optimizer(name: str, parameters, lr: float):
    """SGD, SGD with momentum 0.9, Adam or RMSprop over ``parameters``."""
    if name == "sgd":
        return optim.SGD(parameters, lr=lr)
    if name == "momentum":
        return optim.SGD(parameters, lr=lr, momentum=0.9)
    if name == "adam":
        return optim.Adam(parameters, lr=lr)
    return optim.RMSprop(parameters, lr=lr)


class Session:
    """The training of one page; see the module's docstring."""

    def __init__(self, settings: dict, table: PlaygroundData | None = None):
        self.settings = parse_settings(settings)
        s = self.settings
        if s["data"] == "csv":
            if table is None:
                raise ConfigError(_("no CSV uploaded yet; upload one first"))
            data = table
        else:
            data = make_data(s["data"], n=s["n"], noise=s["noise"], seed=s["seed"],
                             classes=s["classes"])
        self.data = data
        choices = available(data.X.shape[1], data.feature_names)
        if data.X.shape[1] > 2 or data.name == "csv" or not set(s["features"]) & set(choices):
            # x alone for a curve, x1 and x2 for a plane, every column of a table
            default = choices[:1] if data.X.shape[1] == 1 else (
                choices[:2] if choices == list(FEATURES_2D) else choices)
            s["features"] = [name for name in s["features"] if name in choices] or default
        self.loss_name = resolve_loss(s["loss"], data)
        self.train_rows, self.test_rows = split(len(data.X), s["ratio"], s["seed"])
        features = expand(data.X, s["features"], data.feature_names)
        self.mean, self.scale = standardizer(features[self.train_rows])
        inputs = ((features - self.mean) / self.scale).astype(np.float32)
        if self.loss_name == "ce":
            target, outputs = data.y.astype(np.int64), data.n_classes
        else:
            target, outputs = data.y.astype(np.float32)[:, None], 1
        self.X_train, self.y_train = from_numpy(inputs[self.train_rows]), target[self.train_rows]
        self.X_test, self.y_test = from_numpy(inputs[self.test_rows]), target[self.test_rows]
        manual_seed(s["seed"])
        self.model = build_network(inputs.shape[1], s["hidden"], s["activation"], outputs)
        # the weights the run started from, for the exported script (PyTorch draws others)
        self.initial_weights = {name: parameter.data.copy()
                                for name, parameter in self.model.named_parameters()}
        self.loss_fn = make_loss(self.loss_name)
        self.optimizer = make_optimizer(s["optimizer"], self.model.parameters(), s["lr"])
        self.batches = np.random.default_rng(s["seed"] + 2)
        self.order = self.batches.permutation(len(self.train_rows))
        self.position = 0
        self.steps = 0
        self.epoch = 0
        self.first_loss: float | None = None
        self.initial_live = {key: s[key] for key in LIVE}
        self.changes: list[tuple[int, dict]] = []  # (step, live settings) as they changed
        # (step, epoch, train loss, test loss, learning rate) per frame, in bounded memory
        self.history = DecimatedHistory()
        self.steps_per_second = 0.0

    # -- settings that change at the next step ---------------------------------------------
    def change(self, raw: dict) -> bool:
        """Apply live settings at the next step; False when ``raw`` needs a new session."""
        settings = parse_settings(raw, self.settings)
        changed = {key for key in settings if settings[key] != self.settings[key]}
        if changed - set(LIVE):
            return False
        if not changed:
            return True
        if "optimizer" in changed:
            self.optimizer = make_optimizer(settings["optimizer"], self.model.parameters(),
                                            settings["lr"])
        self.settings = settings
        self.changes.append((self.steps, {key: settings[key] for key in LIVE}))
        return True

    # -- training --------------------------------------------------------------------------
    def _batch(self) -> np.ndarray:
        if self.position >= len(self.order):
            self.order = self.batches.permutation(len(self.train_rows))
            self.position = 0
            self.epoch += 1
        rows = self.order[self.position:self.position + self.settings["batch"]]
        self.position += len(rows)
        return rows

    def _penalty(self, loss):
        l1, l2 = self.settings["l1"], self.settings["l2"]
        for name, parameter in self.model.named_parameters():
            if name.endswith("weight"):
                if l1:
                    loss = loss + l1 * parameter.abs().sum()
                if l2:
                    loss = loss + l2 * (parameter * parameter).sum()
        return loss

    def step(self, count: int = 1) -> None:
        """``count`` steps of gradient descent: zero_grad, forward, backward, step.

        Raises
        ------
        TrainingDiverged
            When a batch's loss is NaN, infinite, or 1000 times the first one (the rule of
            ``descenso fit``), before the optimizer moves.
        """
        for _step in range(count):
            rows = self._batch()
            self.optimizer.param_groups[0]["lr"] = learning_rate(self.settings, self.steps)
            self.optimizer.zero_grad()
            with np.errstate(over="ignore", invalid="ignore"):  # judged by is_diverged below
                loss = self.loss_fn(self.model(self.X_train[rows]), self.y_train[rows])
                loss = self._penalty(loss)
                value = float(loss.data)
                if self.first_loss is None:
                    self.first_loss = value
                if is_diverged(value, self.first_loss):
                    raise TrainingDiverged(_(
                        "the training diverged at step {step} (loss {loss:g}); lower the "
                        "learning rate and press reset").format(step=self.steps, loss=value),
                        step=self.steps)
                loss.backward()
            self.optimizer.step()
            self.steps += 1

    def run_for(self, budget: float) -> int:
        """Steps for about ``budget`` seconds (at least one); returns how many were taken."""
        started = time.perf_counter()
        taken = 0
        while True:
            self.step()
            taken += 1
            elapsed = time.perf_counter() - started
            if elapsed >= budget:
                break
        self.steps_per_second = taken / elapsed if elapsed > 0 else 0.0
        self.record()
        return taken

    def losses(self) -> tuple[float, float]:
        """The loss (without L1/L2) on the training rows and on the test rows."""
        with no_grad(), np.errstate(over="ignore", invalid="ignore"):
            train = float(self.loss_fn(self.model(self.X_train), self.y_train).item())
            test = (float(self.loss_fn(self.model(self.X_test), self.y_test).item())
                    if len(self.test_rows) else float("nan"))
        return train, test

    def record(self) -> None:
        """Append (step, epoch, train loss, test loss, learning rate) to the history, once
        per step however often it is called."""
        if self.history.latest is not None and self.history.latest[0] == self.steps:
            return
        train, test = self.losses()
        self.history.append((self.steps, self.epoch, train, test,
                             learning_rate(self.settings, max(self.steps - 1, 0))))

    # -- what the page draws ---------------------------------------------------------------
    def inputs_of(self, raw: np.ndarray) -> np.ndarray:
        """Raw points (n, d) as the network's standardized float32 inputs."""
        features = expand(raw, self.settings["features"], self.data.feature_names)
        return ((features - self.mean) / self.scale).astype(np.float32)

    def predict(self, raw: np.ndarray) -> np.ndarray:
        """What the page shows at raw points: the value (regression), the probability of
        class 1 (two classes), or class index + probability (more classes), shape (n,)."""
        with no_grad(), np.errstate(over="ignore", invalid="ignore"):
            out = self.model(from_numpy(self.inputs_of(raw))).data.astype(np.float64)
        if self.loss_name == "ce":
            out = np.exp(out - out.max(axis=1, keepdims=True))
            out /= out.sum(axis=1, keepdims=True)
            return out.argmax(axis=1) + out.max(axis=1) * 0.999
        if self.loss_name == "bce":
            return 1.0 / (1.0 + np.exp(-out[:, 0]))
        return out[:, 0]

    def grid(self, size: int) -> np.ndarray:
        """Raw points of a size x size grid over the data's extent (rows from the top)."""
        x1min, x1max, x2min, x2max = self.data.extent
        xs = np.linspace(x1min, x1max, size)
        ys = np.linspace(x2max, x2min, size)
        gx, gy = np.meshgrid(xs, ys)
        return np.stack([gx.ravel(), gy.ravel()], axis=1)
