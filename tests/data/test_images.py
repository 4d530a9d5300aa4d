"""read_png_grayscale: every PNG colour type, luminance, alpha, and the rejections.

The PNG files are built here byte by byte (signature, IHDR, IDAT, IEND), so each test knows
exactly what the file holds.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from descenso.data.images import read_png_grayscale
from descenso.errors import DataError

# PNG colour types: samples per pixel
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def make_png(pixels: np.ndarray, color_type: int, palette: np.ndarray | None = None) -> bytes:
    """Encode ``pixels`` (height, width[, samples]) as a PNG; uint16 pixels give 16 bits."""
    height, width = pixels.shape[:2]
    depth = 16 if pixels.dtype == np.uint16 else 8
    rows = pixels.astype(">u2" if depth == 16 else np.uint8).reshape(height, -1)
    raw = b"".join(b"\x00" + row.tobytes() for row in rows)  # filter type 0 on every row
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0)
    chunks = [_chunk(b"IHDR", ihdr)]
    if palette is not None:
        chunks.append(_chunk(b"PLTE", palette.astype(np.uint8).tobytes()))
    chunks += [_chunk(b"IDAT", zlib.compress(raw)), _chunk(b"IEND", b"")]
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def _save(tmp_path, data: bytes, name: str = "image.png"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path) -> str:
    with pytest.raises(DataError) as info:
        read_png_grayscale(path)
    return str(info.value)


# ---------------------------------------------------------------- decoding


def test_8_bit_grayscale_is_exact(tmp_path, rng):
    pixels = rng.integers(0, 256, (28, 28), dtype=np.uint8)
    image = read_png_grayscale(_save(tmp_path, make_png(pixels, 0)))
    assert image.dtype == np.uint8 and image.shape == (28, 28) and image.flags.writeable
    np.testing.assert_array_equal(image, pixels)


def test_16_bit_grayscale_is_scaled_to_8_bits(tmp_path, rng):
    pixels = rng.integers(0, 65536, (28, 28), dtype=np.uint16)
    image = read_png_grayscale(_save(tmp_path, make_png(pixels, 0)))
    np.testing.assert_array_equal(image, np.rint(pixels / 65535 * 255).astype(np.uint8))


def test_rgb_becomes_luminance(tmp_path, rng):
    pixels = rng.integers(0, 256, (28, 28, 3), dtype=np.uint8)
    pixels[0, :4] = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]]
    image = read_png_grayscale(_save(tmp_path, make_png(pixels, 2)))
    assert image[0, :4].tolist() == [76, 150, 29, 255]  # 0.299, 0.587, 0.114 of 255, rounded
    expected = np.rint(pixels.astype(np.float64) @ [0.299, 0.587, 0.114])
    assert np.abs(image - expected).max() <= 1  # float32 arithmetic may round a tie the other way


def test_rgb_agrees_with_pillow(tmp_path, rng):
    image_module = pytest.importorskip("PIL.Image")
    pixels = rng.integers(0, 256, (28, 28, 3), dtype=np.uint8)
    path = _save(tmp_path, make_png(pixels, 2))
    with image_module.open(path) as reference:
        expected = np.asarray(reference.convert("L"), dtype=np.int16)
    assert np.abs(read_png_grayscale(path).astype(np.int16) - expected).max() <= 1


def test_transparency_is_composited_over_white(tmp_path):
    pixels = np.zeros((28, 28, 4), dtype=np.uint8)
    pixels[..., 3] = 0  # transparent black -> white
    pixels[0, 0] = [0, 0, 0, 255]  # opaque black stays black
    pixels[0, 1] = [0, 0, 0, 51]  # 20 % black over white -> 0.8 * 255 = 204
    pixels[0, 2] = [100, 100, 100, 255]
    image = read_png_grayscale(_save(tmp_path, make_png(pixels, 6)))
    assert image[0, :3].tolist() == [0, 204, 100]
    assert image[1:].min() == 255


def test_grayscale_with_alpha(tmp_path):
    pixels = np.zeros((28, 28, 2), dtype=np.uint8)
    pixels[..., 0] = 40
    pixels[..., 1] = 255
    pixels[5, 5] = [40, 0]
    image = read_png_grayscale(_save(tmp_path, make_png(pixels, 4)))
    assert image[0, 0] == 40 and image[5, 5] == 255


def test_palette(tmp_path):
    palette = np.array([[0, 0, 0], [255, 255, 255], [255, 0, 0]])
    indices = np.zeros((28, 28), dtype=np.uint8)
    indices[3, 4], indices[7, 8] = 1, 2
    image = read_png_grayscale(_save(tmp_path, make_png(indices, 3, palette)))
    assert image[3, 4] == 255 and image[7, 8] == 76 and image.sum() == 255 + 76


# ---------------------------------------------------------------- rejections


@pytest.mark.parametrize(("width", "height"), [(32, 32), (28, 20), (20, 28)])
def test_other_sizes_are_rejected(tmp_path, width, height):
    path = _save(tmp_path, make_png(np.zeros((height, width), dtype=np.uint8), 0))
    assert _error(path) == (
        f"{path} is {width}x{height}; descenso's MNIST models take 28x28 grayscale images — "
        "resize it first"
    )


def test_not_a_png(tmp_path):
    path = _save(tmp_path, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "photo.png")
    assert _error(path) == (
        f"{path} is not a PNG image (it starts with ff d8 ff e0 00 10 4a 46); save or export it "
        "as PNG"
    )


def test_empty_file(tmp_path):
    path = _save(tmp_path, b"")
    assert _error(path) == (
        f"{path} is not a PNG image (it starts with nothing, it is empty); save or export it as PNG"
    )


def test_png_without_header_chunk(tmp_path):
    path = _save(tmp_path, b"\x89PNG\r\n\x1a\n" + _chunk(b"IEND", b""))
    assert _error(path) == (
        f"{path} is a damaged PNG file: its header chunk (IHDR) is missing; export the image again"
    )


def test_truncated_png(tmp_path, rng):
    data = make_png(rng.integers(0, 256, (28, 28), dtype=np.uint8), 0)
    path = _save(tmp_path, data[: len(data) // 2])
    message = _error(path)
    assert message.startswith(f"{path} is a damaged PNG file (")
    assert message.endswith("); export the image again")


def test_missing_file_and_folder(tmp_path):
    assert _error(tmp_path / "no.png") == f"{tmp_path / 'no.png'}: no such file; check the path"
    assert _error(tmp_path) == (
        f"{tmp_path} is a folder, not an image; give the path of a PNG file inside it"
    )


_VALID = [
    make_png(np.arange(784, dtype=np.uint8).reshape(28, 28), 0),
    make_png(np.arange(784 * 3, dtype=np.uint8).reshape(28, 28, 3), 2),
    make_png(np.arange(784 * 4, dtype=np.uint8).reshape(28, 28, 4), 6),
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(source=st.sampled_from(_VALID), data=st.data())
def test_mutated_pngs_only_raise_data_error(tmp_path, source, data):
    mutated = bytearray(source)
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(8, len(mutated) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip":
            mutated[position] ^= data.draw(st.integers(1, 255))
        elif action == "cut":
            del mutated[position:]
            break
        else:
            mutated[position:position] = data.draw(st.binary(min_size=1, max_size=8))
    path = _save(tmp_path, bytes(mutated), "fuzz.png")
    try:
        image = read_png_grayscale(path)
    except DataError:
        return
    assert image.shape == (28, 28) and image.dtype == np.uint8
