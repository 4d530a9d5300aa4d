"""Opening a CSV file safely: the checks made before pandas reads it.

:func:`open_source` checks the path (missing, unreadable, empty), reads the whole file once,
in blocks of a few megabytes, for NUL bytes and bytes that its encoding cannot decode (so that
such files fail with the line at fault rather than deep inside the parser), and keeps a
decoded sample of the first lines for the format guesses. A UTF-16 file is recognised by its
byte-order mark.

Every reading of the file, pandas' included, goes through :meth:`CsvSource.open`, which ends
at the size the file had when it was first opened: a file that another program keeps
appending to is read as it was then, and one whose end at that moment cut a row in two is
refused (:func:`check_cut`).
"""

from __future__ import annotations

import codecs
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from descenso.advice import option
from descenso.data.input_file import open_snapshot
from descenso.errors import DataError
from descenso.i18n import N_
from descenso.i18n import gettext as _

__all__ = ["CsvSource", "cell_codec", "check_cut", "check_text", "count_lines", "encoding_label",
           "open_source"]

SAMPLE_BYTES = 1 << 16
CHUNK_BYTES = 1 << 22
_SAMPLE_MIN_LINES = 3
_SAMPLE_MAX_BYTES = 1 << 24
_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass
class CsvSource:
    """A CSV file that passed the basic checks, with a decoded sample of its first lines.

    Attributes
    ----------
    path : Path
    encoding : str
        The codec that decodes the file (after automatic UTF-16 detection).
    bom : int
        Length in bytes of a byte-order mark skipped at the start.
    sample : str
        The first lines of the file, decoded, without the byte-order mark.
    notes : list of (str, dict)
        What was noticed (a byte-order mark, UTF-16), as message ids and their values.
    size : int
        The file's size in bytes when it was opened: every reading stops there.
    """

    path: Path
    encoding: str
    bom: int
    sample: str
    notes: list = field(default_factory=list)
    size: int = 0

    def open(self, text: bool = False):
        """The file's first :attr:`size` bytes, as bytes or (``text=True``) decoded text."""
        handle, _size = open_snapshot(self.path, self.size)
        if text:
            return io.TextIOWrapper(handle, encoding=self.encoding, newline="")
        return handle


def count_lines(text: str) -> int:
    """Number of line ends (``\\n``, ``\\r\\n`` or ``\\r``) in ``text``.

    >>> count_lines("a\\r\\nb\\rc\\n")
    3
    """
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _ascii_compatible(encoding: str) -> bool:
    name = codecs.lookup(encoding).name
    return name in {"utf-8", "utf-8-sig", "ascii"} or name.startswith(("iso8859", "cp125", "latin"))


def cell_codec(encoding: str) -> str:
    """The codec for decoding pieces of a file: ``utf-8-sig`` only differs at the file's start.

    >>> cell_codec("UTF-8-SIG"), cell_codec("latin-1")
    ('utf-8', 'latin-1')
    """
    return "utf-8" if codecs.lookup(encoding).name == "utf-8-sig" else encoding


def encoding_label(encoding: str) -> str:
    """How to name an encoding in messages: ``utf-8-sig`` is just UTF-8 to a user.

    >>> encoding_label("utf-8-sig"), encoding_label("latin-1")
    ('UTF-8', 'latin-1')
    """
    return "UTF-8" if codecs.lookup(encoding).name in {"utf-8", "utf-8-sig"} else encoding


def _not_text(path: Path, line: int) -> DataError:
    return DataError(
        _(
            "{path} does not look like a text CSV file (it contains NUL bytes, at line {line}); "
            "if it is a spreadsheet (.xlsx), compressed or another binary file, export it as CSV"
        ).format(path=path, line=line)
    )


def _bad_encoding(path: Path, line: int, encoding: str, error: UnicodeDecodeError) -> DataError:
    bad = error.object[error.start : error.start + 1]
    return DataError(
        _(
            "line {line} of {path} is not valid {encoding} text (byte 0x{byte}); the file uses "
            "another encoding: pass {latin1} or {cp1252} (common for spreadsheet exports)"
        ).format(line=line, path=path, encoding=encoding_label(encoding),
                 byte=bytes(bad).hex() or "??", latin1=option("encoding", "latin-1"),
                 cp1252=option("encoding", "cp1252"))
    )


def _open_binary(path: Path):
    if not path.exists():  # load_csv has refused folders and other non-files
        raise DataError(_("file not found: {path}; check the path (the current folder is {cwd})")
                        .format(path=path, cwd=os.getcwd()))
    return open_snapshot(path)


def _read_sample(handle) -> bytes:
    sample = handle.read(SAMPLE_BYTES)
    sample += handle.readline()
    while sample.count(b"\n") < _SAMPLE_MIN_LINES and len(sample) < _SAMPLE_MAX_BYTES:
        more = handle.readline()
        if not more:
            break
        sample += more
    return sample


def open_source(path: str | os.PathLike, encoding: str = "utf-8-sig") -> CsvSource:
    """Check that ``path`` is a readable, non-empty text file and read its first lines.

    Raises
    ------
    DataError
        If the file is missing, a directory, unreadable, empty, binary or not decodable.
    """
    path = Path(path)
    handle, size = _open_binary(path)
    with handle:
        try:
            raw = _read_sample(handle)
        except OSError as error:
            raise DataError(
                _("cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)
            ) from None
    if not raw:
        raise DataError(
            _("{path} is empty; a CSV file needs a header line and rows of data").format(path=path)
        )
    notes = []
    name = codecs.lookup(encoding).name
    bom = 0
    if name in {"utf-8", "utf-8-sig"} and raw.startswith(_UTF16_BOMS):
        encoding, name = "utf-16", "utf-16"
        notes.append((N_("decoded as UTF-16 (found its byte-order mark)"), {}))
    elif name in {"utf-8", "utf-8-sig"} and raw.startswith(_UTF8_BOM):
        bom = len(_UTF8_BOM)
        notes.append((N_("skipped the UTF-8 byte-order mark"), {}))

    source = CsvSource(path, encoding, bom, "", notes, size)
    check_text(source)
    if _ascii_compatible(encoding):
        source.sample = raw[bom:].decode(cell_codec(encoding))
    else:
        with source.open(text=True) as text:
            source.sample = text.read(SAMPLE_BYTES) + text.readline()
    return source


def check_cut(source: CsvSource) -> None:
    """Refuse a file that grew after it was opened when the size read then ends inside a row.

    Raises
    ------
    DataError
        Asking to wait for the writer to finish, or to read a copy of the file.
    """
    with source.open() as handle:
        handle.seek(max(source.size - 1, 0))
        last = handle.read(1)
    try:
        grown = os.stat(source.path).st_size > source.size
    except OSError:
        grown = True  # replaced or removed meanwhile: the bytes read may end anywhere
    if grown and last not in (b"\n", b"\r", b""):
        raise DataError(
            _("{path} grew while it was read (another program is writing to it) and its last "
              "row, cut at {size} bytes, was incomplete; wait until the program finishes "
              "writing, or copy the file and read the copy").format(path=source.path,
                                                                     size=source.size))


def check_text(source: CsvSource) -> None:
    """Read the whole file once, in blocks, for NUL bytes and bytes its encoding cannot decode.

    Raises
    ------
    DataError
        Naming the line of the first NUL byte or undecodable byte.
    """
    line, path = 1, source.path
    try:
        if not _ascii_compatible(source.encoding):
            with source.open(text=True) as text:
                while chunk := text.read(CHUNK_BYTES):
                    if "\0" in chunk:
                        raise _not_text(path, line + count_lines(chunk[: chunk.index("\0")]))
                    line += count_lines(chunk)
            check_cut(source)
            return
        decoder = codecs.getincrementaldecoder(cell_codec(source.encoding))()
        with source.open() as handle:
            handle.seek(source.bom)
            while chunk := handle.read(CHUNK_BYTES):
                if b"\0" in chunk:
                    raise _not_text(path, line + chunk[: chunk.index(b"\0")].count(b"\n"))
                if not chunk.isascii():
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError as error:
                        raise _bad_encoding(path, line + chunk[:error.start].count(b"\n"),
                                            source.encoding, error) from None
                line += chunk.count(b"\n")
            check_cut(source)
            try:  # a character cut by the end of the file
                decoder.decode(b"", final=True)
            except UnicodeDecodeError as error:
                raise _bad_encoding(path, line, source.encoding, error) from None
    except UnicodeError as error:
        raise DataError(
            _("{path} is not valid {encoding} text after line {line} ({reason}); pass the "
              "file's encoding, e.g. {latin1}").format(
                path=path, encoding=encoding_label(source.encoding), line=line, reason=error,
                latin1=option("encoding", "latin-1"))
        ) from None
    except OSError as error:
        raise DataError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from None

