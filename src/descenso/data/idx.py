"""Read and write IDX files, the format of MNIST and Fashion-MNIST.

An IDX file is a small header followed by the numbers of one array, nothing else::

    bytes 0-1      zero
    byte 2         type code: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32,
                   0x0D float32, 0x0E float64
    byte 3         number of dimensions d
    4 x d bytes    the size of each dimension, big-endian unsigned 32-bit integers
    the data       prod(sizes) numbers, big-endian, last dimension fastest (C order)

So MNIST's image files start with ``00 00 08 03`` (2051: uint8, 3-D) and its label files
with ``00 00 08 01`` (2049: uint8, 1-D). The published files are gzipped; :func:`read_idx`
recognises gzip by its first two bytes (``1f 8b``), not by the file name, so decompressed or
renamed files work too.

Every way a file can be wrong (not IDX, truncated, trailing bytes, a corrupt gzip stream, a
header that promises more data than the file can hold) raises :class:`~descenso.errors.DataError`
naming the file and saying what to do; nothing else escapes :func:`read_idx`.
"""

from __future__ import annotations

import gzip
import math
import os
import stat
import struct
import zlib

import numpy as np

from descenso.data.input_file import open_binary
from descenso.errors import DataError
from descenso.i18n import gettext as _

__all__ = ["read_idx", "write_idx"]

# IDX type code -> dtype as stored in the file (big-endian).
_TYPES: dict[int, np.dtype] = {
    0x08: np.dtype("u1"),
    0x09: np.dtype("i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_GZIP_MAGIC = b"\x1f\x8b"
# Deflate cannot compress better than about 1032:1, so a gzip file of n bytes holds at most
# about 1032 * n bytes. A header promising more is corrupt; the bound also caps memory.
_MAX_GZIP_RATIO = 1100
_CHUNK = 1 << 20


def read_idx(path: str | os.PathLike, ndim: int | None = None) -> np.ndarray:
    """Read an IDX file, gzipped or raw, into a NumPy array.

    Parameters
    ----------
    path : str or path-like
        The file. Gzip is detected by the first two bytes, not by the ``.gz`` suffix.
    ndim : int, optional
        The number of dimensions the caller expects (3 for images, 1 for labels). A file with
        another number raises ``DataError``.

    Returns
    -------
    ndarray of shape given by the header
        In native byte order, writable, with the file's dtype (uint8 for MNIST).

    Raises
    ------
    DataError
        The file is missing, unreadable, not IDX, truncated, followed by extra bytes, or its
        gzip stream is corrupt. The message names the file and says what to do.

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> folder = tempfile.mkdtemp()
    >>> write_idx(folder + "/labels-idx1-ubyte.gz", np.array([5, 0, 4], dtype=np.uint8))
    >>> read_idx(folder + "/labels-idx1-ubyte.gz")
    array([5, 0, 4], dtype=uint8)
    """
    if ndim is not None and (isinstance(ndim, bool) or not isinstance(ndim, int) or ndim < 1):
        raise ValueError(
            _("ndim must be a positive integer or None, got {ndim!r}").format(ndim=ndim)
        )
    name = os.fspath(path)
    file = _open(name)
    with file:
        try:
            return _read(file, name, ndim)
        except MemoryError:
            raise DataError(
                _("{path}: not enough memory to hold the array its header announces").format(
                    path=name
                )
            ) from None
        except OSError as err:
            raise DataError(
                _("{path}: could not read the file ({reason})").format(
                    path=name, reason=err.strerror or err
                )
            ) from None


def write_idx(path: str | os.PathLike, array: np.ndarray) -> None:
    """Write ``array`` as an IDX file, gzip-compressed when ``path`` ends in ``.gz``.

    Parameters
    ----------
    path : str or path-like
        Where to write. The gzip output is reproducible (no timestamp, no file name inside).
    array : array-like with 1 to 255 dimensions, none of size 0
        dtype uint8, int8, int16, int32, float32 or float64 (what IDX can store).

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> path = tempfile.mkdtemp() + "/tiny-idx2-float"
    >>> write_idx(path, np.arange(6, dtype=np.float32).reshape(2, 3))
    >>> read_idx(path)
    array([[0., 1., 2.],
           [3., 4., 5.]], dtype=float32)
    """
    array = np.asarray(array)
    code = _type_code(array.dtype)
    if not 1 <= array.ndim <= 255 or 0 in array.shape or max(array.shape) >= 2**32:
        raise DataError(
            _(
                "IDX stores arrays of 1 to 255 dimensions, each of size 1 to 2**32 - 1; "
                "got shape {shape}"
            ).format(shape=array.shape)
        )
    header = struct.pack(f">BBBB{array.ndim}I", 0, 0, code, array.ndim, *array.shape)
    body = np.ascontiguousarray(array, dtype=_TYPES[code]).reshape(-1).view(np.uint8)
    with open(path, "wb") as raw:
        if os.fspath(path).endswith(".gz"):
            with gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as packed:
                packed.write(header)
                packed.write(body)
        else:
            raw.write(header)
            raw.write(body)


def _type_code(dtype: np.dtype) -> int:
    for code, stored in _TYPES.items():
        if dtype == stored.newbyteorder("="):
            return code
    raise DataError(
        _(
            "IDX cannot store dtype {dtype}; it holds uint8, int8, int16, int32, float32 or "
            "float64 — convert first, e.g. array.astype(np.int32)"
        ).format(dtype=dtype)
    )


def _open(name: str):
    file = open_binary(
        name, _("{path} is a folder, not an IDX file; give the path of a file inside it"))
    if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
        file.close()
        raise DataError(
            _("{path} is not a regular file; give the path of an IDX file").format(path=name)
        )
    return file


def _read(file, name: str, ndim: int | None) -> np.ndarray:
    size = os.fstat(file.fileno()).st_size
    if size == 0:
        raise DataError(
            _("{path} is empty (0 bytes), not an IDX file; delete it and download again").format(
                path=name
            )
        )
    gzipped = file.read(2) == _GZIP_MAGIC
    file.seek(0)
    stream = _GzipStream(file, name, size) if gzipped else _RawStream(file)

    dtype, shape = _read_header(stream, name)
    if ndim is not None and len(shape) != ndim:
        raise DataError(
            _(
                "{path} holds a {found}-D array of shape {shape}, but {expected}-D data was "
                "expected; check that the file is the one you meant"
            ).format(path=name, found=len(shape), shape=_show(shape), expected=ndim)
        )
    header_bytes = 4 + 4 * len(shape)
    expected = math.prod(shape) * dtype.itemsize
    what = _("image data") if len(shape) == 3 else _("label data") if len(shape) == 1 else _("data")

    if gzipped:
        capacity = min(expected, size * _MAX_GZIP_RATIO)
    else:
        capacity = expected
        found = size - header_bytes
        if found != expected:  # known from the file size alone, before reading anything
            _raise_length(name, expected, found, what, shape, dtype)
    buffer = np.empty(capacity, dtype=np.uint8)
    filled = stream.readinto(memoryview(buffer))
    if filled < expected:
        if filled == capacity:
            filled += stream.count_rest()
        _raise_length(name, expected, filled, what, shape, dtype)
    extra = stream.count_rest()
    if extra:
        _raise_length(name, expected, expected + extra, what, shape, dtype)
    if not stream.complete:
        raise DataError(
            _(
                "{path}: the gzip stream ends before its end marker; the file is truncated — "
                "delete it and download again"
            ).format(path=name)
        )
    array = buffer.view(dtype).reshape(shape)
    if not dtype.isnative:  # swap in place: no second copy of the data
        array = array.byteswap(inplace=True).view(dtype.newbyteorder("="))
    return array


def _read_header(stream, name: str) -> tuple[np.dtype, tuple[int, ...]]:
    magic = _read_bytes(stream, 4)
    if len(magic) < 4:
        raise DataError(
            _(
                "{path}: the file ends after {n} bytes, inside the 4-byte IDX magic number; "
                "the file is truncated — delete it and download again"
            ).format(path=name, n=len(magic))
        )
    if magic[0] or magic[1]:
        raise DataError(
            _(
                "{path} is not an IDX file: it starts with {found}, but IDX files start with "
                "00 00, a type code and the number of dimensions (MNIST images: 00 00 08 03, "
                "labels: 00 00 08 01); check that you gave the right file"
            ).format(path=name, found=magic.hex(" "))
        )
    code, ndim = magic[2], magic[3]
    if code not in _TYPES:
        raise DataError(
            _(
                "{path}: unknown IDX type code 0x{code:02X} in the magic number {magic}; the "
                "known codes are 08 (uint8), 09 (int8), 0B (int16), 0C (int32), 0D (float32), "
                "0E (float64); the file is corrupt or not IDX — delete it and download again"
            ).format(path=name, code=code, magic=magic.hex(" "))
        )
    if ndim == 0:
        raise DataError(
            _(
                "{path}: the IDX header declares 0 dimensions (magic number {magic}); the "
                "file is corrupt — delete it and download again"
            ).format(path=name, magic=magic.hex(" "))
        )
    sizes = _read_bytes(stream, 4 * ndim)
    if len(sizes) < 4 * ndim:
        raise DataError(
            _(
                "{path}: the file ends inside its IDX header, which announces {ndim} "
                "dimensions ({n} bytes of sizes, found {found}); the file is truncated — "
                "delete it and download again"
            ).format(path=name, ndim=ndim, n=4 * ndim, found=len(sizes))
        )
    shape = struct.unpack(f">{ndim}I", sizes)
    if 0 in shape:
        raise DataError(
            _(
                "{path}: the IDX header gives the shape {shape}, with a dimension of size 0; "
                "the file is corrupt or holds no data — delete it and download again"
            ).format(path=name, shape=_show(shape))
        )
    return _TYPES[code], shape


def _raise_length(name, expected, found, what, shape, dtype):
    if found < expected:
        message = _(
            "{path}: expected {expected} bytes of {what} after the header (shape {shape}, "
            "{dtype}), found {found}; the file is truncated — delete it and download again"
        )
    else:
        message = _(
            "{path}: expected {expected} bytes of {what} after the header (shape {shape}, "
            "{dtype}), found {found}: {extra} bytes too many; the file is corrupt — "
            "delete it and download again"
        )
    raise DataError(
        message.format(
            path=name,
            expected=expected,
            what=what,
            shape=_show(shape),
            dtype=dtype.newbyteorder("=").name,
            found=found,
            extra=found - expected,
        )
    )


def _show(shape: tuple[int, ...]) -> str:
    return "x".join(str(size) for size in shape)


def _read_bytes(stream, n: int) -> bytes:
    buffer = bytearray(n)
    filled = stream.readinto(memoryview(buffer))
    return bytes(buffer[:filled])


class _RawStream:
    """An uncompressed file: reads go straight into the caller's buffer."""

    complete = True

    def __init__(self, file):
        self._file = file

    def readinto(self, out: memoryview) -> int:
        filled = 0
        while filled < len(out):
            n = self._file.readinto(out[filled:])
            if not n:
                break
            filled += n
        return filled

    def count_rest(self) -> int:
        return len(self._file.read())


class _GzipStream:
    """A gzip file inflated chunk by chunk, so memory never exceeds what the caller asks for.

    zlib checks each member's CRC-32 and length at its end; ``complete`` tells whether the
    input ended exactly after a finished member.
    """

    def __init__(self, file, name: str, size: int):
        self._file = file
        self._name = name
        self._size = size
        self._inflater = zlib.decompressobj(wbits=31)
        self._pending = b""  # compressed bytes read from the file but not yet inflated
        self._input_done = False

    @property
    def complete(self) -> bool:
        return self._input_done and not self._pending and self._inflater.eof

    def readinto(self, out: memoryview) -> int:
        filled = 0
        while filled < len(out):
            if not self._pending:
                self._pending = self._file.read(_CHUNK)
                if not self._pending:
                    self._input_done = True
                    break
            new_member = self._inflater.eof
            if new_member:  # gzip allows several members back to back
                self._inflater = zlib.decompressobj(wbits=31)
            try:
                data = self._inflater.decompress(self._pending, len(out) - filled)
            except zlib.error as err:
                raise self._corrupt(err, new_member) from None
            if self._inflater.eof:
                self._pending = self._inflater.unused_data
            else:
                self._pending = self._inflater.unconsumed_tail
            out[filled : filled + len(data)] = data
            filled += len(data)
        return filled

    def count_rest(self) -> int:
        scratch = memoryview(bytearray(_CHUNK))
        total = 0
        while n := self.readinto(scratch):
            total += n
        return total

    def _corrupt(self, err: zlib.error, new_member: bool) -> DataError:
        if new_member:
            extra = len(self._pending) + self._size - self._file.tell()
            return DataError(
                _(
                    "{path}: {n} bytes of something other than gzip follow the end of the gzip "
                    "stream; the file is corrupt — delete it and download again"
                ).format(path=self._name, n=extra)
            )
        return DataError(
            _("{path}: the gzip stream is corrupt ({reason}); delete it and download again").format(
                path=self._name, reason=err
            )
        )
