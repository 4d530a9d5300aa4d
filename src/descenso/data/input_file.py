"""Opening a file the user named, with errors that say which path failed and why.

The IDX and PNG readers share these checks; each says in its own words what a folder should
have been (``folder_message``).

>>> open_binary("no/such/file.gz", "{path} is a folder")
Traceback (most recent call last):
...
descenso.errors.DataError: no/such/file.gz: no such file; check the path
"""

from __future__ import annotations

from typing import BinaryIO

from descenso.errors import DataError
from descenso.i18n import gettext as _

__all__ = ["open_binary"]


def open_binary(name: str, folder_message: str) -> BinaryIO:
    """Open ``name`` for reading bytes, or raise :class:`DataError` saying why it can't be.

    ``folder_message`` (already translated, with a ``{path}`` field) is the error for a
    folder given where a file was expected.
    """
    try:
        return open(name, "rb")
    except FileNotFoundError:
        raise DataError(_("{path}: no such file; check the path").format(path=name)) from None
    except IsADirectoryError:
        raise DataError(folder_message.format(path=name)) from None
    except PermissionError:
        raise DataError(
            _("{path}: permission denied; make the file readable or copy it elsewhere").format(
                path=name)
        ) from None
    except OSError as err:
        raise DataError(
            _("{path}: cannot open the file ({reason})").format(
                path=name, reason=err.strerror or err)
        ) from None

