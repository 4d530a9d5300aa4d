"""Reading the cells of a CSV file with pandas' C reader, typing each column, finding bad cells.

pandas parses the file in blocks of rows (a few tens of megabytes each, so memory stays
bounded); this module decides each column's type the way descenso always has, on the first
block in which the column has values:

- a cell is *missing* when it is empty or a marker such as ``NA``, ``NaN``, ``null``, ``?``
  (see :data:`~descenso.data.csv_sniff.MISSING_MARKERS`, case ignored);
- the column is **numeric** when more than half of its non-missing cells are numbers, and
  **categorical** otherwise (its categories are then ordered as :class:`OneHotEncoder` orders
  them: sorted);
- in a numeric column, a cell that is not a number is an error (a typo, not a category), and
  so is an infinite value (``inf``, ``1e999``).

pandas does not say on which line of the file a row was; when a cell is bad, the line is
found by reading the file again with Python's ``csv`` module (:func:`record_lines`), which
only happens on the way to an error. The same second reading finds rows with too few fields,
which pandas would silently fill with missing values.
"""

from __future__ import annotations

import csv
import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from descenso.data.csv_sniff import MISSING_MARKERS, WHITESPACE, delimiter_name
from descenso.data.csv_source import cell_codec
from descenso.errors import DataError
from descenso.i18n import gettext as _
from descenso.i18n import ngettext

__all__ = ["Column", "classify_cells", "read_cells", "record_lines"]

NUMBER, MISSING, TEXT, INFINITE = 0, 1, 2, 3
CHUNK_BYTES = 1 << 23  # numbers pandas parses at a time
BLOCK_BYTES = 1 << 25  # numbers kept per block: large allocations go back to the system
_NA_VALUES = sorted({form for marker in MISSING_MARKERS
                     for form in (marker, marker.upper(), marker.title())})


def classify_cells(texts, decimal: str = ".") -> tuple[np.ndarray, np.ndarray]:
    """Read cell texts one by one: their values and kinds (NUMBER, MISSING, TEXT, INFINITE).

    >>> values, kinds = classify_cells(["1,5", "NA", "x", "-inf", "2.5"], decimal=",")
    >>> values.tolist()[:1], kinds.tolist()
    ([1.5], [0, 1, 2, 3, 2])
    """
    values = np.full(len(texts), np.nan)
    kinds = np.full(len(texts), TEXT, dtype=np.int8)
    for i, text in enumerate(texts):
        text = str(text).strip()
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
        kinds[i] = MISSING if math.isnan(value) else INFINITE if math.isinf(value) else NUMBER
        values[i] = value
    return values, kinds


@dataclass
class Column:
    """One column of the file as read so far.

    ``kind`` is None while every value seen is missing, then ``"numeric"`` (values live in
    the blocks of numbers) or ``"categorical"`` (``codes`` index ``texts``, -1 where missing).
    ``bad`` is the first bad cell as ``(row, kind, text)``; rows count data records from 0.
    """

    index: int
    categorical: bool = False
    kind: str | None = None
    texts: dict = field(default_factory=dict)
    codes: list = field(default_factory=list)
    pending: int = 0
    missing: int = 0
    first_missing: int | None = None
    first_value: tuple | None = None
    bad: tuple | None = None

    def _note(self, missing: np.ndarray, offset: int) -> None:
        count = int(np.count_nonzero(missing))
        if count:
            self.missing += count
            if self.first_missing is None:
                self.first_missing = offset + int(np.argmax(missing))

    def add(self, series: pd.Series, offset: int, decimal: str) -> np.ndarray | None:
        """Take this column's rows ``offset ...`` from one block; numbers (float64) or None."""
        if self.kind != "categorical" and not self.categorical and series.dtype.kind in "iuf":
            values = series.to_numpy(dtype=np.float64, na_value=np.nan)
            missing = np.isnan(values)
            if self.kind is None:
                if missing.all():
                    self.pending += len(values)
                    self._note(missing, offset)
                    return values
                first = int(np.argmax(~missing))
                self.kind, self.first_value = "numeric", (offset + first, str(values[first]))
            infinite = np.isinf(values)
            if infinite.any() and self.bad is None:
                self.bad = (offset + int(np.argmax(infinite)), "infinite", None)
            self._note(missing, offset)
            return values
        codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
        numbers, kinds = classify_cells(uniques, decimal)
        numbers, kinds = np.append(numbers, np.nan), np.append(kinds, np.int8(MISSING))
        row_kinds = kinds[codes]  # code -1 (missing) picks the appended entry
        if self.kind is None:
            counts = np.bincount(row_kinds, minlength=4)
            if counts[NUMBER] + counts[INFINITE] + counts[TEXT] == 0:
                self.pending += len(codes)
                self._note(row_kinds == MISSING, offset)
                return None if self.categorical else np.full(len(codes), np.nan)
            first = int(np.argmax(row_kinds != MISSING))
            self.first_value = (offset + first, str(uniques[codes[first]]).strip())
            numeric = not self.categorical and counts[NUMBER] + counts[INFINITE] > counts[TEXT]
            self.kind = "numeric" if numeric else "categorical"
        if self.kind == "numeric":
            wrong = (row_kinds == TEXT) | (row_kinds == INFINITE)
            if wrong.any() and self.bad is None:
                row = int(np.argmax(wrong))
                kind = "text" if row_kinds[row] == TEXT else "infinite"
                self.bad = (offset + row, kind, str(uniques[codes[row]]))
            self._note(row_kinds == MISSING, offset)
            return np.where(row_kinds == NUMBER, numbers[codes], np.nan)
        mapping = np.array([-1 if kind == MISSING else
                            self.texts.setdefault(str(text).strip(), len(self.texts))
                            for text, kind in zip(uniques, kinds[:-1])] + [-1], dtype=np.int32)
        column_codes = mapping[codes]
        self._note(column_codes < 0, offset)
        self.codes.append(column_codes)
        return None

    def all_codes(self) -> np.ndarray:
        """Category index of every row (int32, -1 where missing), in order of appearance."""
        return np.concatenate([np.full(self.pending, -1, dtype=np.int32), *self.codes])


def record_lines(source, info):
    """Yield ``(row, line, fields)`` for each data record: its index and first physical line.

    Records are counted as pandas counts them: lines of spaces are skipped, not rows.
    """
    with source.open(text=True) as handle:
        for _index in range(info.skip_lines):
            handle.readline()
        if info.delimiter == WHITESPACE:
            rows = ((number, line.split()) for number, line in enumerate(handle, 1))
        else:
            reader = csv.reader(handle, delimiter=info.delimiter)
            rows = _numbered(reader)
        row = 0
        for number, fields in rows:
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            yield row, info.skip_lines + number, fields
            row += 1


def _numbered(reader):
    consumed = 0
    try:
        for fields in reader:
            yield consumed + 1, fields
            consumed = reader.line_num
    except csv.Error:
        return


def locate(source, info, wanted: int) -> tuple[int, list[str]]:
    """The first physical line of data record ``wanted`` (0-based), and its fields."""
    for row, line, fields in record_lines(source, info):
        if row == wanted:
            return line, fields
    return info.skip_lines + wanted + 1, []


def structure_error(source, info, reason: str = "") -> DataError | None:
    """The first row with a wrong number of fields, or an unclosed quote, as a DataError."""
    widths = {info.width} | ({info.width - 1} if info.trailing else set())
    previous = None  # one record behind, to know which record is the last (streamed)
    for record in record_lines(source, info):
        if previous is not None and len(previous[2]) not in widths:
            return ragged(previous[1], len(previous[2]), info)
        previous = record
    if previous is not None:
        _row, line, fields = previous
        swallowed = any("\n" in text or "\r" in text for text in fields)
        if swallowed and (len(fields) not in widths or "EOF inside string" in reason):
            return DataError(
                _("line {line}: a quote (\") opens a field that is never closed, so the rest of "
                  "the file would be read as one value; close the quote or remove it").format(
                    line=line))
        if len(fields) not in widths:
            return ragged(line, len(fields), info)
    if reason:
        return DataError(
            _("{path} cannot be read as CSV ({reason}); check for a quote (\") that is not "
              "closed").format(path=source.path, reason=reason.strip().splitlines()[-1][:200]))
    return None


def ragged(line: int, got: int, info) -> DataError:
    """A row with a wrong number of fields."""
    return DataError(
        ngettext(
            "line {line} has {got} field but {reference} has {expected}; check the delimiter "
            "({delimiter}) and quote fields that contain it",
            "line {line} has {got} fields but {reference} has {expected}; check the delimiter "
            "({delimiter}) and quote fields that contain it",
            got,
        ).format(line=line, got=got, reference=info.reference, expected=info.n_columns,
                 delimiter=delimiter_name(info.delimiter)))


def _merge(run: list[tuple]) -> tuple:
    if len(run) == 1:
        return run[0]
    return (sum(part[0] for part in run), run[0][1], np.concatenate([part[2] for part in run]))


def read_cells(source, info, columns: list[Column], text_columns: set[int]):
    """Read every block of the file into ``columns``; return the blocks of numbers.

    Returns ``(blocks, extra, short, blank)``: ``blocks`` a list of ``(n_rows, numeric, matrix)``,
    for consecutive rows a float64 matrix (n_rows, len(numeric)) of the columns listed in
    ``numeric`` (NaN where missing); ``extra`` the first ``(row, text)`` found after a
    trailing delimiter, or None; ``short`` whether the last column has missing cells (a row
    may then have too few fields, which :func:`structure_error` checks); ``blank`` the rows
    whose every field is missing (a row missing every cell has one in the last column too).
    """
    width = info.width
    rows_per_chunk = max(1024, CHUNK_BYTES // (8 * width))
    whitespace = info.delimiter == WHITESPACE
    blocks, run, extra, offset, short, blank = [], [], None, 0, False, []
    handle = source.open()
    handle.seek(source.bom)  # then UTF-8 is read as bytes, which pandas decodes fastest
    try:
        reader = pd.read_csv(
            handle, sep=r"\s+" if whitespace else info.delimiter, header=None,
            names=list(range(width)), index_col=False, skiprows=info.skip_lines,
            decimal=info.decimal, encoding=cell_codec(source.encoding), keep_default_na=False,
            na_values=_NA_VALUES, quotechar='"', dtype={j: str for j in text_columns},
            chunksize=rows_per_chunk, engine="c", skip_blank_lines=True, on_bad_lines="error")
        with reader, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for frame in reader:
                numeric, stack = [], []
                for column in columns:
                    values = column.add(frame[column.index], offset, info.decimal)
                    if values is not None:
                        numeric.append(column.index)
                        stack.append(values)
                matrix = np.empty((len(frame), len(stack)))
                for k, values in enumerate(stack):
                    matrix[:, k] = values
                del stack
                short = short or bool(frame[info.n_columns - 1].isna().any())
                if short:  # a row of missing cells only (",,," or "NA;NA") is a blank line
                    blank.append(offset + np.flatnonzero(frame.isna().all(axis=1).to_numpy()))
                if info.trailing and extra is None:
                    filled = frame[width - 1].notna().to_numpy()
                    if filled.any():
                        row = int(np.argmax(filled))
                        extra = (offset + row, str(frame[width - 1].iloc[row]))
                if run and run[0][1] != numeric:
                    blocks.append(_merge(run))
                    run = []
                run.append((len(frame), numeric, matrix))
                if sum(part[2].nbytes for part in run) >= BLOCK_BYTES:
                    blocks.append(_merge(run))
                    run = []
                offset += len(frame)
            if run:
                blocks.append(_merge(run))
    except pd.errors.EmptyDataError:
        return [], None, False, np.zeros(0, dtype=np.int64)
    except (pd.errors.ParserError, ValueError, UnicodeError) as error:
        raise structure_error(source, info, str(error)) from None
    finally:
        handle.close()
    return blocks, extra, short, np.concatenate([np.zeros(0, dtype=np.int64), *blank])
