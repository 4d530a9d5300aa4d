"""The photo bundled for the deblurring lesson.

``camera.png``: scikit-image's "camera" photograph (a man with a camera on a tripod) by Lav
Varshney, CC0 (public domain dedication), resized to 256 x 256 grayscale pixels; see
``files/CAMERA-LICENSE.txt``.

>>> from descenso.deblur.images import read_image
>>> read_image(camera_path()).shape
(256, 256)
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["camera_path"]


def camera_path() -> Path:
    """The path of the bundled ``camera.png`` inside the installed package."""
    return Path(str(resources.files("descenso").joinpath("datasets", "files", "camera.png")))
