"""Demo ``gradients``: the chain rule by hand, next to autograd, step by step.

The model is the line ``ŷ = m x + b`` on noisy data from the line m = 0.5, b = 0. Starting
at m = 0.8 (b stays 0), 25 steps of gradient descent with learning rate 0.001 update only m,
as the lesson does, once for the mean absolute error (MAE) and once for the mean squared
error (MSE). At every step the gradient is computed twice:

- by hand, with the chain rule: the derivative of the error with respect to the prediction
  (``sign(ŷ - y)`` for MAE, ``2 (ŷ - y)`` for MSE) times the derivative of the prediction with
  respect to the parameter (``x`` for m, ``1`` for b), averaged over the points;
- by descenso's autograd (``loss.backward()``).

Both are computed in float64, so they agree to rounding (about 1e-13).
"""

from __future__ import annotations

import numpy as np

from descenso.autograd import tensor
from descenso.datasets import make_line
from descenso.demos.result import DemoRun, check_counts
from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.optim import SGD
from descenso.report.figures.canvas import draw_line_steps, new_figure

__all__ = ["LOSSES", "hand_gradients", "run"]

TRUE_M, TRUE_B = 0.5, 0.0
START_M = 0.8
LOSSES = ("mae", "mse")


def hand_gradients(
    x: np.ndarray, y: np.ndarray, m: float, b: float, loss: str
) -> tuple[float, float]:
    """``(dL/dm, dL/db)`` of the mean ``loss`` ("mae" or "mse") by the chain rule.

    ``dL/dm = mean(dL/dŷ * dŷ/dm)`` with ``dŷ/dm = x``, and ``dL/db = mean(dL/dŷ * 1)``.

    >>> hand_gradients(np.array([1.0, 2.0]), np.array([0.0, 0.0]), 1.0, 0.0, "mse")
    (5.0, 3.0)
    """
    if loss not in LOSSES:
        raise ConfigError(_("unknown loss {loss!r}; use 'mae' or 'mse'").format(loss=loss))
    residual = m * x + b - y
    d_prediction = np.sign(residual) if loss == "mae" else 2.0 * residual
    return float(np.mean(d_prediction * x)), float(np.mean(d_prediction))


def _descend(record: DemoRun, x: np.ndarray, y: np.ndarray, loss: str, lr: float,
             steps: int) -> tuple[list[float], float]:
    """Update m only; print hand and autograd gradients per step. Return m per step, max diff."""
    x_tensor, y_tensor = tensor(x), tensor(y)
    m = tensor([START_M], requires_grad=True, dtype=np.float64)
    b = tensor([TRUE_B], requires_grad=True, dtype=np.float64)
    optimizer = SGD([m], lr=lr)
    record.say(_("{loss}: step  m         loss        dL/dm hand    dL/dm autograd  difference"
                 "  dL/db hand  dL/db autograd").format(loss=loss.upper()))
    slopes = [START_M]
    largest = 0.0
    for step in range(1, steps + 1):
        optimizer.zero_grad()
        b.grad = None
        residual = m * x_tensor + b - y_tensor
        value = residual.abs().mean() if loss == "mae" else (residual**2).mean()
        value.backward()
        hand_m, hand_b = hand_gradients(x, y, float(m.data[0]), float(b.data[0]), loss)
        auto_m, auto_b = float(m.grad[0]), float(b.grad[0])
        difference = max(abs(hand_m - auto_m), abs(hand_b - auto_b))
        largest = max(largest, difference)
        record.say(f"{loss.upper()}: {step:4d}  {m.data[0]:.6f}  {value.item():10.4f}  "
                   f"{hand_m:12.6f}  {auto_m:14.6f}  {difference:10.2e}  "
                   f"{hand_b:9.5f}  {auto_b:14.5f}")
        optimizer.step()
        slopes.append(float(m.data[0]))
    return slopes, largest


def _draw(record: DemoRun, x, y, slopes: dict[str, list[float]], steps: int) -> None:
    figure = new_figure(15, 4.8)
    for index, loss in enumerate(LOSSES):
        draw_line_steps(figure, figure.add_subplot(1, 3, index + 1), x, y,
                        [(m, TRUE_B) for m in slopes[loss]], (TRUE_M, TRUE_B),
                        start_label=_("start m = {m}").format(m=START_M),
                        true_label=_("true line m = {m}").format(m=TRUE_M),
                        title=_("{loss}: the line after each step").format(loss=loss.upper()))
    axes = figure.add_subplot(1, 3, 3)
    for loss, style in zip(LOSSES, ("o-", "s-")):
        axes.plot(range(steps + 1), slopes[loss], style, markersize=3, label=loss.upper())
    axes.axhline(TRUE_M, linestyle="--", color="black", label=_("true m"))
    axes.set(xlabel=_("step"), ylabel=_("slope m"), title=_("m after each step"))
    axes.legend()
    record.save_figure(figure, "gradients", _(
        "The line after each step, from the first (blue) to the last (green), for MAE and MSE, "
        "and the slope m per step."))


#: What the text printed for its MAE run (50 points, m from 0.8, learning rate 0.001): the
#: mean of y, dL/dm at the first step, and m at the last printed step (24).
PUBLISHED_MAE = {"mean_y": 11.028847694396973, "first_gradient": 21.2875, "m_step_24": 0.5016}


def _compare_with_text(record: DemoRun, x, y, slopes) -> None:
    first = float(np.mean(np.sign(START_M * x + TRUE_B - y) * x))
    ours = {"mean_y": float(np.mean(y)), "first_gradient": first,
            "m_step_24": float(slopes[min(24, len(slopes) - 1)])}
    labels = {"mean_y": _("mean of y"), "first_gradient": _("dL/dm at the first step"),
              "m_step_24": _("m at step 24")}
    record.say("")
    record.say(_("MAE run                      published   descenso"))
    for key, label in labels.items():
        record.say(f"{label:27s}  {PUBLISHED_MAE[key]:9.4f}  {ours[key]:9.4f}")
    record.say(_(
        "The points are random, so the mean of y and the first gradient differ in the details "
        "(the first dL/dm is about the mean of x, near 25 for x in [0, 50], since every error "
        "has the same sign at m = 0.8); both runs end within 0.01 of the true slope 0.5."))
    record.record(mae_first_gradient=first, mean_y=ours["mean_y"])


def run(record: DemoRun, n: int = 50, lr: float = 1e-3, steps: int = 25) -> None:
    """Run 25 steps per loss from m = 0.8 and compare hand and autograd gradients."""
    check_counts(steps=steps)
    check_counts(minimum=2, n=n)
    data = make_line(n, m=TRUE_M, b=TRUE_B, sigma=2.0, range_=50.0, seed=record.seed)
    x, y = data.X[:, 0].astype(np.float64), data.y.astype(np.float64)
    record.say(_(
        "Model: y = m x + b on {n} noisy points of the line m = {m}, b = {b}. Start at m = "
        "{start}, learning rate {lr}, {steps} steps; only m is updated."
    ).format(n=n, m=TRUE_M, b=TRUE_B, start=START_M, lr=lr, steps=steps))
    record.say(_(
        "By hand (chain rule): dL/dm = mean(dL/dŷ · x) and dL/db = mean(dL/dŷ), with "
        "dL/dŷ = sign(ŷ - y) for MAE and 2(ŷ - y) for MSE."))
    slopes = {}
    for loss in LOSSES:
        record.say("")
        slopes[loss], largest = _descend(record, x, y, loss, lr, steps)
        record.say(_("{loss}: largest difference between hand and autograd gradients: "
                     "{diff:.2e}; final m = {m:.6f}").format(
            loss=loss.upper(), diff=largest, m=slopes[loss][-1]))
        record.record(**{f"{loss}_max_difference": largest, f"{loss}_final_m": slopes[loss][-1],
                         f"{loss}_slopes": slopes[loss]})
    record.say("")
    record.say(_(
        "The MAE gradient only sees the sign of each error, so m moves by nearly equal steps "
        "until it reaches the best slope; the MSE gradient is proportional to the error, so the "
        "first steps are large (here they overshoot and m oscillates) and they shrink as m "
        "approaches the best slope."))
    _compare_with_text(record, x, y, slopes["mae"])
    _draw(record, x, y, slopes, steps)
