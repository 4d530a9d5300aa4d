"""Reading images to classify: IDX files, NumPy ``.npy`` arrays, or 28x28 PNG files.

- IDX (gzipped or raw, as MNIST ships): an images file of shape (n, 28, 28);
- ``.npy``: an array of shape (n, 28, 28), (n, 784) or one (28, 28) image, loaded with
  ``allow_pickle=False`` (a file holding Python objects is refused, never executed). Integer
  pixels must lie in 0..255; float pixels in [0, 1] are taken as already scaled, float pixels
  in [0, 255] are scaled like integers;
- PNG: one 28x28 image per file (grayscale, or colour converted by luminance); other sizes
  are rejected. MNIST digits are light on a dark background.

Every input becomes float32 pixels in [0, 1] of shape (n, 28, 28), as the models were trained.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

from descenso.data.idx import read_idx
from descenso.data.images import read_png_grayscale
from descenso.data.input_file import open_regular
from descenso.errors import DataError
from descenso.i18n import gettext as _
from descenso.limits import check_memory
from descenso.pipeline.preprocessing import IMAGE_SHAPE, scale_pixels

__all__ = ["read_image_inputs"]

_PIXELS = IMAGE_SHAPE[0] * IMAGE_SHAPE[1]


def read_image_inputs(paths: list[str | os.PathLike]) -> tuple[np.ndarray, list[str]]:
    """Read every file in ``paths`` as images.

    Returns
    -------
    images : ndarray of float32, shape (n, 28, 28), in [0, 1]
    names : list of str, one per image: the PNG's file name, or ``file[index]``

    Raises
    ------
    DataError
        For a missing file or one that holds no usable 28x28 images (the message says why).
    """
    blocks, names = [], []
    for path in map(Path, paths):
        if not os.path.lexists(path) or path.is_dir():
            raise DataError(
                _("{path} does not exist or is not a file; give IDX, .npy or PNG files").format(
                    path=path))
        suffix = path.suffix.lower()
        if suffix == ".png":
            blocks.append(scale_pixels(read_png_grayscale(path)[None]))
            names.append(path.name)
            continue
        images = _read_npy(path) if suffix == ".npy" else _read_idx_images(path)
        blocks.append(images)
        names += [f"{path.name}[{index}]" for index in range(len(images))]
    if not blocks or sum(len(block) for block in blocks) == 0:
        raise DataError(_("the input holds no images; give IDX, .npy or PNG files"))
    return np.concatenate(blocks), names


def _read_idx_images(path: Path) -> np.ndarray:
    array = read_idx(path)
    if array.ndim == 1:
        raise DataError(
            _("{path} holds labels, not images; give the images file (e.g. "
              "t10k-images-idx3-ubyte.gz)").format(path=path))
    if array.ndim != 3 or array.shape[1:] != IMAGE_SHAPE:
        raise DataError(
            _("{path} holds an array of shape {shape}; the model needs images of 28x28 "
              "pixels, shape (n, 28, 28)").format(path=path, shape=array.shape))
    return _as_pixels(array, path)


def _npy_claim(path: Path) -> None:
    """Refuse a ``.npy`` whose header claims more numbers than the file holds, before
    ``np.load`` allocates them (a 100-byte file may claim 7.8e13 elements)."""
    with open_regular(path) as file:
        size = os.fstat(file.fileno()).st_size
        try:
            version = np.lib.format.read_magic(file)
            read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                           else np.lib.format.read_array_header_2_0)
            shape, _order, dtype = read_header(file)
        except (ValueError, TypeError, OSError, EOFError, SyntaxError):
            return  # not a plain .npy header: np.load says why
        claimed = math.prod(shape) * dtype.itemsize
        if dtype.hasobject:
            return  # np.load refuses it without pickle
        if claimed <= size - file.tell():
            check_memory(claimed, _("the array in {path}").format(path=path),
                         _("give fewer images at a time"))
            return
    raise DataError(
        _("{path}: its header claims an array of shape {shape} ({claimed} bytes) but the file "
          "holds {size} bytes; the file is truncated or damaged: save the array again with "
          "np.save").format(path=path, shape=shape, claimed=claimed, size=size))


def _read_npy(path: Path) -> np.ndarray:
    _npy_claim(path)
    try:
        array = np.load(path, allow_pickle=False)
    except ValueError as error:
        raise DataError(
            _("{path} cannot be read as a NumPy array without pickle ({error}); save plain "
              "numbers with np.save").format(path=path, error=error)) from None
    except (OSError, EOFError) as error:
        raise DataError(
            _("{path} is not a valid .npy file ({error}); save the array with np.save").format(
                path=path, error=error)) from None
    if not isinstance(array, np.ndarray):
        raise DataError(_("{path} is an .npz archive; give one array saved with np.save")
                        .format(path=path))
    if array.shape == IMAGE_SHAPE:
        array = array[None]
    elif array.ndim == 2 and array.shape[1] == _PIXELS:
        array = array.reshape(len(array), *IMAGE_SHAPE)
    if array.ndim != 3 or array.shape[1:] != IMAGE_SHAPE:
        raise DataError(
            _("{path} holds an array of shape {shape}; give images of shape (n, 28, 28) or "
              "(n, 784)").format(path=path, shape=array.shape))
    return _as_pixels(array, path)


def _as_pixels(array: np.ndarray, path: Path) -> np.ndarray:
    """Pixels as float32 in [0, 1], whatever numeric dtype they came in."""
    if array.dtype.kind not in "biuf":
        raise DataError(
            _("{path} holds values of type {dtype}; images must hold numbers").format(
                path=path, dtype=array.dtype))
    if array.dtype == np.uint8:
        return scale_pixels(array)
    if array.size and not np.isfinite(array).all():
        raise DataError(_("{path} holds NaN or infinite pixels").format(path=path))
    low = float(array.min()) if array.size else 0.0
    high = float(array.max()) if array.size else 0.0
    if low < 0 or high > 255:
        raise DataError(
            _("{path} has pixel values from {low:g} to {high:g}; pixels must lie in 0..255 "
              "(or in [0, 1] for floats)").format(path=path, low=low, high=high))
    if array.dtype.kind == "f" and high <= 1.0:
        return array.astype(np.float32)
    return scale_pixels(array)
