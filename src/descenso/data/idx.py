"""Read IDX files, the format of MNIST and Fashion-MNIST.

An IDX file is two zero bytes, a type code (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D
float32, 0x0E float64), the number of dimensions d, d sizes (big-endian uint32), then the numbers
(big-endian, C order): MNIST's images start ``00 00 08 03``, its labels ``00 00 08 01``. Gzip is
recognised by its first two bytes (``1f 8b``), not by the file name. Every way a file can be
wrong raises :class:`~descenso.errors.DataError` naming the file and saying what to do.
"""

from __future__ import annotations

import math
import os
import struct
import zlib

import numpy as np

from descenso.data.input_file import open_regular
from descenso.errors import DataError
from descenso.i18n import gettext as _
from descenso.limits import check_memory

__all__ = ["IDX_TYPES", "read_idx"]

#: IDX type code -> dtype as stored in the file (big-endian).
IDX_TYPES = {0x08: np.dtype("u1"), 0x09: np.dtype("i1"), 0x0B: np.dtype(">i2"),
             0x0C: np.dtype(">i4"), 0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}
# Deflate cannot compress better than about 1032:1: more output than 1100 times the input is
# corrupt, and inflating stops there (a bound on time and memory).
_MAX_GZIP_RATIO = 1100
_CHUNK = 1 << 24  # inflated bytes per step
_MAX_HEADER = 4 + 4 * 255  # the magic number and up to 255 sizes


def read_idx(path: str | os.PathLike, ndim: int | None = None) -> np.ndarray:
    """Read an IDX file, gzipped or raw, into a NumPy array.

    ``ndim`` is the number of dimensions expected (3 for images, 1 for labels); another raises.
    Returns an ndarray of the header's shape and dtype (uint8 for MNIST), native byte order,
    writable. Raises :class:`~descenso.errors.DataError` if the file is missing, unreadable, not
    IDX, truncated, followed by extra bytes or its gzip stream corrupt, and
    :class:`~descenso.errors.ResourceLimitError` if it or its array exceeds the memory available.

    >>> import gzip, tempfile
    >>> path = tempfile.mkdtemp() + "/labels-idx1-ubyte.gz"
    >>> _ = open(path, "wb").write(gzip.compress(bytes.fromhex("00000801 00000003 050004")))
    >>> read_idx(path)
    array([5, 0, 4], dtype=uint8)
    """
    if ndim is not None and (isinstance(ndim, bool) or not isinstance(ndim, int) or ndim < 1):
        raise ValueError(_("ndim must be a positive integer or None, got {ndim!r}").format(
            ndim=ndim))
    name = os.fspath(path)
    with open_regular(name, _("{path} is a folder, not an IDX file; give the path of a file "
                              "inside it")) as file:
        size = os.fstat(file.fileno()).st_size
        check_memory(size, name)
        data = bytearray(size)
        try:
            data = data[:file.readinto(data)]
        except OSError as err:
            raise DataError(_("{path}: could not read the file ({reason})").format(
                path=name, reason=err.strerror or err)) from None
    if not data:
        raise DataError(_("{path} is empty (0 bytes), not an IDX file; delete it and download "
                          "again").format(path=name))
    gzipped = data[:2] == b"\x1f\x8b"
    head = _gunzip(data, name, _MAX_HEADER, count=False)[0] if gzipped else data[:_MAX_HEADER]
    dtype, shape = _read_header(bytes(head), name, ndim)
    start, expected = 4 + 4 * len(shape), math.prod(shape) * dtype.itemsize
    found, complete = len(data) - start, True
    if gzipped:  # inflate only what the header's claim needs, and count the rest
        check_memory(min(expected, size * _MAX_GZIP_RATIO), name)
        data, inflated, complete = _gunzip(data, name, start + expected)
        found = inflated - start
    if found != expected:
        what = {3: _("image data"), 1: _("label data")}.get(len(shape), _("data"))
        raise DataError((_("{path}: expected {expected} bytes of {what} after the header (shape "
                           "{shape}, {dtype}), found {found}; the file is truncated — delete "
                           "it and download again") if found < expected else
                         _("{path}: expected {expected} bytes of {what} after the header (shape "
                           "{shape}, {dtype}), found {found}: {extra} bytes too many; the file "
                           "is corrupt — delete it and download again")).format(
            path=name, expected=expected, what=what, shape=_show(shape), found=found,
            dtype=dtype.newbyteorder("=").name, extra=found - expected))
    if not complete:
        raise DataError(_("{path}: the gzip stream ends before its end marker; the file is "
                          "truncated — delete it and download again").format(path=name))
    array = np.frombuffer(data, dtype, offset=start).reshape(shape)
    return array.byteswap(inplace=True).view(dtype.newbyteorder("="))  # in place: no copy


def _gunzip(data: bytearray, name: str, keep: int, count: bool = True):
    """The first ``keep`` inflated bytes of the gzip members in ``data``, their total length (if
    ``count``, else inflating stops at ``keep``), whether the last ended; zlib checks the CRCs."""
    kept, total, rest, first = bytearray(), 0, bytes(data), True
    corrupt = _("{path}: the gzip stream is corrupt ({reason}); delete it and download again")
    while rest:
        inflater, fresh = zlib.decompressobj(wbits=31), True
        while not inflater.eof:
            try:
                piece = inflater.decompress(rest, _CHUNK if count else keep - len(kept))
            except zlib.error as err:
                if fresh and not first:  # gzip allows members back to back, not other bytes
                    raise DataError(_("{path}: {n} bytes of something other than gzip follow "
                                      "the end of the gzip stream; the file is corrupt — delete "
                                      "it and download again").format(path=name, n=len(rest)))
                raise DataError(corrupt.format(path=name, reason=err)) from None
            fresh, rest, total = False, inflater.unconsumed_tail, total + len(piece)
            kept += piece[:keep - len(kept)]
            if total > len(data) * _MAX_GZIP_RATIO:
                raise DataError(corrupt.format(path=name, reason="> 1100:1"))
            if not count and len(kept) >= keep:
                return kept, total, True
            if not piece and not rest:
                return kept, total, False
        rest, first = inflater.unused_data, False
    return kept, total, True


def _read_header(head: bytes, name: str, ndim: int | None) -> tuple[np.dtype, tuple[int, ...]]:
    """The dtype and shape in the first bytes ``head`` of an IDX file."""
    magic = head[:4]
    if len(magic) < 4:
        raise DataError(_("{path}: the file ends after {n} bytes, inside the 4-byte IDX magic "
                          "number; the file is truncated — delete it and download again").format(
            path=name, n=len(magic)))
    code, dims = magic[2], magic[3]
    if magic[0] or magic[1]:
        raise DataError(_("{path} is not an IDX file: it starts with {found}, but IDX files start "
                          "with 00 00, a type code and the number of dimensions (MNIST images: "
                          "00 00 08 03, labels: 00 00 08 01); check that you gave the right "
                          "file").format(path=name, found=magic.hex(" ")))
    if code not in IDX_TYPES:
        raise DataError(_("{path}: unknown IDX type code 0x{code:02X} in the magic number "
                          "{magic}; the known codes are 08 (uint8), 09 (int8), 0B (int16), 0C "
                          "(int32), 0D (float32), 0E (float64); the file is corrupt or not IDX — "
                          "delete it and download again").format(
            path=name, code=code, magic=magic.hex(" ")))
    if dims == 0:
        raise DataError(_("{path}: the IDX header declares 0 dimensions (magic number {magic}); "
                          "the file is corrupt — delete it and download again").format(
            path=name, magic=magic.hex(" ")))
    sizes = head[4:4 + 4 * dims]
    if len(sizes) < 4 * dims:
        raise DataError(_("{path}: the file ends inside its IDX header, which announces {ndim} "
                          "dimensions ({n} bytes of sizes, found {found}); the file is truncated "
                          "— delete it and download again").format(
            path=name, ndim=dims, n=4 * dims, found=len(sizes)))
    shape = struct.unpack(f">{dims}I", sizes)
    if 0 in shape:
        raise DataError(_("{path}: the IDX header gives the shape {shape}, with a dimension of "
                          "size 0; the file is corrupt or holds no data — delete it and download "
                          "again").format(path=name, shape=_show(shape)))
    if ndim is not None and dims != ndim:
        raise DataError(_("{path} holds a {found}-D array of shape {shape}, but {expected}-D "
                          "data was expected; check that the file is the one you meant").format(
            path=name, found=dims, shape=_show(shape), expected=ndim))
    return IDX_TYPES[code], shape


def _show(shape: tuple[int, ...]) -> str:
    return "x".join(map(str, shape))
