"""write_idx: the tests' way to make IDX files (descenso only reads them)."""

from __future__ import annotations

import gzip
import os
import struct

import numpy as np

from descenso.data.idx import IDX_TYPES
from descenso.errors import DataError


def write_idx(path: str | os.PathLike, array: np.ndarray) -> None:
    """Write ``array`` as IDX, gzip-compressed (reproducibly: no timestamp, no file name)
    when ``path`` ends in ``.gz``. IDX holds 1 to 255 dimensions, none of size 0, of dtype
    uint8, int8, int16, int32, float32 or float64."""
    array = np.asarray(array)
    code = next((code for code, stored in IDX_TYPES.items()
                 if array.dtype == stored.newbyteorder("=")), None)
    if code is None:
        raise DataError(f"IDX cannot store dtype {array.dtype}; it holds uint8, int8, int16, "
                        "int32, float32 or float64 — convert first, e.g. array.astype(np.int32)")
    if not 1 <= array.ndim <= 255 or 0 in array.shape or max(array.shape) >= 2**32:
        raise DataError("IDX stores arrays of 1 to 255 dimensions, each of size 1 to 2**32 - 1; "
                        f"got shape {array.shape}")
    header = struct.pack(f">BBBB{array.ndim}I", 0, 0, code, array.ndim, *array.shape)
    body = np.ascontiguousarray(array, dtype=IDX_TYPES[code]).tobytes()
    with open(path, "wb") as raw:
        if os.fspath(path).endswith(".gz"):
            with gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as packed:
                packed.write(header + body)
        else:
            raw.write(header + body)
