"""A block of CSV records split into fields: the fast byte path and the ``csv`` module path.

A chunk of the file (whole records, see :mod:`descenso.data.csv_source`) becomes a block of
rows and columns. When the chunk is plain (no quotes, every line with the expected number of
fields) its fields are located with NumPy directly in the bytes and numbers are parsed by
:func:`~descenso.data.csv_numbers.parse_decimal_fields`, with no Python object per cell.
Otherwise the chunk goes through Python's ``csv`` module, which understands quotes, embedded
delimiters and newlines, and reports ragged rows with their line numbers.

Blank lines, and lines whose fields are all empty (``,,,`` exported by spreadsheets), are
skipped. With a trailing delimiter, the empty last field of each row is dropped.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from descenso.advice import option
from descenso.data.csv_format import CsvFormat, is_blank_row
from descenso.data.csv_numbers import MAX_FIELD_WIDTH, parse_decimal_fields
from descenso.data.csv_source import count_lines, count_newlines, encoding_label
from descenso.errors import DataError
from descenso.i18n import gettext as _
from descenso.i18n import ngettext

__all__ = ["ByteBlock", "Layout", "TextBlock", "make_block", "show_value"]

_NEWLINE = ord("\n")
_PAD = 64  # bytes after a chunk, so fixed-width reads of up to _PAD bytes stay inside
assert _PAD >= MAX_FIELD_WIDTH


def show_value(text: str, limit: int = 40) -> str:
    """A cell's text quoted for an error message, shortened when long.

    >>> show_value("abc"), show_value("x" * 50, limit=5)
    ("'abc'", "'xxxxx...'")
    """
    if len(text) > limit:
        return repr(text[:limit])[:-1] + "...'"
    return repr(text)


@dataclass(frozen=True)
class Layout:
    """What every data row must look like.

    Attributes
    ----------
    format : CsvFormat
    n_columns : int
        Fields per row, after dropping a trailing delimiter's empty field.
    reference : str
        Where the expected count comes from, for messages: ``"the header"`` or ``"line 1"``.
    codec : str
        The codec that decodes single cells.
    """

    format: CsvFormat
    n_columns: int
    reference: str
    codec: str


class ByteBlock:
    """Rows located directly in the bytes of a chunk (no quotes, regular rows)."""

    def __init__(self, buffer, starts, ends, lines, layout):
        self.buffer = buffer  # uint8, padded with _PAD bytes
        self.starts = starts  # (n_rows, n_columns) int64
        self.ends = ends
        self.lines = lines
        self.layout = layout
        self.n_rows = lines.size

    def numbers(self, columns: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """Parse ``columns`` as plain decimals: values and parsed masks, (n_rows, len(columns))."""
        starts, ends = self.starts, self.ends
        if columns != list(range(starts.shape[1])):
            starts, ends = starts[:, columns], ends[:, columns]
        return parse_decimal_fields(self.buffer, starts, ends, self.layout.format.decimal)

    def texts(self, column: int, rows: np.ndarray) -> list[str]:
        """The text of ``column`` in the given rows."""
        raw = self.buffer
        codec = self.layout.codec
        return [
            raw[start:end].tobytes().decode(codec)
            for start, end in zip(self.starts[rows, column], self.ends[rows, column])
        ]

    def _fixed_width(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray | None:
        """The fields as a NumPy bytes array (``S<width>``), or None if one is too long."""
        lengths = ends - starts
        width = int(lengths.max()) if lengths.size else 0
        if width > _PAD:
            return None
        width = max(width, 1)
        # Each field copied into a fixed-width row of bytes, zero-padded, viewed as one string.
        matrix = sliding_window_view(self.buffer, width)[starts]
        matrix *= np.arange(width, dtype=np.uint8) < lengths.astype(np.uint8)[:, None]
        return matrix.view(f"S{width}").ravel()

    def floats(self, column: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """Parse the given cells with NumPy's ``float()``-compatible conversion, in one call.

        Returns ``(values, parsed)``, where empty cells (and, with a decimal comma, cells
        holding a dot) are left unparsed; or None when some other cell is not a number.
        """
        starts, ends = self.starts[rows, column], self.ends[rows, column]
        keep = ends > starts
        keys = self._fixed_width(starts[keep], ends[keep])
        if keys is None:
            return None
        if self.layout.format.decimal == "," and keys.size:
            matrix = keys.view(np.uint8).reshape(keys.size, -1)
            dotted = (matrix == ord(".")).any(axis=1)
            matrix[matrix == ord(",")] = ord(".")
            keep[np.flatnonzero(keep)[dotted]] = False
            keys = keys[~dotted]
        values = np.full(rows.size, np.nan)
        try:
            values[keep] = keys.astype(np.float64)
        except ValueError:
            return None
        return values, keep

    def unique(self, column: int) -> tuple[list[str], np.ndarray]:
        """The distinct texts of ``column`` in order of appearance, and each row's index."""
        keys = self._fixed_width(self.starts[:, column], self.ends[:, column])
        if keys is None:
            return _unique_strings(self.texts(column, np.arange(self.n_rows)))
        distinct, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(order.size)
        texts = [distinct[k].decode(self.layout.codec) for k in order]
        return texts, rank[inverse.ravel()]


class TextBlock:
    """Rows read by the ``csv`` module: columns of Python strings."""

    def __init__(self, columns, lines, layout):
        self.columns = columns  # list of n_columns tuples of n_rows strings
        self.lines = lines
        self.layout = layout
        self.n_rows = lines.size

    def numbers(self, columns: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """Parse ``columns`` where NumPy can do it in one call; the rest is left unparsed."""
        values = np.zeros((self.n_rows, len(columns)))
        parsed = np.zeros((self.n_rows, len(columns)), dtype=bool)
        if self.layout.format.decimal == ".":
            for k, column in enumerate(columns):
                try:
                    values[:, k] = np.array(self.columns[column], dtype=np.float64)
                except ValueError:
                    continue
                parsed[:, k] = np.isfinite(values[:, k])
        return values, parsed

    def texts(self, column: int, rows: np.ndarray) -> list[str]:
        """The text of ``column`` in the given rows."""
        cells = self.columns[column]
        return [cells[row] for row in rows.tolist()]

    def floats(self, column: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """Parse the given non-empty cells in one NumPy call, or None if one is not a number."""
        if self.layout.format.decimal != ".":
            return None
        texts = self.texts(column, rows)
        keep = np.array([bool(text) for text in texts], dtype=bool)
        values = np.full(rows.size, np.nan)
        try:
            values[keep] = np.array([text for text in texts if text], dtype=np.float64)
        except ValueError:
            return None
        return values, keep

    def unique(self, column: int) -> tuple[list[str], np.ndarray]:
        """The distinct texts of ``column`` in order of appearance, and each row's index."""
        return _unique_strings(self.columns[column])


def _unique_strings(cells) -> tuple[list[str], np.ndarray]:
    index: dict[str, int] = {}
    codes = np.fromiter(
        (index.setdefault(cell, len(index)) for cell in cells), dtype=np.int64, count=len(cells)
    )
    return list(index), codes


def _ragged(line: int, got: int, layout: Layout) -> DataError:
    delimiter = {"\t": "tab"}.get(layout.format.delimiter, layout.format.delimiter)
    return DataError(
        ngettext(
            "line {line} has {got} field but {reference} has {expected}; check the delimiter "
            "({delimiter!r}) and quote fields that contain it",
            "line {line} has {got} fields but {reference} has {expected}; check the delimiter "
            "({delimiter!r}) and quote fields that contain it",
            got,
        ).format(
            line=line, got=got, reference=layout.reference, expected=layout.n_columns,
            delimiter=delimiter,
        )
    )


def _swallowed(text: str, row: list[str]) -> bool:
    """Whether ``row`` ran into an unclosed quote: only then can a chunk (which otherwise ends
    outside quotes) hold an odd number of quotes with a record that took in line ends."""
    return any("\n" in cell or "\r" in cell for cell in row) and text.count('"') % 2 == 1


def _unclosed(line: int) -> DataError:
    return DataError(
        _("line {line}: a quote (\") opens a field that is never closed, so the rest of the "
          "file would be read as one value; close the quote or remove it").format(line=line)
    )


def _text_block(text: str, first_line: int, layout: Layout) -> TextBlock | None:
    n_columns = layout.n_columns
    trailing = layout.format.trailing_delimiter
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=layout.format.delimiter)
    rows, lines = [], []
    consumed = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise DataError(
                _("line {line} cannot be read as CSV ({reason}); check for a quote (\") that "
                  "is not closed").format(line=first_line + consumed, reason=error)
            ) from None
        line = first_line + consumed
        consumed = reader.line_num
        if is_blank_row(row):
            continue
        if len(row) != n_columns:
            if trailing and len(row) == n_columns + 1:
                if row[-1]:
                    raise DataError(
                        _("line {line} has a value ({value}) after its last column, where the "
                          "other rows end with a delimiter; remove the value or name its "
                          "column in the header").format(line=line, value=show_value(row[-1]))
                    )
                row = row[:-1]
            elif _swallowed(text, row):
                raise _unclosed(line)
            else:
                raise _ragged(line, len(row), layout)
        rows.append(row)
        lines.append(line)
    if rows and _swallowed(text, rows[-1]):
        raise _unclosed(lines[-1])
    if not rows:
        return None
    return TextBlock(list(zip(*rows)), np.array(lines, dtype=np.int64), layout)


def _byte_block(chunk: bytes, first_line: int, layout: Layout) -> ByteBlock | None | bool:
    """The fast path; returns False when the chunk needs the ``csv`` module instead."""
    fmt = layout.format
    raw_columns = layout.n_columns + fmt.trailing_delimiter
    buffer = np.frombuffer(chunk + bytes(_PAD), dtype=np.uint8)
    data = buffer[: len(chunk)]
    n_rows = count_newlines(chunk)
    boundary = data == ord(fmt.delimiter)
    boundary |= data == _NEWLINE
    ends = np.flatnonzero(boundary)
    del boundary
    if ends.size != n_rows * raw_columns:
        return False
    ends = ends.reshape(n_rows, raw_columns)
    # n_rows newlines in all and one at the end of every row: each row has raw_columns fields.
    if not (data[ends[:, -1]] == _NEWLINE).all():
        return False
    starts = np.empty_like(ends)
    starts.ravel()[0] = 0
    starts.ravel()[1:] = ends.ravel()[:-1] + 1
    if fmt.trailing_delimiter:
        if (ends[:, -1] > starts[:, -1]).any():
            return False
        starts, ends = starts[:, :-1], ends[:, :-1]
    lines = first_line + np.arange(n_rows)
    filled = (ends > starts).any(axis=1)
    if not filled.all():
        starts, ends, lines = starts[filled], ends[filled], lines[filled]
    if lines.size == 0:
        return None
    return ByteBlock(buffer, starts, ends, lines, layout)


def _not_text(line: int) -> DataError:
    return DataError(
        _("line {line} contains NUL bytes: the file does not look like a text CSV file; if it "
          "is a spreadsheet (.xlsx), compressed or another binary file, export it as CSV").format(
            line=line
        )
    )


def make_block(chunk: bytes | str, first_line: int, layout: Layout) -> ByteBlock | TextBlock | None:
    """Split a chunk of whole records into a block of rows; None when it has only blank lines.

    Raises
    ------
    DataError
        For NUL bytes, undecodable bytes, ragged rows or a broken quote, with the line number.
    """
    if isinstance(chunk, str):
        if "\0" in chunk:
            raise _not_text(first_line + count_lines(chunk[: chunk.index("\0")]))
        return _text_block(chunk, first_line, layout)
    if b"\0" in chunk:
        raise _not_text(first_line + chunk[: chunk.index(b"\0")].count(b"\n"))
    if not chunk.endswith(b"\n"):
        chunk += b"\n"
    if b"\r" in chunk:
        chunk = chunk.replace(b"\r\n", b"\n")
    text = None
    if not chunk.isascii():
        try:
            text = chunk.decode(layout.codec)
        except UnicodeDecodeError as error:
            line = first_line + chunk[: error.start].count(b"\n")
            raise DataError(
                _("line {line} is not valid {encoding} text (byte 0x{byte}); the file uses "
                  "another encoding: pass {latin1} or {cp1252} (common for spreadsheet "
                  "exports)").format(
                    line=line, encoding=encoding_label(layout.format.encoding),
                    latin1=option("encoding", "latin-1"), cp1252=option("encoding", "cp1252"),
                    byte=chunk[error.start : error.start + 1].hex(),
                )
            ) from None
    if b'"' not in chunk and b"\r" not in chunk:
        block = _byte_block(chunk, first_line, layout)
        if block is not False:
            return block
    if text is None:
        text = chunk.decode(layout.codec)
    return _text_block(text, first_line, layout)
