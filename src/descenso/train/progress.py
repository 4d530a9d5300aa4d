"""Showing training progress: a bar per epoch, one line per epoch, or nothing.

Verbosity is chosen by name, never by a magic integer:

- ``"bar"``: a tqdm progress bar per epoch with the running loss and the time left (ETA);
  when the epoch ends the bar shows the epoch's loss and metrics.
- ``"epochs"``: one line per epoch, for logs, CI and pipes::

      epoch 3/10 - 2.1s - loss 0.3395 - accuracy 0.8755 - val_loss 0.3580 - val_accuracy 0.8712

- ``"quiet"``: nothing.
- ``"auto"`` (the default): ``"bar"`` when the output stream is a terminal or a Jupyter
  notebook, else ``"epochs"``.

>>> format_epoch_line(3, 10, {"loss": 0.33951, "accuracy": 0.87549,
...                           "val_loss": 0.358, "val_accuracy": 0.8712}, 2.1)
'epoch 3/10 - 2.1s - loss 0.3395 - accuracy 0.8755 - val_loss 0.3580 - val_accuracy 0.8712'
"""

from __future__ import annotations

import sys
import time
from typing import IO

from descenso.errors import ConfigError
from descenso.i18n import N_
from descenso.i18n import gettext as _
from descenso.train.callbacks import Callback

__all__ = ["VERBOSITIES", "ProgressLogger", "format_duration", "format_epoch_line", "format_logs",
           "resolve_verbosity"]

VERBOSITIES = ("auto", "bar", "epochs", "quiet")
_REFRESH_SECONDS = 0.1  # how often the bar's running loss is redrawn


def _in_notebook() -> bool:
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def resolve_verbosity(verbose: str, stream: IO[str] | None = None) -> str:
    """The verbosity to use: ``"bar"``, ``"epochs"`` or ``"quiet"``.

    Parameters
    ----------
    verbose : {"auto", "bar", "epochs", "quiet"}
    stream : text stream, optional
        Where progress goes (default ``sys.stderr``); ``"auto"`` looks at whether it is a
        terminal.

    >>> import io
    >>> resolve_verbosity("auto", io.StringIO())
    'epochs'
    >>> resolve_verbosity(2)
    Traceback (most recent call last):
    ...
    descenso.errors.ConfigError: verbose must be one of 'auto', 'bar', 'epochs', 'quiet', got 2
    """
    if not isinstance(verbose, str) or verbose not in VERBOSITIES:
        raise ConfigError(_("verbose must be one of {choices}, got {value!r}").format(
                choices=", ".join(repr(name) for name in VERBOSITIES), value=verbose))
    if verbose != "auto":
        return verbose
    stream = sys.stderr if stream is None else stream
    return "bar" if _is_terminal(stream) or _in_notebook() else "epochs"


def format_duration(seconds: float) -> str:
    """A duration with a unit chosen by its size: ``2.1s``, ``350ms``, ``85us``.

    >>> format_duration(2.14), format_duration(0.35), format_duration(0.000085)
    ('2.1s', '350ms', '85us')
    """
    if seconds >= 1.0:
        return f"{seconds:.1f}s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f}ms"
    return f"{seconds * 1e6:.0f}us"


#: Progress names shown in the user's language (history.csv keeps the Keras names).
_LABELS = {"loss": N_("loss"), "accuracy": N_("accuracy")}


def log_label(name: str) -> str:
    """How progress lines name a history entry: ``"val_loss"`` is "pérdida val." in Spanish.

    >>> log_label("loss"), log_label("val_accuracy"), log_label("r2")
    ('loss', 'val_accuracy', 'r2')
    """
    if name.startswith("val_"):
        return _("val_{name}").format(name=log_label(name[len("val_"):]))
    return _(_LABELS[name]) if name in _LABELS else name


def format_logs(logs: dict[str, float]) -> str:
    """``loss 0.3395 - accuracy 0.8755``: every entry but ``epoch`` and ``time``, 4 decimals.

    >>> format_logs({"epoch": 2, "loss": 0.5, "r2": 0.71234, "time": 1.0})
    'loss 0.5000 - r2 0.7123'
    """
    return " - ".join(f"{log_label(name)} {value:.4f}" for name, value in logs.items()
                      if name not in ("epoch", "time"))


def format_epoch_line(epoch: int, epochs: int, logs: dict[str, float], seconds: float) -> str:
    """The one-line summary of an epoch that ``"epochs"`` verbosity prints."""
    head = _("epoch {epoch}/{epochs}").format(epoch=epoch, epochs=epochs)
    parts = [head, format_duration(seconds)]
    body = format_logs(logs)
    if body:
        parts.append(body)
    return " - ".join(parts)


class ProgressLogger(Callback):
    """The callback that shows progress; the trainer adds one for its ``verbose`` setting.

    Parameters
    ----------
    verbose : {"auto", "bar", "epochs", "quiet"}, default "auto"
    stream : text stream, optional
        Default ``sys.stderr`` (looked up when training starts).
    """

    def __init__(self, verbose: str = "auto", stream: IO[str] | None = None):
        resolve_verbosity(verbose, stream)  # validate now, decide when training starts
        self.verbose = verbose
        self.stream = stream
        self.mode = "quiet"
        self._bar = None
        self._loss_sum = 0.0
        self._batches = 0
        self._last_refresh = 0.0

    def on_train_begin(self, trainer) -> None:
        stream = sys.stderr if self.stream is None else self.stream
        self._out = stream
        self.mode = resolve_verbosity(self.verbose, stream)

    def on_epoch_begin(self, trainer, epoch: int) -> None:
        if self.mode != "bar":
            return
        from tqdm import tqdm  # imported only when a bar is shown

        self._loss_sum, self._batches = 0.0, 0
        self._last_refresh = time.perf_counter()
        self._bar = tqdm(
            total=trainer.steps_per_epoch,
            desc=_("epoch {epoch}/{epochs}").format(epoch=epoch, epochs=trainer.epochs),
            file=self._out, unit=_("batch"), leave=True, dynamic_ncols=True,
        )

    def on_batch_end(self, trainer, batch: int, loss: float) -> None:
        if self._bar is None:
            return
        self._loss_sum += loss
        self._batches += 1
        now = time.perf_counter()
        if now - self._last_refresh >= _REFRESH_SECONDS:
            self._last_refresh = now
            self._bar.set_postfix_str(f"loss {self._loss_sum / self._batches:.4f}", refresh=False)
        self._bar.update(1)

    def on_epoch_end(self, trainer, epoch: int, logs: dict[str, float]) -> None:
        if self.mode == "epochs":
            line = format_epoch_line(epoch, trainer.epochs, logs, logs.get("time", 0.0))
            print(line, file=self._out, flush=True)
        elif self._bar is not None:
            self._bar.set_postfix_str(format_logs(logs), refresh=False)
            self._bar.close()
            self._bar = None

    def on_train_end(self, trainer) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
