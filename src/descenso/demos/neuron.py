"""Demo ``neuron``: what one neuron can learn, and what a small network can.

The lesson's experiment: 50 points of the parabola ``y = x²`` for x in [0, 10], with Gaussian
noise (sigma 0.5) on x and y (``make_polynomial([1, 0, 0], 50, sigma=0.5, range_=10)``, the
text's ``get_data_from_a_polynomial``). A single neuron, ``Linear(1, 1)`` followed by ReLU and
then by LeakyReLU, is trained 8000 steps with SGD (learning rate 0.001) on the L1 loss, as the
lesson does. Its prediction ``relu(w x + b)`` is a straight line wherever the neuron is active,
with at most one kink where ``w x + b = 0``: one neuron cannot bend. A small network of two
hidden layers of 32 tanh units, trained with Adam, bends as much as the data needs and fits the
parabola.
"""

from __future__ import annotations

import numpy as np

from descenso import nn, optim
from descenso.autograd import manual_seed, no_grad, tensor
from descenso.datasets import make_polynomial
from descenso.demos.result import DemoRun, check_counts
from descenso.i18n import gettext as _
from descenso.report.figures.canvas import new_figure

__all__ = ["RANGE", "build_models", "run", "train"]

RANGE = 10.0
LEAKY_SLOPE = 0.01  # PyTorch's default negative_slope, which the lesson's LeakyReLU() uses


def build_models(seed: int) -> dict[str, tuple[nn.Module, str]]:
    """The three models, each initialised from ``seed``: name -> (model, label)."""
    manual_seed(seed)
    relu = nn.Sequential(nn.Linear(1, 1), nn.ReLU())
    manual_seed(seed)
    leaky = nn.Sequential(nn.Linear(1, 1), nn.LeakyReLU(LEAKY_SLOPE))
    manual_seed(seed)
    mlp = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(),
                        nn.Linear(32, 1))
    return {
        "relu": (relu, _("one neuron: Linear(1, 1) + ReLU")),
        "leaky_relu": (leaky, _("one neuron: Linear(1, 1) + LeakyReLU")),
        "mlp": (mlp, _("network 1-32-32-1, tanh")),
    }


def train(model: nn.Module, optimizer: optim.Optimizer, x: np.ndarray, y: np.ndarray,
          steps: int) -> float:
    """Full-batch training on the L1 loss for ``steps`` steps; returns the final loss.

    ``x`` and ``y`` have shape (n, 1).
    """
    inputs, targets = tensor(x), tensor(y)
    loss_function = nn.L1Loss()
    for _step in range(steps):
        optimizer.zero_grad()
        loss = loss_function(model(inputs), targets)
        loss.backward()
        optimizer.step()
    with no_grad():
        return loss_function(model(inputs), targets).item()


def predict(model: nn.Module, x: np.ndarray) -> np.ndarray:
    """The model's predictions for inputs ``x`` of shape (n,), as shape (n,)."""
    with no_grad():
        return model(tensor(x.reshape(-1, 1).astype(np.float32))).data[:, 0]


def run(record: DemoRun, n: int = 50, steps: int = 8000, lr: float = 1e-3,
        mlp_steps: int = 1000, mlp_lr: float = 1e-2) -> None:
    """Train the two single neurons and the network; compare the three fits."""
    check_counts(steps=steps, mlp_steps=mlp_steps)
    check_counts(minimum=2, n=n)
    data = make_polynomial([1.0, 0.0, 0.0], n=n, sigma=0.5, range_=RANGE, seed=record.seed)
    x = data.X.astype(np.float32)
    y = data.y.astype(np.float32).reshape(-1, 1)
    record.say(_(
        "Data: {n} points of y = x^2 with noise (sigma 0.5) on x and y, x in [0, {range:g}], as "
        "in the lesson. A single neuron is trained {steps} steps with SGD (learning rate {lr}) "
        "on the L1 loss; the network 1-32-32-1 with tanh is trained {mlp_steps} steps with Adam "
        "(learning rate {mlp_lr})."
    ).format(n=n, range=RANGE, steps=steps, lr=lr, mlp_steps=mlp_steps, mlp_lr=mlp_lr))
    models = build_models(record.seed)
    grid = np.linspace(0.0, RANGE, 401)
    losses, curves = {}, {}
    for name, (model, label) in models.items():
        if name == "mlp":
            losses[name] = train(model, optim.Adam(model.parameters(), lr=mlp_lr), x, y,
                                 mlp_steps)
        else:
            losses[name] = train(model, optim.SGD(model.parameters(), lr=lr), x, y, steps)
        curves[name] = predict(model, grid)
        record.say(_("{label}: final L1 loss {loss:.4f}").format(label=label, loss=losses[name]))
        if name != "mlp":
            weight = float(model[0].weight.data[0, 0])
            bias = float(model[0].bias.data[0])
            record.say(_("  learned w = {w:.4f}, b = {b:.4f}: a straight line, with a kink at "
                         "x = {kink:.3f} where w x + b = 0").format(
                w=weight, b=bias, kink=-bias / weight if weight else float("inf")))
            record.record(**{f"{name}_weight": weight, f"{name}_bias": bias})
    ratio = min(losses["relu"], losses["leaky_relu"]) / losses["mlp"]
    record.say(_("The network's L1 loss is {ratio:.1f} times lower than the best single "
                 "neuron's.").format(ratio=ratio))
    record.say(_("The lesson's conclusion holds: one neuron with ReLU or LeakyReLU learns a "
                 "straight line, because w x + b is a line and the activation only bends it "
                 "where w x + b = 0. Many neurons combined bend as the data need."))
    record.say(_("The network cannot go much lower: the noise on x alone moves y = x^2 by about "
                 "2|x| times 0.5, which no model can predict from x."))
    record.record(n=n, losses=losses, loss_ratio=ratio, grid=grid.tolist(),
                  curves={name: curve.tolist() for name, curve in curves.items()})

    figure = new_figure(9, 6)
    axes = figure.add_subplot()
    axes.scatter(x[:, 0], y[:, 0], s=10, color="0.6", label=_("data: y = x^2 + noise"))
    styles = {"relu": ("tab:red", "-"), "leaky_relu": ("tab:purple", "--"),
              "mlp": ("tab:green", "-")}
    for name, (_model, label) in models.items():
        color, linestyle = styles[name]
        axes.plot(grid, curves[name], color=color, linestyle=linestyle, linewidth=2.5,
                  label=_("{label} (L1 loss {loss:.2f})").format(label=label,
                                                                 loss=losses[name]))
    axes.set(xlabel="x", ylabel="y",
             title=_("One neuron learns a straight line; a small network fits the parabola"))
    axes.legend(loc="upper left", fontsize="small")
    record.save_figure(figure, "neuron", _(
        "The three fits over the data, with their final L1 losses."))
