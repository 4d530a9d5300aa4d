"""Opening a file the user named: only regular files, bounded reads, errors that say why.

Every reader of user files (CSV, IDX, PNG, ``.npy``, model and checkpoint files) opens them
through :func:`open_regular`, so one check refuses what would hang or never end: a FIFO
(named pipe) blocks forever waiting for a writer, ``/dev/zero`` never ends, a socket or a
folder is not a file. The file is opened with ``O_NONBLOCK`` so that the open itself cannot
block on a FIFO, then ``fstat`` says what it really is (no race between a check and the open).

:func:`read_bounded` reads a whole file no larger than a limit, and refuses one that grows
past the limit while it is read. :func:`open_snapshot` reads a file only up to the size it had
when it was opened, so a file that another program keeps appending to ends where it ended then.

>>> open_regular("no/such/file.gz")
Traceback (most recent call last):
...
descenso.errors.DataError: no/such/file.gz: no such file; check the path
"""

from __future__ import annotations

import errno
import io
import os
import stat
from typing import BinaryIO

from descenso.errors import DataError, DescensoError, ResourceLimitError
from descenso.i18n import gettext as _
from descenso.limits import format_bytes

__all__ = ["check_line_length", "check_regular_file", "open_regular", "open_snapshot",
           "read_bounded"]


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def _open_error(name: str, err: OSError, error: type[DescensoError]) -> DescensoError:
    if err.errno == errno.ENOENT:
        return error(_("{path}: no such file; check the path").format(path=name))
    if err.errno == errno.ELOOP:
        return error(_("{path}: too many levels of symbolic links (a symlink loop); make the "
                       "link point to a real file").format(path=name))
    if err.errno in (errno.EACCES, errno.EPERM):
        return error(_("{path}: permission denied; make the file readable or copy it "
                       "elsewhere").format(path=name))
    if err.errno == errno.ENOTDIR:
        return error(_("{path}: a part of the path is a file, not a folder; check the "
                       "path").format(path=name))
    if err.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
        return error(_("{path} is not a regular file; give the path of a file").format(
            path=name))
    return error(_("{path}: cannot open the file ({reason}); check the path").format(
        path=name, reason=err.strerror or err))


def open_regular(name: str | os.PathLike, folder_message: str | None = None,
                 error: type[DescensoError] = DataError) -> BinaryIO:
    """Open ``name`` for reading bytes if it is a regular file, or raise ``error`` saying why.

    Parameters
    ----------
    name : str or path-like
    folder_message : str, optional
        Already translated, with a ``{path}`` field: the error for a folder given where a file
        was expected (each reader says what the folder should have been).
    error : DescensoError subclass
        The class raised (``DataError`` for data, ``ModelFileError`` for model files).

    Raises
    ------
    error
        For a missing file, a symlink loop, a permission problem, a folder, or anything that
        is not a regular file (FIFO, device, socket).
    """
    name = os.fspath(name)
    try:
        descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                             | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        raise error((folder_message or _("{path} is a folder, not a file; give the path of a "
                                         "file")).format(path=name)) from None
    except OSError as err:
        raise _open_error(name, err, error) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            if stat.S_ISDIR(mode):
                raise error((folder_message or _("{path} is a folder, not a file; give the path "
                                                 "of a file")).format(path=name))
            raise error(_("{path} is {kind}, not a regular file; descenso reads only regular "
                          "files: save the data to a file first").format(
                path=name, kind=_kind(mode)))
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


class _Snapshot(io.RawIOBase):
    """The first ``size`` bytes of an open file: reads end there even if the file grows."""

    def __init__(self, file: BinaryIO, size: int):
        super().__init__()
        self.file, self.size = file, size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.file.tell()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_END:
            offset, whence = self.size + offset, io.SEEK_SET
        return self.file.seek(offset, whence)

    def readinto(self, buffer) -> int:
        left = self.size - self.file.tell()
        if left <= 0:
            return 0
        with memoryview(buffer) as view:
            return self.file.readinto(view[: min(left, len(view))]) or 0

    def close(self) -> None:
        self.file.close()
        super().close()


def open_snapshot(name: str | os.PathLike, size: int | None = None,
                  folder_message: str | None = None) -> tuple[BinaryIO, int]:
    """Open the regular file ``name`` as it is now: ``(file, size)``, reads ending at ``size``.

    ``size`` defaults to the file's size at this open (``os.fstat``); pass the size of an
    earlier open to read the same bytes again. Raises like :func:`open_regular`.
    """
    file = open_regular(name, folder_message)
    if size is None:
        size = os.fstat(file.fileno()).st_size
    return io.BufferedReader(_Snapshot(file, size), 1 << 16), size


def check_regular_file(name: str | os.PathLike, folder_message: str | None = None,
                       error: type[DescensoError] = DataError) -> int:
    """Raise ``error`` unless ``name`` is a regular file that can be opened; return its size."""
    with open_regular(name, folder_message, error) as file:
        return os.fstat(file.fileno()).st_size


def read_bounded(name: str | os.PathLike, limit: int, what: str,
                 error: type[DescensoError] = DataError) -> bytes:
    """The whole content of the regular file ``name``, refused above ``limit`` bytes.

    ``what`` (translated) names the kind of file in the message, e.g. "a model file".
    """
    name = os.fspath(name)
    with open_regular(name, None, error) as file:
        size = os.fstat(file.fileno()).st_size
        if size <= limit:
            try:
                data = file.read(limit + 1)  # a file that grows meanwhile stops at the limit
            except OSError as err:
                raise _open_error(name, err, error) from None
            if len(data) <= limit:
                return data
            size = len(data)
    raise ResourceLimitError(
        _("{path} is larger than {limit} ({size}), more than {what} can be; check that it is "
          "the right file").format(path=name, limit=format_bytes(limit),
                                   size=format_bytes(size), what=what))


def check_line_length(name: str | os.PathLike, limit: int) -> None:
    """Refuse a text file whose first line is longer than ``limit`` bytes.

    A 50 MB file without a single line break is not a table (nor any line-based text), and
    reading it line by line would hold it whole; the check reads at most ``limit`` bytes.
    """
    name = os.fspath(name)
    read = 0
    with open_regular(name) as file:
        while read <= limit:
            chunk = file.read(1 << 16)
            if not chunk or b"\n" in chunk or b"\r" in chunk:
                return
            read += len(chunk)
    raise ResourceLimitError(
        _("the first line of {path} is longer than {limit} (no line break in its first "
          "{limit}); a CSV file holds one row per line: check that this is the CSV file you "
          "meant").format(path=name, limit=format_bytes(limit)))
