"""The playground's input features: the raw inputs and products of them, standardized.

For 2-D data the choices are ``x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)``; for 1-D data
``x, x^2, x^3, sin(x)``; a table (Abalone, a CSV) uses its own columns. Features are computed
from the raw inputs and then standardized with the training rows' mean and standard deviation,
as ``descenso fit --standardize`` does, so one learning rate suits them all.

>>> import numpy as np
>>> expand(np.array([[2.0, 3.0]]), ["x1", "x2", "x1*x2"]).tolist()
[[2.0, 3.0, 6.0]]
"""

from __future__ import annotations

import numpy as np

from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["FEATURES_1D", "FEATURES_2D", "available", "expand", "standardizer"]

FEATURES_2D = {
    "x1": lambda X: X[:, 0], "x2": lambda X: X[:, 1],
    "x1^2": lambda X: X[:, 0] ** 2, "x2^2": lambda X: X[:, 1] ** 2,
    "x1*x2": lambda X: X[:, 0] * X[:, 1],
    "sin(x1)": lambda X: np.sin(X[:, 0]), "sin(x2)": lambda X: np.sin(X[:, 1]),
}
FEATURES_1D = {
    "x": lambda X: X[:, 0], "x^2": lambda X: X[:, 0] ** 2, "x^3": lambda X: X[:, 0] ** 3,
    "sin(x)": lambda X: np.sin(X[:, 0]),
}


def available(n_inputs: int, names: list[str]) -> list[str]:
    """The features one may choose for data with ``n_inputs`` raw columns ``names``."""
    if n_inputs == 2 and list(names) == ["x1", "x2"]:
        return list(FEATURES_2D)
    if n_inputs == 1:
        return list(FEATURES_1D)
    return list(names)


def expand(X: np.ndarray, chosen: list[str], names: list[str] | None = None) -> np.ndarray:
    """The columns ``chosen`` computed from raw inputs ``X`` (n, d): an (n, len(chosen)) array.

    ``names`` are ``X``'s column names for tables (a chosen name picks that column).
    """
    if not chosen:
        raise ConfigError(_("choose at least one input feature"))
    table = FEATURES_2D if X.shape[1] == 2 and names in (None, ["x1", "x2"]) else (
        FEATURES_1D if X.shape[1] == 1 else None)
    columns = []
    for name in chosen:
        if table is not None and name in table:
            columns.append(table[name](X))
        elif names is not None and name in names:
            columns.append(X[:, names.index(name)])
        else:
            raise ConfigError(_("unknown input feature {name!r}; choose among {names}").format(
                name=name, names=", ".join(available(X.shape[1], names or []))))
    return np.stack(columns, axis=1).astype(np.float64)


def standardizer(X_train: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and scale of each column of the training rows (a constant column keeps scale 1)."""
    mean = X_train.mean(axis=0)
    scale = X_train.std(axis=0)
    return mean, np.where(scale > 0, scale, 1.0)
