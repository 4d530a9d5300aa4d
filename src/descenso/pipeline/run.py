"""One ``descenso fit`` run as one record, filled in stage by stage and passed one way:

options -> data (:func:`~descenso.pipeline.fit.load_data`) -> model and training
(:mod:`descenso.pipeline.training`) -> outputs (:func:`~descenso.pipeline.fit.write_outputs`).

Each stage reads what the earlier ones filled in and adds its own part; no stage calls back
into an earlier one.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from descenso.pipeline.console import Console
from descenso.pipeline.options import FitOptions
from descenso.pipeline.trained import TrainedModel

__all__ = ["FitRun"]


@dataclass
class FitRun:
    """What a run knows so far.

    Attributes
    ----------
    options : FitOptions
        As the user gave them; resolved (every "auto" made) once the data is loaded.
    console : Console
    argv : list of str or None
        The fit arguments, recorded as the command that reproduces the run.
    source, splits, pre
        The data, its training/validation/test rows, the preprocessing learnt from them.
    prepared : dict of str to (ndarray, ndarray)
        ``{"train": (X, y), "val": ..., "test": ...}``: preprocessed inputs, raw targets.
    folder : RunFolder
        Where the outputs go (created and locked when training starts).
    trained : TrainedModel
        Filled in by training.
    timings : dict of str to float
        Seconds per stage, for the report.
    """

    options: FitOptions
    console: Console
    argv: Sequence[str] | None = None
    source: Any = None
    splits: Any = None
    pre: Any = None
    prepared: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    folder: Any = None
    trained: TrainedModel | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def command(self) -> str | None:
        """``descenso fit ARGS`` as typed, or None when the run did not come from the CLI."""
        if self.argv is None:
            return None
        return " ".join(["descenso fit", shlex.join(list(self.argv))]).strip()

    @property
    def network(self) -> bool:
        """Trained by the :class:`~descenso.train.Trainer`: every model but the linear ones of
        tables (a linear classifier too with ``--solver sgd``)."""
        return self.options.model != "linear" or (self.options.task == "classification"
                                                  and self.options.solver != "gd")
