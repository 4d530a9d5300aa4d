"""How a tensor prints: PyTorch's layout (``tensor([0.5000, 2.0000], requires_grad=True)``).

Floats print with 4 decimals, or as ``2.`` when every value is a whole number, or in
scientific notation when the values span more than three orders of magnitude; all elements
share one width so columns line up. Tensors of more than 1000 elements show the first and
last three along each axis, as PyTorch.

>>> import numpy as np
>>> format_values(np.array([0.5, 2.0], np.float32))
'[0.5000, 2.0000]'
>>> format_values(np.array([1.0, -2.0], np.float32))
'[ 1., -2.]'
>>> format_values(np.array([1e-5, 1.0]))
'[1.0000e-05, 1.0000e+00]'
"""

from __future__ import annotations

import numpy as np

__all__ = ["format_values", "quiet_dtype"]

_QUIET_DTYPES = (np.dtype(np.float32), np.dtype(np.int64), np.dtype(np.bool_))


def quiet_dtype(dtype: np.dtype) -> bool:
    """True for the dtypes a repr leaves out (float32, int64, bool), as PyTorch."""
    return dtype in _QUIET_DTYPES


def _float_formatter(data: np.ndarray):
    finite = data[np.isfinite(data)]
    magnitudes = np.abs(finite[finite != 0]).astype(np.float64)
    whole = bool(np.all(finite == np.ceil(finite)))
    scientific = False
    if magnitudes.size:
        largest, smallest = magnitudes.max(), magnitudes.min()
        scientific = largest / smallest > 1000.0 or largest > 1e8
        if not whole:
            scientific = scientific or smallest < 1e-4

    def text(value) -> str:
        if not np.isfinite(value):
            return str(float(value))
        if scientific:
            return f"{float(value):.4e}"
        if whole:
            return f"{float(value):.0f}."
        return f"{float(value):.4f}"

    # As PyTorch: the width fits the finite nonzero values; zeros, nan and inf do not widen it.
    width = max((len(text(value)) for value in finite[finite != 0]), default=1)
    return lambda value: text(value).rjust(width)


def format_values(data: np.ndarray, prefix: str = "tensor(") -> str:
    """The values of ``data`` laid out as PyTorch prints a tensor's (without ``tensor(``)."""
    formatter = {"float_kind": _float_formatter(data)} if data.dtype.kind == "f" else None
    text = np.array2string(
        data, separator=", ", prefix=prefix, formatter=formatter, threshold=1000, edgeitems=3,
        max_line_width=80, floatmode="maxprec",
    )
    return text.replace(", ...,", ",  ...,")  # PyTorch's spacing around the ellipsis
