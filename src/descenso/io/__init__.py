"""Files descenso writes and reads: crash-safe writes and model files (one safetensors each).

Every file descenso produces goes through :func:`atomic_write` (or one of its shortcuts), so a
crash leaves either the previous complete file or the new complete one.
"""

from descenso.io.architecture import model_from_spec, model_to_spec
from descenso.io.atomic import (
    atomic_write,
    encode_json,
    remove_stale_temporaries,
    write_bytes_atomic,
    write_json_atomic,
    write_text_atomic,
)
from descenso.io.checkpoint import load_checkpoint, save_checkpoint
from descenso.io.model_file import SavedModel, load_model, read_description, save_model

__all__ = [
    "SavedModel",
    "atomic_write",
    "encode_json",
    "load_checkpoint",
    "load_model",
    "model_from_spec",
    "model_to_spec",
    "read_description",
    "remove_stale_temporaries",
    "save_checkpoint",
    "save_model",
    "write_bytes_atomic",
    "write_json_atomic",
    "write_text_atomic",
]
