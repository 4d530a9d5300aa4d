"""Opening a CSV file safely and reading it in blocks of whole records.

:func:`open_source` checks the path (missing, a directory, unreadable, binary, empty, wrong
encoding) and reads a sample of the first lines for the format guesses.
:func:`iter_chunks` then reads the file in blocks of a few megabytes, each ending at a record
boundary (a newline outside quotes), so memory stays bounded however long the file is.

Files in an ASCII-compatible encoding (UTF-8, Latin-1, cp1252, ...) are read as bytes, which
lets numbers be parsed without decoding them one by one; other encodings (UTF-16, detected
from its byte-order mark) and files with old Mac line endings (a lone ``\\r``) are read as
text.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from descenso.advice import option
from descenso.errors import DataError
from descenso.i18n import N_
from descenso.i18n import gettext as _

__all__ = [
    "CsvSource",
    "cell_codec",
    "count_lines",
    "count_newlines",
    "encoding_label",
    "iter_chunks",
    "open_source",
]

SAMPLE_BYTES = 1 << 16
CHUNK_BYTES = 1 << 21
_SAMPLE_MIN_LINES = 3
_SAMPLE_MAX_BYTES = 1 << 24
_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_NEWLINE = ord("\n")


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
    byte_mode : bool
        Whether the file is read as bytes (ASCII-compatible encoding, ``\\n`` line ends).
    sample : str
        The first lines of the file, decoded, without the byte-order mark.
    notes : list of (str, dict)
        What was noticed (a byte-order mark, UTF-16), as message ids and their values.
    """

    path: Path
    encoding: str
    bom: int
    byte_mode: bool
    sample: str
    notes: list = field(default_factory=list)


def count_newlines(chunk: bytes) -> int:
    """Number of ``\\n`` bytes in ``chunk`` (NumPy counts them faster than ``bytes.count``).

    >>> count_newlines(b"a\\nb\\n")
    2
    """
    return int(np.count_nonzero(np.frombuffer(chunk, dtype=np.uint8) == _NEWLINE))


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
    if not path.exists():
        raise DataError(
            _("file not found: {path}; check the path (the current folder is {cwd})").format(
                path=path, cwd=os.getcwd()
            )
        )
    if path.is_dir():
        raise DataError(
            _("{path} is a directory, not a file; give the path of a CSV file").format(path=path)
        )
    try:
        return open(path, "rb")
    except PermissionError:
        raise DataError(
            _("cannot read {path}: permission denied; check the file's permissions").format(
                path=path
            )
        ) from None
    except OSError as error:
        raise DataError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from None


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
    with _open_binary(path) as handle:
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

    if _ascii_compatible(encoding):
        body = raw[bom:]
        if b"\0" in body:
            raise _not_text(path, body[: body.index(b"\0")].count(b"\n") + 1)
        try:
            sample = body.decode(cell_codec(encoding))
        except UnicodeDecodeError as error:
            line = body[: error.start].count(b"\n") + 1
            raise _bad_encoding(path, line, encoding, error) from None
        lone_cr = sample.count("\r") > sample.count("\r\n")
        byte_mode = not lone_cr
    else:
        byte_mode = False
        try:
            with open(path, encoding=encoding, newline="") as text:
                sample = text.read(SAMPLE_BYTES) + text.readline()
        except UnicodeError as error:
            raise DataError(
                _("{path} is not valid {encoding} text ({reason}); pass the file's encoding, "
                  "e.g. {latin1}").format(path=path, encoding=encoding_label(encoding),
                                          reason=error, latin1=option("encoding", "latin-1"))
            ) from None
        if "\0" in sample:
            raise _not_text(path, count_lines(sample[: sample.index("\0")]) + 1)
    return CsvSource(path, encoding, bom, byte_mode, sample, notes)


def _balanced(handle, chunk, newline):
    """Extend ``chunk`` to the end of its line and then until its quotes are balanced."""
    if chunk and not chunk.endswith(newline):
        chunk += handle.readline()
    quote = b'"' if isinstance(chunk, bytes) else '"'
    odd = quote in chunk and chunk.count(quote) % 2
    while odd:
        more = handle.readline()
        if not more:
            break  # an unclosed quote at the end of the file; the CSV reader reports it
        chunk += more
        odd ^= more.count(quote) % 2
    return chunk


def iter_chunks(source: CsvSource, skip_lines: int) -> Iterator[tuple[bytes | str, int]]:
    """Yield ``(chunk, line)``: blocks of whole records and the line number they start at.

    ``skip_lines`` physical lines (blank lines and the header) are skipped first. Chunks are
    ``bytes`` in byte mode and ``str`` otherwise; each ends at a record boundary.
    """
    line = 1 + skip_lines
    path = source.path
    try:
        if source.byte_mode:
            handle = open(path, "rb")
            handle.seek(source.bom)
            newline = b"\n"
        else:
            handle = open(path, encoding=source.encoding, newline="")
            newline = "\n"
        with handle:
            for _index in range(skip_lines):
                handle.readline()
            while True:
                chunk = handle.read(CHUNK_BYTES)
                if not chunk:
                    return
                chunk = _balanced(handle, chunk, newline)
                yield chunk, line
                line += count_newlines(chunk) if source.byte_mode else count_lines(chunk)
    except UnicodeError as error:
        raise DataError(
            _("{path} is not valid {encoding} text after line {line} ({reason}); pass the "
              "file's encoding, e.g. {latin1}").format(
                path=path, encoding=encoding_label(source.encoding), line=line, reason=error,
                latin1=option("encoding", "latin-1"),
            )
        ) from None
    except OSError as error:
        raise DataError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from None
