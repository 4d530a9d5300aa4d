"""Guessing how a CSV file is written: its delimiter, its decimal mark, whether it has a header.

The guesses are made on a sample of the first rows and follow simple written rules, so a
learner can predict them and override any of them (``delimiter=``, ``decimal=``,
``header=`` in :func:`descenso.data.load_csv`).

- **Delimiter**: each of ``,`` ``;`` tab ``|`` splits the sample rows (quotes respected), and
  so do runs of spaces (:data:`WHITESPACE`, as in ``1  2.66  20``), tried last.
  Candidates whose most common field count is more than 1 are compared by the share of rows
  with that count (so one ragged row does not disqualify the right delimiter), then by the
  number of numeric fields, then by the fewest non-numeric fields. A spreadsheet in a
  European locale writes ``1,5;2,25``: split by ``,`` that is ``1 | 5;2 | 25`` (two numbers
  and one text), split by ``;`` it is ``1,5 | 2,25`` (two numbers with a decimal comma, no
  text), so ``;`` wins. With no candidate the file is taken as comma-separated (one column,
  or a ragged row reported with its line).
- **Decimal mark**: ``,`` when the delimiter is not ``,`` and some sampled field is a number
  only when read with a decimal comma (``3,14``); ``.`` otherwise.
- **Header**: a first row made only of numbers (and missing values) is never a header. Else it
  is a header when one of its text fields sits above a column that is mostly numeric, or when
  none of its text fields appears again in its column in the sample (a header name is not
  one of the column's values; ``M`` above ``F, M, I, ...`` is data).

Missing values are empty fields and the markers in :data:`MISSING_MARKERS` (case ignored).
"""

from __future__ import annotations

import csv
from collections import Counter

from descenso.i18n import gettext as _

__all__ = [
    "DELIMITERS",
    "MISSING_MARKERS",
    "WHITESPACE",
    "delimiter_name",
    "detect_header",
    "is_blank_row",
    "is_missing",
    "looks_numeric",
    "sniff_decimal",
    "sniff_delimiter",
]

WHITESPACE = " "
"""The delimiter of files whose fields are separated by runs of spaces or tabs."""
DELIMITERS = (",", ";", "\t", "|", WHITESPACE)
MISSING_MARKERS = frozenset({"", "na", "n/a", "nan", "-nan", "+nan", "null", "?", "#n/a"})
"""Cell texts (after stripping spaces, in any case) that mean "no value"."""


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


def _split(lines: list[str], delimiter: str) -> list[list[str]]:
    if delimiter == WHITESPACE:
        return [line.split() for line in lines if line.strip()]
    rows = []
    try:
        for row in csv.reader(lines, delimiter=delimiter):
            if not is_blank_row(row):
                rows.append(row)
    except csv.Error:
        pass  # an unclosed quote in the sample; the rows before it are enough to judge
    return rows


def _numeric_count(rows: list[list[str]]) -> int:
    return sum(
        looks_numeric(field, ".") or looks_numeric(field, ",") for row in rows for field in row
    )


def sniff_delimiter(lines: list[str]) -> str:
    """Guess the delimiter of the sample ``lines`` (see the module's rules).

    >>> sniff_delimiter(["a;b", "1,5;2,25", "3,0;4,5"])
    ';'
    >>> sniff_delimiter(["x,y", "1.5,2", "3,4"])
    ','
    """
    best, best_score = ",", None
    for delimiter in DELIMITERS:
        rows = _split(lines, delimiter)
        if not rows:
            continue
        counts = Counter(len(row) for row in rows)
        width, agreeing = counts.most_common(1)[0]
        if width < 2:
            continue
        regular = [row for row in rows if len(row) == width]
        numeric = _numeric_count(regular)
        score = (agreeing / len(rows), numeric, -(len(regular) * width - numeric))
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return best


def sniff_decimal(rows: list[list[str]], delimiter: str) -> str:
    """Guess the decimal mark from sample rows already split by ``delimiter``.

    >>> sniff_decimal([["1,5", "2"]], ";"), sniff_decimal([["1.5", "2"]], ";")
    (',', '.')
    """
    if delimiter == ",":
        return "."
    for row in rows:
        for field in row:
            if "," in field and looks_numeric(field, ",") and not looks_numeric(field, "."):
                return ","
    return "."


def _mostly_numeric(values: list[str], decimal: str) -> bool:
    present = [value for value in values if not is_missing(value)]
    numbers = sum(looks_numeric(value, decimal) for value in present)
    return numbers * 2 > len(present)


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
    evidence = [not looks_numeric(field, decimal) and not is_missing(field) for field in first]
    if not any(evidence):
        return False
    if not below:
        return True
    n_columns = len(first)
    columns = [[row[j] for row in below if j < len(row)] for j in range(n_columns)]
    text_columns = []
    for j in range(n_columns):
        if evidence[j]:
            if columns[j] and _mostly_numeric(columns[j], decimal):
                return True
            text_columns.append(j)
    # Only text columns carry evidence: a header name is not one of the column's values.
    return all(
        first[j].strip() not in {value.strip() for value in columns[j]} for j in text_columns
    )
