"""Crash-safe file writing: a file is either the old complete version or the new complete one.

Writing a file in place is not safe: a crash, a full disk or a SIGKILL halfway leaves a
truncated file that looks like a model or a report but is not. :func:`atomic_write` writes to
a temporary file in the same directory, flushes it to disk (``os.fsync``), and only then
renames it over the target with ``os.replace``, which POSIX and Windows perform atomically
within one file system. Finally the directory itself is synced so the rename survives a power
cut. If anything fails before the rename, the temporary file is removed and the previous file
is left untouched.

Temporary files are named ``.{name}.{pid}.{random}.tmp``. A process killed with SIGKILL cannot
clean up after itself; :func:`remove_stale_temporaries` deletes such leftovers of processes
that no longer run. JSON is written strict and stable (:func:`encode_json`).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np

from descenso.errors import ConfigError, DataError
from descenso.i18n import gettext as _

__all__ = [
    "atomic_write",
    "encode_json",
    "remove_stale_temporaries",
    "write_bytes_atomic",
    "write_json_atomic",
    "write_text_atomic",
]

_MODES = ("w", "wb")
_TEMPORARY_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>[1-9]\d{0,9})\.[0-9a-f]{16}\.tmp$")


def _temporary_path(target: Path) -> Path:
    token = secrets.token_hex(8)
    return target.with_name(f".{target.name}.{os.getpid()}.{token}.tmp")


def _permissions_of(target: Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return None


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable. Windows cannot open a directory; there the rename is
    # as durable as the file system makes it.
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir() and not target.is_file():
        # Renaming over a device or a FIFO would replace it with a regular file.
        raise ConfigError(
            _("cannot write {path}: it is a device, FIFO or socket, not a regular file; give "
              "the name of a regular file").format(path=target))
    if target.is_dir():
        raise IsADirectoryError(
            _("cannot write {path}: it is a directory; give a file name instead").format(
                path=target
            )
        )
    if not target.parent.is_dir():
        raise FileNotFoundError(
            _("cannot write {path}: the folder {folder} does not exist; create it first").format(
                path=target, folder=target.parent
            )
        )


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str],
    mode: str = "wb",
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> Iterator[IO[Any]]:
    """Open ``path`` for writing so that it is replaced all at once, or not at all.

    Parameters
    ----------
    path : str or path-like
        The file to create or replace. Its folder must exist.
    mode : {"wb", "w"}
        Binary (default) or text.
    encoding, newline
        Used in text mode only (``encoding`` defaults to UTF-8).

    Yields
    ------
    file object
        Write to it inside the ``with`` block. When the block ends normally the data is
        synced to disk and renamed over ``path``; when it raises, the temporary file is deleted
        and ``path`` keeps its previous content. An existing file's permissions are kept.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "weights.bin"
    >>> with atomic_write(target) as handle:
    ...     _ = handle.write(b"\\x00\\x01")
    >>> target.read_bytes()
    b'\\x00\\x01'
    >>> try:
    ...     with atomic_write(target) as handle:
    ...         _ = handle.write(b"half")
    ...         raise KeyboardInterrupt
    ... except KeyboardInterrupt:
    ...     pass
    >>> target.read_bytes()
    b'\\x00\\x01'
    """
    if mode not in _MODES:
        raise ValueError(
            _("atomic_write mode must be 'w' or 'wb', got {mode!r}").format(mode=mode)
        )
    target = Path(path)
    _check_target(target)
    temporary = _temporary_path(target)
    permissions = _permissions_of(target)
    # O_EXCL: never follow or reuse a file someone else created under our temporary name.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        if mode == "w":
            handle = os.fdopen(descriptor, mode, encoding=encoding, newline=newline)
        else:
            handle = os.fdopen(descriptor, mode)
    except BaseException:
        os.close(descriptor)
        os.unlink(temporary)
        raise
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if permissions is not None:
            os.chmod(temporary, permissions)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_directory(target.parent)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (see :func:`atomic_write`).

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "figure.png"
    >>> write_bytes_atomic(target, b"\\x89PNG")
    >>> target.read_bytes()
    b'\\x89PNG'
    """
    with atomic_write(path, "wb") as handle:
        handle.write(data)


def write_text_atomic(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` atomically, encoded as UTF-8 by default.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "report.html"
    >>> write_text_atomic(target, "<p>año</p>")
    >>> target.read_bytes().decode("utf-8")
    '<p>año</p>'
    """
    with atomic_write(path, "w", encoding=encoding, newline="") as handle:
        handle.write(text)


def _to_json_value(value: Any) -> Any:
    """``json.dumps`` fallback: NumPy scalars and arrays become plain numbers and lists."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise TypeError(
        _("cannot write a {kind} to JSON; convert it to a number, string, list or dict").format(
            kind=type(value).__name__
        )
    )


def _find_non_finite(value: Any, where: str = "") -> str | None:
    """The location (``["val"]["r2"]``) of the first NaN or infinity in ``value``, or None."""
    if isinstance(value, (float, np.floating)):
        return None if math.isfinite(value) else where or _("the value")
    if isinstance(value, np.ndarray) and value.dtype.kind in "fc":
        return None if np.isfinite(value).all() else where or _("the array")
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, (list, tuple)):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _find_non_finite(item, f"{where}[{key!r}]")
        if found is not None:
            return found
    return None


def encode_json(obj: Any, *, sort_keys: bool = True, indent: int | None = 2) -> str:
    """``obj`` as strict JSON text (no NaN or infinity), ending in a newline.

    Keys are sorted by default, so equal objects give identical bytes. NumPy scalars and
    arrays are converted to plain numbers and lists. A NaN or infinity raises
    :class:`~descenso.errors.DataError` naming where it is, because strict JSON readers
    (browsers, ``jq``, other languages) reject them.

    >>> encode_json({"b": np.float32(0.5), "a": [1, 2]}, indent=None)
    '{"a": [1, 2], "b": 0.5}\\n'
    >>> try:
    ...     encode_json({"val": {"r2": float("nan")}})
    ... except DataError as error:
    ...     print(str(error).split(";")[0])
    cannot write NaN or infinity to JSON (at ['val']['r2'])
    """
    try:
        text = json.dumps(
            obj,
            sort_keys=sort_keys,
            indent=indent,
            allow_nan=False,
            ensure_ascii=False,
            default=_to_json_value,
        )
    except ValueError as error:
        if "JSON compliant" not in str(error):
            raise
        where = _find_non_finite(obj) or _("a value")
        raise DataError(
            _(
                "cannot write NaN or infinity to JSON (at {where}); "
                "replace it with None (null) or a finite number"
            ).format(where=where)
        ) from None
    return text + "\n"


def write_json_atomic(
    path: str | os.PathLike[str],
    obj: Any,
    *,
    sort_keys: bool = True,
    indent: int | None = 2,
) -> None:
    """Replace ``path`` with ``obj`` as strict, stable UTF-8 JSON (see :func:`encode_json`).

    The object is encoded before the file is touched, so an unencodable object leaves the
    previous file intact.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "metrics.json"
    >>> write_json_atomic(target, {"test": {"accuracy": 0.88}}, indent=None)
    >>> target.read_text()
    '{"test": {"accuracy": 0.88}}\\n'
    """
    text = encode_json(obj, sort_keys=sort_keys, indent=indent)
    write_text_atomic(path, text)


def _process_is_running(pid: int) -> bool:
    """False only when no process ``pid`` exists; True whenever in doubt."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # signal 0: checks the process exists, sends nothing
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):
        # PermissionError: it exists but belongs to someone else; others: cannot tell (e.g. on
        # Windows, or a pid beyond this system's range): keep the file.
        return True
    return True


def remove_stale_temporaries(directory: str | os.PathLike[str]) -> list[Path]:
    """Delete temporary files left in ``directory`` by writers that were killed.

    Only regular files (not links or folders) named like :func:`atomic_write`'s temporaries
    (``.{name}.{pid}.{16 hex digits}.tmp``) whose process no longer runs on this machine are
    removed; finished files, other files, and temporaries of running processes (this one
    included) are never touched. Safe to call whenever a folder is opened: a missing folder
    or a file that cannot be removed is skipped. (The process check is local: do not share one
    folder between writers on several machines.)

    Returns
    -------
    list of Path
        The files removed, sorted.

    >>> import tempfile, pathlib
    >>> remove_stale_temporaries(tempfile.mkdtemp())
    []
    """
    try:
        candidates = sorted(Path(directory).iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    removed = []
    for candidate in candidates:
        match = _TEMPORARY_NAME.match(candidate.name)
        if match is None or _process_is_running(int(match.group("pid"))):
            continue
        try:
            if not stat.S_ISREG(candidate.lstat().st_mode):
                continue
            candidate.unlink()
        except OSError:  # gone meanwhile, or not ours to remove
            continue
        removed.append(candidate)
    return removed
