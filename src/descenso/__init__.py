"""descenso: learn and use machine learning by gradient descent, from scratch on NumPy."""

from descenso._version import __version__

__all__ = ["__version__"]
