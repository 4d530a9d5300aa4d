"""Demo ``bias-variance``: four problems, one for each answer of the diagnosis.

A score alone does not say what is wrong with a model. Four datasets are built so that the
answer is known, and :func:`descenso.diagnose.diagnose_model` is asked the three questions
about each:

1. **good fit**: a noisy line, fitted by least squares;
2. **optimization**: the same line, fitted by gradient descent stopped after a few small steps;
3. **bias**: a parabola, fitted by a straight line;
4. **variance**: a degree-12 polynomial fitted to 20 noisy points of a sine.

For each it prints the three answers with their numbers and draws the data with the fit, the
learning curve (training and validation error against the training rows used) and the three
findings with their intervals.
"""

from __future__ import annotations

import numpy as np

from descenso.demos.result import DemoRun, check_counts
from descenso.diagnose import diagnose_model
from descenso.i18n import N_
from descenso.i18n import gettext as _
from descenso.linear import LinearRegression
from descenso.report.figures.canvas import TRAIN, VALIDATION, new_figure
from descenso.report.figures.diagnosis import draw_findings, draw_learning_curve

__all__ = ["run"]

CASES = (
    ("good fit", N_("good fit: a noisy line, fitted by least squares")),
    ("optimization", N_("optimization: the same line, fitted by 30 steps of gradient descent "
                        "with learning rate 0.001")),
    ("bias", N_("bias: a parabola, fitted by a straight line")),
    ("variance", N_("variance: a degree-12 polynomial fitted to 20 noisy points of a sine")),
)
_DEGREE = 12


def run(record: DemoRun, n: int = 300, noise: float = 0.5) -> None:
    """Build the four problems, diagnose each, and draw its evidence."""
    check_counts(minimum=40, n=n)
    rng = np.random.default_rng(record.seed)
    record.say(_("Four problems whose answer is known; the diagnosis asks each the three "
                 "questions (optimization, bias, variance). Every size is a fraction of the "
                 "target's variance, with a 95% bootstrap interval."))
    verdicts = {}
    for index, (truth, title) in enumerate(CASES, start=1):
        x, y, features, n_train, model = _problem(truth, n, noise, rng)
        result = diagnose_model(model, features[:n_train], y[:n_train], features[n_train:],
                                y[n_train:], seed=record.seed)
        verdicts[truth] = result.verdict
        record.say("")
        record.say(f"{index}. " + _(title))
        for line in result.text():
            record.say("   " + line)
        figure = new_figure(13, 3.8)
        _draw_fit(figure.add_subplot(1, 3, 1), x, y, n_train, model, truth)
        if result.learning_curve is not None:
            draw_learning_curve(figure.add_subplot(1, 3, 2), result.learning_curve)
        draw_findings(figure.add_subplot(1, 3, 3),
                      {name: getattr(result, name).to_dict()
                       for name in ("optimization", "bias", "variance")},
                      result.thresholds)
        figure.suptitle(_(title))
        record.save_figure(figure, f"{index}-{truth.replace(' ', '-')}", _(title))
    record.record(verdicts=verdicts)
    record.say("")
    record.say(_("What to do about each: optimization, train longer or use --lr auto; bias, add "
                 "features or capacity; variance, more data, regularization or early "
                 "stopping. Fix optimization first: until training finishes, the other answers "
                 "judge an unfinished model."))


def _problem(truth: str, n: int, noise: float, rng: np.random.Generator):
    """``(x, y, features, n_train, fitted model)`` for one case; the first n_train rows train."""
    if truth == "variance":
        n_train = 20
        x = rng.uniform(-1, 1, size=n_train + n)
        y = np.sin(3 * x) + rng.normal(0, 0.2, x.size)
        features = np.column_stack([x ** k for k in range(1, _DEGREE + 1)])
        return x, y, features, n_train, LinearRegression().fit(features[:n_train], y[:n_train])
    x = rng.uniform(-3, 3, size=n)
    signal = x ** 2 if truth == "bias" else 2.0 * x + 1.0
    y = signal + rng.normal(0, noise, n)
    features = x.reshape(-1, 1)
    n_train = int(0.7 * n)
    if truth == "optimization":
        model = LinearRegression(solver="gd", lr=0.001, max_iter=30, tol=None)
    else:
        model = LinearRegression()
    return x, y, features, n_train, model.fit(features[:n_train], y[:n_train])


def _draw_fit(axes, x, y, n_train, model, truth) -> None:
    axes.scatter(x[n_train:], y[n_train:], s=8, color=VALIDATION, alpha=0.5,
                 label=_("validation"))
    axes.scatter(x[:n_train], y[:n_train], s=18, color=TRAIN, edgecolors="white",
                 linewidths=0.5, label=_("training"), zorder=3)
    grid = np.linspace(x.min(), x.max(), 300)
    inputs = (np.column_stack([grid ** k for k in range(1, _DEGREE + 1)])
              if truth == "variance" else grid.reshape(-1, 1))
    curve = model.predict(inputs)
    if truth == "variance":
        low, high = np.quantile(y, [0.0, 1.0])
        span = high - low
        curve = np.clip(curve, low - span, high + span)
    axes.plot(grid, curve, color="black", linewidth=2, label=_("model"))
    axes.set(xlabel="x", ylabel="y")
    axes.legend(fontsize=8)
