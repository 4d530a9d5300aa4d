"""The table of built-in datasets behind ``descenso datasets`` and ``descenso fit NAME``."""

from __future__ import annotations

import importlib
import importlib.util

import pytest

from descenso.datasets import DATASETS, get_dataset_info, list_datasets, load_dataset
from descenso.errors import DataError


def test_the_six_datasets():
    assert [info.name for info in list_datasets()] == [
        "abalone", "line", "polynomial", "sine", "mnist", "fashion-mnist"]
    abalone = get_dataset_info("abalone")
    assert (abalone.shape, abalone.task, abalone.licence) == ((4177, 10), "regression", "CC BY 4.0")
    assert get_dataset_info("mnist").licence == "CC BY-SA 3.0"
    assert get_dataset_info("fashion-mnist").licence == "MIT"
    for info in DATASETS.values():
        module, function = info.loader.split(":")
        assert module.startswith("descenso.datasets.") and function
        assert info.task in ("regression", "classification") and info.source and info.licence


@pytest.mark.parametrize("name", ["line", "polynomial", "sine"])
def test_synthetic_entries_load_with_their_listed_shape(name):
    info = get_dataset_info(name)
    ds = load_dataset(name)
    assert ds.X.shape == info.shape and ds.task == info.task
    assert load_dataset(name).y.tobytes() == ds.y.tobytes()  # a built-in name is fixed data


def test_loaders_exist_once_written():
    for info in DATASETS.values():
        module, function = info.loader.split(":")
        if importlib.util.find_spec(module) is not None:
            assert callable(getattr(importlib.import_module(module), function))


def test_names_are_forgiving_about_case_and_underscores():
    assert get_dataset_info(" Fashion_MNIST ").name == "fashion-mnist"


def test_unknown_names():
    with pytest.raises(DataError) as caught:
        get_dataset_info("abalon")
    assert str(caught.value) == (
        "unknown dataset 'abalon' (did you mean 'abalone'?); the built-in datasets are: abalone, "
        "line, polynomial, sine, mnist, fashion-mnist; for your own data, give the path of a CSV "
        "file")
    with pytest.raises(DataError) as caught:
        get_dataset_info("iris")
    assert str(caught.value) == (
        "unknown dataset 'iris'; the built-in datasets are: abalone, line, polynomial, sine, "
        "mnist, fashion-mnist; for your own data, give the path of a CSV file")
