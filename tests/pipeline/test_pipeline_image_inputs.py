"""Reading images to classify from .npy, PNG and IDX files."""

from __future__ import annotations

import numpy as np
import pytest

from idx_writer import write_idx
from descenso.errors import DataError
from descenso.pipeline.image_inputs import read_image_inputs

matplotlib_image = pytest.importorskip("matplotlib.image")


def test_every_format_gives_the_same_scaled_pixels(tmp_path, rng):
    images = rng.integers(0, 256, size=(3, 28, 28), dtype=np.uint8)
    np.save(tmp_path / "u8.npy", images)
    np.save(tmp_path / "flat.npy", images.reshape(3, 784).astype(np.int64))
    np.save(tmp_path / "unit.npy", images.astype(np.float32) / np.float32(255))
    write_idx(tmp_path / "images-idx3-ubyte.gz", images)
    matplotlib_image.imsave(tmp_path / "one.png", images[0], cmap="gray", vmin=0, vmax=255)
    expected = images.astype(np.float32) / np.float32(255)
    for name in ("u8.npy", "flat.npy", "unit.npy", "images-idx3-ubyte.gz"):
        pixels, names = read_image_inputs([tmp_path / name])
        assert pixels.dtype == np.float32 and pixels.shape == (3, 28, 28)
        np.testing.assert_allclose(pixels, expected, atol=1e-7)
        assert names == [f"{name}[{k}]" for k in range(3)]
    pixels, names = read_image_inputs([tmp_path / "one.png", tmp_path / "u8.npy"])
    assert names[0] == "one.png" and pixels.shape == (4, 28, 28)
    np.testing.assert_allclose(pixels[0], expected[0], atol=1 / 255)


@pytest.mark.parametrize("array, fragment", [
    (np.zeros((2, 28, 27)), "shape (2, 28, 27)"),
    (np.zeros(784), "shape (784,)"),
    (np.array([["a"] * 784]), "type <U1"),
    (np.full((1, 784), np.nan), "NaN"),
    (np.full((1, 784), -1), "from -1 to -1"),
])
def test_unusable_arrays_are_data_errors(tmp_path, array, fragment):
    np.save(tmp_path / "bad.npy", array)
    with pytest.raises(DataError) as error:
        read_image_inputs([tmp_path / "bad.npy"])
    assert fragment in str(error.value)


def test_pickled_objects_are_never_loaded(tmp_path):
    np.save(tmp_path / "objects.npy", np.array([object()], dtype=object), allow_pickle=True)
    with pytest.raises(DataError, match="without pickle"):
        read_image_inputs([tmp_path / "objects.npy"])


def test_labels_file_and_missing_file(tmp_path):
    write_idx(tmp_path / "labels-idx1-ubyte", np.array([1, 2], dtype=np.uint8))
    with pytest.raises(DataError, match="holds labels, not images"):
        read_image_inputs([tmp_path / "labels-idx1-ubyte"])
    with pytest.raises(DataError, match="does not exist"):
        read_image_inputs([tmp_path / "nowhere.png"])
