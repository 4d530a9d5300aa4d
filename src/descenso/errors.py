"""The exceptions descenso raises.

Every error a user can cause is a :class:`DescensoError`. Each subclass is also a built-in
exception (``ValueError``, ``RuntimeError``, ...) so code that catches the built-in keeps
working. Messages say what happened and then what to do about it.
"""

from __future__ import annotations


class DescensoError(Exception):
    """Base class of every error descenso raises on purpose."""


class ShapeError(DescensoError, ValueError):
    """Two arrays or tensors have shapes that cannot work together."""


class DataError(DescensoError, ValueError):
    """A dataset, CSV file or array is malformed or unusable."""


class DataTypeError(DataError, TypeError):
    """An array holds a value of a type that is not a number (a dict, a list) where numbers
    belong; a :class:`DataError` and also a ``TypeError``, as NumPy's own conversion error."""


class DownloadError(DescensoError, OSError):
    """A dataset file could not be fetched or failed its checksum."""


class OutputError(DescensoError, OSError):
    """A run's outputs could not be written (a full disk, for instance); nothing half-written
    is left behind."""


class ModelFileError(DescensoError, ValueError):
    """A saved model (safetensors + JSON) is missing, damaged or incompatible."""


class ConfigError(DescensoError, ValueError):
    """A hyperparameter or option has an invalid value."""


class ResourceLimitError(DescensoError, ValueError):
    """An input claims more memory, bytes or size than descenso allows or the machine has.

    Raised before allocating: a file header declaring a huge tensor, an absurd layer size,
    a file that does not end. The message names the limit that was hit.
    """


class NotFittedError(DescensoError, AttributeError):
    """An estimator was used before ``fit`` was called."""


class TrainingDiverged(DescensoError, FloatingPointError):
    """The loss became NaN or infinite, or grew without bound.

    Attributes
    ----------
    step : int
        The step (iteration or epoch-batch) at which divergence was detected.
    """

    def __init__(self, message: str, step: int | None = None):
        super().__init__(message)
        self.step = step


class ConvergenceWarning(UserWarning):
    """Training used all its iterations before its stopping rule was met (scikit-learn's
    warning of the same name, for descenso's estimators)."""
