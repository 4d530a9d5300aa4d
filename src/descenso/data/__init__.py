"""Data: CSV and IDX readers, splits, scaling, one-hot encoding, minibatches and downloads.

Loaders return NumPy arrays; tensors are made by the training layer.
"""

from descenso.data.csv_reader import load_csv
from descenso.data.dataset import TabularDataset
from descenso.data.download import fetch_file, file_sha256
from descenso.data.idx import read_idx
from descenso.data.images import read_png_grayscale
from descenso.data.loader import DataLoader
from descenso.data.onehot import OneHotEncoder
from descenso.data.split import train_test_split, train_val_test_split
from descenso.data.standardizer import Standardizer

__all__ = ["DataLoader", "OneHotEncoder", "Standardizer", "TabularDataset", "fetch_file",
           "file_sha256", "load_csv", "read_idx", "read_png_grayscale", "train_test_split",
           "train_val_test_split"]
