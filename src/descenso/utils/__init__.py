"""PyTorch's ``torch.utils`` import path; :mod:`descenso.utils.data` holds the data loading."""

from descenso.utils import data

__all__ = ["data"]
