"""Demo ``abalone``: the gradient-descent regression lesson, end to end, and what it missed.

A learner predicted the rings of abalones (their age) from ``Sex`` (one-hot M, F, I) and seven
measurements with linear regression trained by gradient descent from scratch: a 60/20/20
split with a seeded shuffle, ``w -= lr * dw`` with lr 0.001 for 20,000 iterations. They
published R² 0.3755 (train) and 0.3729 (validation) on the raw features, 0.5320 and 0.4978
after standardizing, and concluded that a linear model explains only about 40 % of the
variance. descenso repeats the three runs (unstandardized, standardized, closed form), prints
its figures next to theirs, and lets the diagnosis say what happened: the gradient descent had
not converged; the closed form reaches the optimum on the same rows.
"""

from __future__ import annotations

import numpy as np

from descenso.data.split import train_test_split, train_val_test_split
from descenso.data.standardizer import Standardizer
from descenso.datasets.abalone import load_abalone
from descenso.demos.result import DemoRun, check_counts
from descenso.diagnose import diagnose
from descenso.i18n import gettext as _
from descenso.linear import LinearRegression
from descenso.report.figures import predicted_vs_actual
from descenso.report.figures.canvas import new_figure

__all__ = ["PUBLISHED", "run"]

#: The learner's published R² (train, validation) for lr 0.001 and 20,000 iterations.
PUBLISHED = {"unstandardized": (0.3755, 0.3729), "standardized": (0.5320, 0.4978)}
#: The learner's synthetic check: final weights, bias and test R² (80/20 split, seed 42).
PUBLISHED_SYNTHETIC = {"w": (2.00354048, 3.00362156, 5.00379594, 7.00382549),
                       "b": 3.927264157969956, "r2_test": 1.0}
#: The learner's 80/20 run on Abalone: "an R² of .4".
PUBLISHED_80_20 = 0.4


def run(record: DemoRun, lr: float = 0.001, iterations: int = 20_000) -> None:
    """Fit unstandardized, standardized and closed form; print R², the diagnosis and figures."""
    check_counts(iterations=iterations)
    data = load_abalone()
    X_train, X_val, X_test, y_train, y_val, y_test = train_val_test_split(data.X, data.y)
    scaler = Standardizer().fit(X_train)
    record.say(_(
        "Abalone: predict the rings from Sex (one-hot) and 7 measurements; {train} training, "
        "{val} validation and {test} test rows (the learner's split). Gradient descent with "
        "lr {lr} for {iterations} iterations, from zero weights."
    ).format(train=len(y_train), val=len(y_val), test=len(y_test), lr=lr,
             iterations=iterations))
    runs = {
        "unstandardized": (X_train, X_val, X_test),
        "standardized": tuple(scaler.transform(X) for X in (X_train, X_val, X_test)),
        "closed form": (X_train, X_val, X_test),
    }
    labels = {"unstandardized": _("gradient descent, raw features"),
              "standardized": _("gradient descent, standardized"),
              "closed form": _("closed form (least squares)")}
    models, scores = {}, {}
    for name, (train, val, test) in runs.items():
        if name == "closed form":
            model = LinearRegression(solver="normal")
        else:
            model = LinearRegression(solver="gd", lr=lr, max_iter=iterations, tol=None)
        models[name] = model.fit(train, y_train)
        splits = {"train": (train, y_train), "val": (val, y_val), "test": (test, y_test)}
        scores[name] = {split: float(model.score(X, y)) for split, (X, y) in splits.items()}

    record.say("")
    record.say(_("run                               R² train  R² val   R² test   published "
                 "(train / val)"))
    for name, score in scores.items():
        published = PUBLISHED.get(name)
        theirs = f"{published[0]:.4f} / {published[1]:.4f}" if published else "-"
        record.say(f"{labels[name]:32s}  {score['train']:.4f}    {score['val']:.4f}   "
                   f"{score['test']:.4f}    {theirs}")
    record.record(**{f"{name.replace(' ', '_')}_r2": score for name, score in scores.items()})

    for name in ("unstandardized", "standardized"):
        train = runs[name][0]
        diagnosis = diagnose(scores[name]["train"], scores[name]["val"],
                             r2_test=scores[name]["test"], model=models[name], X_train=train,
                             y_train=y_train, feature_names=list(data.feature_names))
        record.say("")
        record.say(_("Diagnosis of the {run} run:").format(run=labels[name]))
        for line in diagnosis.text():
            record.say("  " + line)
        record.record(**{f"{name}_converged": bool(diagnosis.convergence.converged),
                         f"{name}_gap": float(diagnosis.convergence.gap)})
    record.say("")
    record.say(_(
        "A linear model explains about {r2:.0%} of the variance of the training rows, not 40%: "
        "the learner's gradient descent had simply not finished. Standardizing makes each step "
        "more effective; the closed form, or lr='auto', goes straight to the optimum."
    ).format(r2=scores["closed form"]["train"]))
    _draw(record, scores, labels, models)
    _synthetic_check(record, lr, iterations)
    _eighty_twenty(record, data, lr, iterations)


def _synthetic_check(record: DemoRun, lr: float, iterations: int) -> None:
    """The learner's proof that the code works: exactly linear data, the weights recovered."""
    legacy = np.random.RandomState(42)  # the learner's np.random.seed(42)
    X = legacy.randint(0, 10, (1000, 4)).astype(np.float64)
    y = 2 * X[:, 0] + 3 * X[:, 1] + 5 * X[:, 2] + 7 * X[:, 3] + 4
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, seed=42)
    model = LinearRegression(solver="gd", lr=lr, max_iter=iterations, tol=None).fit(X_train,
                                                                                  y_train)
    r2 = float(model.score(X_test, y_test))
    record.say("")
    record.say(_("The learner's synthetic check: y = 2 x1 + 3 x2 + 5 x3 + 7 x4 + 4 on 1000 rows "
                 "of whole numbers 0 to 9, 80/20 split, the same gradient descent:"))
    record.say(_("             published                                   descenso"))
    published_w = " ".join(f"{value:.8f}" for value in PUBLISHED_SYNTHETIC["w"])
    record.say(f"  w          [{published_w}]  "
               f"[{' '.join(f'{value:.8f}' for value in model.coef_)}]")
    record.say(f"  b          {PUBLISHED_SYNTHETIC['b']:<45.6f}  {model.intercept_:.6f}")
    record.say(f"  {_('R² test'):9s}  {PUBLISHED_SYNTHETIC['r2_test']:<45.4f}  {r2:.4f}")
    record.say(_("The same numbers to every printed digit: descenso's gradient descent is the "
                 "learner's. Their w is still 0.004 above 2, 3, 5 and 7 because 20,000 steps of "
                 "size 0.001 had not finished either."))
    record.record(synthetic_coef=model.coef_.tolist(), synthetic_intercept=model.intercept_,
                  synthetic_r2=r2)


def _eighty_twenty(record: DemoRun, data, lr: float, iterations: int) -> None:
    """The learner's first Abalone run: 80/20 split, raw features, R² "of .4"."""
    X_train, X_test, y_train, y_test = train_test_split(data.X, data.y, test_size=0.2, seed=42)
    model = LinearRegression(solver="gd", lr=lr, max_iter=iterations, tol=None).fit(X_train,
                                                                                  y_train)
    predicted = model.predict(X_test)
    r2 = float(model.score(X_test, y_test))
    record.say("")
    record.say(_("The learner's first Abalone run, 80/20 split with seed 42: R² on the test rows "
                 "published {published}, descenso {r2:.4f} (the learner printed one decimal)."
                 ).format(published=PUBLISHED_80_20, r2=r2))
    record.record(eighty_twenty_r2=r2)
    record.save_png(predicted_vs_actual(y_test, predicted, r2, target_name="Rings"),
                    "abalone_predicted", _(
        "Predicted against real rings on the 20% test rows of the learner's first run; the "
        "dashed line is a perfect prediction."))


def _draw(record: DemoRun, scores, labels, models) -> None:
    figure = new_figure(12, 4.5)
    axes = figure.add_subplot()
    names = list(scores)
    positions = np.arange(len(names))
    splits = ((-0.27, "train", "tab:blue", _("R² training")),
              (0.0, "val", "tab:orange", _("R² validation")),
              (0.27, "test", "tab:green", _("R² test")))
    for offset, split, color, label in splits:
        values = [scores[name][split] for name in names]
        bars = axes.bar(positions + offset, values, width=0.25, color=color, label=label)
        # inside the bar, so the published markers at the bars' tops never hide a label
        axes.bar_label(bars, fmt="%.4f", fontsize="small", label_type="center", rotation=90,
                       color="white")
    for index, name in enumerate(names):
        if name in PUBLISHED:
            axes.plot([index - 0.27, index], PUBLISHED[name], "D", color="black",
                      label=_("learner's published R²") if index == 0 else None)
    axes.set_xticks(positions, [labels[name] for name in names])
    axes.set(ylim=(0.0, 0.7), ylabel=_("R² (higher is better)"), xlabel=_("run"),
             title=_("Abalone: R² of each run, with the learner's published figures"))
    axes.legend(loc="upper left")
    record.save_figure(figure, "abalone_r2", _(
        "R² on the training, validation and test rows of each run; black diamonds are the "
        "learner's published figures."))

    figure = new_figure(12, 4.5)
    axes = figure.add_subplot()
    optimum = float(models["closed form"].history_[-1])
    for name, color in (("unstandardized", "tab:red"), ("standardized", "tab:purple")):
        history = models[name].history_
        axes.plot(np.arange(len(history)), history, color=color, label=labels[name])
    axes.axhline(optimum, color="black", linestyle="--",
                 label=_("least-squares optimum (MSE {mse:.3f})").format(mse=optimum))
    axes.set_xscale("symlog", linthresh=10)
    axes.set(xlim=(0, len(models["unstandardized"].history_)), yscale="log",
             xlabel=_("iteration (log scale after 10)"), ylabel=_("training MSE (log scale)"),
             title=_("Gradient descent stops above the optimum"))
    axes.legend()
    record.save_figure(figure, "abalone_loss", _(
        "Training MSE per iteration for both gradient-descent runs, against the least-squares "
        "optimum."))
