"""safetensors bytes that are the same for the same content, byte for byte.

The safetensors library keeps a file's ``__metadata__`` in a hash map, so a header with several
metadata keys comes out in a different key order from one process to the next; two runs that
computed identical weights would then write files with different bytes. This writes the
header's JSON again with sorted keys (the tensors' offsets, and the data after the header, do
not change), padded with spaces to a multiple of 8 bytes as the library pads it.

>>> import numpy as np
>>> data = save_bytes({"w": np.zeros(2, np.float32)}, {"b": "2", "a": "1"})
>>> data[8:int.from_bytes(data[:8], "little") + 8].decode().rstrip()
'{"__metadata__":{"a":"1","b":"2"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'
"""

from __future__ import annotations

import json

import numpy as np
from safetensors.numpy import save as _save

__all__ = ["save_bytes"]


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
