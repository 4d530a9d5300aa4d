"""The playground's data: the classic 2-D sets, the course's own sets, and the user's CSV.

Every generator draws from ``numpy.random.default_rng(seed)``, so the same name, size, noise
and seed give the same points, bit for bit. A :class:`PlaygroundData` holds the raw inputs
``X`` (n, d) float64 and the target ``y`` (n,): float64 for regression, int64 class indices
for classification.

>>> data = make_data("xor", n=20, noise=0.0, seed=0)
>>> data.X.shape, data.task, data.class_names
((20, 2), 'classification', ['0', '1'])
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from descenso.datasets import load_abalone
from descenso.datasets.synthetic import make_line, make_sine
from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["CLASSIFICATION_SETS", "DATASETS", "REGRESSION_SETS", "PlaygroundData", "make_data",
           "split"]

CLASSIFICATION_SETS = ("circle", "xor", "gauss", "spiral")
REGRESSION_SETS = ("plane", "bumps", "line", "sine", "abalone")
DATASETS = CLASSIFICATION_SETS + REGRESSION_SETS
_RADIUS = 5.0  # the 2-D sets lie in [-6, 6]^2, as in the classic playground


@dataclass
class PlaygroundData:
    """Raw inputs and target of one playground data set."""

    name: str
    X: np.ndarray
    y: np.ndarray
    task: str
    feature_names: list[str]
    target_name: str = "y"
    class_names: list[str] | None = None
    extent: list[float] = field(default_factory=list)  # [x1 min, x1 max, x2 min, x2 max]
    input_features: list[str] = field(default_factory=list)  # a CSV's columns before one-hot
    categories: dict[str, list[str]] = field(default_factory=dict)

    @property
    def n_classes(self) -> int:
        return 0 if self.class_names is None else len(self.class_names)


def _classes(k: int) -> list[str]:
    return [str(index) for index in range(k)]


def _circle(rng, n, noise):
    inner = n // 2
    radius = np.concatenate([rng.uniform(0.0, 0.5 * _RADIUS, inner),
                             rng.uniform(0.7 * _RADIUS, _RADIUS, n - inner)])
    angle = rng.uniform(0.0, 2 * np.pi, n)
    X = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
    y = (np.arange(n) < inner).astype(np.int64)
    return X + rng.normal(0.0, noise, X.shape), y, 2


def _xor(rng, n, noise):
    X = rng.uniform(-_RADIUS, _RADIUS, (n, 2))
    X += np.where(X > 0, 0.3, -0.3)  # a margin around the axes
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    return X + rng.normal(0.0, noise, X.shape), y, 2


def _gauss(rng, n, noise):
    y = (np.arange(n) % 2).astype(np.int64)
    centers = np.where(y[:, None] == 1, 2.0, -2.0)
    return centers + rng.normal(0.0, 1.0 + noise, (n, 2)), y, 2


def _spiral(rng, n, noise, classes=2):
    y = np.arange(n) % classes
    t = rng.uniform(0.0, 1.0, n)
    radius = t * _RADIUS
    angle = 1.75 * t * 2 * np.pi + y * 2 * np.pi / classes
    X = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
    return X + rng.normal(0.0, noise, X.shape), y.astype(np.int64), classes


def _plane(rng, n, noise):
    X = rng.uniform(-_RADIUS, _RADIUS, (n, 2))
    y = (X[:, 0] + X[:, 1]) / (2 * _RADIUS)
    return X, y + rng.normal(0.0, noise / _RADIUS, n)


def _bumps(rng, n, noise):
    X = rng.uniform(-_RADIUS, _RADIUS, (n, 2))
    y = np.zeros(n)
    for cx, cy, sign in ((-2, 2, 1), (0, 0, -1), (2, -2, 1), (-2, -2, -1), (2, 2, -1)):
        y += sign * np.exp(-((X[:, 0] - cx) ** 2 + (X[:, 1] - cy) ** 2) / 2)
    return X, y + rng.normal(0.0, noise / _RADIUS, n)


def make_data(name: str, n: int = 400, noise: float = 0.0, seed: int = 0,
              classes: int = 2) -> PlaygroundData:
    """The data set ``name`` (one of :data:`DATASETS`) with ``n`` points.

    ``noise`` is the standard deviation of the Gaussian noise added to the 2-D points (and
    a fifth of it to the regression surfaces); ``classes`` (2 to 5) applies to the spiral.
    Abalone is the bundled table (``n`` and ``noise`` ignored).
    """
    if name not in DATASETS:
        raise ConfigError(_("unknown data set {name!r}; choose one of {names}").format(
            name=name, names=", ".join(DATASETS)))
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 10 <= n <= 5000:
        raise ConfigError(_("the number of points must be between 10 and 5000, got {value!r}; "
                            "try 400").format(value=n))
    noise = float(noise)
    if not 0.0 <= noise <= 5.0:
        raise ConfigError(_("the noise must be between 0 and 5, got {value!r}; try 0.2").format(
            value=noise))
    rng = np.random.default_rng(seed)
    extent = [-6.0, 6.0, -6.0, 6.0]
    if name in CLASSIFICATION_SETS:
        if name == "spiral":
            if not 2 <= classes <= 5:
                raise ConfigError(_("the spiral takes 2 to 5 classes, got {value!r}").format(
                    value=classes))
            X, y, k = _spiral(rng, n, noise, classes)
        else:
            X, y, k = {"circle": _circle, "xor": _xor, "gauss": _gauss}[name](rng, n, noise)
        return PlaygroundData(name, X, y, "classification", ["x1", "x2"],
                              class_names=_classes(k), extent=extent)
    if name in ("plane", "bumps"):
        X, y = (_plane if name == "plane" else _bumps)(rng, n, noise)
        return PlaygroundData(name, X, y, "regression", ["x1", "x2"], extent=extent)
    if name == "line":
        dataset = make_line(n=n, sigma=2.0 + noise, seed=seed)
    elif name == "sine":
        dataset = make_sine(n=n, noise=noise, seed=seed)
    else:
        dataset = load_abalone()
    X = np.asarray(dataset.X, dtype=np.float64)
    low, high = float(X[:, 0].min()), float(X[:, 0].max())
    return PlaygroundData(name, X, np.asarray(dataset.y, dtype=np.float64), "regression",
                          list(dataset.feature_names), dataset.target_name or "y",
                          extent=[low, high] if X.shape[1] == 1 else [])


def split(n: int, train_ratio: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Train and test row indices: a permutation of ``range(n)`` drawn from ``seed``.

    >>> train, test = split(10, 0.8, seed=0)
    >>> len(train), len(test), sorted([*train, *test]) == list(range(10))
    (8, 2, True)
    """
    if not 0.1 <= train_ratio <= 0.9:
        raise ConfigError(_("the training share must be between 0.1 and 0.9, got {value!r}; "
                            "try 0.5").format(value=train_ratio))
    order = np.random.default_rng(seed + 1).permutation(n)
    cut = max(1, min(n - 1, round(n * train_ratio)))
    return np.sort(order[:cut]), np.sort(order[cut:])
