"""Training checkpoints: nested state (arrays + JSON values) in one safetensors file, no pickle.

A checkpoint must restore a run exactly: weights, optimizer moments, random generator states
(PCG64 states are integers of 128 bits, which JSON holds fine), counters, the history. Its
state is a nested structure of dicts, lists, tuples, numbers, strings and NumPy arrays.
:func:`save_checkpoint` splits it: every array (and NumPy scalar, to keep its exact dtype) goes
into the safetensors tensors, and everything else becomes JSON text stored in the safetensors
header's metadata, where each array is replaced by a reference to its tensor. One file means
one atomic write, so a crash leaves the previous checkpoint or the new one, never half of each.

The header also records a SHA-256 of every tensor (name, dtype, shape and bytes), so a file
damaged after it was written is detected on load rather than resuming from wrong numbers.

>>> import tempfile, pathlib
>>> import numpy as np
>>> path = pathlib.Path(tempfile.mkdtemp()) / "checkpoint.safetensors"
>>> state = {"epoch": 3, "weights": {"0.weight": np.ones((2, 2), np.float32)},
...          "betas": (0.9, 0.999), "step": np.int64(7)}
>>> save_checkpoint(path, state)
>>> loaded = load_checkpoint(path)
>>> loaded["epoch"], loaded["betas"], loaded["step"], loaded["weights"]["0.weight"].dtype
(3, (0.9, 0.999), np.int64(7), dtype('float32'))
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
from safetensors import SafetensorError
from safetensors.numpy import load as load_safetensors

from descenso.data.input_file import open_regular
from descenso.errors import ModelFileError
from descenso.i18n import gettext as _
from descenso.io.atomic import write_bytes_atomic
from descenso.io.safetensors_bytes import save_bytes
from descenso.limits import check_memory, format_bytes

__all__ = [
    "CHECKPOINT_FORMAT",
    "CHECKPOINT_FORMAT_VERSION",
    "encode_checkpoint",
    "load_checkpoint",
    "save_checkpoint",
    "tensors_sha256",
]

CHECKPOINT_FORMAT = "descenso-checkpoint"
CHECKPOINT_FORMAT_VERSION = 1
_MARKERS = ("__array__", "__scalar__", "__tuple__", "__dict__")


def _encode(value: Any, path: str, arrays: dict[str, np.ndarray]) -> Any:
    """``value`` as JSON data, moving arrays into ``arrays`` under unique names."""
    if isinstance(value, (np.ndarray, np.generic)) and not isinstance(value, (np.str_, np.bytes_)):
        name = path or "value"
        suffix = 1
        while name in arrays:  # keep names readable but unique
            suffix += 1
            name = f"{path}#{suffix}"
        array = np.asarray(value)  # ascontiguousarray would turn a 0-d array into shape (1,)
        arrays[name] = array if array.flags.c_contiguous else array.copy(order="C")
        return {"__array__" if isinstance(value, np.ndarray) else "__scalar__": name}
    if isinstance(value, dict):
        plain = all(isinstance(key, str) for key in value) and not set(value) & set(_MARKERS)
        if plain:
            return {key: _encode(item, f"{path}/{key}", arrays) for key, item in value.items()}
        return {"__dict__": [[key, _encode(item, f"{path}/{key}", arrays)]
                             for key, item in value.items()]}
    if isinstance(value, (list, tuple)):
        items = [_encode(item, f"{path}/{index}", arrays) for index, item in enumerate(value)]
        return {"__tuple__": items} if isinstance(value, tuple) else items
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise ModelFileError(
        _("cannot store a {kind} (at {path}) in a checkpoint; use numbers, strings, lists, "
          "dicts and NumPy arrays").format(kind=type(value).__name__, path=path or "/")
    )


def _decode(value: Any, arrays: dict[str, np.ndarray]) -> Any:
    if isinstance(value, list):
        return [_decode(item, arrays) for item in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (marker, content), = value.items()
        if marker in ("__array__", "__scalar__"):
            if content not in arrays:
                raise KeyError(content)
            array = arrays[content]
            return array if marker == "__array__" else array[()]
        if marker == "__tuple__":
            return tuple(_decode(item, arrays) for item in content)
        if marker == "__dict__":
            return {key: _decode(item, arrays) for key, item in content}
    return {key: _decode(item, arrays) for key, item in value.items()}


def tensors_sha256(arrays: dict[str, np.ndarray]) -> str:
    """SHA-256 of every tensor's name, dtype, shape and bytes: detects a file damaged later."""
    digest = hashlib.sha256()
    for name in sorted(arrays):
        array = arrays[name]
        digest.update(f"{name}|{array.dtype.str}|{array.shape}|".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def save_checkpoint(path: str | os.PathLike[str], state: dict[str, Any]) -> None:
    """Write ``state`` (nested dicts/lists/tuples of JSON values and arrays) to ``path``.

    The file is a valid safetensors file; it replaces ``path`` atomically.
    """
    write_bytes_atomic(path, encode_checkpoint(state))


def encode_checkpoint(state: dict[str, Any]) -> bytes:
    """The bytes :func:`save_checkpoint` writes for ``state``: a copy, safe to keep in memory
    while training goes on and to write later."""
    arrays: dict[str, np.ndarray] = {}
    tree = _encode(state, "", arrays)
    metadata = {
        "format": CHECKPOINT_FORMAT,
        "format_version": str(CHECKPOINT_FORMAT_VERSION),
        "state": json.dumps(tree, sort_keys=False),
        "arrays_sha256": tensors_sha256(arrays),
    }
    return save_bytes(arrays, metadata=metadata)


def _read_metadata(data: bytes, path: Path) -> dict[str, str]:
    # safetensors' Python API reads the metadata only from a file; parse the header ourselves:
    # 8 bytes little-endian header size, then that many bytes of JSON.
    header_size = int.from_bytes(data[:8], "little") if len(data) >= 8 else -1
    if header_size < 0 or 8 + header_size > len(data):
        raise ModelFileError(
            _("checkpoint {path} is truncated or not a safetensors file; resume from another "
              "checkpoint or start training again").format(path=path)
        )
    try:
        header = json.loads(data[8:8 + header_size])
    except (UnicodeDecodeError, json.JSONDecodeError):
        header = None
    metadata = header.get("__metadata__") if isinstance(header, dict) else None
    if not isinstance(metadata, dict) or metadata.get("format") != CHECKPOINT_FORMAT:
        raise ModelFileError(
            _("{path} is not a descenso training checkpoint; pass a checkpoint-*.safetensors "
              "file written by ModelCheckpoint").format(path=path)
        )
    return metadata


def load_checkpoint(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a checkpoint written by :func:`save_checkpoint` and return its nested state.

    Raises
    ------
    ModelFileError
        When the file is missing, truncated, damaged, not a checkpoint, or from a newer
        version of descenso.
    """
    path = Path(path)
    if not os.path.lexists(path):
        raise ModelFileError(
            _("checkpoint {path} does not exist; check the path (checkpoints are named "
              "checkpoint-last.safetensors and checkpoint-best.safetensors)").format(path=path)
        )
    folder = _("checkpoint {path} is a folder; pass the checkpoint-last.safetensors file inside "
               "it")
    with open_regular(path, folder, ModelFileError) as file:  # a FIFO would block forever
        size = os.fstat(file.fileno()).st_size
        # The file's bytes, then the arrays made from them: twice its size, checked before
        # reading, so a header declaring a 20 GB tensor in a sparse file allocates nothing.
        check_memory(2 * size, _("checkpoint {path} ({size})").format(
            path=path, size=format_bytes(size)), _("check that it is the right file"))
        data = file.read(size)
    metadata = _read_metadata(data, path)
    version = metadata.get("format_version", "")
    if not version.isdigit() or int(version) < 1:
        raise ModelFileError(
            _("checkpoint {path} has an unknown format version {version!r}").format(
                path=path, version=version)
        )
    if int(version) > CHECKPOINT_FORMAT_VERSION:
        raise ModelFileError(
            _("checkpoint {path} was written by a newer descenso (format version {version}, "
              "this one reads up to {supported}); upgrade descenso").format(
                path=path, version=version, supported=CHECKPOINT_FORMAT_VERSION)
        )
    damaged = _("checkpoint {path} is damaged ({detail}); resume from another checkpoint or "
                "start training again")
    try:
        arrays = load_safetensors(data)
    except (SafetensorError, ValueError) as error:
        raise ModelFileError(damaged.format(path=path, detail=error)) from None
    if tensors_sha256(arrays) != metadata.get("arrays_sha256"):
        raise ModelFileError(damaged.format(path=path, detail=_("checksum mismatch")))
    try:
        return _decode(json.loads(metadata["state"]), arrays)
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFileError(damaged.format(path=path, detail=error)) from None
