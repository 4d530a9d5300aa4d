"""safetensors files with a description in their header: written, read and checked one way.

Models, checkpoints and ``descenso.save`` files are all safetensors files whose header's
``__metadata__`` (text only) describes what the tensors are. This module writes those bytes
and reads them back, for all three.

The safetensors library keeps ``__metadata__`` in a hash map, so a header with several
metadata keys comes out in a different key order from one process to the next; two runs that
computed identical weights would then write files with different bytes. :func:`save_bytes`
writes the header's JSON again with sorted keys (the tensors' offsets, and the data after the
header, do not change), padded with spaces to a multiple of 8 bytes as the library pads it.

>>> import numpy as np
>>> data = save_bytes({"w": np.zeros(2, np.float32)}, {"b": "2", "a": "1"})
>>> data[8:int.from_bytes(data[:8], "little") + 8].decode().rstrip()
'{"__metadata__":{"a":"1","b":"2"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'
>>> read_metadata(data)
{'a': '1', 'b': '2'}
"""

from __future__ import annotations

import json
import os

import numpy as np
from safetensors.numpy import save as _save

from descenso.data.input_file import open_regular
from descenso.errors import ModelFileError
from descenso.i18n import gettext as _
from descenso.limits import check_memory, format_bytes

__all__ = ["read_file", "read_metadata", "save_bytes"]

_MAX_HEADER_BYTES = 100 * 2**20  # safetensors' own limit


def save_bytes(arrays: dict[str, np.ndarray], metadata: dict[str, str] | None = None) -> bytes:
    """``safetensors.numpy.save(arrays, metadata)`` with the header's keys in sorted order."""
    data = _save(arrays, metadata=metadata)
    length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + length])
    ordered = {}
    if "__metadata__" in header:
        ordered["__metadata__"] = dict(sorted(header.pop("__metadata__").items()))
    ordered.update(sorted(header.items()))
    text = json.dumps(ordered, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return len(text).to_bytes(8, "little") + text + data[8 + length:]


def read_metadata(data: bytes) -> dict[str, str] | None:
    """The header's ``__metadata__`` of safetensors bytes ({} when it has none), or None when
    ``data`` does not start with a readable safetensors header (8 bytes of size, then JSON)."""
    size = int.from_bytes(data[:8], "little") if len(data) >= 8 else -1
    if not 0 < size <= min(_MAX_HEADER_BYTES, len(data) - 8):
        return None
    try:
        header = json.loads(data[8:8 + size])
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(header, dict):
        return None
    metadata = header.get("__metadata__")
    return metadata if isinstance(metadata, dict) else {}


def read_file(path: str | os.PathLike[str], what: str, missing: str,
              folder: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, once the machine is known to hold them.

    ``what`` names the file in a memory error ("checkpoint {path} ({size})"); ``missing`` and
    ``folder`` (translated, with ``{path}``) are the errors for a file that does not exist and
    for a folder. A FIFO or a device is refused rather than read.

    Raises
    ------
    ModelFileError, ResourceLimitError
    """
    if not os.path.lexists(path):
        raise ModelFileError(missing.format(path=path))
    with open_regular(path, folder, ModelFileError) as file:
        size = os.fstat(file.fileno()).st_size
        # The file's bytes, then the arrays made from them: twice its size, checked before
        # reading, so a header declaring a 20 GB tensor in a sparse file allocates nothing.
        check_memory(2 * size, what.format(path=path, size=format_bytes(size)),
                     _("check that it is the right file"))
        try:
            return file.read(size)
        except OSError as error:
            raise ModelFileError(_("cannot read {path}: {error}; check that you may read "
                                   "it").format(path=path, error=error.strerror)) from None
