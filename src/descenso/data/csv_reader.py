"""``load_csv``: any CSV file into a :class:`~descenso.data.TabularDataset`.

The steps, each in its own module:

1. :mod:`~descenso.data.csv_source` checks the file, checks that the whole file is text and
   reads its first lines;
2. :mod:`~descenso.data.csv_sniff` guesses the delimiter, decimal mark, header and preamble;
3. :mod:`~descenso.data.csv_table` reads the cells with pandas and types each column;
4. :mod:`~descenso.data.csv_roles` infers the task and what each column is (an id, a date, a
   category with too many levels) and :mod:`~descenso.data.csv_assemble` builds ``X`` and
   ``y``.

This module checks the options, resolves the target and feature columns, and runs the steps.
"""

from __future__ import annotations

import codecs
import difflib
import os
from collections.abc import Mapping, Sequence

import numpy as np

from descenso.advice import option
from descenso.data.csv_assemble import assemble
from descenso.data.csv_sniff import WHITESPACE, read_layout
from descenso.data.csv_source import check_cut, open_source
from descenso.data.csv_table import Column, read_cells
from descenso.data.dataset import TASKS, TabularDataset
from descenso.data.input_file import check_line_length, check_regular_file
from descenso.data.listing import listing
from descenso.errors import ConfigError, DataError
from descenso.i18n import gettext as _
from descenso.i18n import ngettext

__all__ = ["load_csv"]

_MAX_LINE_BYTES = 16 * 2**20  # a header or a row longer than this is not a table


_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "whitespace": WHITESPACE, "space": WHITESPACE}


def _check_options(delimiter, decimal, header, task, min_rows, encoding, skip_rows):
    if isinstance(delimiter, str):
        delimiter = _DELIMITER_NAMES.get(delimiter.lower(), delimiter)
    if delimiter is not None and (
        not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in "\"\r\n.+-0123456789"
    ):
        raise ConfigError(
            _("delimiter must be one character such as ',' ';' '\\t' or '|', got {value!r}")
            .format(value=delimiter)
        )
    if decimal not in (None, ".", ","):
        raise ConfigError(_("decimal must be '.' or ',', got {value!r}").format(value=decimal))
    if decimal is not None and decimal == delimiter:
        raise ConfigError(_("decimal and delimiter cannot both be {value!r}").format(value=decimal))
    if header not in (None, True, False):
        raise ConfigError(_("header must be True, False or None (detect), got {value!r}")
                          .format(value=header))
    if task is not None and task not in TASKS:
        raise ConfigError(_("task must be 'regression' or 'classification', got {value!r}; "
                            "pass one of the two (or leave it out to detect it)")
                          .format(value=task))
    if isinstance(min_rows, bool) or not isinstance(min_rows, (int, np.integer)) or min_rows < 1:
        raise ConfigError(_("min_rows must be a whole number >= 1, got {value!r}")
                          .format(value=min_rows))
    if skip_rows is not None and (isinstance(skip_rows, bool) or not isinstance(
            skip_rows, (int, np.integer)) or skip_rows < 0):
        raise ConfigError(_("skip_rows must be a whole number >= 0, got {value!r}")
                          .format(value=skip_rows))
    try:
        codecs.lookup(encoding)
        "".encode(encoding)  # refuses codecs that are not text encodings (base64, rot13)
    except (LookupError, TypeError):
        raise ConfigError(_("unknown encoding {value!r}; try 'utf-8', 'latin-1' or 'cp1252'")
                          .format(value=encoding)) from None
    return delimiter


def _unknown_target(target: str, names: list[str]) -> DataError:
    columns = listing(names)
    match = difflib.get_close_matches(target, names, n=1)
    if match:
        return DataError(
            _("target column {target!r} not found (did you mean {match!r}?); the columns are: "
              "{columns}").format(target=target, match=match[0], columns=columns)
        )
    return DataError(
        _("target column {target!r} not found; the columns are: {columns}").format(
            target=target, columns=columns
        )
    )


def _target_index(target, names: list[str], optional: bool) -> int | None:
    n = len(names)
    if target is None:
        return None if optional else n - 1
    if isinstance(target, (int, np.integer)) and not isinstance(target, bool):
        if not -n <= target < n:
            raise DataError(
                _("target index {index} is out of range for a file with {n} columns; use 0 to "
                  "{last}, or -1 for the last column").format(index=target, n=n, last=n - 1)
            )
        return int(target) % n
    if not isinstance(target, str):
        raise ConfigError(
            _("target must be a column name or index, got {value!r}").format(value=target)
        )
    if target.strip() in names:
        return names.index(target.strip())
    if optional:
        return None
    try:
        return _target_index(int(target), names, optional)
    except ValueError:
        raise _unknown_target(target, names) from None


def _feature_indices(features, names: list[str], target: int | None, ignored) -> list[int]:
    if features is None:
        return [j for j in range(len(names)) if j != target]
    features = [str(name) for name in features]
    lacking = [name for name in features if name not in names]
    if lacking:
        raise DataError(
            ngettext("the file lacks the column {missing}; the model needs: {needed}",
                     "the file lacks the columns {missing}; the model needs: {needed}",
                     len(lacking)).format(
                missing=", ".join(map(repr, lacking)), needed=listing(features)
            )
        )
    extra = [name for j, name in enumerate(names)
             if name not in features and j != target and j not in ignored]
    if extra:
        raise DataError(
            ngettext("unexpected column {extra}; the model was trained on: {needed}; remove it",
                     "unexpected columns {extra}; the model was trained on: {needed}; remove them",
                     len(extra)).format(extra=listing([repr(name) for name in extra]),
                                        needed=listing(features))
        )
    if target is not None and names[target] in features:
        raise ConfigError(
            _("column {name!r} cannot be both the target and a feature").format(name=names[target])
        )
    return [names.index(name) for name in features]


def _columns_named(option_name: str, wanted, names: list[str]) -> list[int]:
    wanted = [str(name).strip() for name in wanted]
    lacking = [name for name in wanted if name not in names]
    if lacking:
        raise DataError(
            _("{option} names {missing}, which the file does not have; the columns are: "
              "{columns}").format(option=option(option_name), missing=", ".join(map(repr, lacking)),
                                  columns=listing(names)))
    return [names.index(name) for name in wanted]


def load_csv(
    path: str | os.PathLike,
    target: str | int | None = None,
    *,
    delimiter: str | None = None,
    header: bool | None = None,
    decimal: str | None = None,
    names: Sequence[str] | None = None,
    skip_rows: int | None = None,
    columns: Sequence[str] | None = None,
    drop: Sequence[str] = (),
    drop_missing: bool = False,
    keep_missing: bool = False,
    task: str | None = None,
    min_rows: int = 2,
    categories: Mapping[str, Sequence[str] | None] | None = None,
    dates: Sequence[str] = (),
    features: Sequence[str] | None = None,
    class_names: Sequence[str] | None = None,
    encoding: str = "utf-8-sig",
) -> TabularDataset:
    """Load a CSV file as features ``X`` and target ``y``, one-hot encoding text columns.

    Parameters
    ----------
    path : str or path-like
    target : str or int, optional
        The target column, by name or index (negative counts from the end; a string that
        names no column but is an integer is taken as an index). Default: the last column.
    delimiter : str, optional
        One character, ``"tab"``, or ``"whitespace"`` (fields separated by runs of spaces);
        detected among ``,`` ``;`` tab ``|`` and whitespace when not given.
    header : bool, optional
        Whether the first line holds column names; detected when not given.
    decimal : {".", ","}, optional
        The decimal mark; ``,`` is detected in files not delimited by ``,``.
    names : sequence of str, optional
        Column names to use instead of the header's (or for a file without a header).
    skip_rows : int, optional
        Lines to skip at the start of the file. Default: a preamble line of counts and class
        names (scikit-learn's ``iris.csv``) is detected and skipped; 0 skips nothing.
    columns : sequence of str, optional
        The feature columns to use (kept in the file's order); every other column but the
        target is ignored.
    drop : sequence of str
        Columns to ignore.
    drop_missing : bool
        Drop rows with a missing value (empty, ``NA``, ``NaN``, ``null``, ``?``) instead of
        raising an error. The summary says how many.
    keep_missing : bool
        Keep rows with missing feature values, as NaN in ``X`` (a missing category is NaN in
        each of its one-hot columns), counted per column in the dataset's ``missing``; rows
        whose target is missing are dropped, with a line in the summary. For a model that
        fills them: ``descenso fit`` fills them with the training rows' median or most
        frequent value. ``drop_missing`` takes precedence.
    task : {"regression", "classification"}, optional
        Default: classification for a text target or whole numbers with few distinct values
        (see :mod:`descenso.data.csv_roles`), regression otherwise; the summary says which.
    min_rows : int
        Fewest data rows accepted (default 2).
    categories : mapping of str to (sequence of str or None), optional
        Columns to one-hot encode whatever their values; with a list, only those categories
        are allowed, in that order (how a trained model's encoding is reapplied).
    dates : sequence of str
        Columns to read as dates (how a trained model's date columns are reapplied).
    features : sequence of str, optional
        The exact feature columns expected (a trained model's); any other column except the
        target and those in ``drop`` is an error, and the target may then be absent (``y``
        is None). No column role is inferred.
    class_names : sequence of str, optional
        The allowed classes of a classification target, in index order.
    encoding : str
        Text encoding; the default reads UTF-8 with or without a byte-order mark, and UTF-16
        is recognised by its byte-order mark.

    Returns
    -------
    TabularDataset
        ``X`` float64 (n_samples, n_features), ``y`` float64 (regression) or int64 class
        indices (classification), names, categories, and a summary of what was done.

    Raises
    ------
    DataError
        For a bad file, with the problem, its line and column, and what to do.
    ConfigError
        For an invalid option.

    Notes
    -----
    Text columns are one-hot encoded in place of the column, their categories sorted as
    :class:`~descenso.data.OneHotEncoder` sorts them (``Sex`` in Abalone gives ``F, I, M``),
    and recorded in ``categories``. Class names are sorted the same way (numerically for
    numbers). Unless ``features`` or ``columns`` name them, a column unique on every row (an
    id) and a category with too many levels for the rows are dropped, and dates become
    numbers (year, month, day of year, day of week), each with a line in the summary; see
    :mod:`descenso.data.csv_roles`. How the format is detected is described in
    :mod:`descenso.data.csv_sniff`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> text = "sex;weight;rings\\nM;0,5;9\\nF;0,7;11\\nM;0,6;10\\n"
    >>> _ = (folder / "shells.csv").write_text(text)
    >>> ds = load_csv(folder / "shells.csv")
    >>> ds.feature_names, ds.X.tolist()[0], ds.y.tolist()
    (['sex_F', 'sex_M', 'weight'], [0.0, 1.0, 0.5], [9.0, 11.0, 10.0])
    """
    delimiter = _check_options(delimiter, decimal, header, task, min_rows, encoding, skip_rows)
    if os.path.lexists(path):  # a missing file gets open_source's message, with the folder
        check_regular_file(path, _("{path} is a directory, not a file; give the path of a CSV "
                                   "file"))
        check_line_length(path, _MAX_LINE_BYTES)
    source = open_source(path, encoding)
    info = read_layout(source, delimiter=delimiter, decimal=decimal, header=header, names=names,
                       skip_rows=skip_rows)
    names = info.names
    t = _target_index(target, names, optional=features is not None)
    dropped = set(_columns_named("drop", drop, names)) if features is None else {
        names.index(name) for name in drop if name in names}
    if columns is not None:
        chosen = _columns_named("columns", columns, names)
        if t in chosen and features is None:
            raise ConfigError(_("column {name!r} cannot be both the target and a feature")
                              .format(name=names[t]))
        dropped |= {j for j in range(len(names)) if j not in chosen and j != t}
    feature_columns = [j for j in _feature_indices(features, names, t, dropped)
                       if j not in dropped or features is not None]
    if not feature_columns:
        raise DataError(
            _("{path} has only the target column {target!r}; a model needs at least one "
              "feature column").format(path=source.path, target=names[t])
        )
    categories = dict(categories or {})
    for name in [*categories, *dates]:
        if name not in names:
            raise DataError(
                _("categories were given for {name!r}, which is not a column of the file; the "
                  "columns are: {columns}").format(name=name, columns=listing(names))
            )
    text_columns = {names.index(name) for name in [*categories, *dates]}
    if t is not None and class_names is not None:
        text_columns.add(t)
    used = feature_columns + ([t] if t is not None else [])
    known = {names.index(name): list(values) for name, values in categories.items()
             if values is not None}
    if t is not None and class_names is not None:
        known[t] = list(class_names)
    cells = [Column(j, categorical=j in text_columns,
                    texts={str(text): k for k, text in enumerate(known.get(j, ()))})
             for j in sorted(used)]
    blocks, extra, short, blank = read_cells(source, info, cells, text_columns)
    check_cut(source)  # the file may have grown while pandas read it
    return assemble(source, info, {c.index: c for c in cells}, blocks, t, feature_columns,
                    extra=extra, short=short, blank=blank, drop_missing=drop_missing,
                    keep_missing=keep_missing, task=task,
                    min_rows=min_rows, categories=categories, dates=list(dates),
                    class_names=class_names, infer=features is None,
                    chosen=columns is not None)
