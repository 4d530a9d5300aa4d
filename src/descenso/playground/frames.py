"""What the server sends the page: the set-up of a run, then one frame per ~33 ms.

:func:`setup` describes the run once (points, classes, features, the loss surface of a
two-parameter model); :func:`frame` is the state after the latest slice of training: the
output over a grid or a curve, every hidden neuron's output as a small map, the weights, the
losses, step, epoch and steps per second. Both are plain JSON-ready dicts.
"""

from __future__ import annotations

import base64
import math

import numpy as np

from descenso.autograd import from_numpy, no_grad
from descenso.playground.features import available
from descenso.playground.session import GRID, NEURON_GRID, Session

__all__ = ["frame", "setup", "two_parameters"]

_SURFACE = 41


def _round(values, digits=5) -> list:
    return np.round(np.asarray(values, dtype=np.float64), digits).tolist()


def _packed(values) -> str:
    """Many numbers as base64 of little-endian float32 (the page reads a Float32Array):
    ten times faster to encode than JSON's numbers, a third of the size."""
    return base64.b64encode(np.asarray(values, dtype="<f4").tobytes()).decode("ascii")


def two_parameters(session: Session) -> bool:
    """True for a model y = w x + b (one input, no hidden layer): its loss is a surface."""
    return (session.loss_name in ("mse", "mae") and not session.settings["hidden"]
            and session.X_train.shape[1] == 1)


def _surface(session: Session) -> dict:
    """The loss over a grid of (w, b) around the least-squares line, in the network's units."""
    x = session.X_train.data[:, 0].astype(np.float64)
    y = np.asarray(session.y_train, dtype=np.float64)[:, 0]
    w_best, b_best = np.polyfit(x, y, 1)
    span = max(abs(w_best), abs(b_best), 1.0) * 2.0
    ws = np.linspace(w_best - span, w_best + span, _SURFACE)
    bs = np.linspace(b_best - span, b_best + span, _SURFACE)
    residual = ws[None, :, None] * x[None, None, :] + bs[:, None, None] - y[None, None, :]
    loss = (residual ** 2 if session.loss_name == "mse" else np.abs(residual)).mean(axis=2)
    return {"w": _round(ws), "b": _round(bs), "loss": _round(loss), "best": [float(w_best), float(b_best)]}


def setup(session: Session) -> dict:
    """The run's description, sent when it starts."""
    data = session.data
    shown = data.X[:, :2] if data.X.shape[1] <= 2 else None
    message = {
        "type": "setup", "settings": session.settings, "task": data.task,
        "loss": session.loss_name, "classes": data.class_names, "extent": data.extent,
        "inputs": data.X.shape[1] if data.name != "abalone" and data.name != "csv" else 0,
        "feature_names": data.feature_names,
        "available": available(data.X.shape[1], data.feature_names), "target": data.target_name,
        "train": None if shown is None else _round(shown[session.train_rows], 4),
        "test": None if shown is None else _round(shown[session.test_rows], 4),
        "y_train": _round(data.y[session.train_rows], 4),
        "y_test": _round(data.y[session.test_rows], 4),
        "layers": [session.X_train.shape[1], *session.settings["hidden"],
                   int(session.model[-1].out_features)],
        "surface": _surface(session) if two_parameters(session) else None,
    }
    return message


def _neurons(session: Session) -> list:
    """The input features and each hidden neuron's activation over the small grid, layer by
    layer (2-D data only)."""
    if len(session.data.feature_names) != 2 or session.data.extent == []:
        return []
    layers, maps = list(session.model), []
    with no_grad():
        out = from_numpy(session.inputs_of(session.grid(NEURON_GRID)))
        maps.append(_packed(out.data.T))  # the input features themselves
        for index, layer in enumerate(layers[:-1]):  # the last Linear is the output
            out = layer(out)
            activated = not hasattr(layers[index + 1], "out_features")
            if not hasattr(layer, "out_features") or not activated:
                maps.append(_packed(out.data.T))
    return maps


def frame(session: Session) -> dict:
    """The state after the latest slice of training."""
    data = session.data
    latest = session.history.latest
    train, test = latest[2:4] if latest is not None else session.losses()
    message = {
        "type": "frame", "step": session.steps, "epoch": session.epoch,
        "steps_per_second": round(session.steps_per_second, 1),
        "train_loss": train, "test_loss": None if math.isnan(test) else test,
        "lr": learning_rate_now(session),
        "weights": [_round(layer.weight.data, 4) for layer in session.model
                    if hasattr(layer, "weight")],
        "neurons": _neurons(session),
    }
    if data.extent and data.X.shape[1] == 2:
        message["output"] = _packed(session.predict(session.grid(GRID)))
    elif data.extent and data.X.shape[1] == 1:
        xs = np.linspace(data.extent[0], data.extent[1], 200)[:, None]
        message["curve"] = _packed(session.predict(xs))
    else:
        message["predicted"] = _packed(session.predict(data.X[session.test_rows]))
    if two_parameters(session):
        layer = session.model[-1]
        message["wb"] = [float(layer.weight.data[0, 0]), float(layer.bias.data[0])]
    return message


def learning_rate_now(session: Session) -> float:
    return float(session.optimizer.param_groups[0]["lr"])
