"""Abalone split as the learner did it: 60/20/20 with the legacy seed-42 shuffle."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from descenso.data.split import train_val_test_split
from descenso.data.standardizer import Standardizer
from descenso.datasets.abalone import load_abalone


@pytest.fixture(scope="session")
def abalone():
    """Raw and standardized train/validation/test blocks of the bundled Abalone."""
    data = load_abalone()
    X_train, X_val, X_test, y_train, y_val, y_test = train_val_test_split(data.X, data.y)
    scaler = Standardizer().fit(X_train)
    return SimpleNamespace(
        X_train=X_train, X_val=X_val, X_test=X_test,
        y_train=y_train, y_val=y_val, y_test=y_test,
        Z_train=scaler.transform(X_train), Z_val=scaler.transform(X_val),
        Z_test=scaler.transform(X_test),
    )
