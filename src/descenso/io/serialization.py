"""``descenso.save`` and ``descenso.load``: PyTorch's ``torch.save``/``torch.load`` on safetensors.

What can be saved: tensors, NumPy arrays, state dicts (``model.state_dict()``,
``optimizer.state_dict()``) and any nesting of dicts, lists and tuples of those with numbers,
strings, booleans and None; and a whole ``nn.Module`` when descenso can describe its
architecture (see :mod:`descenso.io.architecture`): a ``Sequential`` of its standard layers.

Why not pickle, as PyTorch does: unpickling a file can run any code its author wanted, so
opening a model downloaded from the internet would be as risky as running a program from it.
A safetensors file holds only numbers and a JSON header. Every array becomes one safetensors
tensor, and the structure around them (which dict key, list position or tensor type) is JSON in
the header. A flat state dict is stored under its own keys, so
``safetensors.torch.load_file(path)`` in PyTorch reads it as a state dict, and
``descenso.load`` reads safetensors files written by other tools (as a dict of tensors).

>>> import tempfile, pathlib
>>> import descenso
>>> from descenso import nn
>>> path = pathlib.Path(tempfile.mkdtemp()) / "model.safetensors"
>>> model = nn.Linear(3, 1)
>>> save(model.state_dict(), path)
>>> fresh = nn.Linear(3, 1)
>>> _ = fresh.load_state_dict(load(path))
>>> bool((fresh.weight.data == model.weight.data).all())
True
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
from safetensors import SafetensorError
from safetensors.numpy import load as load_safetensors

from descenso.autograd import Tensor
from descenso.errors import DescensoError, ModelFileError
from descenso.i18n import gettext as _
from descenso.io.architecture import model_from_spec, model_to_spec
from descenso.io.atomic import write_bytes_atomic
from descenso.io.safetensors_bytes import save_bytes
from descenso.nn import Module, Parameter

__all__ = ["load", "save"]

SAVE_FORMAT = "descenso-save"
SAVE_FORMAT_VERSION = 1
_MARKERS = ("__tensor__", "__array__", "__scalar__", "__tuple__", "__dict__", "__module__")


class _Writer:
    """Turns an object into JSON data, moving every array into ``arrays`` under a unique name."""

    def __init__(self):
        self.arrays: dict[str, np.ndarray] = {}

    def _store(self, array: np.ndarray, name: str) -> str:
        name = name or "tensor"
        unique, suffix = name, 1
        while unique in self.arrays:
            suffix += 1
            unique = f"{name}#{suffix}"
        array = np.asarray(array)
        if array.dtype.kind not in "biuf":
            raise ModelFileError(
                _("cannot save an array of dtype {dtype} (at {name}); descenso.save stores "
                  "numbers only").format(dtype=array.dtype, name=name)
            )
        self.arrays[unique] = array if array.flags.c_contiguous else array.copy(order="C")
        return unique

    def encode(self, value: Any, name: str) -> Any:
        if isinstance(value, Module):
            return self._module(value, name)
        if isinstance(value, Tensor):
            return {"__tensor__": self._store(value.data, name),
                    "requires_grad": bool(value.requires_grad),
                    "parameter": isinstance(value, Parameter)}
        if isinstance(value, np.ndarray):
            return {"__array__": self._store(value, name)}
        if isinstance(value, np.generic) and not isinstance(value, (np.str_, np.bytes_)):
            return {"__scalar__": self._store(np.asarray(value), name)}
        if isinstance(value, dict):
            def child(key):
                return f"{name}.{key}" if name else str(key)
            if all(isinstance(key, str) for key in value) and not set(value) & set(_MARKERS):
                return {key: self.encode(item, child(key)) for key, item in value.items()}
            for key in value:
                if not (key is None or isinstance(key, (str, int, float, bool))):
                    raise ModelFileError(
                        _("cannot save a dict key of type {kind} (at {name}); use strings or "
                          "numbers as keys").format(kind=type(key).__name__, name=name or "/")
                    )
            return {"__dict__": [[key, self.encode(item, child(key))]
                                 for key, item in value.items()]}
        if isinstance(value, (list, tuple)):
            items = [self.encode(item, f"{name}.{index}" if name else str(index))
                     for index, item in enumerate(value)]
            return {"__tuple__": items} if isinstance(value, tuple) else items
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        raise ModelFileError(
            _("cannot save a {kind} (at {name}); descenso.save stores tensors, arrays, numbers, "
              "strings and dicts or lists of them").format(kind=type(value).__name__,
                                                         name=name or "/")
        )

    def _module(self, module: Module, name: str) -> Any:
        try:
            spec = model_to_spec(module)
        except DescensoError:
            raise ModelFileError(
                _("descenso cannot describe the architecture of a {kind} to save it whole; save "
                  "its weights with descenso.save(model.state_dict(), path) and load them into a "
                  "new {kind}() with model.load_state_dict(descenso.load(path))").format(
                    kind=type(module).__name__)
            ) from None
        return {"__module__": spec, "state": self.encode(module.state_dict(), name)}


def _decode(value: Any, arrays: dict[str, np.ndarray]) -> Any:
    if isinstance(value, list):
        return [_decode(item, arrays) for item in value]
    if not isinstance(value, dict):
        return value
    if "__tensor__" in value:
        array = arrays[value["__tensor__"]]
        if value.get("parameter"):
            return Parameter(array, dtype=array.dtype)
        result = Tensor(array, dtype=array.dtype)
        result.requires_grad = bool(value.get("requires_grad")) and array.dtype.kind == "f"
        return result
    if "__array__" in value:
        return arrays[value["__array__"]]
    if "__scalar__" in value:
        return arrays[value["__scalar__"]][()]
    if "__tuple__" in value:
        return tuple(_decode(item, arrays) for item in value["__tuple__"])
    if "__dict__" in value:
        return {key: _decode(item, arrays) for key, item in value["__dict__"]}
    if "__module__" in value:
        model = model_from_spec(value["__module__"])
        model.load_state_dict(_decode(value["state"], arrays))
        return model
    return {key: _decode(item, arrays) for key, item in value.items()}


def save(obj: Any, f) -> None:
    """Save ``obj`` to the file ``f`` (a path, or a binary file object) as safetensors.

    Parameters
    ----------
    obj : Tensor, ndarray, dict, list, tuple or Module
        See the module docstring for what can be saved.
    f : str, path or binary file object
        A path is written atomically (a crash leaves the previous file); ``.safetensors`` is
        the customary extension, ``.pt`` works too.

    Raises
    ------
    ModelFileError
        For something that cannot be stored, or a model whose architecture descenso cannot
        describe (the message says to save its ``state_dict`` instead).
    """
    writer = _Writer()
    tree = writer.encode(obj, "")
    metadata = {"format": SAVE_FORMAT, "format_version": str(SAVE_FORMAT_VERSION),
                "object": json.dumps(tree)}
    data = save_bytes(writer.arrays, metadata=metadata)
    if hasattr(f, "write"):
        f.write(data)
        return
    if not isinstance(f, (str, os.PathLike)):
        raise ModelFileError(
            _("save needs a path or a binary file object, got {kind}").format(
                kind=type(f).__name__)
        )
    write_bytes_atomic(f, data)


def _read(f) -> tuple[bytes, str]:
    if hasattr(f, "read"):
        return f.read(), getattr(f, "name", _("the file object"))
    if not isinstance(f, (str, os.PathLike)):
        raise ModelFileError(
            _("load needs a path or a binary file object, got {kind}").format(
                kind=type(f).__name__)
        )
    path = Path(f)
    try:
        return path.read_bytes(), str(path)
    except FileNotFoundError:
        raise ModelFileError(
            _("{path} does not exist; check the path").format(path=path)) from None
    except IsADirectoryError:
        raise ModelFileError(
            _("{path} is a folder; pass the file saved with descenso.save").format(
                path=path)) from None


def _header(data: bytes, where: str) -> dict:
    size = int.from_bytes(data[:8], "little") if len(data) >= 8 else -1
    header = None
    if 0 <= size and 8 + size <= len(data):
        try:
            header = json.loads(data[8:8 + size])
        except (UnicodeDecodeError, json.JSONDecodeError):
            header = None
    if isinstance(header, dict):
        return header
    # Not safetensors: a zip (torch.save's format) or a bare pickle (protocol 2 or later)?
    is_zip = data[:4] == b"PK\x03\x04"
    if is_zip or (data[:1] == b"\x80" and data[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05")):
        raise ModelFileError(
            _("{path} was saved by torch.save (a pickle), which descenso never opens because "
              "loading a pickle can run any code; in PyTorch, save the weights as safetensors "
              "(from safetensors.torch import save_file; save_file(model.state_dict(), "
              "'model.safetensors')) and load that file").format(path=where)
        )
    raise ModelFileError(
        _("{path} is not a safetensors file (or it is truncated); pass a file written by "
          "descenso.save").format(path=where)
    )


def load(f, map_location=None, weights_only: bool = True) -> Any:
    """Load what :func:`save` wrote (or any safetensors file) from ``f``.

    Parameters
    ----------
    f : str, path or binary file object
    map_location : None, "cpu" or a CPU device
        Accepted for PyTorch code; descenso runs on the CPU only.
    weights_only : bool, default True
        Accepted for PyTorch code; loading never runs code either way.

    Returns
    -------
    The saved object, with tensors as :class:`~descenso.autograd.Tensor` (parameters as
    ``Parameter``), arrays as arrays and modules rebuilt. A safetensors file from another tool
    gives a dict of tensors.

    Raises
    ------
    ModelFileError
        A missing, truncated or damaged file, a ``torch.save`` pickle, or a newer format.
    """
    if map_location is not None and str(map_location) != "cpu":
        raise ModelFileError(
            _("map_location={value!r}: descenso runs on the CPU; pass map_location='cpu' or "
              "leave it out").format(value=str(map_location))
        )
    data, where = _read(f)
    metadata = _header(data, where).get("__metadata__") or {}
    damaged = _("{path} is damaged ({detail}); save it again")
    try:
        arrays = load_safetensors(data)
    except (SafetensorError, ValueError, TypeError) as error:
        raise ModelFileError(damaged.format(path=where, detail=error)) from None
    if metadata.get("format") != SAVE_FORMAT:
        return {name: Tensor(array, dtype=array.dtype) for name, array in arrays.items()}
    version = metadata.get("format_version", "")
    if not version.isdigit() or int(version) > SAVE_FORMAT_VERSION:
        raise ModelFileError(
            _("{path} was written by a newer descenso (format version {version}); upgrade "
              "descenso").format(path=where, version=version)
        )
    try:
        return _decode(json.loads(metadata["object"]), arrays)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise ModelFileError(damaged.format(path=where, detail=error)) from None
