"""Typing and collecting one CSV column: numbers, or categories to be one-hot encoded.

The rule that decides a column's type, applied to the first block of rows in which the column
has values (the whole file when it is smaller than a few megabytes):

- a cell is *missing* when it is empty or a marker such as ``NA``, ``NaN``, ``null``, ``?``
  (see :data:`~descenso.data.csv_format.MISSING_MARKERS`);
- the column is **numeric** when more than half of its non-missing cells are numbers,
  and **categorical** otherwise;
- in a numeric column, a cell that is not a number is an error (a typo, not a category), and
  so is an infinite value (``inf``, ``1e999``): both are reported with their line;
- in a categorical column every distinct text (spaces around it removed) is a category,
  numbered in order of first appearance.

A column can be declared categorical, with or without a fixed list of categories; with a
fixed list, a value outside it is an error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from descenso.data.csv_format import MISSING_MARKERS

__all__ = ["INFINITE", "MISSING", "NUMBER", "TEXT", "ColumnBuilder", "Problem", "classify_cells"]

NUMBER, MISSING, TEXT, INFINITE = 0, 1, 2, 3
_UNKNOWN = -2


@dataclass(frozen=True)
class Problem:
    """A bad cell found while reading: what (``"text"``, ``"infinite"``, ``"unknown"``), where."""

    kind: str
    line: int
    column: int
    value: str


def classify_cells(texts: list[str], decimal: str = ".") -> tuple[np.ndarray, np.ndarray]:
    """Read cell texts one by one: their values and kinds (NUMBER, MISSING, TEXT, INFINITE).

    >>> values, kinds = classify_cells(["1,5", "NA", "x", "-inf", "2.5"], decimal=",")
    >>> values.tolist()[:1], kinds.tolist()
    ([1.5], [0, 1, 2, 3, 2])
    """
    values = np.full(len(texts), np.nan)
    kinds = np.full(len(texts), TEXT, dtype=np.int8)
    for i, text in enumerate(texts):
        text = text.strip()
        if text.lower() in MISSING_MARKERS:
            kinds[i] = MISSING
            continue
        if decimal == ",":
            if "." in text:
                continue
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            continue
        if math.isnan(value):
            kinds[i] = MISSING
        elif math.isinf(value):
            kinds[i] = INFINITE
        else:
            values[i] = value
            kinds[i] = NUMBER
    return values, kinds


class ColumnBuilder:
    """Collects one column block by block, deciding its type on the first values it sees.

    A numeric column's values are checked and written back (NaN where missing) into the
    block's matrix of numbers, which the caller keeps; a categorical column's category
    indices are kept here (:meth:`codes`).

    Parameters
    ----------
    index : int
        The column's position in the file.
    categorical : bool
        Treat the column as categorical whatever its values.
    categories : sequence of str, optional
        The only categories allowed, in their one-hot order (implies categorical).

    Attributes
    ----------
    kind : {None, "numeric", "categorical"}
        None while every value seen so far is missing.
    categories : list of str
        Categories in one-hot order (categorical columns).
    n_missing : int
    first_missing_line : int or None
    """

    def __init__(self, index: int, *, categorical: bool = False, categories=None):
        self.index = index
        self.fixed = categories is not None
        self.kind = "categorical" if categorical or self.fixed else None
        self._codes = {str(c): k for k, c in enumerate(categories or ())}
        self._chunks: list[np.ndarray] = []
        self._pending = 0
        self.n_missing = 0
        self.first_missing_line = None
        self.first_value = None  # (line, text) of the first value, for messages

    @property
    def categories(self) -> list[str]:
        return list(self._codes)

    def _note_missing(self, missing: np.ndarray, lines: np.ndarray) -> None:
        count = int(np.count_nonzero(missing))
        if count:
            self.n_missing += count
            if self.first_missing_line is None:
                self.first_missing_line = int(lines[np.argmax(missing)])

    def add(self, block, numbers=None) -> Problem | None:
        """Take this column from ``block``; return the first bad cell, if any.

        ``numbers`` is ``(values, parsed)`` for this column from ``block.numbers``, needed
        unless the column is categorical.
        """
        if self.kind == "categorical":
            return self._add_categories(block)
        values, parsed = numbers
        kinds = np.zeros(block.n_rows, dtype=np.int8)
        todo = np.flatnonzero(~parsed)
        if todo.size:
            values[todo], kinds[todo] = self._classify(block, todo)
        if self.kind is None:
            counts = np.bincount(kinds, minlength=4)
            n_numbers, n_text = counts[NUMBER] + counts[INFINITE], counts[TEXT]
            if n_numbers + n_text == 0:
                self._pending += block.n_rows
                self._note_missing(kinds == MISSING, block.lines)
                return None
            first = int(np.argmax(kinds != MISSING))
            text = block.texts(self.index, np.array([first]))[0]
            self.first_value = (int(block.lines[first]), text)
            self.kind = "numeric" if n_numbers > n_text else "categorical"
            if self.kind == "categorical":
                return self._add_categories(block)
        bad = np.flatnonzero((kinds == TEXT) | (kinds == INFINITE))
        if bad.size:
            row = bad[0]
            kind = "text" if kinds[row] == TEXT else "infinite"
            text = block.texts(self.index, np.array([row]))[0]
            return Problem(kind, int(block.lines[row]), self.index, text)
        # The numbers stay in the block's matrix (``values`` is a view of it, now with NaN
        # where missing); the reader keeps those matrices.
        self._note_missing(kinds == MISSING, block.lines)
        return None

    def _classify(self, block, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Values and kinds of cells the fast parser declined (exponents, long numbers, text).

        Whole columns of such numbers (``1.5e-3``, 17 digits) are converted in one NumPy
        call; only cells that are not numbers are examined one by one.
        """
        decimal = block.layout.format.decimal
        quick = block.floats(self.index, rows)
        if quick is None:
            return classify_cells(block.texts(self.index, rows), decimal)
        values, parsed = quick
        kinds = np.zeros(rows.size, dtype=np.int8)
        redo = np.flatnonzero(~(parsed & np.isfinite(values)))
        if redo.size:
            texts = block.texts(self.index, rows[redo])
            values[redo], kinds[redo] = classify_cells(texts, decimal)
        return values, kinds

    def _add_categories(self, block) -> Problem | None:
        texts, codes = block.unique(self.index)
        mapping = np.empty(len(texts), dtype=np.int64)
        for k, text in enumerate(texts):
            text = text.strip()
            if text.lower() in MISSING_MARKERS:
                mapping[k] = -1
            elif self.fixed:
                mapping[k] = self._codes.get(text, _UNKNOWN)
            else:
                mapping[k] = self._codes.setdefault(text, len(self._codes))
        codes = mapping[codes]
        if self.first_value is None and (codes >= 0).any():
            first = int(np.argmax(codes >= 0))
            self.first_value = (int(block.lines[first]), texts[int(np.argmax(mapping >= 0))])
        unknown = np.flatnonzero(codes == _UNKNOWN)
        if unknown.size:
            row = unknown[0]
            text = block.texts(self.index, np.array([row]))[0].strip()
            return Problem("unknown", int(block.lines[row]), self.index, text)
        self._note_missing(codes == -1, block.lines)
        self._chunks.append(codes.astype(np.int32))
        return None

    def codes(self) -> np.ndarray:
        """A categorical column's category index for every row (int32, -1 where missing)."""
        head = np.full(self._pending, -1, dtype=np.int32)
        return np.concatenate([head, *self._chunks])
