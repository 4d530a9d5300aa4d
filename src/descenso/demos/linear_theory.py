"""Demo ``linear-theory``: the thesis chapter on linear regression, each claim checked in numbers.

The chapter (the course's third text) derives linear regression and its training. The lesson
runs each of its steps on the same synthetic data, ``y = X w + b + noise`` with
``w = [2, -3.4]``, ``b = 4.2`` and normal noise of standard deviation 0.01 (d2l's
``SyntheticRegressionData``):

1. **The closed form.** With a column of ones for ``b``, setting the gradient
   ``2 Xᵀ(X w - y)`` to zero gives ``Xᵀ X w = Xᵀ y`` and ``w* = (Xᵀ X)⁻¹ Xᵀ y``; solved here
   with NumPy and compared with descenso's least squares.
2. **Linear regression as a one-layer network**, trained by minibatch SGD: ``nn.Linear(2, 1)``,
   ``nn.MSELoss()``, ``optim.SGD(lr=0.03)``, batches of 32, 3 epochs (the chapter's
   hyperparameters) through descenso's ``Trainer``; it ends next to the closed form.
3. **Why the squared loss.** If the noise is normal, the negative log-likelihood of the data is
   ``n/2 log(2 pi sigma^2) + n MSE / (2 sigma^2)``: a constant plus the MSE scaled, so the
   weights that make the data most likely are the least-squares weights. Shown by evaluating
   the normal density's formula directly along a line of weights.
4. **d2l's classes** ``Module``/``DataModule``/``Trainer`` mapped onto descenso's.
5. **Under- and overfitting** (section 1.2): polynomials of degree 0 to 10 fitted exactly to 20
   noisy points of a cubic, with their training and validation errors.
"""

from __future__ import annotations

import math

import numpy as np

from descenso import nn, optim
from descenso.autograd import manual_seed
from descenso.datasets import make_linear
from descenso.demos.result import DemoRun, check_counts, epoch_count
from descenso.i18n import gettext as _
from descenso.linear import least_squares
from descenso.report.figures.canvas import TRAIN, VALIDATION, new_figure
from descenso.train import Trainer

__all__ = ["CUBIC", "TRUE_B", "TRUE_W", "closed_form", "negative_log_likelihood",
           "polynomial_errors", "run"]

TRUE_W = (2.0, -3.4)
TRUE_B = 4.2
#: The cubic behind the over/underfitting data, highest power first (``numpy.polyval`` order).
CUBIC = (0.5, -1.0, -1.0, 2.0)


def closed_form(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``w* = (Xᵀ X)⁻¹ Xᵀ y`` for ``X`` with a column of ones appended (the last entry is ``b``).

    Solved as the linear system ``Xᵀ X w = Xᵀ y`` (never by inverting the matrix).

    >>> X = np.array([[0.0], [1.0], [2.0]])
    >>> closed_form(X, 2 * X[:, 0] + 1).round(12).tolist()
    [2.0, 1.0]
    """
    design = np.column_stack([X, np.ones(len(X))])
    return np.linalg.solve(design.T @ design, design.T @ y)


def negative_log_likelihood(residuals: np.ndarray, sigma: float) -> float:
    """``-Σ log p(r)`` for the normal density ``p(r) = exp(-r²/(2σ²)) / sqrt(2πσ²)``.

    >>> abs(round(negative_log_likelihood(np.zeros(2), 1 / math.sqrt(2 * math.pi)), 12))
    0.0
    """
    density = np.exp(-(residuals**2) / (2.0 * sigma**2)) / math.sqrt(2.0 * math.pi * sigma**2)
    return float(-np.sum(np.log(density)))


def _vandermonde(x: np.ndarray, degree: int) -> np.ndarray:
    """Columns ``x, x², ..., x^degree`` (the intercept is fitted separately)."""
    return np.column_stack([x**power for power in range(1, degree + 1)]) if degree else (
        np.zeros((len(x), 0)))


def polynomial_errors(x_train, y_train, x_val, y_val, degrees) -> dict[str, list]:
    """Fit each degree by least squares; training and validation MSE and the coefficients.

    Returns
    -------
    dict with ``train`` and ``val`` (lists of floats, one per degree) and ``fits`` (list of
    ``(coef, intercept)``).
    """
    train, val, fits = [], [], []
    for degree in degrees:
        if degree == 0:
            coef, intercept = np.zeros(0), float(np.mean(y_train))
        else:
            solution = least_squares(_vandermonde(x_train, degree), y_train)
            coef, intercept = solution.coef, solution.intercept
        fits.append((coef, intercept))
        train.append(float(np.mean((_vandermonde(x_train, degree) @ coef + intercept
                                    - y_train) ** 2)))
        val.append(float(np.mean((_vandermonde(x_val, degree) @ coef + intercept - y_val) ** 2)))
    return {"train": train, "val": val, "fits": fits}


def run(record: DemoRun, n: int = 1000, noise: float = 0.01, lr: float = 0.03,
        batch_size: int = 32, epochs: int = 3, max_degree: int = 10) -> None:
    """Run the chapter's five steps on one synthetic dataset and draw three figures."""
    check_counts(minimum=2, n=n)
    check_counts(batch_size=batch_size, epochs=epochs, max_degree=max_degree)
    data = make_linear(2 * n, w=list(TRUE_W), b=TRUE_B, noise=noise, seed=record.seed)
    X_train, y_train = data.X[:n], data.y[:n]
    X_val, y_val = data.X[n:], data.y[n:]
    record.say(_(
        "Data: y = X w + b + noise with w = {w}, b = {b} and normal noise of standard "
        "deviation {noise}; {n} training and {n} validation rows."
    ).format(w=list(TRUE_W), b=TRUE_B, noise=noise, n=n))
    exact = _closed_form_step(record, X_train, y_train)
    _network_step(record, X_train, y_train, X_val, y_val, exact, lr, batch_size, epochs)
    _likelihood_step(record, X_train, y_train, exact, noise)
    _classes_step(record)
    _capacity_step(record, max_degree)


def _closed_form_step(record: DemoRun, X, y) -> np.ndarray:
    exact = closed_form(X, y)
    reference = least_squares(X, y)
    difference = float(np.max(np.abs(exact - np.append(reference.coef, reference.intercept))))
    record.say("")
    record.say(_("1. The closed form. Setting the gradient 2 X^T (X w - y) to zero gives "
                 "X^T X w = X^T y, so w* = (X^T X)^-1 X^T y (b is the weight of a column of "
                 "ones)."))
    record.say(_("   w* = [{w0:.6f}, {w1:.6f}], b* = {b:.6f}; descenso's least squares agrees "
                 "to {difference:.1e}.").format(w0=exact[0], w1=exact[1], b=exact[2],
                                                difference=difference))
    record.record(closed_form=exact.tolist(), closed_form_difference=difference)
    return exact


def _network_step(record: DemoRun, X_train, y_train, X_val, y_val, exact, lr, batch_size,
                  epochs) -> None:
    manual_seed(record.seed)
    network = nn.Linear(2, 1)
    trainer = Trainer(network, nn.MSELoss(), optim.SGD(network.parameters(), lr=lr),
                      epochs=epochs, batch_size=batch_size, seed=record.seed, verbose="quiet",
                      metrics=("mse",))
    history = trainer.fit((X_train.astype(np.float32), y_train.astype(np.float32)),
                          (X_val.astype(np.float32), y_val.astype(np.float32)))
    learned = np.append(network.weight.data[0], network.bias.data[0]).astype(np.float64)
    record.say("")
    record.say(_("2. Linear regression is a one-layer network: nn.Linear(2, 1) holds w (its "
                 "weight, shape (1, 2)) and b (its bias). Trained with minibatch SGD, learning "
                 "rate {lr}, batches of {batch}, {epochs}:").format(
        lr=lr, batch=batch_size, epochs=epoch_count(epochs)))
    record.say(_("   parameter   true      closed form   network (SGD)"))
    for name, true, closed, net in zip(("w[0]", "w[1]", "b"), (*TRUE_W, TRUE_B), exact, learned):
        record.say(f"   {name:10s}  {true:<8.4f}  {closed:<12.6f}  {net:.6f}")
    gap = float(np.max(np.abs(learned - exact)))
    record.say(_("   The network stops {gap:.1e} from the closed form: minibatch SGD does not "
                 "land exactly on the minimizer in a finite number of steps, as the chapter "
                 "says, but close enough to predict as well.").format(gap=gap))
    record.record(network=learned.tolist(), network_gap=gap,
                  train_loss=list(history["loss"]), val_loss=list(history["val_loss"]))
    figure = new_figure(7, 4.2)
    axes = figure.add_subplot()
    epochs_axis = np.arange(1, len(history["loss"]) + 1)
    axes.plot(epochs_axis, history["loss"], "o-", color=TRAIN, label=_("training loss"))
    axes.plot(epochs_axis, history["val_loss"], "s--", color=VALIDATION,
              label=_("validation loss"))
    optimum = float(np.mean((X_train @ exact[:2] + exact[2] - y_train) ** 2))
    axes.axhline(optimum, color="black", linestyle=":",
                 label=_("closed form (training MSE {mse:.2e})").format(mse=optimum))
    axes.set(yscale="log", xticks=epochs_axis, xlabel=_("epoch"), ylabel=_("MSE (log scale)"),
             title=_("The one-layer network approaches the closed form"))
    axes.legend()
    record.save_figure(figure, "linear_theory_network", _(
        "The network's loss after each epoch of minibatch SGD, against the closed form's."))


def _likelihood_step(record: DemoRun, X, y, exact, sigma) -> None:
    offsets = np.linspace(-3 * sigma, 3 * sigma, 61)
    base = X @ exact[:2] + exact[2] - y
    mse = np.array([np.mean((base + offset * X[:, 0]) ** 2) for offset in offsets])
    nll = np.array([negative_log_likelihood(base + offset * X[:, 0], sigma)
                    for offset in offsets])
    n = len(y)
    constant = n / 2 * math.log(2 * math.pi * sigma**2)
    identity = float(np.max(np.abs(nll - (constant + n * mse / (2 * sigma**2))) / nll.max()))
    sigma_hat = math.sqrt(float(mse[len(offsets) // 2]))
    record.say("")
    record.say(_("3. Why the squared loss: with normal noise, the negative log-likelihood of the "
                 "data is n/2 log(2 pi sigma^2) + n MSE / (2 sigma^2), a constant plus the MSE "
                 "scaled."))
    record.say(_("   Along w[0] = w*[0] + t, t in [-{limit:g}, {limit:g}], the density formula "
                 "evaluated point by point matches that expression to {identity:.1e} "
                 "(relative), and both are lowest at t = {nll_best:g} and t = {mse_best:g}: the "
                 "most likely weights are the least-squares weights.").format(
        limit=3 * sigma, identity=identity, nll_best=offsets[np.argmin(nll)] + 0.0,
        mse_best=offsets[np.argmin(mse)] + 0.0))
    record.say(_("   The noise's standard deviation estimated by maximum likelihood is "
                 "sqrt(MSE*) = {sigma_hat:.5f}; the data were made with {sigma}.").format(
        sigma_hat=sigma_hat, sigma=sigma))
    record.record(likelihood_identity=identity, nll_argmin=float(offsets[np.argmin(nll)]),
                  mse_argmin=float(offsets[np.argmin(mse)]), sigma_hat=sigma_hat)
    figure = new_figure(11, 4)
    for column, (values, label, color) in enumerate(
            ((mse, "MSE", TRAIN),
             (nll, _("negative log-likelihood"), VALIDATION)), start=1):
        axes = figure.add_subplot(1, 2, column)
        axes.plot(offsets, values, color=color, linewidth=2)
        axes.axvline(0.0, color="black", linestyle="--", linewidth=1)
        axes.set(xlabel=_("t, the change in w[0] from the closed form"), ylabel=label, title=label)
    record.save_figure(figure, "linear_theory_likelihood", _(
        "The MSE and the negative log-likelihood under normal noise along one line of weights: "
        "the same curve up to scale and shift, lowest at the closed form (dashed)."))


def _classes_step(record: DemoRun) -> None:
    record.say("")
    record.say(_("4. d2l's three classes and where each piece lives in descenso:"))
    rows = [
        ("Module.__init__ (w, b)", "`nn.Linear(2, 1)`"),
        ("Module.forward", "`nn.Linear.forward`: `X @ weight.T + bias`"),
        ("Module.loss", "`nn.MSELoss()`"),
        ("Module.training_step(batch)", "`Trainer.fit`: `loss(model(X_batch), y_batch)`"),
        ("Module.configure_optimizers", "`optim.SGD(model.parameters(), lr=0.03)`"),
        ("SGD.step / SGD.zero_grad", "`optimizer.step()` / `optimizer.zero_grad()`"),
        ("DataModule.train_dataloader",
         "`data.DataLoader(X, y, batch_size=32, shuffle=True)`"),
        ("DataModule.val_dataloader", "`Trainer.fit(train, val=(X_val, y_val))`"),
        ("Trainer(max_epochs=3).fit(model, data)",
         "`Trainer(model, loss, optimizer, epochs=3).fit((X, y), val)`"),
    ]
    for theirs, ours in rows:
        record.say(f"   {'`' + theirs + '`':42s} -> {ours}")
    record.say(_("   descenso defines each class whole in its own file, instead of adding methods "
                 "later with add_to_class, so a method is found where its class is."))


def _capacity_step(record: DemoRun, max_degree) -> None:
    rng = np.random.default_rng(record.seed + 1)
    x_train = rng.uniform(-2.0, 2.0, 20)
    x_val = rng.uniform(-2.0, 2.0, 200)
    y_train = np.polyval(CUBIC, x_train) + rng.normal(0.0, 0.5, x_train.size)
    y_val = np.polyval(CUBIC, x_val) + rng.normal(0.0, 0.5, x_val.size)
    degrees = list(range(max_degree + 1))
    errors = polynomial_errors(x_train, y_train, x_val, y_val, degrees)
    record.say("")
    record.say(_("5. Underfitting and overfitting: polynomials of degree 0 to {top} fitted "
                 "exactly to 20 noisy points of a cubic (noise 0.5), checked on 200 new "
                 "points.").format(top=max_degree))
    record.say(_("   degree   training MSE   validation MSE"))
    for degree, train, val in zip(degrees, errors["train"], errors["val"]):
        record.say(f"   {degree:6d}   {train:12.4f}   {val:14.4f}")
    best = int(np.argmin(errors["val"]))
    record.say(_("   Below degree 3 both errors are high (underfitting: too little capacity); "
                 "the validation error is lowest at degree {best}; above it the training error "
                 "keeps falling while the validation error climbs (overfitting: the curve "
                 "follows the noise of 20 points).").format(best=best))
    record.record(degrees=degrees, poly_train_mse=errors["train"], poly_val_mse=errors["val"],
                  best_degree=best)

    figure = new_figure(12, 4.5)
    axes = figure.add_subplot(1, 2, 1)
    axes.plot(degrees, errors["train"], "o-", color=TRAIN, label=_("training"))
    axes.plot(degrees, errors["val"], "s--", color=VALIDATION, label=_("validation"))
    axes.set(yscale="log", xlabel=_("polynomial degree"), ylabel=_("MSE (log scale)"),
             title=_("Error against capacity"))
    axes.legend()
    axes = figure.add_subplot(1, 2, 2)
    grid = np.linspace(-2.0, 2.0, 400)
    axes.scatter(x_train, y_train, color="black", s=18, zorder=3, label=_("20 training points"))
    for degree, color in ((1, "tab:red"), (3, "tab:green"), (max_degree, "tab:purple")):
        coef, intercept = errors["fits"][degree]
        axes.plot(grid, _vandermonde(grid, degree) @ coef + intercept, color=color,
                  label=_("degree {degree}").format(degree=degree))
    low, high = float(y_val.min()), float(y_val.max())
    axes.set_ylim(low - 0.3 * (high - low), high + 0.3 * (high - low))
    axes.set(xlabel="x", ylabel="y", title=_("Underfitting, a good fit and overfitting"))
    axes.legend(fontsize="small")
    record.save_figure(figure, "linear_theory_capacity", _(
        "Training and validation error by polynomial degree, and three of the fits."))
