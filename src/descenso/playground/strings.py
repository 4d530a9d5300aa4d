"""The page's words, translated by the server from the same gettext catalog as the CLI.

The page asks ``/strings`` once and shows these; it holds no words of its own.
"""

from __future__ import annotations

from descenso.i18n import N_
from descenso.i18n import gettext as _

__all__ = ["page_strings"]

_STRINGS = {
    "title": N_("descenso playground"),
    "data": N_("Data"), "points": N_("points"), "noise": N_("noise"), "classes": N_("classes"),
    "ratio": N_("training share"), "seed": N_("seed"), "upload": N_("your CSV"),
    "target": N_("target"),
    "features": N_("Input features"), "model": N_("Model"), "hidden": N_("hidden layers"),
    "activation": N_("activation"), "loss": N_("loss"), "training": N_("Training"),
    "optimizer": N_("optimizer"), "lr": N_("learning rate"), "schedule": N_("schedule"),
    "batch": N_("batch size"),
    "play": N_("play"), "pause": N_("pause"), "step": N_("one step"), "reset": N_("reset"),
    "output": N_("Output"), "curves": N_("Loss"), "network": N_("Network"),
    "surface": N_("Loss surface"), "log": N_("log scale"),
    "train_loss": N_("training loss"), "test_loss": N_("test loss"),
    "epoch": N_("epoch"), "steps_per_second": N_("steps/s"),
    "export": N_("Export"), "export_model": N_("model"), "export_script": N_("Python script"),
    "export_history": N_("history CSV"), "export_png": N_("views as PNG"),
    "keys": N_("keys: space play/pause, s one step, r reset"),
    "predicted": N_("predicted against true (test rows)"),
    "auto": N_("automatic"), "connecting": N_("connecting..."),
    "disconnected": N_("the server stopped; start 'descenso playground' again"),
    "circle": N_("circle"), "gauss": N_("two Gaussians"),
    "spiral": N_("spiral"), "plane": N_("plane (regression)"),
    "bumps": N_("bumps (regression)"), "line": N_("the course's line"), "sine": N_("sin(x)"),
    "csv": N_("uploaded CSV"),
}


_NAMES = {"l1": "L1", "l2": "L2", "xor": "XOR", "abalone": "Abalone"}  # the same in every language


def page_strings() -> dict[str, str]:
    """Every word of the page in the current language."""
    return {**_NAMES, **{key: _(message) for key, message in _STRINGS.items()}}
