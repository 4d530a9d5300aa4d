"""Model files: ``model.safetensors`` (the weights) + ``model.json`` (everything else).

A saved model is a folder with two files:

- ``model.safetensors``: the weights, keyed exactly as PyTorch keys the same model
  (``0.weight``, ``0.bias``, ...), so ``safetensors.torch.load_file`` followed by
  ``load_state_dict`` works on the equivalent ``torch.nn.Sequential``.
- ``model.json``: the format name and version, the descenso version, the architecture (a
  JSON description of the layers that rebuilds the model), the SHA-256 of the weights file,
  and the caller's metadata at the top level: preprocessing (one-hot categories, standardizer
  means and scales, feature names, target name, class names), hyperparameters, metrics.

No pickle anywhere: loading a model file never runs code from it. Both files are written
atomically, weights first and JSON last, so the JSON acts as the commit marker; the SHA-256
it records detects a weights file from another save or copied from elsewhere.

A crash between the two replacements of a re-save would leave new weights next to the old
JSON, so the old weights are first kept as ``.model.safetensors.previous`` (a hard link) until
the new JSON is in place, and :func:`load_model` falls back to them: the folder always holds
the old model or the new one, complete.

>>> import tempfile
>>> from descenso import nn
>>> model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
>>> folder = save_model(tempfile.mkdtemp(), model, {"target_name": "rings"})
>>> saved = load_model(folder)
>>> saved.metadata["target_name"], saved.model.training
('rings', False)
>>> model_to_spec(nn.Linear(3, 1))
{'type': 'Linear', 'in_features': 3, 'out_features': 1, 'bias': True}
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from safetensors import SafetensorError
from safetensors.numpy import load as load_safetensors
from safetensors.numpy import save as save_safetensors

from descenso._version import __version__
from descenso.autograd import from_numpy, no_grad
from descenso.data.input_file import open_regular, read_bounded
from descenso.errors import ConfigError, ModelFileError
from descenso.i18n import gettext as _
from descenso.limits import check_memory, format_bytes
from descenso.io.architecture import model_from_spec, model_to_spec, parameter_count
from descenso.io.atomic import (
    encode_json,
    remove_stale_temporaries,
    snapshot_atomic,
    write_bytes_atomic,
    write_text_atomic,
)

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "SPEC_FILE",
    "WEIGHTS_FILE",
    "SavedModel",
    "load_model",
    "model_from_spec",
    "model_to_spec",
    "save_model",
]

FORMAT_NAME = "descenso-model"
FORMAT_VERSION = 1
WEIGHTS_FILE = "model.safetensors"
SPEC_FILE = "model.json"
_RESERVED = ("format", "format_version", "descenso_version", "architecture", "weights")
_MAX_JSON_BYTES = 64 * 2**20  # a description is a few KB; more is not a model.json
_MOST_EXTRA_WEIGHTS_FACTOR = 16
_PREDICT_BATCH_SIZE = 1024  # the same as the trainer's, so predictions match it bit for bit

@dataclass
class SavedModel:
    """A loaded model file.

    Attributes
    ----------
    model : Module
        Rebuilt from the architecture, with the saved weights, in eval mode.
    metadata : dict
        The metadata given to :func:`save_model` (preprocessing, hyperparameters, metrics...).
    architecture : dict
        The layer description (see :func:`model_to_spec`).
    format_version : int
    descenso_version : str
        The version of descenso that wrote the file.
    path : Path
        The folder the model was loaded from.
    """

    model: Any
    metadata: dict[str, Any]
    architecture: dict[str, Any]
    format_version: int
    descenso_version: str
    path: Path

    def predict(self, X, batch_size: int = _PREDICT_BATCH_SIZE) -> np.ndarray:
        """The model's raw outputs for ``X`` of shape (n_samples, ...), without a graph.

        ``X`` must already be preprocessed as ``metadata`` describes (one-hot, standardized).
        """
        X = np.asarray(X)
        if X.dtype.kind not in "biuf" or X.ndim == 0:
            raise ConfigError(
                _("predict needs an array of numbers of shape (n_samples, ...), got dtype "
                  "{dtype} and shape {shape}").format(dtype=X.dtype, shape=X.shape)
            )
        dtype = next((p.data.dtype for p in self.model.parameters()), np.dtype(np.float32))
        X = X.astype(dtype, copy=False)
        self.model.eval()
        parts = []
        with no_grad():
            for start in range(0, max(len(X), 1), batch_size):
                parts.append(self.model(from_numpy(X[start:start + batch_size])).data)
        return np.concatenate(parts)


def save_model(directory: str | os.PathLike[str], model, metadata: dict | None = None) -> Path:
    """Save ``model`` into ``directory`` as ``model.safetensors`` and ``model.json``.

    Parameters
    ----------
    directory : str or path-like
        Created if missing; an existing model in it is replaced so that a crash at any moment
        leaves the old model or the new one loadable (see the module's description), and
        temporary files of killed writers are removed first.
    model : Module
        See :func:`model_to_spec` for the layers supported.
    metadata : dict, optional
        JSON-compatible (NumPy arrays and scalars are converted; NaN is refused) and written
        at the top level of ``model.json``. It may not use the keys ``format``,
        ``format_version``, ``descenso_version``, ``architecture`` or ``weights``.

    Returns
    -------
    Path : the folder.
    """
    metadata = {} if metadata is None else metadata
    if not isinstance(metadata, dict):
        raise ConfigError(_("metadata must be a dict, got {kind}").format(
            kind=type(metadata).__name__))
    clash = sorted(set(metadata) & set(_RESERVED))
    if clash:
        raise ConfigError(
            _("metadata may not use the reserved key(s) {keys}; rename them").format(keys=clash))
    architecture = model_to_spec(model)
    # np.require, not np.ascontiguousarray, which turns a 0-d counter into shape (1,).
    arrays = {name: np.require(value, requirements="C")
              for name, value in model.state_dict().items()}
    # Floating tensors share one dtype; counters such as num_batches_tracked stay int64.
    dtypes = sorted({str(array.dtype) for array in arrays.values() if array.dtype.kind == "f"})
    weights_bytes = save_safetensors(arrays)
    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "descenso_version": __version__,
        "architecture": architecture,
        "weights": {
            "file": WEIGHTS_FILE,
            "sha256": hashlib.sha256(weights_bytes).hexdigest(),
            "dtype": dtypes[0] if len(dtypes) == 1 else "float32",
            "shapes": {name: list(array.shape) for name, array in arrays.items()},
        },
        **metadata,
    }
    text = encode_json(document, sort_keys=False)  # before touching any file
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise ModelFileError(
            _("cannot save the model into {path}: it is a file; pass a folder").format(
                path=folder))
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(folder)
    weights_path = folder / WEIGHTS_FILE
    _keep_committed_weights(weights_path, folder / SPEC_FILE)
    write_bytes_atomic(weights_path, weights_bytes)
    write_text_atomic(folder / SPEC_FILE, text)  # the commit: from here the new pair loads
    _previous_path(weights_path).unlink(missing_ok=True)
    return folder


def _previous_path(weights_path: Path) -> Path:
    return weights_path.with_name(f".{weights_path.name}.previous")


def _sha256(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _read_if_present(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _keep_committed_weights(weights_path: Path, spec_path: Path) -> None:
    """Keep the weights ``spec_path`` describes as the previous weights, before replacing them.

    Usually that is ``weights_path``, linked under the previous name; after a save killed
    between its two files it is the previous file already, which then stays as it is.
    """
    previous = _previous_path(weights_path)
    try:
        committed = json.loads(spec_path.read_bytes())["weights"]["sha256"]
    except (OSError, ValueError, TypeError, KeyError):
        committed = None  # no readable model.json: no model to protect
    if committed is None or not weights_path.is_file():
        previous.unlink(missing_ok=True)
    elif _sha256(_read_if_present(previous)) != committed:
        snapshot_atomic(weights_path, previous)


def _locate(path: Path) -> tuple[Path, Path]:
    """(folder, model.json path) for a folder, a model.json or a model.safetensors path."""
    if path.is_dir():
        folder = path
    elif path.suffix in (".json", ".safetensors") and path.parent.is_dir():
        folder = path.parent
    else:
        raise ModelFileError(
            _("no model at {path}; pass the folder written by 'descenso fit' (it holds "
              "model.json and model.safetensors)").format(path=path))
    spec_path = folder / SPEC_FILE if path.suffix != ".json" else path
    if not os.path.lexists(spec_path):
        if (folder / WEIGHTS_FILE).is_file():
            raise ModelFileError(
                _("{path} is missing next to model.safetensors; the save did not finish or the "
                  "file was deleted: save the model again").format(path=spec_path))
        raise ModelFileError(
            _("no model at {path}: {name} not found; pass the folder written by "
              "'descenso fit'").format(path=folder, name=SPEC_FILE))
    return folder, spec_path


def _read_document(spec_path: Path) -> dict[str, Any]:
    text = read_bounded(spec_path, _MAX_JSON_BYTES, _("a model description"), ModelFileError)
    try:
        document = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelFileError(
            _("{path} is not valid JSON ({error}); it is damaged: save the model again").format(
                path=spec_path, error=error)) from None
    except RecursionError:
        raise ModelFileError(
            _("{path} nests its JSON too deeply to be a model description; it is damaged or "
              "not from descenso: save the model again").format(path=spec_path)) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ModelFileError(
            _("{path} is not a descenso model file (no \"format\": \"{name}\"); give the "
              "folder written by 'descenso fit' or its model.json").format(
                path=spec_path, name=FORMAT_NAME))
    version = document.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ModelFileError(
            _("{path} has an unknown format version {version!r} (descenso writes whole numbers "
              "from 1); the file is damaged or not from descenso: save the model again with "
              "this descenso version").format(path=spec_path, version=version))
    if version > FORMAT_VERSION:
        raise ModelFileError(
            _("{path} was written by a newer descenso ({writer}, model format version "
              "{version}; this descenso {mine} reads up to version {supported}); upgrade "
              "descenso: pip install --upgrade descenso").format(
                path=spec_path, writer=document.get("descenso_version", "?"), version=version,
                mine=__version__, supported=FORMAT_VERSION))
    weights = document.get("weights")
    if (not isinstance(document.get("architecture"), dict) or not isinstance(weights, dict)
            or not isinstance(weights.get("sha256"), str)):
        raise ModelFileError(
            _("{path} lacks its 'architecture' or 'weights' entry; it is damaged: save the "
              "model again").format(path=spec_path))
    return document


def _inside(folder: Path, name: Any, spec_path: Path) -> Path:
    """The weights file ``name`` that ``model.json`` names, refused unless it lies in ``folder``.

    A model folder reads only its own files: a plain file name, no ``..``, no absolute path,
    and no symbolic link that leads out of the folder.
    """
    path = folder / str(name)
    plain = (isinstance(name, str) and name not in ("", ".", "..") and "/" not in name
             and "\\" not in name and not os.path.isabs(name))
    if not plain or os.path.dirname(os.path.realpath(path)) != os.path.realpath(folder):
        raise ModelFileError(
            _("{path} names its weights file as {name!r}, outside the model's folder; a model "
              "reads only files in its own folder: save the model again").format(
                path=spec_path, name=name))
    return path


def _read_weights(weights_path: Path) -> bytes:
    """The bytes of the weights file, after checking that the machine can hold them."""
    if not os.path.lexists(weights_path):
        raise ModelFileError(
            _("{path} is missing or unreadable; model.json needs it: copy both files "
              "together or save the model again").format(path=weights_path))
    with open_regular(weights_path, None, ModelFileError) as file:
        size = os.fstat(file.fileno()).st_size
        # The file's bytes, then the arrays made from them: twice its size.
        check_memory(2 * size, _("the weights file {path} ({size})").format(
            path=weights_path, size=format_bytes(size)),
            _("check that it is the right file"))
        try:
            return file.read(size)
        except OSError as error:
            raise ModelFileError(_("cannot read {path}: {error}; check that you may read "
                                   "it").format(path=weights_path, error=error.strerror)) from None


def _check_sizes(architecture: dict, arrays: dict, spec_path: Path, weights_path: Path) -> None:
    """Refuse an architecture that needs more numbers than the weights file holds.

    Checked before building anything, so a description claiming ``Linear(1000000, 10000)``
    next to a small file never allocates its 40 GB.
    """
    try:
        needed = parameter_count(architecture)
    except ModelFileError as error:
        raise ModelFileError(
            _("the architecture in {path} is invalid: {error}; the file is damaged or from "
              "another program: save the model again").format(path=spec_path,
                                                              error=error)) from None
    present = sum(array.size for array in arrays.values())
    # A small mismatch builds the model and load_state_dict names each tensor that differs;
    # a claim far beyond the file is refused before building.
    if needed > _MOST_EXTRA_WEIGHTS_FACTOR * present + 2**20:
        raise ModelFileError(
            _("the architecture in {spec} needs {needed} weights but {path} holds {present}; "
              "the files do not belong together (is it from another model?): save the model "
              "again or copy the two files from the same folder").format(
                spec=spec_path, needed=needed, path=weights_path, present=present))


def load_model(path: str | os.PathLike[str]) -> SavedModel:
    """Load a model saved by :func:`save_model`: a folder, or the path of its ``model.json``.

    Returns
    -------
    SavedModel
        ``.model`` in eval mode predicts exactly as the saved model did.

    Raises
    ------
    ModelFileError
        When a file is missing, is not valid JSON or safetensors, is truncated or was
        modified, comes from a newer descenso, or when the weights do not fit the
        architecture (missing, extra or wrongly shaped tensors, or a foreign file).
    """
    folder, spec_path = _locate(Path(path))
    document = _read_document(spec_path)
    weights_path = _inside(folder, document["weights"].get("file", WEIGHTS_FILE), spec_path)
    weights_bytes = _read_weights(weights_path)
    digest = _sha256(weights_bytes)
    if digest != document["weights"]["sha256"]:
        # A save killed between its two files left new weights next to the old model.json;
        # the old weights were kept under another name until the new JSON was written.
        kept = _read_if_present(_previous_path(weights_path))
        if _sha256(kept) == document["weights"]["sha256"]:
            weights_bytes, digest = kept, _sha256(kept)
    try:
        arrays = load_safetensors(weights_bytes)
    except (SafetensorError, ValueError, OverflowError) as error:
        raise ModelFileError(
            _("{path} is truncated or damaged ({error}); save the model again").format(
                path=weights_path, error=error)) from None
    dtype = str(document["weights"].get("dtype", "float32"))
    if dtype not in ("float32", "float64"):
        raise ModelFileError(_("{path} has unsupported weights dtype {dtype!r} (descenso "
                               "writes float32 or float64); save the model again").format(
            path=spec_path, dtype=dtype))
    for name, array in arrays.items():
        if str(array.dtype) != dtype and str(array.dtype) != "int64":
            raise ModelFileError(
                _("tensor {name!r} in {path} has dtype {found}, model.json says {dtype}; the "
                  "files do not belong together").format(
                    name=name, path=weights_path, found=array.dtype, dtype=dtype))
    _check_sizes(document["architecture"], arrays, spec_path, weights_path)
    try:
        model = model_from_spec(document["architecture"]).to(dtype)
    except ModelFileError as error:
        raise ModelFileError(
            _("the architecture in {path} is invalid: {error}; the file is damaged or from "
              "another program: save the model again").format(path=spec_path,
                                                              error=error)) from None
    try:
        model.load_state_dict(arrays)
    except ModelFileError as error:
        lines = str(error).splitlines()  # header, one line per problem, advice: keep problems
        details = "; ".join(line.strip() for line in (lines[1:-1] if len(lines) > 2 else lines))
        raise ModelFileError(
            _("{path} does not fit the architecture in model.json (is it from another "
              "model?): {details}; save the model again or copy the two files from the same "
              "folder").format(path=weights_path, details=details)) from None
    if digest != document["weights"]["sha256"]:
        raise ModelFileError(
            _("{path} does not match model.json (SHA-256 differs): it was modified or comes "
              "from another save; save the model again").format(path=weights_path))
    model.eval()
    metadata = {key: value for key, value in document.items() if key not in _RESERVED}
    return SavedModel(model=model, metadata=metadata, architecture=document["architecture"],
                      format_version=document["format_version"],
                      descenso_version=str(document.get("descenso_version", "")),
                      path=folder)
