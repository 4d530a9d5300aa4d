"""Reading and writing the images and kernels of ``descenso deblur``.

Images are PNG (or JPEG) files decoded by matplotlib (through Pillow), returned as float64 in
[0, 1]: shape (H, W) for grayscale, (3, H, W) for colour (channels first, as the convolution
takes them; an alpha channel is composited over white). Every file is opened through
:func:`descenso.data.input_file.read_bounded`, so FIFOs, devices and huge files are refused
before anything is decoded, and the pixel count is checked against the header's size.

A kernel file is a grayscale image (its brightness, normalized to sum 1), a ``.npy`` array
(no pickles) or a CSV/text file of numbers, one row per line.
"""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path

import numpy as np

from descenso.data.input_file import read_bounded
from descenso.deblur.kernels import check_kernel
from descenso.errors import DataError
from descenso.i18n import gettext as _
from descenso.io.atomic import write_bytes_atomic, write_text_atomic

__all__ = ["MAX_PIXELS", "read_image", "read_kernel", "to_png", "write_kernel_csv",
           "write_png"]

MAX_PIXELS = 16_000_000
_MAX_BYTES = 200 * 2**20
_MAX_KERNEL_BYTES = 16 * 2**20
_PNG = b"\x89PNG\r\n\x1a\n"


def read_image(path: str | os.PathLike, gray: bool = False) -> np.ndarray:
    """The image at ``path`` as float64 in [0, 1]: (H, W), or (3, H, W) for colour unless
    ``gray`` (luminance, ITU-R BT.601)."""
    data = read_bounded(path, _MAX_BYTES, _("an image"))
    pixels = _decode(data, os.fspath(path))
    if pixels.ndim == 3:
        if pixels.shape[2] == 4:  # composite over white
            alpha = pixels[..., 3:4]
            pixels = pixels[..., :3] * alpha + (1.0 - alpha)
        pixels = pixels[..., :3]
        if gray or np.allclose(pixels[..., 0], pixels[..., 1]) and np.allclose(
                pixels[..., 1], pixels[..., 2]):
            pixels = pixels @ np.array([0.299, 0.587, 0.114])
        else:
            pixels = np.moveaxis(pixels, -1, 0)
    return np.ascontiguousarray(pixels, dtype=np.float64)


def _decode(data: bytes, name: str) -> np.ndarray:
    if data.startswith(_PNG) and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        if width * height > MAX_PIXELS:
            raise DataError(_("{path}: {w}x{h} pixels is more than descenso deblurs ({limit:,}); "
                              "crop or shrink the image").format(
                path=name, w=width, h=height, limit=MAX_PIXELS))
    from matplotlib.image import imread  # Pillow behind it

    try:
        pixels = imread(io.BytesIO(data))
    except Exception:  # Pillow raises many kinds for a damaged or foreign file
        raise DataError(_("{path} is not an image descenso can read; give a PNG or JPEG "
                          "file").format(path=name)) from None
    pixels = np.asarray(pixels, dtype=np.float64)
    if pixels.dtype.kind in "ui" or pixels.max(initial=0.0) > 1.0:
        pixels = pixels / 255.0
    if pixels.ndim not in (2, 3) or pixels.size > MAX_PIXELS * 4 or min(pixels.shape[:2]) < 1:
        raise DataError(_("{path}: an image of shape {shape} cannot be deblurred; give a "
                          "grayscale or colour image").format(path=name, shape=pixels.shape))
    return pixels


def read_kernel(path: str | os.PathLike) -> np.ndarray:
    """A blur kernel from an image, ``.npy`` or CSV file, normalized to sum 1."""
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    data = read_bounded(name, _MAX_KERNEL_BYTES, _("a kernel file"))
    if suffix == ".npy":
        try:
            array = np.load(io.BytesIO(data), allow_pickle=False)
        except ValueError:
            raise DataError(_("{path} is not a NumPy array of numbers; save the kernel with "
                              "numpy.save").format(path=name)) from None
    elif suffix in (".csv", ".txt"):
        try:
            text = data.decode("utf-8")
            rows = [[float(value) for value in line.replace(";", ",").split(",") if value.strip()]
                    for line in text.splitlines() if line.strip()]
            array = np.array(rows, dtype=np.float64)
        except (UnicodeDecodeError, ValueError):
            raise DataError(_("{path} is not a table of numbers; write one row of the kernel "
                              "per line, the numbers separated by commas").format(
                path=name)) from None
    else:
        array = _decode(data, name)
        if array.ndim == 3:
            array = array[..., :3] @ np.array([0.299, 0.587, 0.114])
    try:
        return check_kernel(array)
    except DataError as error:
        raise DataError(f"{name}: {error}") from None


def to_png(image: np.ndarray) -> bytes:
    """PNG bytes of an image in [0, 1] (clipped, rounded to 8 bits): grayscale for (H, W),
    RGB for (3, H, W). Written by Pillow (matplotlib's image library)."""
    from PIL import Image

    pixels = np.clip(np.asarray(image, dtype=np.float64), 0.0, 1.0)
    if pixels.ndim == 3:
        pixels = np.moveaxis(pixels, 0, -1)
    levels = np.round(pixels * 255.0).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(levels).save(buffer, format="png")  # "L" for (H, W), "RGB" for (H, W, 3)
    return buffer.getvalue()


def write_png(path: str | os.PathLike, image: np.ndarray) -> Path:
    """Write ``image`` (see :func:`to_png`) atomically; return the path."""
    write_bytes_atomic(path, to_png(image))
    return Path(path)


def write_kernel_csv(path: str | os.PathLike, kernel: np.ndarray) -> Path:
    """Write the kernel's weights, one row per line (17 significant digits), atomically."""
    text = "\n".join(",".join(f"{value:.17g}" for value in row) for row in kernel) + "\n"
    write_text_atomic(path, text)
    return Path(path)
