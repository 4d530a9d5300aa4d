"""Demo ``sine``: a cubic fitted to sin(x), with gradients by hand and by autograd.

The PyTorch tutorial's classic: ``ŷ = a + b x + c x² + d x³`` on 2000 points of sin(x) in
[-π, π], 2000 steps of gradient descent with learning rate 1e-6 on the summed squared error
``L = Σ (ŷ - y)²``. It runs twice from the same random start:

- with the gradients written by hand in NumPy: ``dL/dŷ = 2 (ŷ - y)``, then
  ``dL/da = Σ dL/dŷ``, ``dL/db = Σ dL/dŷ · x``, ``dL/dc = Σ dL/dŷ · x²`` and
  ``dL/dd = Σ dL/dŷ · x³``;
- with descenso's autograd computing them from the loss (``loss.backward()``).

Both run in float64, so the coefficients agree to rounding.
"""

from __future__ import annotations

import numpy as np

from descenso.autograd import tensor
from descenso.datasets import make_sine
from descenso.demos.result import DemoRun, check_counts
from descenso.i18n import gettext as _
from descenso.optim import SGD
from descenso.report.figures.canvas import new_figure

__all__ = ["cubic_features", "fit_by_autograd", "fit_by_hand", "hand_gradients", "run"]

PRINT_EVERY = 100
#: What the text printed after 2000 steps: the loss at step 2000 and (a, b, c, d).
PUBLISHED_LOSS = 9.39621353149414
PUBLISHED_COEFFICIENTS = (-0.011828352697193623, 0.8360244631767273, 0.002040589228272438,
                          -0.09038365632)


def cubic_features(x: np.ndarray) -> np.ndarray:
    """The rows ``1, x, x², x³`` stacked: shape (4, n), so ``ŷ = coefficients @ features``."""
    return np.stack([np.ones_like(x), x, x**2, x**3])


def hand_gradients(
    x: np.ndarray, y: np.ndarray, coefficients: np.ndarray, features: np.ndarray | None = None
) -> tuple[float, np.ndarray]:
    """The summed squared error of the cubic and its gradient with respect to (a, b, c, d).

    ``features`` (from :func:`cubic_features`) may be passed to avoid recomputing them.

    >>> loss, gradient = hand_gradients(np.array([1.0]), np.array([0.0]), np.ones(4))
    >>> loss, gradient.tolist()
    (16.0, [8.0, 8.0, 8.0, 8.0])
    """
    powers = cubic_features(x) if features is None else features
    residual = coefficients @ powers - y
    return float(np.sum(residual**2)), powers @ (2.0 * residual)


def fit_by_hand(x, y, start, lr: float, steps: int) -> tuple[np.ndarray, list[float]]:
    """Gradient descent with hand-written gradients; returns coefficients and loss per step."""
    coefficients = np.array(start, dtype=np.float64)
    features = cubic_features(x)
    losses = []
    for _step in range(steps):
        loss, gradient = hand_gradients(x, y, coefficients, features)
        losses.append(loss)
        coefficients -= lr * gradient
    return coefficients, losses


def fit_by_autograd(
    x, y, start, lr: float, steps: int
) -> tuple[np.ndarray, list[float], float]:
    """The same descent with autograd and ``optim.SGD``.

    Returns the coefficients, the loss per step, and the largest difference between
    autograd's gradient and :func:`hand_gradients` over all steps.
    """
    a, b, c, d = (tensor([value], requires_grad=True, dtype=np.float64) for value in start)
    x_tensor, y_tensor = tensor(x, dtype=np.float64), tensor(y, dtype=np.float64)
    optimizer = SGD([a, b, c, d], lr=lr)
    features = cubic_features(x)
    losses, largest = [], 0.0
    for _step in range(steps):
        optimizer.zero_grad()
        prediction = a + b * x_tensor + c * x_tensor**2 + d * x_tensor**3
        loss = ((prediction - y_tensor) ** 2).sum()
        loss.backward()
        current = np.concatenate([a.data, b.data, c.data, d.data])
        automatic = np.concatenate([a.grad, b.grad, c.grad, d.grad])
        by_hand = hand_gradients(x, y, current, features)[1]
        largest = max(largest, float(np.max(np.abs(automatic - by_hand))))
        losses.append(loss.item())
        optimizer.step()
    coefficients = np.concatenate([a.data, b.data, c.data, d.data])
    return coefficients, losses, largest


def _report(record: DemoRun, title: str, losses: list[float], coefficients) -> None:
    record.say(title)
    for step in range(PRINT_EVERY - 1, len(losses), PRINT_EVERY):
        record.say(_("  step {step:5d}  loss {loss:12.4f}").format(step=step + 1,
                                                                  loss=losses[step]))
    a, b, c, d = coefficients
    record.say(_("  result: y = {a:.6f} + {b:.6f} x + {c:.6f} x^2 + {d:.6f} x^3").format(
        a=a, b=b, c=c, d=d))


def _compare_with_text(record: DemoRun, x, y, coefficients, loss: float, steps: int) -> None:
    """The text's numbers, descenso's, and the least-squares cubic both runs head for."""
    exact = np.linalg.lstsq(cubic_features(x).T, y, rcond=None)[0]
    exact_loss = float(np.sum((exact @ cubic_features(x) - y) ** 2))
    record.say("")
    record.say(_("                 published   descenso   least squares"))
    record.say(f"  {_('loss'):13s}  {PUBLISHED_LOSS:9.4f}  {loss:9.4f}  {exact_loss:12.4f}")
    for name, theirs, ours, best in zip("abcd", PUBLISHED_COEFFICIENTS, coefficients, exact):
        record.say(f"  {name:13s}  {theirs:9.4f}  {ours:9.4f}  {best:12.4f}")
    record.say(_(
        "The text and descenso start from different random numbers and neither has arrived "
        "after {steps} steps: both are heading for the least-squares cubic {b:.4f} x - {d:.4f} "
        "x^3 (loss {loss:.3f}), and what is left of a and c is what remains of each random "
        "start.").format(steps=steps, b=exact[1], d=abs(exact[3]), loss=exact_loss))
    record.record(least_squares=exact.tolist(), least_squares_loss=exact_loss)


def run(record: DemoRun, n: int = 2000, steps: int = 2000, lr: float = 1e-6) -> None:
    """Fit the cubic by hand and by autograd and compare coefficients and gradients."""
    check_counts(steps=steps)
    check_counts(minimum=2, n=n)
    data = make_sine(n)
    x, y = data.X[:, 0].astype(np.float64), data.y.astype(np.float64)
    start = record.rng.standard_normal(4)
    record.say(_(
        "Fit y = a + b x + c x^2 + d x^3 to sin(x) on {n} points in [-pi, pi]: {steps} steps, "
        "learning rate {lr}, loss = sum of squared errors, same random start for both runs."
    ).format(n=n, steps=steps, lr=lr))
    by_hand, hand_losses = fit_by_hand(x, y, start, lr, steps)
    _report(record, _("Gradients written by hand in NumPy:"), hand_losses, by_hand)
    by_autograd, autograd_losses, largest = fit_by_autograd(x, y, start, lr, steps)
    _report(record, _("Gradients by descenso's autograd:"), autograd_losses, by_autograd)
    difference = float(np.max(np.abs(by_hand - by_autograd)))
    record.say(_(
        "Largest difference between the two sets of coefficients: {coef:.2e}; between the "
        "gradients over all steps: {grad:.2e}."
    ).format(coef=difference, grad=largest))
    record.record(hand_coefficients=by_hand.tolist(), autograd_coefficients=by_autograd.tolist(),
                  coefficient_difference=difference, gradient_difference=largest,
                  final_loss=autograd_losses[-1])
    _compare_with_text(record, x, y, by_autograd, autograd_losses[-1], steps)

    figure = new_figure(12, 4.5)
    axes = figure.add_subplot(1, 2, 1)
    axes.plot(x, y, color="black", linewidth=3, alpha=0.35, label="sin(x)")
    powers = cubic_features(x)
    axes.plot(x, by_hand @ powers, color="tab:blue", linewidth=2, label=_("cubic, hand gradients"))
    axes.plot(x, by_autograd @ powers, color="tab:orange", linewidth=2, linestyle=":",
              label=_("cubic, autograd"))
    axes.set(xlabel="x", ylabel="y", title=_("sin(x) and the fitted cubic"))
    axes.legend()
    axes = figure.add_subplot(1, 2, 2)
    steps_axis = np.arange(1, steps + 1)
    axes.plot(steps_axis, hand_losses, color="tab:blue", linewidth=2, label=_("hand gradients"))
    axes.plot(steps_axis, autograd_losses, color="tab:orange", linestyle=":", linewidth=2,
              label=_("autograd"))
    axes.set(yscale="log", xlabel=_("step"), ylabel=_("summed squared error (log scale)"),
             title=_("Loss during training"))
    axes.legend()
    record.save_figure(figure, "sine", _(
        "The cubic fitted by both methods over sin(x), and the loss per step (the curves "
        "coincide)."))
