"""Demo ``linear-scratch``: linear regression from scratch, the d2l way.

Synthetic data ``y = X w + b + noise`` with w = [2, -3.4], b = 4.2 and noise of standard
deviation 0.01: 1000 training and 1000 validation samples. The model is two tensors, ``w``
(initialised from a normal distribution with sigma 0.01) and ``b`` (zero); the loss is half
the squared error averaged over a minibatch; each step is ``w -= lr * w.grad`` written out by
hand, with no ``nn`` and no ``optim``: minibatches of 32, learning rate 0.03, 3 epochs.
"""

from __future__ import annotations

import numpy as np

from descenso.autograd import tensor
from descenso.datasets import make_linear
from descenso.demos.result import DemoRun, check_counts, epoch_count
from descenso.i18n import gettext as _
from descenso.report.figures.canvas import new_figure

__all__ = ["TRUE_B", "TRUE_W", "run", "train"]

TRUE_W = (2.0, -3.4)
TRUE_B = 4.2


def _half_squared_error(X, y, w, b):
    return (((X @ w + b) - y) ** 2 / 2.0).mean()


def train(
    X_train: np.ndarray, y_train: np.ndarray, X_val: np.ndarray, y_val: np.ndarray, *,
    lr: float, batch_size: int, epochs: int, rng: np.random.Generator,
) -> dict:
    """Minibatch SGD from the classic initialisation; returns weights and losses.

    Returns
    -------
    dict with ``w`` (ndarray (d,)), ``b`` (float), ``batch_losses`` (one per step),
    ``train_losses`` and ``val_losses`` (one per epoch, on the whole split, after the epoch).
    """
    n, features = X_train.shape
    w = tensor(rng.normal(0.0, 0.01, size=(features, 1)).astype(np.float32), requires_grad=True)
    b = tensor(np.zeros(1, dtype=np.float32), requires_grad=True)
    train_X, train_y = tensor(X_train), tensor(y_train.reshape(-1, 1))
    val_X, val_y = tensor(X_val), tensor(y_val.reshape(-1, 1))
    batch_losses, train_losses, val_losses = [], [], []
    for _epoch in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            rows = order[start:start + batch_size]
            loss = _half_squared_error(train_X[rows], train_y[rows], w, b)
            loss.backward()
            # the step, by hand: move against the gradient, then clear it for the next batch
            w.data -= lr * w.grad
            b.data -= lr * b.grad
            w.grad[...] = 0.0
            b.grad[...] = 0.0
            batch_losses.append(loss.item())
        train_losses.append(_half_squared_error(train_X, train_y, w.detach(), b.detach()).item())
        val_losses.append(_half_squared_error(val_X, val_y, w.detach(), b.detach()).item())
    return {"w": w.data[:, 0].copy(), "b": float(b.data[0]), "batch_losses": batch_losses,
            "train_losses": train_losses, "val_losses": val_losses}


def run(record: DemoRun, n_train: int = 1000, n_val: int = 1000, lr: float = 0.03,
        batch_size: int = 32, epochs: int = 3, noise: float = 0.01) -> None:
    """Train for ``epochs`` epochs and print the losses and the error in w and b."""
    check_counts(n_train=n_train, n_val=n_val, batch_size=batch_size, epochs=epochs)
    data = make_linear(n_train + n_val, w=list(TRUE_W), b=TRUE_B, noise=noise, seed=record.seed)
    X, y = data.X.astype(np.float32), data.y.astype(np.float32)
    record.say(_(
        "Data: y = X w + b + noise with w = {w}, b = {b}, noise {noise}; {n_train} training and "
        "{n_val} validation samples. Minibatch SGD from scratch: batch {batch}, learning rate "
        "{lr}, {epochs}, w from a normal distribution with sigma 0.01, b = 0."
    ).format(w=list(TRUE_W), b=TRUE_B, noise=noise, n_train=n_train, n_val=n_val,
             batch=batch_size, lr=lr, epochs=epoch_count(epochs)))
    fitted = train(X[:n_train], y[:n_train], X[n_train:], y[n_train:], lr=lr,
                   batch_size=batch_size, epochs=epochs, rng=record.rng)
    for epoch, (train_loss, val_loss) in enumerate(
            zip(fitted["train_losses"], fitted["val_losses"]), start=1):
        record.say(_("epoch {epoch}: train loss {train:.6f}, validation loss {val:.6f}").format(
            epoch=epoch, train=train_loss, val=val_loss))
    w_error = np.array(TRUE_W) - fitted["w"]
    b_error = TRUE_B - fitted["b"]
    record.say(_("error in estimating w: [{w0:.6f}, {w1:.6f}]").format(w0=w_error[0],
                                                                         w1=w_error[1]))
    record.say(_("error in estimating b: {b:.6f}").format(b=b_error))
    record.say(_(
        "Each epoch of {steps} steps shrinks the error by a factor of about (1 - lr)^{steps}; "
        "a few more epochs bring it below 0.01."
    ).format(steps=-(-n_train // batch_size)))
    record.record(w=fitted["w"].tolist(), b=fitted["b"], w_error=w_error.tolist(),
                  b_error=b_error, train_losses=fitted["train_losses"],
                  val_losses=fitted["val_losses"])

    figure = new_figure(12, 4.5)
    steps_per_epoch = -(-n_train // batch_size)
    axes = figure.add_subplot(1, 2, 1)
    batch_axis = np.arange(1, len(fitted["batch_losses"]) + 1) / steps_per_epoch
    axes.plot(batch_axis, fitted["batch_losses"], color="tab:blue", linewidth=1, alpha=0.6,
              label=_("train loss (each minibatch)"))
    epoch_axis = np.arange(1, epochs + 1)
    axes.plot(epoch_axis, fitted["train_losses"], "o-", color="tab:blue",
              label=_("train loss (end of epoch)"))
    axes.plot(epoch_axis, fitted["val_losses"], "s--", color="tab:orange",
              label=_("validation loss (end of epoch)"))
    axes.set(yscale="log", xlabel=_("epoch"), ylabel=_("half squared error (log scale)"),
             title=_("Loss during training"))
    axes.legend()
    axes = figure.add_subplot(1, 2, 2)
    names = ["w[0]", "w[1]", "b"]
    truth = [*TRUE_W, TRUE_B]
    learned = [*fitted["w"], fitted["b"]]
    positions = np.arange(3)
    axes.bar(positions - 0.2, truth, width=0.4, color="0.6", label=_("true"))
    axes.bar(positions + 0.2, learned, width=0.4, color="tab:green", label=_("learned"))
    axes.set_xticks(positions, names)
    axes.axhline(0.0, color="black", linewidth=0.6)
    axes.set(xlabel=_("parameter"), ylabel=_("value"), title=_("True and learned parameters"))
    axes.legend()
    record.save_figure(figure, "linear_scratch", _(
        "Training and validation loss, and the learned parameters against the true ones."))
