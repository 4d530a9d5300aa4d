"""Reading models saved by earlier versions as two files: ``model.json`` + ``model.safetensors``.

Those folders held the description in ``model.json`` (format version 1) and the bare weights
next to it, with the weights' SHA-256 in the JSON. A save killed between the two files could
leave new weights next to the old JSON; the old weights were then kept as
``.model.safetensors.previous``, which is read when the SHA-256 says so.

A model folder reads only its own files: the weights file that ``model.json`` names must be a
plain file name in the folder (no ``..``, no absolute path, no symbolic link leading out).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from descenso.data.input_file import open_regular, read_bounded
from descenso.errors import ModelFileError
from descenso.i18n import gettext as _
from descenso.io.safetensors_bytes import read_file

__all__ = ["SPEC_FILE", "parse_description", "read_two_file_model"]

SPEC_FILE = "model.json"
_MAX_JSON_BYTES = 64 * 2**20  # a description is a few KB; more is not a model description


def parse_description(text: bytes | str, source: Path) -> Any:
    """The JSON in ``text`` (from ``source``), or a ModelFileError saying it is damaged."""
    try:
        return json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelFileError(
            _("{path} is not valid JSON ({error}); it is damaged: save the model again").format(
                path=source, error=error)) from None
    except RecursionError:
        raise ModelFileError(
            _("{path} nests its JSON too deeply to be a model description; it is damaged or "
              "not from descenso: save the model again").format(path=source)) from None


def read_two_file_model(folder: Path, spec_path: Path):
    """``(description, weights bytes, weights path, spec_path, intact)`` of a two-file model.

    ``intact(arrays)`` is False when the weights' SHA-256 differs from the one ``model.json``
    records (reported after the shapes are checked, which explain more).
    """
    text = read_bounded(spec_path, _MAX_JSON_BYTES, _("a model description"), ModelFileError)
    document = parse_description(text, spec_path)
    weights = document.get("weights") if isinstance(document, dict) else None
    if not isinstance(weights, dict) or not isinstance(weights.get("sha256"), str):
        return document, b"", spec_path, spec_path, lambda arrays: True  # the caller says why
    weights_path = _inside(folder, weights.get("file", "model.safetensors"), spec_path)
    data = read_file(weights_path, _("the model file {path} ({size})"),
                     _("{path} is missing or unreadable; model.json needs it: copy both files "
                       "together or save the model again"))
    if _sha256(data) != weights["sha256"]:
        # A save killed between its two files left new weights next to the old model.json;
        # the old weights were kept under another name until the new JSON was written.
        kept = _read_if_present(weights_path.with_name(f".{weights_path.name}.previous"))
        if kept is not None and _sha256(kept) == weights["sha256"]:
            data = kept
    intact = _sha256(data) == weights["sha256"]
    return document, data, weights_path, spec_path, lambda arrays: intact


def _inside(folder: Path, name: Any, spec_path: Path) -> Path:
    path = folder / str(name)
    plain = (isinstance(name, str) and name not in ("", ".", "..") and "/" not in name
             and "\\" not in name and not os.path.isabs(name))
    if not plain or os.path.dirname(os.path.realpath(path)) != os.path.realpath(folder):
        raise ModelFileError(
            _("{path} names its weights file as {name!r}, outside the model's folder; a model "
              "reads only files in its own folder: save the model again").format(
                path=spec_path, name=name))
    return path


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_if_present(path: Path) -> bytes | None:
    try:
        with open_regular(path, None, ModelFileError) as file:
            return file.read()
    except ModelFileError:
        return None
