"""Fixtures of the trainer tests."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture
def blobs():
    """Three classes in 5 dimensions: (X_train, y_train), (X_val, y_val) in float64."""
    generator = np.random.default_rng(7)
    centers = generator.normal(scale=2.0, size=(3, 5))
    labels = generator.integers(0, 3, size=260)
    X = centers[labels] + generator.normal(size=(260, 5))
    return (X[:200], labels[:200]), (X[200:], labels[200:])
