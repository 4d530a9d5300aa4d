"""From blocks of rows to the finished table: collecting columns, then building ``X`` and ``y``.

:func:`read_columns` feeds every block of the file to the column builders and raises the
first bad cell; :func:`assemble` checks missing values, the target and the row count, and
fills ``X`` with categorical columns one-hot encoded in place.

Memory: while reading, numbers are kept as float64 matrices of consecutive rows (and category
codes as int32); ``X`` is then filled from them one matrix at a time, each freed once copied.
Measured on 200,000 and 1,000,000 rows of 20 numbers and one category: the peak traced by
``tracemalloc`` is 1.9 times the size of ``X`` and ``y``, and the process's peak resident
memory grows by about 1.5 times that size (freed matrices go back to the system while ``X``'s
pages are first touched).
"""

from __future__ import annotations

import re

import numpy as np

from descenso.advice import option
from descenso.data.csv_blocks import make_block, show_value
from descenso.data.csv_columns import ColumnBuilder, Problem
from descenso.data.csv_header import HeaderInfo
from descenso.data.csv_source import iter_chunks
from descenso.data.dataset import TabularDataset
from descenso.errors import DataError
from descenso.i18n import N_, ngettext
from descenso.i18n import gettext as _
from descenso.limits import check_memory

__all__ = ["assemble", "read_columns"]


_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")


def _problem_error(problem: Problem, names: list[str], decimal: str, known: list[str]) -> DataError:
    column, value = names[problem.column], show_value(problem.value)
    where = {"line": problem.line, "column": column, "value": value, "known": ", ".join(known)}
    if problem.kind == "infinite":
        message = _("line {line}, column {column!r}: {value} is infinite; replace it with a "
                    "finite number or remove the row")
    elif problem.kind == "unknown":
        message = _("line {line}, column {column!r}: unknown category {value}; the known "
                    "categories are: {known}")
    elif decimal == "," and "." in problem.value:
        message = _("line {line}, column {column!r}: {value} is not a number in this file, "
                    "which uses decimal commas (3,14); write it with a comma, or pass "
                    "decimal='.'")
    elif decimal == "." and _DECIMAL_COMMA.fullmatch(problem.value.strip()):
        message = _("line {line}, column {column!r}: {value} looks like a number with a "
                    "decimal comma; pass decimal=','")
    else:
        message = _("line {line}, column {column!r}: {value} is not a number, but most of the "
                    "column is numeric; correct or remove it (or declare the column "
                    "categorical)")
    return DataError(message.format(**where))


_MERGE_BYTES = 1 << 25


def _merge(run: list[tuple]) -> tuple:
    if len(run) == 1:
        return run[0]
    return (sum(entry[0] for entry in run), run[0][1], np.concatenate([entry[2] for entry in run]))


def read_columns(source, info: HeaderInfo, builders: list[ColumnBuilder]) -> list[tuple]:
    """Read every block into the builders.

    Returns a list of ``(n_rows, columns, numbers)``: for consecutive rows, a float64 matrix
    (n_rows, len(columns)) of the columns that were not categorical, NaN where missing.
    Blocks are merged into matrices of at least 32 MB: large allocations are returned to the
    operating system as soon as they are freed, so memory falls while ``X`` is filled.
    """
    stored, run = [], []
    for chunk, line in iter_chunks(source, info.skip_lines):
        block = make_block(chunk, line, info.layout)
        if block is None:
            continue
        numeric = [j for j, builder in enumerate(builders) if builder.kind != "categorical"]
        if numeric:
            values, parsed = block.numbers(numeric)
        else:
            values = parsed = np.empty((block.n_rows, 0))
        position = {j: k for k, j in enumerate(numeric)}
        problems = []
        for j, builder in enumerate(builders):
            k = position.get(j)
            numbers = None if k is None else (values[:, k], parsed[:, k])
            problem = builder.add(block, numbers)
            if problem is not None:
                problems.append(problem)
        if problems:
            first = min(problems, key=lambda p: (p.line, p.column))
            raise _problem_error(first, info.names, info.layout.format.decimal,
                                 builders[first.column].categories)
        if run and run[0][1] != numeric:
            stored.append(_merge(run))
            run = []
        run.append((block.n_rows, numeric, values))
        if sum(entry[2].nbytes for entry in run) >= _MERGE_BYTES:
            stored.append(_merge(run))
            run = []
    if run:
        stored.append(_merge(run))
    return stored


def _numbers(stored: list[tuple], j: int) -> np.ndarray:
    """Numeric column ``j`` for every row, from the stored matrices."""
    return np.concatenate([numbers[:, columns.index(j)] for _, columns, numbers in stored])


def _class_labels(builder: ColumnBuilder, values: np.ndarray, fixed: bool):
    """Class indices (int64) and class names for a classification target."""
    if builder.kind == "numeric":
        classes, y = np.unique(values, return_inverse=True)
        names = [str(int(c)) if float(c).is_integer() else repr(float(c)) for c in classes]
        return y.astype(np.int64), names
    names = builder.categories
    if fixed:
        return values.astype(np.int64), names
    order = np.argsort(np.array(names, dtype=object), kind="stable")
    rank = np.empty(len(names), dtype=np.int64)
    rank[order] = np.arange(len(names))
    return rank[values], [names[k] for k in order]


def assemble(source, info, builders, stored, t, feature_columns, *, drop_missing, task,
             min_rows, fixed_classes) -> TabularDataset:
    """Check what was read and build the dataset (``t``: the target's column, or None).

    Raises
    ------
    DataError
        For no data rows, an all-missing column, missing values (unless ``drop_missing``),
        too few rows, or a target that regression or classification cannot use.
    """
    names, path = info.names, source.path
    n_rows = sum(block[0] for block in stored)
    notes = list(info.notes)
    if n_rows == 0:
        raise DataError(
            _("{path} has a header but no data rows; add rows of data below the header")
            .format(path=path)
        )
    used = feature_columns + ([t] if t is not None else [])
    for j in used:
        if builders[j].first_value is None:
            raise DataError(
                _("column {column!r} has no values (every row is missing); remove the column "
                  "or fill it in").format(column=names[j])
            )
    keep = None
    missing = [builders[j] for j in used if builders[j].n_missing]
    if missing:
        count = sum(builder.n_missing for builder in missing)
        first = min(missing, key=lambda b: (b.first_missing_line, b.index))
        if not drop_missing:
            raise DataError(
                ngettext(
                    "{count} missing value (first at line {line}, column {column!r}); fill it "
                    "in, remove its row, or pass {drop_missing} to drop rows with missing "
                    "values",
                    "{count} missing values (first at line {line}, column {column!r}); fill "
                    "them in, remove their rows, or pass {drop_missing} to drop rows with "
                    "missing values",
                    count,
                ).format(count=count, line=first.first_missing_line, column=names[first.index],
                         drop_missing=option("drop_missing", True))
            )
        keep = np.ones(n_rows, dtype=bool)
        for builder in missing:
            if builder.kind == "numeric":
                keep &= ~np.isnan(_numbers(stored, builder.index))
            else:
                keep &= builder.codes() >= 0
        dropped = n_rows - int(keep.sum())
        notes.append((N_("dropped {count} rows with missing values (the first at line {line})"),
                      {"count": dropped, "line": first.first_missing_line}))
        n_rows -= dropped
        if n_rows < min_rows:
            raise DataError(
                _("only {n} rows remain after dropping {dropped} rows with missing values, but "
                  "at least {min_rows} are needed").format(n=n_rows, dropped=dropped,
                                                           min_rows=min_rows)
            )
    if n_rows < min_rows:
        raise DataError(
            ngettext("{path} has only {n} data row; at least {min_rows} are needed to fit and "
                     "evaluate a model",
                     "{path} has only {n} data rows; at least {min_rows} are needed to fit and "
                     "evaluate a model", n_rows).format(path=path, n=n_rows, min_rows=min_rows)
        )

    y, class_names, target_name = None, None, None
    if t is not None:
        y, task, class_names = _target(builders[t], names[t], keep, task, fixed_classes, stored)
        target_name = names[t]

    X, feature_names, encoded = _features(builders, names, feature_columns, keep, n_rows, stored)
    return TabularDataset(
        X, y, feature_names, target_name, task=task or "regression", categories=encoded,
        class_names=class_names, input_features=[names[j] for j in feature_columns],
        source=str(path), notes=notes,
    )


def _runs(pairs):
    """Group (source, target) column pairs into runs that are contiguous on both sides."""
    runs = []
    for source, target in pairs:
        if runs and runs[-1][0] + runs[-1][2] == source and runs[-1][1] + runs[-1][2] == target:
            runs[-1][2] += 1
        else:
            runs.append([source, target, 1])
    return runs


def _features(builders, names, feature_columns, keep, n_rows, stored):
    """Fill ``X`` (n_rows, n_features), one-hot encoding categorical columns in place.

    Numbers are copied block by block from the stored row-major matrices, so each copy stays
    in cache; copying whole strided columns of a big ``X`` would sweep its memory once per
    column.
    """
    numeric, onehot, feature_names, encoded = {}, [], [], {}
    column = 0
    for j in feature_columns:
        builder = builders[j]
        if builder.kind == "numeric":
            numeric[j] = column
            feature_names.append(names[j])
            column += 1
        else:
            codes = builder.codes()
            onehot.append((column, codes if keep is None else codes[keep]))
            encoded[names[j]] = builder.categories
            feature_names.extend(f"{names[j]}_{category}" for category in builder.categories)
            column += len(builder.categories)
    _check_size(n_rows, column, encoded)
    X = np.zeros((n_rows, column), dtype=np.float64)
    start = stop = 0  # rows of the file, and rows of X filled so far
    while stored:
        size, columns, values = stored.pop(0)
        rows = slice(start, start + size)
        start += size
        if keep is not None:
            values = values[keep[rows]]
            size = values.shape[0]
        tile = X[stop : stop + size]
        for source, target, width in _runs([(k, numeric[j]) for k, j in enumerate(columns)
                                            if j in numeric]):
            tile[:, target : target + width] = values[:, source : source + width]
        local = np.arange(size)
        for position, codes in onehot:
            tile[local, position + codes[stop : stop + size]] = 1.0
        stop += size
        del values
    return X, feature_names, encoded


def _target(builder: ColumnBuilder, name: str, keep, task, fixed_classes, stored):
    values = _numbers(stored, builder.index) if builder.kind == "numeric" else builder.codes()
    if keep is not None:
        values = values[keep]
    line, example = builder.first_value
    if task is None:
        task = "regression" if builder.kind == "numeric" else "classification"
    if task == "regression":
        if builder.kind != "numeric":
            raise DataError(
                _("target column {target!r} is not numeric (it holds values such as {value} at "
                  "line {line}); regression predicts numbers: choose a numeric target, or pass "
                  "{classification}").format(target=name, value=show_value(example), line=line,
                                             classification=option("task", "classification"))
            )
        if values.min() == values.max():
            raise DataError(
                _("target column {target!r} has the same value ({value}) in every row, so "
                  "there is nothing to learn; choose another target column").format(
                    target=name, value=f"{values[0]:g}"
                )
            )
        return values, task, None
    y, class_names = _class_labels(builder, values, fixed_classes)
    present = np.unique(y)
    if present.size < 2 and not fixed_classes:
        raise DataError(
            _("target column {target!r} has only one class ({value!r}); classification needs "
              "at least two").format(target=name, value=class_names[int(present[0])])
        )
    return y, task, class_names


# X, then the training, validation and test copies of its rows that a run makes.
_COPIES_OF_X = 2


def _check_size(n_rows: int, n_columns: int, encoded: dict) -> None:
    """Refuse, before allocating it, an ``X`` that one-hot encoding makes larger than memory
    (a text column with one value per row becomes as many columns as rows)."""
    what = _("the table after one-hot encoding ({rows} rows x {columns} columns)").format(
        rows=n_rows, columns=n_columns)
    if encoded:
        widest = max(encoded, key=lambda name: len(encoded[name]))
        what += _(", where {name!r} alone has {k} categories,").format(
            name=widest, k=len(encoded[widest]))
    check_memory(8.0 * n_rows * n_columns * _COPIES_OF_X, what,
                 _("drop text columns that identify rows (a name or an id) or use fewer rows"))
