"""Model files: one ``model.safetensors`` holding the weights and the model's description.

A saved model is one safetensors file, ``model.safetensors`` in the run folder:

- its tensors are the weights, keyed exactly as PyTorch keys the same model (``0.weight``,
  ``0.bias``, ...), so ``safetensors.torch.load_file`` followed by ``load_state_dict`` works
  on the equivalent ``torch.nn.Sequential``;
- its header's metadata (``__metadata__``, text only) holds ``format`` (``descenso-model``),
  ``description`` and ``tensors_sha256``. The description is JSON: the format version, the
  descenso version, the architecture (the layers that rebuild the model), the weights' dtype
  and shapes, and the caller's metadata at the top level: preprocessing (one-hot categories,
  standardizer means and scales, feature names, target name, class names), hyperparameters,
  metrics. The SHA-256 of the tensors detects a file damaged after it was written.

One file is written in one atomic replacement, so a crash leaves the old model or the new one,
never half of each; training checkpoints use the same layout. Models saved by earlier
versions as two files (``model.json`` + ``model.safetensors``) still load
(:mod:`descenso.io.two_file_model`). No pickle anywhere: loading a model never runs code from
it, and nothing is allocated before the sizes the file declares have been checked against the
file, the weights present and the memory available.

>>> import tempfile
>>> from descenso import nn
>>> model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
>>> folder = save_model(tempfile.mkdtemp(), model, {"target_name": "rings"})
>>> sorted(path.name for path in folder.iterdir())
['model.safetensors']
>>> saved = load_model(folder)
>>> saved.metadata["target_name"], saved.model.training
('rings', False)
>>> model_to_spec(nn.Linear(3, 1))
{'type': 'Linear', 'in_features': 3, 'out_features': 1, 'bias': True}
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from safetensors import SafetensorError
from safetensors.numpy import load as load_safetensors

from descenso._version import __version__
from descenso.autograd import from_numpy, no_grad
from descenso.errors import ConfigError, ModelFileError
from descenso.i18n import gettext as _
from descenso.io.architecture import model_from_spec, model_to_spec, parameter_count
from descenso.io.atomic import encode_json, remove_stale_temporaries, write_bytes_atomic
from descenso.io.checkpoint import tensors_sha256
from descenso.io.safetensors_bytes import read_file, read_metadata, save_bytes
from descenso.io.two_file_model import SPEC_FILE, parse_description, read_two_file_model

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MODEL_FILE",
    "SPEC_FILE",
    "SavedModel",
    "load_model",
    "model_from_spec",
    "model_to_spec",
    "read_description",
    "save_model",
]

FORMAT_NAME = "descenso-model"
FORMAT_VERSION = 2  # 1: the two-file models of earlier versions
MODEL_FILE = "model.safetensors"
_RESERVED = ("format", "format_version", "descenso_version", "architecture", "weights")
# A description may claim a few more weights than the file holds (load_state_dict then names
# each tensor that differs); a claim far beyond it is refused before building anything.
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
    """Save ``model`` with ``metadata`` as ``model.safetensors`` in ``directory``.

    Parameters
    ----------
    directory : str or path-like
        Created if missing. An existing model in it is replaced in one atomic step (a crash
        leaves the old model or the new one); temporary files of killed writers are removed
        first, and the ``model.json`` of a model saved by an earlier version is removed after.
    model : Module
        See :func:`model_to_spec` for the layers supported.
    metadata : dict, optional
        JSON-compatible (NumPy arrays and scalars are converted; NaN is refused), stored at the
        top level of the description. It may not use the keys ``format``,
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
    description = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "descenso_version": __version__,
        "architecture": architecture,
        "weights": {
            "dtype": dtypes[0] if len(dtypes) == 1 else "float32",
            "shapes": {name: list(array.shape) for name, array in arrays.items()},
        },
        **metadata,
    }
    header = {"format": FORMAT_NAME,
              "description": encode_json(description, sort_keys=False, indent=None),
              "tensors_sha256": tensors_sha256(arrays)}
    data = save_bytes(arrays, metadata=header)  # before touching any file
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise ModelFileError(
            _("cannot save the model into {path}: it is a file; pass a folder").format(
                path=folder))
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(folder)
    write_bytes_atomic(folder / MODEL_FILE, data)
    for stale in (SPEC_FILE, f".{MODEL_FILE}.previous"):  # an earlier version's two files
        (folder / stale).unlink(missing_ok=True)
    return folder


def _read(path: Path) -> tuple[Any, bytes, Path, Path, Callable[[dict], bool]]:
    """``(description, weights bytes, weights path, description's path, intact)``, where
    ``intact(arrays)`` tells whether the loaded tensors are those that were saved."""
    if path.suffix == ".json" and not os.path.lexists(path) and (path.parent / MODEL_FILE).exists():
        path = path.parent  # model.json of a run saved as one file: the folder is meant
    if path.suffix == ".json":
        if not os.path.lexists(path):
            raise ModelFileError(
                _("no model at {path}: {name} not found; pass the folder written by "
                  "'descenso fit'").format(path=path, name=path.name))
        return read_two_file_model(path.parent, path)
    if path.is_dir():
        folder, file = path, path / MODEL_FILE
        if (os.path.lexists(file)
                and os.path.dirname(os.path.realpath(file)) != os.path.realpath(folder)):
            raise ModelFileError(
                _("{path} is a symbolic link leading out of the model's folder; a model reads "
                  "only files in its own folder: copy the file into it").format(path=file))
    elif path.suffix == ".safetensors":
        folder, file = path.parent, path
    else:
        raise ModelFileError(
            _("no model at {path}; pass the folder written by 'descenso fit' (it holds "
              "model.safetensors)").format(path=path))
    spec_path = folder / SPEC_FILE
    if not os.path.lexists(file):
        if os.path.lexists(spec_path):
            return read_two_file_model(folder, spec_path)
        raise ModelFileError(
            _("no model at {path}: {name} not found; pass the folder written by "
              "'descenso fit'").format(path=folder, name=MODEL_FILE))
    data = read_file(file, _("the model file {path} ({size})"),
                     _("{path} is missing; save the model again"))
    metadata = read_metadata(data)
    if metadata is not None and metadata.get("format") == FORMAT_NAME:
        description = parse_description(str(metadata.get("description")), file)
        expected = metadata.get("tensors_sha256")
        return description, data, file, file, lambda arrays: tensors_sha256(arrays) == expected
    if os.path.lexists(spec_path):  # bare weights: a model saved by an earlier version
        return read_two_file_model(folder, spec_path)
    if metadata is None:
        raise ModelFileError(
            _("{path} is truncated or damaged (no readable safetensors header); save the "
              "model again").format(path=file))
    raise ModelFileError(
        _("{path} is a safetensors file without a descenso model description; give a model "
          "saved by 'descenso fit' or descenso.io.save_model").format(path=file))


def _check_description(document: Any, source: Path) -> dict[str, Any]:
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ModelFileError(
            _("{path} is not a descenso model file (no \"format\": \"{name}\"); give the "
              "folder written by 'descenso fit' or its model.json").format(
                path=source, name=FORMAT_NAME))
    version = document.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ModelFileError(
            _("{path} has an unknown format version {version!r} (descenso writes whole numbers "
              "from 1); the file is damaged or not from descenso: save the model again with "
              "this descenso version").format(path=source, version=version))
    if version > FORMAT_VERSION:
        raise ModelFileError(
            _("{path} was written by a newer descenso ({writer}, model format version "
              "{version}; this descenso {mine} reads up to version {supported}); upgrade "
              "descenso: pip install --upgrade descenso").format(
                path=source, writer=document.get("descenso_version", "?"), version=version,
                mine=__version__, supported=FORMAT_VERSION))
    if (not isinstance(document.get("architecture"), dict)
            or not isinstance(document.get("weights"), dict)):
        raise ModelFileError(
            _("{path} lacks its 'architecture' or 'weights' entry; it is damaged: save the "
              "model again").format(path=source))
    return document


def read_description(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Everything a saved model records besides its weights, without building the model.

    ``path`` as for :func:`load_model`. The description holds the format version, the
    architecture, the weights' dtype and shapes, and the metadata given to :func:`save_model`.
    """
    document, _data, _weights, source, _intact = _read(Path(path))
    return _check_description(document, source)


def load_model(path: str | os.PathLike[str]) -> SavedModel:
    """Load a model saved by :func:`save_model`: its folder or its ``model.safetensors``
    (or, for a model saved as two files by an earlier version, its ``model.json``).

    Returns
    -------
    SavedModel
        ``.model`` in eval mode predicts exactly as the saved model did.

    Raises
    ------
    ModelFileError
        When a file is missing, not a regular file, truncated, damaged or modified, from a
        newer descenso, larger than the memory available, when the weights do not fit the
        architecture (missing, extra or wrongly shaped tensors, or a foreign file), or when a
        two-file model names a weights file outside its folder.
    """
    document, data, weights_path, source, intact = _read(Path(path))
    document = _check_description(document, source)
    try:
        arrays = load_safetensors(data)
    except (SafetensorError, ValueError, OverflowError) as error:
        raise ModelFileError(
            _("{path} is truncated or damaged ({error}); save the model again").format(
                path=weights_path, error=error)) from None
    dtype = str(document["weights"].get("dtype", "float32"))
    if dtype not in ("float32", "float64"):
        raise ModelFileError(_("{path} has unsupported weights dtype {dtype!r} (descenso "
                               "writes float32 or float64); save the model again").format(
            path=source, dtype=dtype))
    for name, array in arrays.items():
        if str(array.dtype) != dtype and str(array.dtype) != "int64":
            raise ModelFileError(
                _("tensor {name!r} in {path} has dtype {found}, model.json says {dtype}; the "
                  "files do not belong together").format(
                    name=name, path=weights_path, found=array.dtype, dtype=dtype))
    model = _build(document["architecture"], arrays, source, weights_path).to(dtype)
    try:
        model.load_state_dict(arrays)
    except ModelFileError as error:
        lines = str(error).splitlines()  # header, one line per problem, advice: keep problems
        details = "; ".join(line.strip() for line in (lines[1:-1] if len(lines) > 2 else lines))
        raise ModelFileError(
            _("{path} does not fit the architecture in model.json (is it from another "
              "model?): {details}; save the model again or copy the two files from the same "
              "folder").format(path=weights_path, details=details)) from None
    if not intact(arrays):
        raise ModelFileError(
            _("{path} does not match model.json (SHA-256 differs): it was modified or comes "
              "from another save; save the model again").format(path=weights_path))
    model.eval()
    metadata = {key: value for key, value in document.items() if key not in _RESERVED}
    return SavedModel(model=model, metadata=metadata, architecture=document["architecture"],
                      format_version=document["format_version"],
                      descenso_version=str(document.get("descenso_version", "")),
                      path=weights_path.parent)


def _build(architecture: dict, arrays: dict, source: Path, weights_path: Path):
    """The untrained model ``architecture`` describes, once its size is known to be sane."""
    invalid = _("the architecture in {path} is invalid: {error}; the file is damaged or from "
                "another program: save the model again")
    try:
        needed = parameter_count(architecture)
    except ModelFileError as error:
        raise ModelFileError(invalid.format(path=source, error=error)) from None
    present = sum(array.size for array in arrays.values())
    if needed > _MOST_EXTRA_WEIGHTS_FACTOR * present + 2**20:
        raise ModelFileError(
            _("the architecture in {spec} needs {needed} weights but {path} holds {present}; "
              "the files do not belong together (is it from another model?): save the model "
              "again or copy the two files from the same folder").format(
                spec=source, needed=needed, path=weights_path, present=present))
    try:
        return model_from_spec(architecture)
    except ModelFileError as error:
        raise ModelFileError(invalid.format(path=source, error=error)) from None
