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
from typing import Any

import numpy as np
from safetensors import SafetensorError
from safetensors.numpy import load as load_safetensors

from descenso.autograd import Tensor
from descenso.errors import DescensoError, ModelFileError
from descenso.i18n import gettext as _
from descenso.io.architecture import model_from_spec, model_to_spec
from descenso.io.atomic import write_bytes_atomic
from descenso.io.checkpoint import decode_tree, encode_tree
from descenso.io.safetensors_bytes import read_file, read_metadata, save_bytes
from descenso.nn import Module, Parameter

__all__ = ["load", "save"]

SAVE_FORMAT = "descenso-save"
SAVE_FORMAT_VERSION = 1


def _encode(value: Any, path: str, encode) -> Any:
    """Tensors and whole modules; everything else is :func:`encode_tree`'s."""
    if isinstance(value, Module):
        try:
            spec = model_to_spec(value)
        except DescensoError:
            raise ModelFileError(
                _("descenso cannot describe the architecture of a {kind} to save it whole; save "
                  "its weights with descenso.save(model.state_dict(), path) and load them into a "
                  "new {kind}() with model.load_state_dict(descenso.load(path))").format(
                    kind=type(value).__name__)
            ) from None
        return {"__module__": spec, "state": encode(value.state_dict(), path)}
    if isinstance(value, Tensor):
        return {"__tensor__": encode(value.data, path)["__array__"],
                "requires_grad": bool(value.requires_grad),
                "parameter": isinstance(value, Parameter)}
    return None


def _decode(value: dict, decode) -> Any:
    """What :func:`_encode` encoded, or None for :func:`decode_tree` to decode."""
    if "__tensor__" in value:
        array = decode({"__array__": value["__tensor__"]})
        if value.get("parameter"):
            return Parameter(array, dtype=array.dtype)
        result = Tensor(array, dtype=array.dtype)
        result.requires_grad = bool(value.get("requires_grad")) and array.dtype.kind == "f"
        return result
    if "__module__" in value:
        model = model_from_spec(value["__module__"])
        model.load_state_dict(decode(value["state"]))
        return model
    return None


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
    arrays: dict[str, np.ndarray] = {}
    tree = encode_tree(obj, arrays, custom=_encode, refuse=_(
        "cannot save a {kind} (at {path}); descenso.save stores tensors, arrays, numbers, "
        "strings and dicts or lists of them"))
    metadata = {"format": SAVE_FORMAT, "format_version": str(SAVE_FORMAT_VERSION),
                "object": json.dumps(tree)}
    data = save_bytes(arrays, metadata=metadata)
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
    return read_file(f, _("the model file {path} ({size})"),
                     _("{path} does not exist; check the path"),
                     _("{path} is a folder; pass the file saved with descenso.save")), str(f)


def _not_safetensors(data: bytes, where: str) -> ModelFileError:
    # A zip (torch.save's format) or a bare pickle (protocol 2 or later)?
    is_zip = data[:4] == b"PK\x03\x04"
    if is_zip or (data[:1] == b"\x80" and data[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05")):
        return ModelFileError(
            _("{path} was saved by torch.save (a pickle), which descenso never opens because "
              "loading a pickle can run any code; in PyTorch, save the weights as safetensors "
              "(from safetensors.torch import save_file; save_file(model.state_dict(), "
              "'model.safetensors')) and load that file").format(path=where)
        )
    return ModelFileError(
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
    metadata = read_metadata(data)
    if metadata is None:
        raise _not_safetensors(data, where)
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
        return decode_tree(json.loads(metadata["object"]), arrays, custom=_decode)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise ModelFileError(damaged.format(path=where, detail=error)) from None
