"""The built-in datasets: what ``descenso datasets`` lists and ``descenso fit NAME`` loads.

Each entry names its loader as ``"module:function"`` and imports it only when the data is
loaded, so listing the datasets never imports the MNIST reader.
"""

from __future__ import annotations

import difflib
import importlib
from dataclasses import dataclass, field

from descenso.errors import DataError
from descenso.i18n import N_
from descenso.i18n import gettext as _

__all__ = ["DATASETS", "DatasetInfo", "get_dataset_info", "list_datasets", "load_dataset"]


@dataclass(frozen=True)
class DatasetInfo:
    """One built-in dataset: ``name`` is what to type (``descenso fit abalone``),
    ``description`` one untranslated line, ``n_features`` the columns of ``X`` as loaded (after
    one-hot encoding; 784 pixels for images), ``task`` "regression" or "classification",
    ``source`` who publishes the data (or "synthetic"), ``loader`` the ``"module:function"``
    that loads it and ``kwargs`` its default arguments (synthetic data is drawn with seed 0, so
    a built-in name always means the same data).
    """

    name: str
    description: str
    n_samples: int
    n_features: int
    task: str
    source: str
    licence: str
    loader: str
    kwargs: dict = field(default_factory=dict)

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_samples, n_features)``."""
        return (self.n_samples, self.n_features)

    def load(self, **kwargs):
        """Import the loader and call it with ``kwargs`` over the defaults."""
        module_name, function_name = self.loader.split(":")
        function = getattr(importlib.import_module(module_name), function_name)
        return function(**{**self.kwargs, **kwargs})


_SYNTHETIC = N_("synthetic")
_GENERATED = N_("none (generated)")

DATASETS: dict[str, DatasetInfo] = {
    info.name: info
    for info in (
        DatasetInfo(
            "abalone", N_("age (shell rings) of abalone from 8 physical measurements"),
            4177, 10, "regression",
            N_("UCI Machine Learning Repository (Marine Resources Division, Tasmania; "
               "donated by Sam Waugh)"), "CC BY 4.0", "descenso.datasets.abalone:load_abalone",
        ),
        DatasetInfo(
            "line", N_("noisy points of the line y = 0.5 x (noise on x and y)"),
            100, 1, "regression", _SYNTHETIC, _GENERATED,
            "descenso.datasets.synthetic:make_line", {"seed": 0},
        ),
        DatasetInfo(
            "polynomial", N_("noisy points of the parabola y = x^2"),
            100, 1, "regression", _SYNTHETIC, _GENERATED,
            "descenso.datasets.synthetic:make_polynomial",
            {"coefficients": (1.0, 0.0, 0.0), "seed": 0},
        ),
        DatasetInfo(
            "sine", N_("y = sin(x) on 2000 points of [-pi, pi]"),
            2000, 1, "regression", _SYNTHETIC, _GENERATED,
            "descenso.datasets.synthetic:make_sine",
        ),
        DatasetInfo(
            "mnist", N_("28x28 grayscale images of handwritten digits, 10 classes"),
            70000, 784, "classification",
            N_("Yann LeCun, Corinna Cortes and Christopher Burges"), "CC BY-SA 3.0",
            "descenso.datasets.mnist:load_mnist",
        ),
        DatasetInfo(
            "fashion-mnist", N_("28x28 grayscale images of clothing (Zalando), 10 classes"),
            70000, 784, "classification", "Zalando Research", "MIT",
            "descenso.datasets.mnist:load_fashion_mnist",
        ),
    )
}


def list_datasets() -> list[DatasetInfo]:
    """The built-in datasets, in the order ``descenso datasets`` shows them.

    >>> [info.name for info in list_datasets()]
    ['abalone', 'line', 'polynomial', 'sine', 'mnist', 'fashion-mnist']
    """
    return list(DATASETS.values())


def get_dataset_info(name: str) -> DatasetInfo:
    """The built-in dataset called ``name`` (case and ``_``/``-`` ignored); an unknown name
    raises DataError, listing the known ones and suggesting a CSV path.

    >>> get_dataset_info("Fashion_MNIST").shape
    (70000, 784)
    """
    key = str(name).strip().lower().replace("_", "-")
    if key in DATASETS:
        return DATASETS[key]
    known = ", ".join(DATASETS)
    match = difflib.get_close_matches(key, list(DATASETS), n=1)
    if match:
        message = _("unknown dataset {name!r} (did you mean {match!r}?); the built-in datasets "
                    "are: {known}; for your own data, give the path of a CSV file")
    else:
        message = _("unknown dataset {name!r}; the built-in datasets are: {known}; for your own "
                    "data, give the path of a CSV file")
    raise DataError(message.format(name=name, match=match[0] if match else "", known=known))


def load_dataset(name: str, **kwargs):
    """Load the built-in dataset ``name`` with its loader (``kwargs`` passed on).

    >>> load_dataset("sine", n=3).X.shape
    (3, 1)
    """
    return get_dataset_info(name).load(**kwargs)
