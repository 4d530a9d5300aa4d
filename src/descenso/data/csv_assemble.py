"""From the columns read to the finished table: checks, column roles, ``X`` and ``y``.

:func:`assemble` reports the first bad cell, rows with missing values, too few rows and a
target unfit for its task, applies the roles of :mod:`~descenso.data.csv_roles`, and fills
``X`` with categorical columns one-hot encoded in place and dates as numbers.

Memory: numbers arrive as float64 matrices of consecutive rows (and category codes as
int32); ``X`` is then filled from them one matrix at a time, each freed once copied.
"""

from __future__ import annotations

import re

import numpy as np

from descenso.advice import option
from descenso.data.csv_roles import date_features, infer_task, is_date_column, is_id_name, role
from descenso.data.csv_table import locate, structure_error
from descenso.data.dataset import TabularDataset
from descenso.data.listing import listing
from descenso.data.onehot import OneHotEncoder
from descenso.errors import DataError
from descenso.i18n import N_, ngettext
from descenso.i18n import gettext as _
from descenso.limits import check_memory

__all__ = ["TARGET_MISSING", "assemble"]

_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
TARGET_MISSING = N_("rows whose target {target!r} is missing were dropped: {count} (the first "
                    "at line {line})")
"""The summary line of rows left out for their missing target (``keep_missing``)."""


def show_value(text: str, limit: int = 40) -> str:
    """A cell's text quoted for an error message, shortened when long.

    >>> show_value("abc"), show_value("x" * 50, limit=5)
    ("'abc'", "'xxxxx...'")
    """
    return repr(text[:limit])[:-1] + "...'" if len(text) > limit else repr(text)


def _cell_error(kind: str, line: int, column: str, text: str, decimal: str) -> DataError:
    where = {"line": line, "column": column, "value": show_value(text)}
    if kind == "infinite":
        message = _("line {line}, column {column!r}: {value} is infinite; replace it with a "
                    "finite number or remove the row")
    elif decimal == "," and "." in text:
        message = _("line {line}, column {column!r}: {value} is not a number in this file, "
                    "which uses decimal commas (3,14); write it with a comma, or pass "
                    "decimal='.'")
    elif decimal == "." and _DECIMAL_COMMA.fullmatch(text.strip()):
        message = _("line {line}, column {column!r}: {value} looks like a number with a "
                    "decimal comma; pass decimal=','")
    else:
        message = _("line {line}, column {column!r}: {value} is not a number, but most of the "
                    "column is numeric; correct or remove it (or declare the column "
                    "categorical)")
    return DataError(message.format(**where))


def _numbers(blocks: list, j: int) -> np.ndarray:
    """Numeric column ``j`` for every row, from the blocks."""
    return np.concatenate([matrix[:, numeric.index(j)] for _n, numeric, matrix in blocks])


def _missing(column, blocks) -> np.ndarray:
    if column.kind == "numeric":
        return np.isnan(_numbers(blocks, column.index))
    return column.all_codes() < 0


def _sorted_categories(column, fixed) -> tuple[list[str], np.ndarray]:
    """Categories in :class:`OneHotEncoder`'s order (or as given), and each row's index."""
    texts = list(column.texts)
    codes = column.all_codes()
    if fixed is not None:
        return texts, codes  # given categories come first, in their order; unknowns after
    encoder = OneHotEncoder().fit(np.array(texts or [""], dtype=str).reshape(-1, 1))
    order = encoder.categories_[0].tolist() if texts else []
    rank = np.array([order.index(text) for text in texts] + [-1], dtype=np.int32)
    return order, rank[codes]


def _check_cells(source, info, cells, fixed: dict) -> None:
    """Raise the first bad cell of the file: not a number, infinite, or an unknown category."""
    found = []
    for column in cells.values():
        if column.bad is not None:
            row, kind, text = column.bad
            found.append((row, column.index, kind, text))
        known = fixed.get(column.index)
        if known is not None and column.kind == "categorical" and len(column.texts) > len(known):
            codes = column.all_codes()
            row = int(np.argmax(codes >= len(known)))
            found.append((row, column.index, "unknown", list(column.texts)[codes[row]]))
    if not found:
        return
    row, j, kind, text = min(found, key=lambda item: item[:2])
    line, fields = locate(source, info, row)
    name = info.names[j]
    if text is None:
        text = fields[j] if j < len(fields) else ""
    if kind == "unknown":
        raise DataError(
            _("line {line}, column {column!r}: unknown category {value}; the known categories "
              "are: {known}").format(line=line, column=name, value=show_value(text.strip()),
                                     known=listing(fixed[j])))
    raise _cell_error(kind, line, name, text, info.decimal)


def _target(column, name, values, task, class_names, line_and_text, n_rows):
    """``(y, task, class names, note)`` for the target column."""
    note = None
    if task is None:
        task, reason = infer_task(values if column.kind == "numeric" else None)
        if reason == "few":
            note = (N_("target {target!r} holds whole numbers with few distinct values: "
                       "classification; to predict numbers, pass {flag}"),
                    {"target": name, "flag": option("task", "regression")})
        elif reason == "many":
            note = (N_("target {target!r} holds whole numbers with many distinct values: "
                       "regression; to predict classes, pass {flag}"),
                    {"target": name, "flag": option("task", "classification")})
        elif reason == "text":
            note = (N_("target {target!r} holds text: classification"), {"target": name})
    if task == "regression":
        if column.kind != "numeric":
            line, example = line_and_text
            raise DataError(
                _("target column {target!r} is not numeric (it holds values such as {value} at "
                  "line {line}); regression predicts numbers: choose a numeric target, or pass "
                  "{classification}").format(target=name, value=show_value(example), line=line,
                                             classification=option("task", "classification")))
        if n_rows and values.min() == values.max():
            raise DataError(
                _("target column {target!r} has the same value ({value}) in every row, so there "
                  "is nothing to learn; choose another target column").format(
                    target=name, value=f"{values[0]:g}"))
        return values, task, None, note
    if column.kind == "numeric":
        classes, y = np.unique(values, return_inverse=True)
        names = [str(int(c)) if float(c).is_integer() else repr(float(c)) for c in classes]
    else:
        names, y = values
    if class_names is None and len(np.unique(y)) < 2:
        raise DataError(
            _("target column {target!r} has only one class ({value!r}); classification needs "
              "at least two").format(target=name, value=names[int(y[0])]))
    return np.asarray(y, dtype=np.int64), task, names, note


def assemble(source, info, cells, blocks, t, feature_columns, *, extra, short, blank,
             drop_missing, keep_missing, task, min_rows, categories, dates, class_names, infer,
             chosen) -> TabularDataset:
    """Check what was read, give each column its role, and build the dataset.

    ``t`` is the target's column or None; ``infer`` whether column roles are inferred (not
    when a trained model's ``features`` are reapplied); ``chosen`` whether the user listed
    the feature columns (then none is dropped).
    """
    names, path, notes = info.names, source.path, list(info.notes)
    if short and (error := structure_error(source, info)) is not None:
        raise error
    fixed = {names.index(key): value for key, value in categories.items() if value is not None}
    if t is not None and class_names is not None:
        fixed[t] = list(class_names)
    _check_cells(source, info, cells, fixed)
    if extra is not None:
        line, fields = locate(source, info, extra[0])
        raise DataError(
            _("line {line} has a value ({value}) after its last column, where the other rows end "
              "with a delimiter; remove the value or name its column in the header").format(
                line=line, value=show_value(fields[-1])))
    n_rows = sum(block[0] for block in blocks)
    if n_rows == 0:
        raise DataError(_("{path} has a header but no data rows; add rows of data below the "
                          "header").format(path=path))
    used = feature_columns + ([t] if t is not None else [])
    for j in used:
        if cells[j].kind is None:
            raise DataError(_("column {column!r} has no values (every row is missing); remove "
                              "the column or fill it in").format(column=names[j]))
    keep, kept_missing = None, {}
    if any(cells[j].missing for j in used):
        masks = {j: _missing(cells[j], blocks) for j in used}
        present = np.ones(sum(block[0] for block in blocks), dtype=bool)
        present[blank] = False  # rows with no value in any column, skipped like blank lines
        keep_missing = keep_missing and not drop_missing
        if keep_missing:  # only a missing target drops a row; features stay NaN
            features_missing = {j: masks.pop(j) for j in feature_columns}
        first = min(((int(np.argmax(mask & present)), j) for j, mask in masks.items()
                     if (mask & present).any()), default=None)
        keep = present & ~np.logical_or.reduce([np.zeros_like(present), *masks.values()])
        count = sum(int((mask & present).sum()) for mask in masks.values())
        if keep_missing:
            kept_missing = {names[j]: int(n) for j, mask in features_missing.items()
                            if (n := (mask & keep).sum())}
        if first is not None and not drop_missing and not keep_missing:
            raise DataError(
                ngettext(
                    "{count} missing value (first at line {line}, column {column!r}); fill it "
                    "in, remove its row, or pass {drop_missing} to drop rows with missing "
                    "values",
                    "{count} missing values (first at line {line}, column {column!r}); fill "
                    "them in, remove their rows, or pass {drop_missing} to drop rows with "
                    "missing values", count,
                ).format(count=count, line=locate(source, info, first[0])[0],
                         column=names[first[1]], drop_missing=option("drop_missing", True)))
        dropped = int(present.sum() - keep.sum())
        if dropped and keep_missing:
            notes.append((TARGET_MISSING,
                          {"count": dropped, "target": names[t],
                           "line": locate(source, info, first[0])[0]}))
        elif dropped:
            notes.append((N_("dropped {count} rows with missing values (the first at line "
                             "{line})"), {"count": dropped,
                                          "line": locate(source, info, first[0])[0]}))
        n_kept = int(keep.sum())
        if n_kept < min_rows and dropped:
            raise DataError(
                _("only {n} rows remain after dropping {dropped} rows with missing values, but "
                  "at least {min_rows} are needed; fill in the missing values or add rows").format(n=n_kept, dropped=dropped,
                                                           min_rows=min_rows))
        n_rows = n_kept
    if n_rows < min_rows:
        raise DataError(
            ngettext("{path} has only {n} data row; at least {min_rows} are needed to fit and "
                     "evaluate a model",
                     "{path} has only {n} data rows; at least {min_rows} are needed to fit and "
                     "evaluate a model", n_rows).format(path=path, n=n_rows, min_rows=min_rows))

    y, class_list, target_name = None, None, None
    if t is not None:
        column = cells[t]
        if column.kind == "numeric":
            values = _numbers(blocks, t)
            values = values if keep is None else values[keep]
        else:
            order, codes = _sorted_categories(column, fixed.get(t))
            values = (order, codes if keep is None else codes[keep])
        line_text = (locate(source, info, column.first_value[0])[0], column.first_value[1]) \
            if column.first_value else (0, "")
        if task is None and info.preamble and column.kind == "numeric" and set(
                np.unique(values).tolist()) <= set(range(len(info.preamble))):
            task = "classification"  # the preamble names the classes 0, 1, ...
        y, task, class_list, note = _target(column, names[t], values, task, class_names,
                                            line_text, n_rows)
        target_name = names[t]
        if note is not None:
            notes.append(note)
        if class_list is not None and info.preamble and class_names is None \
                and class_list == [str(k) for k in range(len(info.preamble))]:
            class_list = list(info.preamble)
    plan = _plan(cells, names, blocks, feature_columns, keep, n_rows, fixed, dates, infer,
                 chosen, notes)
    X, feature_names, encoded, date_columns = _features(plan, names, blocks, keep, n_rows)
    inputs = [names[j] for j, *_rest in plan]
    return TabularDataset(
        X, y, feature_names, target_name, task=task or "regression", categories=encoded,
        class_names=class_list, input_features=inputs, source=str(path), notes=notes,
        dates=date_columns, missing={name: kept_missing[name] for name in inputs
                                     if name in kept_missing},
        ignored=[name for j, name in enumerate(names) if name not in inputs and j != t],
    )


def _plan(cells, names, blocks, feature_columns, keep, n_rows, fixed, dates, infer, chosen,
          notes):
    """Each kept feature column as ``(j, how, data)``: numeric, one-hot or date."""
    plan = []
    for j in feature_columns:
        column, name = cells[j], names[j]
        if column.kind == "numeric":
            if infer and not chosen and is_id_name(name):
                values = _numbers(blocks, j)
                values = np.unique(values if keep is None else values[keep])
                whole = values.size == n_rows and np.all(values == np.round(values))
                if role(name, "numeric", 0, bool(whole), n_rows) == "id":
                    notes.append(_drop_note("id", name))
                    continue
            plan.append((j, "numeric", None))
            continue
        order, codes = _sorted_categories(column, fixed.get(j))
        codes = codes if keep is None else codes[keep]
        if name in dates or (infer and is_date_column(order)):
            parts, values = date_features(order)
            bad = np.isnan(values[:, 0]) if len(order) else np.zeros(0, dtype=bool)
            if bad.any():
                text = order[int(np.argmax(bad))]
                raise DataError(
                    _("column {column!r} holds dates, but {value} is not a date; write dates "
                      "as 2024-01-31").format(column=name, value=show_value(text)))
            if name not in dates:
                notes.append((N_("column {column!r} holds dates: used as numbers ({parts}); to "
                                 "leave it out, pass {drop}"),
                              {"column": name, "parts": ", ".join(parts),
                               "drop": option("drop", name)}))
            plan.append((j, "date", (parts, values, codes)))
            continue
        if infer and not chosen:
            unique = len(order) == n_rows and np.unique(codes).size == n_rows
            kind = role(name, "categorical", len(order), unique, n_rows)
            if kind != "feature":
                notes.append(_drop_note(kind, name, len(order)))
                continue
        plan.append((j, "onehot", (order, codes)))
    return plan


def _drop_note(kind: str, name: str, levels: int = 0) -> tuple[str, dict]:
    flag = option("columns")
    if kind == "id":
        return (N_("column {column!r} has a different value on every row (an id): dropped; to "
                   "use it, list it in {flag}"), {"column": name, "flag": flag})
    return (N_("column {column!r} has {levels} categories, too many for the rows: dropped; to "
               "use it, list it in {flag}"), {"column": name, "levels": levels, "flag": flag})


def _features(plan, names, blocks, keep, n_rows):
    """Fill ``X`` (n_rows, n_features) from the plan: numbers block by block, then the rest."""
    numeric, layout, feature_names, encoded, date_columns = {}, [], [], {}, []
    for j, how, data in plan:
        width, name = len(feature_names), names[j]
        if how == "numeric":
            numeric[j] = width
            feature_names.append(name)
        elif how == "date":
            parts, values, codes = data
            values = values[np.maximum(codes, 0)]
            values[codes < 0] = np.nan  # a missing date (kept with keep_missing)
            layout.append((width, values))
            date_columns.append(name)
            feature_names.extend(f"{name}_{part}" for part in parts)
        else:
            order, codes = data
            layout.append((width, codes, len(order)))
            encoded[name] = order
            feature_names.extend(f"{name}_{category}" for category in order)
    _check_size(n_rows, len(feature_names), encoded)
    X = np.zeros((n_rows, len(feature_names)), dtype=np.float64)
    start = stop = 0  # rows of the file, and rows of X filled so far
    while blocks:
        size, columns, values = blocks.pop(0)
        rows = slice(start, start + size)
        start += size
        if keep is not None:
            values = values[keep[rows]]
            size = values.shape[0]
        tile = X[stop : stop + size]
        for k, j in enumerate(columns):
            if j in numeric:
                tile[:, numeric[j]] = values[:, k]
        stop += size
        del values
    local = np.arange(n_rows)
    for position, data, *levels in layout:
        if data.ndim == 2:
            X[:, position : position + data.shape[1]] = data
            continue
        known = data >= 0
        X[local[known], position + data[known]] = 1.0
        X[local[~known], position : position + levels[0]] = np.nan  # missing: NaN in each
    return X, feature_names, encoded, date_columns


_COPIES_OF_X = 2  # X, and the copies a split and the standardizer make of its rows


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
