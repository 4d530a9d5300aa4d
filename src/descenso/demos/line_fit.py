"""Demo ``line-fit``: ``Linear(1, 1)`` fitted to a noisy line, watched step by step.

The data lie around the line m = 0.5, b = 0 with noise on x and y (sigma 2, x up to 50).
``nn.Linear(1, 1)`` is the line ``ŷ = m x + b`` with m its weight and b its bias; 80 steps of
SGD on the L1 loss print at each step m, b, the mean of y, the mean prediction and the
gradient. The L1 gradient with respect to m is the average of ``sign(ŷ - y) · x``: its size
does not shrink near the answer, so m settles by hopping around the best slope, while b,
whose gradient is at most 1, barely moves.
"""

from __future__ import annotations

import numpy as np

from descenso import nn, optim
from descenso.autograd import manual_seed, tensor
from descenso.datasets import make_line
from descenso.demos.result import DemoRun, check_counts
from descenso.i18n import gettext as _
from descenso.report.figures.canvas import draw_line_steps, new_figure

__all__ = ["run"]

TRUE_M, TRUE_B = 0.5, 0.0


#: What the text printed (50 points, 80 steps): the mean of y, (m, b) and the gradient at the
#: first step, and (m, b) at the last printed step.
PUBLISHED = {"mean_y": 9.680885314941406, "m_start": 0.2846, "b_start": -0.2452,
             "dm_start": -8.3109, "db_start": -0.8000, "m_end": 0.4906, "b_end": -0.2346}


def _compare_with_text(record: DemoRun, ours: dict) -> None:
    labels = {"mean_y": _("mean of y"), "m_start": _("m at the start"),
              "b_start": _("b at the start"), "dm_start": _("dL/dm at the first step"),
              "db_start": _("dL/db at the first step"), "m_end": _("m at the end"),
              "b_end": _("b at the end")}
    record.say("")
    record.say(_("                             published   descenso"))
    for key, label in labels.items():
        record.say(f"{label:27s}  {PUBLISHED[key]:9.4f}  {ours[key]:9.4f}")
    record.say(_(
        "The starting weights and the points are random, in the text as here, so the numbers "
        "differ; the lesson is the same in both: in {steps} steps m moves {dm:.3f} and ends near "
        "the true 0.5, while b moves only {db:.3f} (the text: 0.206 and 0.011). A change in m "
        "moves the error about mean(x) = 25 times more than the same change in b, so one "
        "learning rate cannot suit both.").format(
        steps=len(ours["losses"]), dm=abs(ours["m_end"] - ours["m_start"]),
        db=abs(ours["b_end"] - ours["b_start"])))


def run(record: DemoRun, n: int = 50, steps: int = 80, lr: float = 1e-3) -> None:
    """Train ``Linear(1, 1)`` with SGD and L1 loss, printing every step."""
    check_counts(steps=steps)
    check_counts(minimum=2, n=n)
    data = make_line(n, m=TRUE_M, b=TRUE_B, sigma=2.0, range_=50.0, seed=record.seed)
    x = data.X.astype(np.float32)
    y = data.y.astype(np.float32).reshape(-1, 1)
    inputs, targets = tensor(x), tensor(y)
    manual_seed(record.seed)
    model = nn.Linear(1, 1)
    optimizer = optim.SGD(model.parameters(), lr=lr)
    loss_function = nn.L1Loss()
    record.say(_(
        "Linear(1, 1) on {n} noisy points of the line m = {m}, b = {b}: {steps} steps of SGD "
        "with learning rate {lr} on the L1 loss."
    ).format(n=n, m=TRUE_M, b=TRUE_B, steps=steps, lr=lr))
    record.say(_("step   m         b          mean y     mean ŷ     L1 loss    dL/dm      "
                 "dL/db"))
    lines = [(float(model.weight.data[0, 0]), float(model.bias.data[0]))]
    losses, first_gradient = [], None
    for step in range(1, steps + 1):
        optimizer.zero_grad()
        prediction = model(inputs)
        loss = loss_function(prediction, targets)
        loss.backward()
        if first_gradient is None:
            first_gradient = (float(model.weight.grad[0, 0]), float(model.bias.grad[0]))
        record.say(f"{step:4d}  {model.weight.data[0, 0]:8.5f}  {model.bias.data[0]:9.5f}  "
                   f"{y.mean():9.4f}  {prediction.data.mean():9.4f}  {loss.item():9.4f}  "
                   f"{model.weight.grad[0, 0]:9.4f}  {model.bias.grad[0]:9.4f}")
        optimizer.step()
        losses.append(loss.item())
        lines.append((float(model.weight.data[0, 0]), float(model.bias.data[0])))
    m, b = lines[-1]
    record.say(_("After {steps} steps: m = {m:.4f}, b = {b:.4f} (true m = {true_m}, b = "
                 "{true_b}).").format(steps=steps, m=m, b=b, true_m=TRUE_M, true_b=TRUE_B))
    record.record(m=m, b=b, losses=losses, lines=lines)
    _compare_with_text(record, {"mean_y": float(y.mean()), "m_start": lines[0][0],
                                "b_start": lines[0][1], "dm_start": first_gradient[0],
                                "db_start": first_gradient[1], "m_end": m, "b_end": b,
                                "losses": losses})

    figure = new_figure(12, 4.8)
    draw_line_steps(figure, figure.add_subplot(1, 2, 1), x[:, 0], y[:, 0], lines,
                    (TRUE_M, TRUE_B), start_label=_("initial line"), true_label=_("true line"),
                    title=_("The fitted line after each step"), linewidth=0.8)
    axes = figure.add_subplot(1, 2, 2)
    axes.plot(range(1, steps + 1), losses, color="tab:blue", label=_("L1 loss"))
    axes.set(xlabel=_("step"), ylabel=_("L1 loss (mean absolute error)"),
             title=_("Loss during training"))
    axes.legend()
    record.save_figure(figure, "line_fit", _(
        "The line after each step, from the first (blue) to the last (green), and the loss."))
