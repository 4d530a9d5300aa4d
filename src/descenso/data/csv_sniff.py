"""Guessing how a CSV file is written, from its first lines, by rules a learner can predict.

:func:`read_layout` applies them (unless the caller fixed them) to the sample that
:func:`~descenso.data.csv_source.open_source` read; ``delimiter=``, ``decimal=``, ``header=``
and ``skip_rows=`` of :func:`descenso.data.load_csv` override each one.

- **Delimiter**: each of ``,`` ``;`` tab ``|`` splits the sample rows (quotes respected), and
  so do runs of spaces (:data:`WHITESPACE`, as in ``1  2.66  20``), tried last. Candidates
  whose most common field count is more than 1 are compared by the share of rows with that
  count (one ragged row does not disqualify the right one), then by the number of numeric
  fields, then by the fewest text fields: ``1,5;2,25`` split by ``,`` is two numbers and one
  text, split by ``;`` two numbers with a decimal comma, so ``;`` wins. With no candidate the
  file is taken as comma-separated.
- **Decimal mark**: ``,`` when the delimiter is not ``,`` and some sampled field is a number
  only when read with a decimal comma (``3,14``); ``.`` otherwise.
- **Header**: a first row of numbers (and missing values) is never a header. Else it is one
  when one of its text fields sits above a mostly numeric column, or when none of its text
  fields appears again in its column (``M`` above ``F, M, I, ...`` is data).
- **Preamble**: a first line of counts and class names, as scikit-learn's bundled files start
  (``150,4,setosa,versicolor,virginica``): two whole numbers, the second less than the rows'
  field count, then only text. It is skipped, and said so.
- **Trailing delimiter** (``1,2,3,`` on every line): every sampled data row ends with an empty
  field and the header ends with an empty name too, or has one name fewer than the rows.

Missing values are empty fields and the markers in :data:`MISSING_MARKERS` (case ignored).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field

from descenso.advice import option
from descenso.errors import ConfigError, DataError
from descenso.i18n import N_
from descenso.i18n import gettext as _

__all__ = ["MISSING_MARKERS", "WHITESPACE", "HeaderInfo", "delimiter_name", "detect_header",
           "is_blank_row", "is_missing", "looks_numeric", "read_layout", "sniff_decimal",
           "sniff_delimiter"]

WHITESPACE = " "
"""The delimiter of files whose fields are separated by runs of spaces or tabs."""
DELIMITERS = (",", ";", "\t", "|", WHITESPACE)
MISSING_MARKERS = frozenset({"", "na", "n/a", "nan", "-nan", "+nan", "null", "?", "#n/a"})
"""Cell texts (after stripping spaces, in any case) that mean "no value"."""
_SAMPLE_RECORDS = 100
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def delimiter_name(delimiter: str) -> str:
    """How messages name a delimiter: ``','``, or a word for tab and whitespace."""
    return {"\t": _("tab"), WHITESPACE: _("whitespace")}.get(delimiter, repr(delimiter))


def is_missing(text: str) -> bool:
    """Whether a cell's text means "no value".

    >>> is_missing(" NA "), is_missing("0")
    (True, False)
    """
    return text.strip().lower() in MISSING_MARKERS


def is_blank_row(row: list[str]) -> bool:
    """Whether a parsed row is blank: no field has text, or it is one field of spaces.

    >>> is_blank_row([]), is_blank_row(["", "", ""]), is_blank_row(["  "]), is_blank_row(["", "1"])
    (True, True, True, False)
    """
    return not any(row) or (len(row) == 1 and not row[0].strip())


def looks_numeric(text: str, decimal: str = ".") -> bool:
    """Whether a cell's text is a number (finite or not) with the given decimal mark.

    >>> looks_numeric("3,14", decimal=","), looks_numeric("3,14"), looks_numeric("1e-3")
    (True, False, True)
    """
    text = text.strip()
    if decimal == ",":
        if "." in text:
            return False
        text = text.replace(",", ".")
    try:
        float(text)
    except ValueError:
        return False
    return text.lower() not in MISSING_MARKERS


def _records(lines: list[str], delimiter: str) -> list[tuple[list[str], int, int]]:
    """The first non-blank records as (fields, first line, last line), lines 1-based."""
    if delimiter == WHITESPACE:
        return [(line.split(), k, k) for k, line in enumerate(lines, 1) if line.strip()]
    reader, records, consumed = csv.reader(lines, delimiter=delimiter), [], 0
    try:
        for row in reader:
            first, consumed = consumed + 1, reader.line_num
            if not is_blank_row(row):
                records.append((row, first, consumed))
                if len(records) >= _SAMPLE_RECORDS:
                    break
    except csv.Error:
        pass  # an unclosed quote: the records before it are enough to judge, and reading
        # the whole file reports it with its line
    return records


def sniff_delimiter(lines: list[str]) -> str:
    """Guess the delimiter of the sample ``lines`` (see the module's rules).

    >>> sniff_delimiter(["a;b", "1,5;2,25", "3,0;4,5"])
    ';'
    >>> sniff_delimiter(["x,y", "1.5,2", "3,4"])
    ','
    """
    best, best_score = ",", None
    for delimiter in DELIMITERS:
        rows = [record[0] for record in _records(lines, delimiter)]
        if not rows:
            continue
        width, agreeing = Counter(len(row) for row in rows).most_common(1)[0]
        if width < 2:
            continue
        regular = [row for row in rows if len(row) == width]
        numeric = sum(looks_numeric(text, ".") or looks_numeric(text, ",")
                      for row in regular for text in row)
        score = (agreeing / len(rows), numeric, -(len(regular) * width - numeric))
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return best


def sniff_decimal(rows: list[list[str]], delimiter: str) -> str:
    """Guess the decimal mark from sample rows already split by ``delimiter``.

    >>> sniff_decimal([["1,5", "2"]], ";"), sniff_decimal([["1.5", "2"]], ";")
    (',', '.')
    """
    if delimiter != "," and any("," in text and looks_numeric(text, ",")
                                and not looks_numeric(text, ".") for row in rows for text in row):
        return ","
    return "."


def detect_header(rows: list[list[str]], decimal: str) -> bool:
    """Whether the first of the sample ``rows`` is a header (see the module's rules).

    >>> detect_header([["x", "y"], ["1", "2"]], "."), detect_header([["1", "2"], ["3", "4"]], ".")
    (True, False)
    >>> detect_header([["M", "0.5"], ["F", "0.7"], ["M", "0.2"]], ".")
    False
    """
    if not rows:
        return False
    first, below = rows[0], rows[1:]
    text = [j for j, name in enumerate(first)
            if not looks_numeric(name, decimal) and not is_missing(name)]
    if not text or not below:
        return bool(text)
    for j in text:
        values = [row[j] for row in below if j < len(row) and not is_missing(row[j])]
        if values and 2 * sum(looks_numeric(value, decimal) for value in values) > len(values):
            return True
    # Only text columns carry evidence: a header name is not one of the column's values.
    return all(first[j].strip() not in {row[j].strip() for row in below if j < len(row)}
               for j in text)


@dataclass
class HeaderInfo:
    """The layout of a file and the names of its columns.

    ``delimiter`` is one character or :data:`WHITESPACE`; ``trailing`` whether rows end with a
    delimiter (an empty last field, dropped); ``skip_lines`` the physical lines before the
    first data row; ``reference`` where the column count comes from, for messages ("the
    header" or "line 1"); ``preamble`` the class names of a skipped preamble line; ``notes``
    what was detected, as (message id, values).
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


def _check_names(names: list[str]) -> None:
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if not name:
            raise DataError(
                _("column {position} has an empty name in the header; name it, or pass "
                  "{no_header} if the first line is data (an unnamed first column is often "
                  "an index written by pandas: remove it)").format(
                    position=position, no_header=option("header", False)))
        if name in seen:
            raise DataError(
                _("columns {first} and {second} are both named {name!r}; give every column "
                  "a different name").format(first=seen[name], second=position, name=name))
        seen[name] = position


def _is_preamble(records: list) -> bool:
    """Whether the first record is a line of counts and class names (see the module)."""
    if len(records) < 2 or len(records[0][0]) < 2:
        return False
    first = [text.strip() for text in records[0][0]]
    width = sorted(len(record[0]) for record in records[1:])[(len(records) - 1) // 2]
    if not all(text.isdigit() for text in first[:2]) or int(first[1]) >= width:
        return False
    return all(text and not looks_numeric(text) for text in first[2:])


def _trailing(header_row, data_rows) -> tuple[bool, list | None]:
    """Whether rows end with a delimiter, and the header without a trailing empty name."""
    width = len(data_rows[0]) if data_rows else len(header_row)
    ends_empty = bool(data_rows) and width >= 2 and all(row[-1] == "" for row in data_rows)
    if header_row is None:
        return ends_empty, None
    if ends_empty and len(header_row) == width and header_row[-1] == "":
        return True, header_row[:-1]
    if not data_rows and len(header_row) >= 2 and header_row[-1] == "":
        return False, header_row[:-1]
    return ends_empty and len(header_row) == width - 1, header_row


def read_layout(source, *, delimiter: str | None = None, decimal: str | None = None,
                header: bool | None = None, names: list[str] | None = None,
                skip_rows: int | None = None) -> HeaderInfo:
    """Decide how the file is written and name its columns (see the module's rules).

    Raises
    ------
    DataError
        For a file of blank lines, empty or duplicate header names.
    ConfigError
        For ``names`` of the wrong length.
    """
    skipped = skip_rows or 0
    lines, notes = _LINE.findall(source.sample)[skipped:], list(source.notes)
    if delimiter is None:
        content = [line for line in lines[: 4 * _SAMPLE_RECORDS] if line.strip()]
        delimiter = sniff_delimiter(content[:_SAMPLE_RECORDS])
        if delimiter != ",":
            notes.append((N_("detected the delimiter {delimiter}"),
                          {"delimiter": delimiter_name(delimiter)}))
    records = _records(lines, delimiter)
    if not records:
        raise DataError(_("{path} has only blank lines; a CSV file needs a header line and rows "
                          "of data").format(path=source.path))
    preamble = []
    if skip_rows is None and _is_preamble(records):
        (row, _first, last), records = records[0], records[1:]
        skipped += last
        preamble = [text.strip() for text in row[2:]]
        notes.append((N_("skipped line 1, {text!r}: a preamble of counts and class names (as in "
                         "scikit-learn's bundled files); to read it as data, pass {skip_rows}"),
                      {"text": ",".join(row)[:80], "skip_rows": option("skip_rows", 0)}))
        records = [(fields, a - last, b - last) for fields, a, b in records]
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
    trailing, header_row = _trailing(header_row, data_rows)
    if trailing:
        notes.append((N_("dropped the empty last field left by a trailing delimiter"), {}))
    n_columns = len(header_row) if header_row is not None else len(data_rows[0]) - trailing
    if names is not None:
        names = [str(name) for name in names]
        if len(names) != n_columns:
            raise ConfigError(
                _("names has {k} names but the file has {n} columns; give one name per column")
                .format(k=len(names), n=n_columns))
    elif header_row is not None:
        names = header_row
    else:
        names = [f"column_{j}" for j in range(1, n_columns + 1)]
        notes.append((N_("no header line: columns named {first} to {last}"),
                      {"first": names[0], "last": names[-1]}))
    _check_names(names)
    if header:
        reference, skip_lines = _("the header"), skipped + records[0][2]
    else:
        reference, skip_lines = _("line {line}").format(line=skipped + records[0][1]), skipped
    return HeaderInfo(delimiter, decimal, trailing, names, bool(header), skip_lines, reference,
                      preamble, notes)
