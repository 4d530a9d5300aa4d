"""What a page exports: the model file, the history as CSV, and a script that replays the run.

- :func:`model_file` is ``model.safetensors`` as ``descenso fit`` writes it (the project's
  one model-file writer, :func:`descenso.io.save_model`), with the preprocessing
  ``descenso predict`` applies: a CSV for it has one column per input feature of the page
  (``x1``, ``x2``, ``x1^2``... named as the page names them), standardized as in training.
- :func:`history_csv` is step, epoch, train and test loss and learning rate at each frame
  (at most 2,000 rows, evenly spaced over a longer run).
- :func:`script` is a Python program that rebuilds the data, the network, the loss and the
  optimizer with ``import descenso`` and takes the same steps from the same initial weights,
  replaying every mid-run change at the step it took effect; its final training loss equals
  the page's (and, run with ``import torch``, equals it up to float32 rounding).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np

from descenso.io import save_model
from descenso.io.model_file import MODEL_FILE
from descenso.playground.session import Session
from descenso.train import history_csv as _history_csv

__all__ = ["history_csv", "model_file", "script"]


def model_file(session: Session) -> bytes:
    """The trained model as the bytes of a ``model.safetensors`` that ``descenso predict``
    reads."""
    data, s = session.data, session.settings
    tables = data.X.shape[1] > 2 or data.name in ("abalone", "csv")
    whole = tables and list(s["features"]) == list(data.feature_names)
    preprocessing = {
        "kind": "tabular", "task": data.task, "target_name": data.target_name,
        "class_names": data.class_names, "feature_names": list(s["features"]),
        "input_features": list(data.input_features or s["features"]) if whole
        else list(s["features"]),
        "categories": dict(data.categories) if whole else {},
        "dates": [], "ignored": [],
        "standardizer": {"mean": session.mean.tolist(), "scale": session.scale.tolist()},
        "target_standardizer": None, "image_shape": None, "pixel_scale": None,
    }
    train, test = session.losses()
    metadata = {"dataset": data.name, "task": data.task, "model": "mlp",
                "preprocessing": preprocessing, "hyperparameters": dict(s),
                "training": {"steps": session.steps, "epochs": session.epoch,
                             "loss": session.loss_name},
                "metrics": {"train": {"loss": train}, "test": {"loss": test}},
                "command": "descenso playground"}
    with tempfile.TemporaryDirectory() as folder:
        save_model(folder, session.model, metadata)
        return (Path(folder) / MODEL_FILE).read_bytes()


def history_csv(session: Session) -> str:
    """The history of the run: one row per frame for the first 2,000 frames, then at most
    2,000 rows evenly spaced over the run, ending with the latest (see
    :mod:`descenso.playground.history`)."""
    columns = ("step", "epoch", "train_loss", "test_loss", "lr")
    rows = session.history.rows()
    return _history_csv({name: [row[index] for row in rows]
                         for index, name in enumerate(columns)})


_TEMPLATE = '''\
"""Replays a descenso playground run step by step, with descenso's own engine.

Run it with: python {filename}
It prints the training loss after {steps} steps, the number the playground showed.
The training uses PyTorch's names only: write `import torch` instead of
`import descenso as torch` and the same run trains under PyTorch, from the same initial
weights, to the same final loss up to float32 rounding.
"""

import numpy as np

import descenso as torch
from descenso.playground.data import make_data, split
from descenso.playground.features import expand, standardizer
from descenso.playground.settings import learning_rate

nn, optim = torch.nn, torch.optim
SETTINGS = {settings}
CHANGES = {changes}  # (step, settings changed at that step)
STEPS = {steps}
ACTIVATIONS = {{"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid}}

# The data, split into training and test rows, and the standardized input features.
{data}
train_rows, test_rows = split(len(data.X), SETTINGS["ratio"], SETTINGS["seed"])
features = expand(data.X, SETTINGS["features"], data.feature_names)
mean, scale = standardizer(features[train_rows])
inputs = ((features - mean) / scale).astype(np.float32)
{target}
X_train = torch.from_numpy(inputs[train_rows])
y_train = torch.from_numpy(np.ascontiguousarray(target[train_rows]))


def make_optimizer(name, parameters, lr):
    if name == "sgd":
        return optim.SGD(parameters, lr=lr)
    if name == "momentum":
        return optim.SGD(parameters, lr=lr, momentum=0.9)
    if name == "adam":
        return optim.Adam(parameters, lr=lr)
    return optim.RMSprop(parameters, lr=lr)


# The network, the loss and the optimizer, with the seed of the run.
torch.manual_seed(SETTINGS["seed"])
layers, width = [], inputs.shape[1]
for units in SETTINGS["hidden"]:
    layers.append(nn.Linear(width, units))
    if SETTINGS["activation"] in ACTIVATIONS:
        layers.append(ACTIVATIONS[SETTINGS["activation"]]())
    width = units
model = nn.Sequential(*layers, nn.Linear(width, {outputs}))
# The weights the page's run started from (the seed's own draw under descenso; PyTorch's
# generator would draw others), copied in so that both libraries start from them.
INITIAL_WEIGHTS = {initial}
with torch.no_grad():
    for name, parameter in model.named_parameters():
        parameter.copy_(torch.from_numpy(np.array(INITIAL_WEIGHTS[name], dtype=np.float32)))
loss_fn = nn.{loss_class}()
optimizer = make_optimizer(SETTINGS["optimizer"], model.parameters(), SETTINGS["lr"])

batches = np.random.default_rng(SETTINGS["seed"] + 2)
order, position = batches.permutation(len(train_rows)), 0
settings, changes = dict(SETTINGS), list(CHANGES)
for step in range(STEPS):
    while changes and changes[0][0] == step:
        live = changes.pop(0)[1]
        if live["optimizer"] != settings["optimizer"]:
            optimizer = make_optimizer(live["optimizer"], model.parameters(), live["lr"])
        settings.update(live)
    if position >= len(order):  # a new epoch: a new order of the training rows
        order, position = batches.permutation(len(train_rows)), 0
    rows = order[position:position + settings["batch"]]
    position += len(rows)
    optimizer.param_groups[0]["lr"] = learning_rate(settings, step)
    optimizer.zero_grad()
    loss = loss_fn(model(X_train[rows]), y_train[rows])
    for name, parameter in model.named_parameters():  # L1 and L2 on the weights
        if name.endswith("weight"):
            if settings["l1"]:
                loss = loss + settings["l1"] * parameter.abs().sum()
            if settings["l2"]:
                loss = loss + settings["l2"] * (parameter * parameter).sum()
    loss.backward()
    optimizer.step()

with torch.no_grad():
    final = loss_fn(model(X_train), y_train).item()
print(f"training loss after {{STEPS}} steps: {{final!r}}")
'''


def script(session: Session, filename: str = "playground_run.py") -> str:
    """A Python program that replays the session's run; see the module's docstring."""
    s = session.settings
    first = dict(s)
    first.update(session.initial_live)  # the settings the run started with
    if s["data"] == "csv":
        data = ("from descenso.data import load_csv\n"
                "from descenso.playground.data import PlaygroundData\n\n"
                "CSV = 'data.csv'  # the file uploaded to the playground\n"
                "table = load_csv(CSV, target=SETTINGS['target'] or None)\n"
                "data = PlaygroundData('csv', table.X, table.y, table.task, "
                "list(table.feature_names), table.target_name, table.class_names)")
    else:
        data = ('data = make_data(SETTINGS["data"], n=SETTINGS["n"], noise=SETTINGS["noise"], '
                'seed=SETTINGS["seed"],\n                 classes=SETTINGS["classes"])')
    if session.loss_name == "ce":
        target, outputs = "target = data.y.astype(np.int64)", "data.n_classes"
    else:
        target, outputs = "target = data.y.astype(np.float32)[:, None]", "1"
    return _TEMPLATE.format(
        filename=filename, settings=_literal(first),
        changes="[" + ", ".join(f"({step}, {_literal(live)})"
                                for step, live in session.changes) + "]",
        steps=session.steps, data=data, target=target, outputs=outputs,
        initial=_weights_literal(session.initial_weights),
        loss_class=type(session.loss_fn).__name__)


def _weights_literal(weights: dict) -> str:
    """Parameters as a Python literal, one per line; each float32 written as the float64 of
    the same value (``repr``), so it reads back bit for bit."""
    lines = [f"    {name!r}: {np.asarray(value, dtype=np.float64).tolist()!r},"
             for name, value in weights.items()]
    return "{\n" + "\n".join(lines) + "\n}"


def _literal(value: dict) -> str:
    """A dict as a Python literal (JSON's true/false/null do not occur in the settings)."""
    return json.dumps(value, sort_keys=False)
