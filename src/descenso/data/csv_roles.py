"""What the user most likely means by a table: the task, and the role of each column.

The rules, each announced by one line of the data summary that names the option to change it:

- **Task**: a text target is classification; so is a target of whole numbers with at most
  :data:`MAX_INFERRED_CLASSES` distinct values when there are at least
  :data:`ROWS_PER_CLASS` rows per value (iris's 0, 1, 2; breast_cancer's 0/1); any other
  numeric target is regression. ``task=`` (``--task``) overrides the guess.
- **Ids**: a text column with a different value on every row (at least
  :data:`MIN_ROWS_FOR_ROLES` rows), or a whole-number column named like an id (``id``,
  ``*_id``, ``index``, ``Unnamed: 0``) with a different value on every row, identifies rows and
  predicts nothing: it is dropped.
- **Dates and times** (``2012-01-31``, ``2012/01/31``, ``2012-01-31 08:15``) become numbers:
  year, month, day of year and day of week (and hour and minute when the times vary), never
  one column per distinct day.
- **Too many categories**: a text column with more than :data:`MAX_LEVELS` categories and
  more than one category per :data:`ROWS_PER_LEVEL` rows cannot be learned from those rows
  and is dropped.

Naming a column in ``columns=`` (``--features``) keeps it whatever these rules say.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = ["date_features", "infer_task", "is_date_column", "is_id_name", "role"]

MAX_INFERRED_CLASSES = 20
ROWS_PER_CLASS = 5
MIN_ROWS_FOR_ROLES = 20
MAX_LEVELS = 30
ROWS_PER_LEVEL = 10
_ID_NAME = re.compile(r"^(id|.*[_ ]id|index|unnamed: ?0|row ?(id|number)?|obs)$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?"
                   r"(Z|[+-]\d{2}:?\d{2})?$")
DATE_PARTS = ("year", "month", "day_of_year", "day_of_week")
TIME_PARTS = ("hour", "minute")


def infer_task(values: np.ndarray | None) -> tuple[str, str | None]:
    """``(task, reason)`` for a target: its numbers (float64), or None for a text target.

    >>> infer_task(None)[0], infer_task(np.array([0.0, 1, 1, 0] * 5))[0]
    ('classification', 'classification')
    >>> infer_task(np.array([1.5, 2.0, 7.25])), infer_task(np.arange(30.0))
    (('regression', None), ('regression', 'many'))
    """
    if values is None:
        return "classification", "text"
    present = values[~np.isnan(values)]
    if present.size == 0 or not np.all(present == np.round(present)):
        return "regression", None
    k = np.unique(present).size
    if 2 <= k <= MAX_INFERRED_CLASSES and present.size >= ROWS_PER_CLASS * k:
        return "classification", "few"
    return "regression", "many" if k > 1 else None


def is_id_name(name: str) -> bool:
    """Whether a column's name says it identifies rows.

    >>> is_id_name("id"), is_id_name("PassengerId"), is_id_name("customer_id"), is_id_name("width")
    (True, False, True, False)
    """
    return bool(_ID_NAME.match(name.strip()))


def is_date_column(texts: list[str]) -> bool:
    """Whether every category of a text column is a date or a date and time.

    >>> is_date_column(["2012-01-01", "2012-01-02"]), is_date_column(["M", "F"])
    (True, False)
    """
    if not texts or not all(_DATE.match(text) for text in texts):
        return False
    return not pd.to_datetime(pd.Series(texts), format="mixed", errors="coerce").isna().any()


def date_features(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """The numeric parts of each date: names and a float64 array (len(texts), n_parts).

    Unparseable texts get NaN rows (the caller reports them).

    >>> names, values = date_features(["2012-03-01", "2013-01-31"])
    >>> names
    ['year', 'month', 'day_of_year', 'day_of_week']
    >>> values.tolist()
    [[2012.0, 3.0, 61.0, 3.0], [2013.0, 1.0, 31.0, 3.0]]
    """
    stamps = pd.DatetimeIndex(pd.to_datetime(pd.Series(texts, dtype=object), format="mixed",
                                             errors="coerce"))
    parts = list(DATE_PARTS)
    if ((stamps.hour != 0) | (stamps.minute != 0)).any():
        parts += TIME_PARTS
    columns = {"year": stamps.year, "month": stamps.month, "day_of_year": stamps.day_of_year,
               "day_of_week": stamps.day_of_week, "hour": stamps.hour, "minute": stamps.minute}
    values = np.column_stack([np.asarray(columns[part], dtype=np.float64) for part in parts])
    return parts, values.reshape(len(texts), len(parts))


def role(name: str, kind: str, n_levels: int, unique: bool, n_rows: int) -> str:
    """``"id"``, ``"many"`` (too many categories) or ``"feature"`` for an unnamed column.

    ``unique``: every row holds a different value (for a numeric column: whole numbers).

    >>> role("name", "categorical", 40, True, 40), role("sex", "categorical", 3, False, 40)
    ('id', 'feature')
    >>> role("town", "categorical", 50, False, 200), role("id", "numeric", 0, True, 5)
    ('many', 'id')
    """
    if kind == "numeric":
        return "id" if unique and is_id_name(name) else "feature"
    if unique and (n_rows >= MIN_ROWS_FOR_ROLES or is_id_name(name)):
        return "id"
    if n_levels > MAX_LEVELS and n_levels * ROWS_PER_LEVEL > n_rows:
        return "many"
    return "feature"
