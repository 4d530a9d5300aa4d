"""The bundled Abalone: identical to the shared copy, encoded as the learner did."""

from __future__ import annotations

import hashlib
from importlib import resources

import numpy as np

from descenso.data.dataset import TabularDataset
from descenso.datasets.abalone import load_abalone

DATA_SHA256 = "de37cdcdcaaa50c309d514f248f7c2302a5f1f88c168905eba23fe2fbc78449f"
NAMES_SHA256 = "542eee5a2a0ee72db563de010dc3b5055b03c5dc624049ae1f2208fc66a14aac"


def bundled(name: str) -> bytes:
    return resources.files("descenso").joinpath("datasets", "files", name).read_bytes()


def test_bundled_files_are_the_published_bytes():
    assert hashlib.sha256(bundled("abalone.data")).hexdigest() == DATA_SHA256
    assert hashlib.sha256(bundled("abalone.names")).hexdigest() == NAMES_SHA256


def test_bundled_copy_equals_shared_copy(shared_data):
    assert bundled("abalone.data") == (shared_data / "abalone" / "abalone.data").read_bytes()


def test_shapes_names_and_target():
    data = load_abalone()
    assert data.X.shape == (4177, 10) and data.X.dtype == np.float64
    assert data.y.shape == (4177,) and data.y.dtype == np.float64
    assert data.feature_names == ["Sex_M", "Sex_F", "Sex_I", "Length", "Diameter", "Height",
                                  "Whole weight", "Shucked weight", "Viscera weight",
                                  "Shell weight"]
    assert data.target_name == "Rings" and data.task == "regression"
    assert data.categories == {"Sex": ["M", "F", "I"]}
    assert data.input_features[0] == "Sex" and len(data.input_features) == 8
    assert isinstance(data, TabularDataset)
    assert data.summary()[0] == "abalone: 4177 samples, 10 features"


def test_one_hot_counts_and_values_match_the_file():
    data = load_abalone()
    np.testing.assert_array_equal(data.X[:, :3].sum(axis=0), [1528, 1307, 1342])
    np.testing.assert_array_equal(data.X[:, :3].sum(axis=1), np.ones(4177))
    # First line of abalone.data: M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15,15
    np.testing.assert_array_equal(data.X[0], [1, 0, 0, 0.455, 0.365, 0.095, 0.514, 0.2245,
                                              0.101, 0.15])
    assert data.y[0] == 15.0
    assert data.y.min() == 1.0 and data.y.max() == 29.0


def test_description_and_licence_travel_with_the_data():
    data = load_abalone()
    assert "Abalone data" in data.description
    assert "CC BY 4.0" in data.license and "UCI Machine Learning Repository" in data.license
