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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from safetensors import SafetensorError
from safetensors.numpy import load as load_safetensors

from descenso.errors import ModelFileError
from descenso.i18n import gettext as _
from descenso.io.atomic import write_bytes_atomic
from descenso.io.safetensors_bytes import read_file, read_metadata, save_bytes

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
_MARKERS = ("__array__", "__scalar__", "__tuple__", "__dict__", "__tensor__", "__module__")


def encode_tree(value: Any, arrays: dict[str, np.ndarray], path: str = "",
                custom: Callable | None = None, refuse: str | None = None) -> Any:
    """``value`` (nested dicts, lists, tuples, JSON values and arrays) as JSON data.

    Each array (and NumPy scalar, to keep its exact dtype) moves into ``arrays`` under its
    place in ``value`` (``model/0.weight``) and is replaced by a reference to it. A tuple, or a
    dict whose keys are not all strings, is marked so that :func:`decode_tree` rebuilds it.
    ``custom(value, path, encode)`` may encode a value first (``descenso.save``'s tensors and
    modules; None: not its kind). ``refuse`` (translated, with ``{kind}`` and ``{path}``) is
    the error for anything else.
    """
    def encode(item, where):
        return encode_tree(item, arrays, where, custom, refuse)

    found = None if custom is None else custom(value, path, encode)
    if found is not None:
        return found
    if isinstance(value, (np.ndarray, np.generic)) and not isinstance(value, (np.str_, np.bytes_)):
        return {"__array__" if isinstance(value, np.ndarray) else "__scalar__":
                _store(np.asarray(value), path, arrays)}
    if isinstance(value, dict):
        for key in value:
            if not (key is None or isinstance(key, (str, int, float, bool))):
                raise ModelFileError(
                    _("cannot save a dict key of type {kind} (at {name}); use strings or "
                      "numbers as keys").format(kind=type(key).__name__, name=path or "/"))
        if all(isinstance(key, str) for key in value) and not set(value) & set(_MARKERS):
            return {key: encode(item, f"{path}/{key}") for key, item in value.items()}
        return {"__dict__": [[key, encode(item, f"{path}/{key}")] for key, item in value.items()]}
    if isinstance(value, (list, tuple)):
        items = [encode(item, f"{path}/{index}") for index, item in enumerate(value)]
        return {"__tuple__": items} if isinstance(value, tuple) else items
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise ModelFileError((refuse or _(
        "cannot store a {kind} (at {path}) in a checkpoint; use numbers, strings, lists, dicts "
        "and NumPy arrays")).format(kind=type(value).__name__, path=path or "/"))


def _store(array: np.ndarray, path: str, arrays: dict[str, np.ndarray]) -> str:
    """Put ``array`` into ``arrays`` under ``path`` (made unique); return the name."""
    if array.dtype.kind not in "biuf":
        raise ModelFileError(
            _("cannot save an array of dtype {dtype} (at {name}); descenso.save stores "
              "numbers only").format(dtype=array.dtype, name=path or "/"))
    base = path.lstrip("/") or "tensor"  # a flat state dict keeps its own keys
    name, suffix = base, 1
    while name in arrays:
        suffix += 1
        name = f"{base}#{suffix}"
    # Not ascontiguousarray, which would turn a 0-d array into shape (1,).
    arrays[name] = array if array.flags.c_contiguous else array.copy(order="C")
    return name


def decode_tree(value: Any, arrays: dict[str, np.ndarray], custom: Callable | None = None) -> Any:
    """What :func:`encode_tree` encoded; ``custom(value, decode)`` may decode a dict first."""
    def decode(item):
        return decode_tree(item, arrays, custom)

    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    found = None if custom is None else custom(value, decode)
    if found is not None:
        return found
    if len(value) == 1:
        (marker, content), = value.items()
        if marker in ("__array__", "__scalar__"):
            array = arrays[content]
            return array if marker == "__array__" else array[()]
        if marker == "__tuple__":
            return tuple(decode(item) for item in content)
        if marker == "__dict__":
            return {key: decode(item) for key, item in content}
    return {key: decode(item) for key, item in value.items()}


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
    tree = encode_tree(state, arrays)
    metadata = {
        "format": CHECKPOINT_FORMAT,
        "format_version": str(CHECKPOINT_FORMAT_VERSION),
        "state": json.dumps(tree, sort_keys=False),
        "arrays_sha256": tensors_sha256(arrays),
    }
    return save_bytes(arrays, metadata=metadata)


def load_checkpoint(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a checkpoint written by :func:`save_checkpoint` and return its nested state.

    Raises
    ------
    ModelFileError
        When the file is missing, truncated, damaged, not a checkpoint, or from a newer
        version of descenso.
    """
    path = Path(path)
    data = read_file(
        path, _("checkpoint {path} ({size})"),
        _("checkpoint {path} does not exist; check the path (checkpoints are named "
          "checkpoint-last.safetensors and checkpoint-best.safetensors)"),
        _("checkpoint {path} is a folder; pass the checkpoint-last.safetensors file inside it"))
    metadata = read_metadata(data)
    if metadata is None:
        raise ModelFileError(
            _("checkpoint {path} is truncated or not a safetensors file; resume from another "
              "checkpoint or start training again").format(path=path))
    if metadata.get("format") != CHECKPOINT_FORMAT:
        raise ModelFileError(
            _("{path} is not a descenso training checkpoint; pass a checkpoint-*.safetensors "
              "file written by ModelCheckpoint").format(path=path))
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
        return decode_tree(json.loads(metadata["state"]), arrays)
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFileError(damaged.format(path=path, detail=error)) from None
