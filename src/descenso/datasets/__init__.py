"""Datasets: the bundled Abalone table, MNIST and Fashion-MNIST, and synthetic generators."""

from descenso.datasets.abalone import AbaloneDataset, load_abalone
from descenso.datasets.mnist import ImageDataset, load_fashion_mnist, load_mnist
from descenso.datasets.registry import (
                                        DATASETS,
                                        DatasetInfo,
                                        get_dataset_info,
                                        list_datasets,
                                        load_dataset,
)
from descenso.datasets.synthetic import make_line, make_linear, make_polynomial, make_sine

__all__ = ["DATASETS", "AbaloneDataset", "DatasetInfo", "ImageDataset", "get_dataset_info",
           "list_datasets", "load_abalone", "load_dataset", "load_fashion_mnist", "load_mnist",
           "make_line", "make_linear", "make_polynomial", "make_sine"]
