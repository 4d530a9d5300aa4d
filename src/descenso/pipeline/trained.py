"""What any training path hands back to the ``fit`` workflow: one record, whatever the model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["TrainedModel"]


@dataclass
class TrainedModel:
    """A trained model, ready to evaluate, describe and save.

    Attributes
    ----------
    module : Module
        What ``model.safetensors`` stores (a ``Linear`` for linear regression).
    predict : callable
        Preprocessed inputs (n, ...) -> raw outputs (n, k): values (standardized for a
        regression network) or logits.
    history : dict of str to list of float
        Per-epoch or per-iteration curves (``loss``, ``val_loss``, ``r2``...); empty for the
        closed form.
    history_unit : {"epoch", "iteration"}
    training : dict
        How training went, as JSON data (steps, convergence, stop reason...).
    estimator : LinearRegression or None
        The fitted estimator, for the convergence diagnosis.
    table : dict of str to list, optional
        The full history for ``history.csv`` (with the epoch and time columns); ``history``
        when None.
    """

    module: Any
    predict: Callable[[np.ndarray], np.ndarray]
    history: dict[str, list[float]] = field(default_factory=dict)
    history_unit: str = "epoch"
    training: dict[str, Any] = field(default_factory=dict)
    estimator: Any = None
    table: dict[str, list] | None = None
