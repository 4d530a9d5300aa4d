"""The classic gradient-descent lessons, one command each: ``descenso demo NAME``.

Each demo lives in its own module with a ``run(record, **options)`` function. It prints its
explanation, writes its PNG figures and an ``index.html`` page gathering them into ``out_dir``,
and returns a :class:`DemoResult` with the lines, the figure paths and the key numbers.
Demo modules are imported only when run, so listing them is instant.

>>> sorted(DEMOS) == sorted(["abalone", "activations", "bias-variance", "deconvolution",
...                          "gradients", "images",
...                          "line-fit", "linear-scratch", "linear-theory", "neuron", "sine",
...                          "surface", "vectorization"])
True
>>> DEMOS["sine"].description
'fit a cubic to sin(x) with hand-written NumPy gradients and with autograd'
"""

from __future__ import annotations

import difflib
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from descenso import i18n
from descenso.demos.result import DemoResult, DemoRun
from descenso.errors import ConfigError
from descenso.i18n import N_
from descenso.i18n import gettext as _

__all__ = ["DEMOS", "Demo", "DemoResult", "DemoRun", "demo_options", "run_demo"]


@dataclass(frozen=True)
class Demo:
    """One lesson: its command name, the module that runs it, and a one-line summary.

    ``summary`` is the English message id; :attr:`description` is its translation.
    """

    name: str
    module: str
    summary: str

    @property
    def description(self) -> str:
        """The one-line summary in the current language."""
        return _(self.summary)

    def load(self) -> Callable[..., Any]:
        """Import the demo's module and return its ``run(record, **options)`` function."""
        return importlib.import_module(self.module).run


def _demo(name: str, module: str, summary: str) -> tuple[str, Demo]:
    return name, Demo(name, f"descenso.demos.{module}", summary)


DEMOS: dict[str, Demo] = dict(
    [
        _demo("gradients", "gradients", N_(
            "gradients of MAE and MSE by the chain rule and by autograd, step by step")),
        _demo("surface", "surface", N_(
            "error surfaces of one point and of a dataset over slope and intercept")),
        _demo("activations", "activations", N_(
            "tanh, sigmoid, ReLU and LeakyReLU with their derivatives")),
        _demo("neuron", "neuron", N_(
            "one neuron learns a straight line; a small network fits the parabola")),
        _demo("line-fit", "line_fit", N_(
            "Linear(1, 1) fitted to a noisy line with SGD and L1 loss, step by step")),
        _demo("sine", "sine", N_(
            "fit a cubic to sin(x) with hand-written NumPy gradients and with autograd")),
        _demo("images", "images", N_(
            "Keras's first image classifier on Fashion-MNIST, and the text's network sizes")),
        _demo("linear-scratch", "linear_scratch", N_(
            "linear regression from scratch with minibatch SGD on synthetic data")),
        _demo("linear-theory", "linear_theory", N_(
            "the thesis chapter: closed form, one-layer network, maximum likelihood, overfitting")),
        _demo("vectorization", "vectorization", N_(
            "adding two vectors with a Python loop and with one vector operation")),
        _demo("abalone", "abalone", N_(
            "the Abalone lesson: gradient descent unstandardized, standardized, closed form")),
        _demo("bias-variance", "bias_variance", N_(
            "four problems, four answers: good fit, optimization, bias and variance told apart")),
        _demo("deconvolution", "deconvolution", N_(
            "a photo blurred by camera shake, restored blind and non-blind by gradient descent")),
    ]
)


def _unknown(name: str) -> ConfigError:
    close = difflib.get_close_matches(name, DEMOS, n=1)
    hint = (
        _("did you mean '{close}'?").format(close=close[0])
        if close
        else _("run 'descenso demo --list' to see them")
    )
    return ConfigError(
        _("unknown demo {name!r}; the demos are {names}; {hint}").format(
            name=name, names=", ".join(DEMOS), hint=hint
        )
    )


def demo_options(name: str) -> dict[str, Any]:
    """The options the demo ``name`` accepts, with their defaults.

    >>> demo_options("linear-scratch")["epochs"]
    3
    """
    if name not in DEMOS:
        raise _unknown(name)
    parameters = list(inspect.signature(DEMOS[name].load()).parameters.values())[1:]
    return {parameter.name: parameter.default for parameter in parameters}


def run_demo(
    name: str,
    out_dir: str | Path | None = None,
    *,
    seed: int = 0,
    lang: str | None = None,
    echo: Callable[[str], Any] | None = None,
    **options: Any,
) -> DemoResult:
    """Run the demo ``name``, writing its figures and ``index.html`` into ``out_dir``.

    Parameters
    ----------
    name : str
        A key of :data:`DEMOS`, e.g. ``"sine"``.
    out_dir : str or Path, optional
        Output folder, created if missing. Default: ``demo-<name>`` in the current folder.
    seed : int
        Seed of the data, the initial weights and every shuffle; same seed, same numbers.
    lang : {"en", "es"}, optional
        Language of the explanation and the figures' labels for this run; the previous
        language is restored afterwards. None keeps the current language.
    echo : callable, optional
        Called with each printed line as it is produced (pass ``print`` to stream).
    **options
        Demo-specific options, e.g. ``epochs=10`` for ``linear-scratch``.

    Returns
    -------
    DemoResult
        The printed lines, the figure paths, the key numbers and the page.

    Examples
    --------
    >>> import tempfile
    >>> result = run_demo("vectorization", tempfile.mkdtemp(), repeats=2)
    >>> [path.name for path in result.figures], result.page.name
    (['vectorization.png'], 'index.html')
    """
    valid = demo_options(name)
    for option in options:
        if option not in valid:
            raise ConfigError(
                _("the demo {name!r} has no option {option!r}; its options are: {valid}").format(
                    name=name, option=option, valid=", ".join(valid) or "-")
            )
    demo = DEMOS[name]
    previous = i18n.get_language()
    if lang is not None:
        i18n.set_language(lang)
    try:
        record = DemoRun(name, out_dir if out_dir is not None else f"demo-{name}", seed, echo)
        demo.load()(record, **options)
        return record.finish(_("descenso demo: {name}").format(name=name) + " — "
                             + demo.description)
    finally:
        if lang is not None:
            i18n.set_language(previous)
