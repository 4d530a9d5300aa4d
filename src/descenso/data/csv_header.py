"""From the first lines of a CSV file to its layout: delimiter, decimal mark, column names.

:func:`read_layout` applies the guesses of :mod:`descenso.data.csv_format` (unless the caller
fixed them) to the sample that :func:`~descenso.data.csv_source.open_source` read, checks the
header's names, and says how many physical lines precede the data.

A trailing delimiter (``1,2,3,`` on every line) is recognised when every sampled data row ends
with an empty field and the header either ends with an empty name too or has one name fewer
than the rows have fields. If the header names that last column, it is a real column and an
all-empty one is reported as such.

A **preamble** is a first line of counts and class names, as scikit-learn's bundled files
start (``150,4,setosa,versicolor,virginica`` above 150 rows of 4 features and a class): two
whole numbers, the second one less than the number of fields of the rows below, then only
text. It is skipped, and said so; ``skip_rows=0`` reads it as data, ``skip_rows=N`` skips
``N`` lines of any kind.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

from descenso.advice import option
from descenso.data.csv_format import (
    WHITESPACE,
    delimiter_name,
    detect_header,
    is_blank_row,
    looks_numeric,
    sniff_decimal,
    sniff_delimiter,
)
from descenso.data.csv_source import CsvSource
from descenso.errors import ConfigError, DataError
from descenso.i18n import N_
from descenso.i18n import gettext as _

__all__ = ["HeaderInfo", "read_layout"]

_SAMPLE_RECORDS = 100
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@dataclass
class HeaderInfo:
    """The layout of a file and the names of its columns.

    Attributes
    ----------
    delimiter : str
        One character, or :data:`~descenso.data.csv_format.WHITESPACE`.
    decimal : {".", ","}
    trailing : bool
        Whether rows end with a delimiter (an empty last field, dropped).
    names : list of str
        One name per column (after dropping a trailing delimiter's empty field).
    has_header : bool
    skip_lines : int
        Physical lines before the first data row (skipped lines, blank lines, the header).
    reference : str
        Where the number of columns comes from, for messages: "the header" or "line 1".
    preamble : list of str
        The class names of a skipped preamble line (empty when there was none).
    notes : list of (str, dict)
    """

    delimiter: str
    decimal: str
    trailing: bool
    names: list[str]
    has_header: bool
    skip_lines: int
    reference: str
    preamble: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def n_columns(self) -> int:
        """Number of columns (without a trailing delimiter's empty field)."""
        return len(self.names)

    @property
    def width(self) -> int:
        """Fields in a row as written, with a trailing delimiter's empty one."""
        return len(self.names) + self.trailing


def _sample_records(lines: list[str], delimiter: str) -> list[tuple[list[str], int, int]]:
    """The first non-blank records as (fields, first line, last line), lines 1-based."""
    if delimiter == WHITESPACE:
        return [(line.split(), k, k) for k, line in enumerate(lines, 1) if line.strip()]
    reader = csv.reader(lines, delimiter=delimiter)
    records = []
    consumed = 0
    try:
        for row in reader:
            first, consumed = consumed + 1, reader.line_num
            if not is_blank_row(row):
                records.append((row, first, consumed))
                if len(records) >= _SAMPLE_RECORDS:
                    break
    except csv.Error:
        pass  # e.g. an unclosed quote; reading the whole file will report it with its line
    return records


def _check_names(names: list[str]) -> None:
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if not name:
            raise DataError(
                _("column {position} has an empty name in the header; name it, or pass "
                  "{no_header} if the first line is data (an unnamed first column is often "
                  "an index written by pandas: remove it)").format(
                    position=position, no_header=option("header", False))
            )
        if name in seen:
            raise DataError(
                _("columns {first} and {second} are both named {name!r}; give every column "
                  "a different name").format(first=seen[name], second=position, name=name)
            )
        seen[name] = position


def _is_preamble(records: list) -> bool:
    """Whether the first record is a line of counts and class names (see the module)."""
    if len(records) < 2 or len(records[0][0]) < 2:
        return False
    first = [text.strip() for text in records[0][0]]
    widths = sorted(len(record[0]) for record in records[1:])
    width = widths[len(widths) // 2]
    if not all(text.isdigit() for text in first[:2]) or int(first[1]) >= width:
        return False
    return all(text and not looks_numeric(text) for text in first[2:])


def read_layout(
    source: CsvSource,
    *,
    delimiter: str | None = None,
    decimal: str | None = None,
    header: bool | None = None,
    names: list[str] | None = None,
    skip_rows: int | None = None,
) -> HeaderInfo:
    """Decide how the file is written and name its columns (see the module's rules).

    Raises
    ------
    DataError
        For a file of blank lines, empty or duplicate header names, or ``names`` of the wrong
        length.
    """
    lines = _LINE.findall(source.sample)
    notes = list(source.notes)
    skipped = skip_rows or 0
    lines = lines[skipped:]
    if delimiter is None:
        content = [line for line in lines[: 4 * _SAMPLE_RECORDS] if line.strip()]
        delimiter = sniff_delimiter(content[:_SAMPLE_RECORDS])
        if delimiter != ",":
            notes.append(
                (N_("detected the delimiter {delimiter}"), {"delimiter": delimiter_name(delimiter)})
            )
    records = _sample_records(lines, delimiter)
    if not records:
        raise DataError(
            _("{path} has only blank lines; a CSV file needs a header line and rows of data")
            .format(path=source.path)
        )
    preamble = []
    if skip_rows is None and _is_preamble(records):
        first, records = records[0], records[1:]
        skipped += first[2]
        preamble = [text.strip() for text in first[0][2:]]
        notes.append((N_("skipped line 1, {text!r}: a preamble of counts and class names (as in "
                         "scikit-learn's bundled files); to read it as data, pass {skip_rows}"),
                      {"text": ",".join(first[0])[:80], "skip_rows": option("skip_rows", 0)}))
        lines = lines[first[2]:]
        records = [(row, a - first[2], b - first[2]) for row, a, b in records]
    rows = [record[0] for record in records]
    if decimal is None:
        decimal = sniff_decimal(rows, delimiter)
        if decimal == ",":
            notes.append((N_("detected decimal commas (3,14)"), {}))
    if header is None:
        header = detect_header(rows, decimal)
        if header:
            notes.append((N_("detected a header line"), {}))
    header_row = [name.strip() for name in rows[0]] if header else None
    data_rows = rows[1:] if header else rows

    width = len(data_rows[0]) if data_rows else len(header_row)
    ends_empty = bool(data_rows) and width >= 2 and all(row[-1] == "" for row in data_rows)
    trailing = False
    if header_row is not None:
        if ends_empty and len(header_row) == width and header_row[-1] == "":
            trailing, header_row = True, header_row[:-1]
        elif ends_empty and len(header_row) == width - 1:
            trailing = True
        elif not data_rows and len(header_row) >= 2 and header_row[-1] == "":
            header_row = header_row[:-1]
        n_columns = len(header_row)
    else:
        trailing = ends_empty
        n_columns = width - trailing
    if trailing:
        notes.append((N_("dropped the empty last field left by a trailing delimiter"), {}))

    if names is not None:
        names = [str(name) for name in names]
        if len(names) != n_columns:
            raise ConfigError(
                _("names has {k} names but the file has {n} columns; give one name per column")
                .format(k=len(names), n=n_columns)
            )
    elif header_row is not None:
        names = header_row
    else:
        names = [f"column_{j}" for j in range(1, n_columns + 1)]
        notes.append(
            (N_("no header line: columns named {first} to {last}"),
             {"first": names[0], "last": names[-1]})
        )
    _check_names(names)

    if header:
        reference = _("the header")
        skip_lines = skipped + records[0][2]
    else:
        reference = _("line {line}").format(line=skipped + records[0][1])
        skip_lines = skipped
    return HeaderInfo(delimiter, decimal, trailing, names, bool(header), skip_lines, reference,
                      preamble, notes)
