"""The Abalone data set, shipped inside descenso: predict an abalone's rings from its shell.

``abalone.data`` (4,177 rows, no header) and ``abalone.names`` are byte-for-byte copies of the
UCI Machine Learning Repository's files, under CC BY 4.0 (see ``files/ABALONE-LICENSE.txt``).
Each row is ``Sex`` (M, F or I for infant), seven measurements (lengths in mm/200, weights in
g/200) and ``Rings``, the target; the age in years is ``Rings + 1.5``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import numpy as np

from descenso.data.dataset import TabularDataset
from descenso.errors import DataError
from descenso.i18n import gettext as _

__all__ = ["ABALONE_FEATURE_NAMES", "AbaloneDataset", "load_abalone"]

SEX_CATEGORIES = ("M", "F", "I")
MEASUREMENTS = (
    "Length",
    "Diameter",
    "Height",
    "Whole weight",
    "Shucked weight",
    "Viscera weight",
    "Shell weight",
)
ABALONE_FEATURE_NAMES = tuple(f"Sex_{sex}" for sex in SEX_CATEGORIES) + MEASUREMENTS
_N_FIELDS = 1 + len(MEASUREMENTS) + 1


@dataclass(repr=False)
class AbaloneDataset(TabularDataset):
    """:class:`~descenso.data.TabularDataset` plus the publisher's texts.

    Attributes (besides those of ``TabularDataset``)
    ------------------------------------------------
    description : str, the original ``abalone.names`` description file
    license : str, where the data come from and under which licence (CC BY 4.0)
    """

    description: str = ""
    license: str = ""


def _read_text(name: str) -> str:
    return resources.files("descenso").joinpath("datasets", "files", name).read_text("utf-8")


def load_abalone() -> AbaloneDataset:
    """Load Abalone with ``Sex`` one-hot encoded (columns M, F, I) and ``Rings`` as target.

    Returns
    -------
    AbaloneDataset (a :class:`~descenso.data.TabularDataset`)
        ``X`` of shape (4177, 10): ``Sex_M``, ``Sex_F``, ``Sex_I`` (0 or 1) then Length,
        Diameter, Height, Whole weight, Shucked weight, Viscera weight, Shell weight;
        ``y`` of shape (4177,): the number of rings (1 to 29), as float64.

    >>> data = load_abalone()
    >>> data.X.shape, data.y.shape, data.target_name
    ((4177, 10), (4177,), 'Rings')
    >>> data.feature_names[:4]
    ['Sex_M', 'Sex_F', 'Sex_I', 'Length']
    """
    rows = [line.split(",") for line in _read_text("abalone.data").splitlines() if line]
    for number, row in enumerate(rows, start=1):
        if len(row) != _N_FIELDS or row[0] not in SEX_CATEGORIES:
            raise DataError(
                _("the bundled abalone.data is damaged at line {line}; reinstall descenso").format(
                    line=number))
    table = np.array(rows)
    sex = table[:, 0]
    one_hot = (sex[:, None] == np.array(SEX_CATEGORIES)[None, :]).astype(np.float64)
    numbers = table[:, 1:].astype(np.float64)
    return AbaloneDataset(
        X=np.ascontiguousarray(np.hstack([one_hot, numbers[:, :-1]])),
        y=numbers[:, -1].copy(),
        feature_names=list(ABALONE_FEATURE_NAMES),
        target_name="Rings",
        task="regression",
        categories={"Sex": list(SEX_CATEGORIES)},
        input_features=["Sex", *MEASUREMENTS],
        source="abalone",
        description=_read_text("abalone.names"),
        license=_read_text("ABALONE-LICENSE.txt"),
    )
