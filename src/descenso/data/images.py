"""Read a PNG image as a 28x28 grayscale array, the input of descenso's MNIST models.

The file's own header is checked first (PNG signature, then width and height from the IHDR
chunk), so a file of the wrong kind or size is rejected with a clear message before any
pixel is decoded; matplotlib (through Pillow) then decodes the pixels.

Colour images become grayscale by luminance, ``0.299 R + 0.587 G + 0.114 B`` (ITU-R BT.601,
as Pillow's ``convert("L")``). Transparent pixels are composited over white, the way image
viewers show them. The pixels are returned as they are: MNIST digits are light on a dark
background, so a dark drawing on a light background may need inverting (``255 - image``).
"""

from __future__ import annotations

import os
import struct
import zlib

import numpy as np

from descenso.data.input_file import open_regular
from descenso.errors import DataError
from descenso.i18n import gettext as _

__all__ = ["read_png_grayscale"]

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_HEAD_BYTES = 33  # signature (8), IHDR length and type (8), IHDR data (13), CRC (4)
_SIZE = 28
_LUMINANCE = np.array([0.299, 0.587, 0.114], dtype=np.float32)
# What Pillow and matplotlib raise on a damaged PNG body.
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, RuntimeError, zlib.error,
                  struct.error)


def read_png_grayscale(path: str | os.PathLike) -> np.ndarray:
    """Read a 28x28 PNG image as grayscale intensities.

    ``path`` is a PNG file of 28x28 pixels: grayscale (1 to 16 bits), RGB, RGBA, grayscale with
    alpha, or palette. Returns an ndarray of shape (28, 28), uint8, 0 black and 255 white.
    Raises DataError if the file is missing, not a PNG, damaged, or not 28x28.

    >>> import tempfile, numpy as np, matplotlib.image
    >>> path = tempfile.mkdtemp() + "/seven.png"
    >>> matplotlib.image.imsave(path, np.full((28, 28), 200, dtype=np.uint8), cmap="gray",
    ...                         vmin=0, vmax=255)
    >>> image = read_png_grayscale(path)
    >>> image.shape, image.dtype, int(image[0, 0])
    ((28, 28), dtype('uint8'), 200)
    """
    name = os.fspath(path)
    head = _read_head(name)
    if not head.startswith(_SIGNATURE):
        raise DataError(_("{path} is not a PNG image (it starts with {start}); save or export it "
                          "as PNG").format(path=name,
                                           start=head[:8].hex(" ") or _("nothing, it is empty")))
    if len(head) < 24 or head[12:16] != b"IHDR":
        raise DataError(_("{path} is a damaged PNG file: its header chunk (IHDR) is missing; "
                          "export the image again").format(path=name))
    width, height = struct.unpack(">II", head[16:24])
    if (width, height) != (_SIZE, _SIZE):
        raise DataError(_("{path} is {width}x{height}; descenso's MNIST models take 28x28 "
                          "grayscale images — resize it first").format(
            path=name, width=width, height=height))
    pixels = _decode(name)
    return np.rint(_to_gray(pixels) * 255).astype(np.uint8)


def _read_head(name: str) -> bytes:
    folder = _("{path} is a folder, not an image; give the path of a PNG file inside it")
    with open_regular(name, folder) as file:
        return file.read(_HEAD_BYTES)


def _decode(name: str) -> np.ndarray:
    """Pixels as float32 in [0, 1], shape (28, 28), (28, 28, 3) or (28, 28, 4)."""
    import matplotlib.image  # matplotlib is slow to import; only prediction needs it

    try:
        pixels = matplotlib.image.imread(name, format="png")
    except _DECODE_ERRORS as err:
        raise DataError(_("{path} is a damaged PNG file ({reason}); export the image "
                          "again").format(path=name, reason=err)) from None
    channels = 1 if pixels.ndim == 2 else pixels.shape[-1]
    if pixels.shape[:2] != (_SIZE, _SIZE) or pixels.ndim > 3 or channels not in (1, 3, 4):
        raise DataError(
            _("{path} decodes to an array of shape {shape}, not 28x28; export it again").format(
                path=name, shape=pixels.shape))
    return pixels.astype(np.float32, copy=False)


def _to_gray(pixels: np.ndarray) -> np.ndarray:
    if pixels.ndim == 2:
        return pixels
    gray = pixels[..., :3] @ _LUMINANCE
    if pixels.shape[2] == 4:  # composite over white: transparent shows as white
        alpha = pixels[..., 3]
        gray = alpha * gray + (1 - alpha)
    return gray
