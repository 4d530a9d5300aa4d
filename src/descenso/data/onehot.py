"""One-hot encoding of categorical columns, with scikit-learn's ``OneHotEncoder`` interface."""

from __future__ import annotations

import numpy as np

from descenso.errors import ConfigError, DataError, NotFittedError, ShapeError
from descenso.estimator import BaseEstimator
from descenso.i18n import gettext as _
from descenso.limits import check_memory
from descenso.validation import refuse_sparse

__all__ = ["OneHotEncoder"]


def _as_columns(X) -> np.ndarray:
    refuse_sparse(X)
    array = np.asarray(X)
    if array.ndim != 2:
        raise ShapeError(
            _("OneHotEncoder expects a 2-D array (n_samples, n_features), got shape {shape}; "
              "Reshape your data: X.reshape(-1, 1) for a single column").format(
                shape=array.shape)
        )
    if np.iscomplexobj(array):
        raise DataError(_("X holds complex numbers (dtype {dtype}): Complex data not "
                          "supported; give labels (text or numbers)").format(dtype=array.dtype))
    return array


def _column(array: np.ndarray, j: int) -> np.ndarray:
    """Column ``j`` as numbers (float64) or text (str), never a mix."""
    column = array[:, j]
    if column.dtype.kind in "biuf":
        values = column.astype(np.float64)
        if np.isinf(values).any():
            row = int(np.argmax(np.isinf(values)))
            raise DataError(
                _("row {row} of column {column} is infinite (inf); a category must be a "
                  "finite number or text").format(row=row, column=j))
        if np.isnan(values).any():
            row = int(np.argmax(np.isnan(values)))
            raise DataError(
                _("row {row} of column {column} is missing (NaN); drop or fill missing values "
                  "before encoding").format(row=row, column=j)
            )
        return values
    if column.dtype.kind == "U":
        return column
    items = column.tolist()
    if any(item is None or (isinstance(item, float) and item != item) for item in items):
        row = next(i for i, item in enumerate(items)
                   if item is None or (isinstance(item, float) and item != item))
        raise DataError(
            _("row {row} of column {column} is missing (None or NaN); drop or fill missing "
              "values before encoding").format(row=row, column=j)
        )
    if all(isinstance(item, str) for item in items):
        return np.array(items, dtype=str) if items else np.array([], dtype=str)
    if all(isinstance(item, (int, float, np.number)) and not isinstance(item, bool)
           for item in items):
        return np.array(items, dtype=np.float64)
    raise DataError(
        _("column {column} mixes numbers and text; convert it to one type before "
          "encoding").format(column=j)
    )


class OneHotEncoder(BaseEstimator):
    """Encode each categorical column as one 0/1 column per category.

    Parameters
    ----------
    categories : "auto" or list of lists
        ``"auto"``: each column's distinct values, sorted (as scikit-learn does). A list gives
        each column's categories in the order of their output columns.
    handle_unknown : {"error", "ignore"}
        What ``transform`` does with a category not seen in ``fit``: raise a ``DataError``
        naming the column, the value and the known categories, or encode the row as all
        zeros for that column.

    Attributes
    ----------
    categories_ : list of ndarray
        The categories of each column, in output order.
    n_features_in_ : int

    Examples
    --------
    >>> encoder = OneHotEncoder()
    >>> encoder.fit_transform([["M", 1], ["F", 2], ["M", 3]]).tolist()
    [[0.0, 1.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 0.0, 1.0]]
    >>> encoder.get_feature_names_out(["sex", "size"]).tolist()
    ['sex_F', 'sex_M', 'size_1', 'size_2', 'size_3']
    """

    def __init__(self, categories="auto", handle_unknown: str = "error"):
        self.categories = categories
        self.handle_unknown = handle_unknown

    def fit(self, X, y=None) -> OneHotEncoder:
        """Learn the categories of each column of ``X`` (n_samples, n_features)."""
        if self.handle_unknown not in ("error", "ignore"):
            raise ConfigError(
                _("handle_unknown must be 'error' or 'ignore', got {value!r}").format(
                    value=self.handle_unknown
                )
            )
        array = _as_columns(X)
        n_features = array.shape[1]
        if array.shape[0] == 0:
            raise DataError(_("{name} has 0 rows; give at least one sample").format(name="X"))
        if n_features == 0:
            raise DataError(
                _("{name} has 0 feature(s) (shape={shape}) while a minimum of 1 is required; give "
                  "at least one column").format(name="X", shape=array.shape))
        if isinstance(self.categories, str):
            if self.categories != "auto":
                raise ConfigError(
                    _("categories must be 'auto' or a list of lists, got {value!r}").format(
                        value=self.categories
                    )
                )
            self.categories_ = [np.unique(_column(array, j)) for j in range(n_features)]
        else:
            if len(self.categories) != n_features:
                raise ShapeError(
                    _("categories has {k} lists but X has {d} columns").format(
                        k=len(self.categories), d=n_features
                    )
                )
            given = []
            for j, values in enumerate(self.categories):
                values = _column(np.asarray(list(values), dtype=object).reshape(-1, 1), 0)
                if np.unique(values).size != values.size:
                    raise ConfigError(
                        _("the categories of column {column} repeat a value").format(column=j)
                    )
                given.append(values)
            self.categories_ = given
        self.n_features_in_ = n_features
        return self

    def _check_fitted(self):
        if not hasattr(self, "categories_"):
            raise NotFittedError(
                _("this OneHotEncoder is not fitted yet; call fit(X) before transform(X)")
            )

    def transform(self, X) -> np.ndarray:
        """Encode ``X`` (n_samples, n_features) as float64 (n_samples, total categories)."""
        self._check_fitted()
        array = _as_columns(X)
        if array.shape[1] != self.n_features_in_:
            raise ShapeError(
                _("X has {n} features, but {estimator} is expecting {fitted} features as input; "
                  "give the columns it was fitted with").format(
                    n=array.shape[1], estimator="OneHotEncoder", fitted=self.n_features_in_)
            )
        n = array.shape[0]
        widths = [len(categories) for categories in self.categories_]
        check_memory(8.0 * n * sum(widths), _("the one-hot encoding ({rows} rows x {columns} "
                                               "columns)").format(rows=n, columns=sum(widths)),
                     _("drop columns with a category per row (names, ids) or encode fewer rows"))
        out = np.zeros((n, sum(widths)), dtype=np.float64)
        offset = 0
        for j, categories in enumerate(self.categories_):
            values = _column(array, j)
            order = np.argsort(categories, kind="stable")
            found = np.zeros(n, dtype=bool)
            index = np.zeros(n, dtype=np.int64)
            comparable = (values.dtype.kind == "f") == (categories.dtype.kind == "f")
            if categories.size and comparable:
                position = np.searchsorted(categories, values, sorter=order)
                position = np.minimum(position, categories.size - 1)
                index = order[position]
                found = categories[index] == values
            if not found.all() and self.handle_unknown == "error":
                row = int(np.argmax(~found))
                raise DataError(
                    _("unknown category {value!r} in column {column} (row {row}); the known "
                      "categories are: {known}").format(
                        value=values[row].item(), column=j, row=row,
                        known=", ".join(str(c) for c in categories.tolist()),
                    )
                )
            rows = np.flatnonzero(found)
            out[rows, offset + index[rows]] = 1.0
            offset += widths[j]
        return out

    def fit_transform(self, X, y=None) -> np.ndarray:
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.categorical = True
        tags.input_tags.string = True
        return tags

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Output column names ``feature_category`` (features default to ``x0``, ``x1``...)."""
        self._check_fitted()
        if input_features is None:
            input_features = [f"x{j}" for j in range(self.n_features_in_)]
        if len(input_features) != self.n_features_in_:
            raise ShapeError(
                _("input_features has {k} names but the encoder was fitted on {d} columns")
                .format(k=len(input_features), d=self.n_features_in_)
            )
        names = []
        for feature, categories in zip(input_features, self.categories_):
            for category in categories.tolist():
                whole = isinstance(category, float) and category.is_integer()
                text = str(int(category)) if whole else str(category)
                names.append(f"{feature}_{text}")
        return np.array(names, dtype=object)
