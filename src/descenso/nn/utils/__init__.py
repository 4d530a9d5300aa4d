"""Helpers around a model's parameters, with PyTorch's names (``torch.nn.utils``)."""

from descenso.nn.utils.clip_grad import clip_grad_norm_, clip_grad_value_

__all__ = ["clip_grad_norm_", "clip_grad_value_"]
