"""Batch normalisation layers: ``BatchNorm1d`` and ``BatchNorm2d``.

During training each channel is standardised with the batch's mean and variance and then
scaled and shifted by learned ``weight`` and ``bias``; running averages of the statistics are
kept as buffers (``running_mean``, ``running_var``, ``num_batches_tracked``, PyTorch's names,
so PyTorch state dicts load unchanged) and used after ``model.eval()``. The arithmetic lives in
:func:`descenso.nn.functional.batch_norm`.
"""

from __future__ import annotations

import numbers

import numpy as np

from descenso.autograd import batch_norm
from descenso.errors import ConfigError, ShapeError
from descenso.i18n import gettext as _
from descenso.nn.linear import _check_features, _check_float_dtype
from descenso.nn.module import Module
from descenso.nn.parameter import Parameter

__all__ = ["BatchNorm1d", "BatchNorm2d"]


class _BatchNorm(Module):
    """Batch normalisation over axis 1; subclasses say which input ranks they accept."""

    RANKS: tuple[int, ...] = ()

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, dtype=None):
        super().__init__()
        self.num_features = _check_features("num_features", num_features)
        if isinstance(eps, bool) or not isinstance(eps, numbers.Real) or not eps >= 0:
            raise ConfigError(_("eps must be a number >= 0, got {value!r}; 1e-5 is usual").format(
                value=eps))
        if momentum is not None and (isinstance(momentum, bool)
                                     or not isinstance(momentum, numbers.Real)
                                     or not 0.0 <= momentum <= 1.0):
            raise ConfigError(
                _("momentum must be between 0 and 1 (or None for a cumulative average), got "
                  "{value!r}; 0.1 is usual").format(value=momentum))
        for name, value in (("affine", affine), ("track_running_stats", track_running_stats)):
            if not isinstance(value, (bool, np.bool_)):
                raise ConfigError(_("{name} must be True or False, got {value!r}; the default "
                                    "is True").format(name=name, value=value))
        self.eps, self.momentum = float(eps), momentum
        self.affine, self.track_running_stats = bool(affine), bool(track_running_stats)
        dtype = _check_float_dtype(dtype)
        if self.affine:
            self.weight = Parameter(np.ones(self.num_features, dtype=dtype), dtype=dtype)
            self.bias = Parameter(np.zeros(self.num_features, dtype=dtype), dtype=dtype)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if self.track_running_stats:
            self.register_buffer("running_mean", np.zeros(self.num_features, dtype=dtype))
            self.register_buffer("running_var", np.ones(self.num_features, dtype=dtype))
            self.register_buffer("num_batches_tracked", np.array(0, dtype=np.int64))
        else:
            for name in ("running_mean", "running_var", "num_batches_tracked"):
                self.register_buffer(name, None)

    def reset_running_stats(self) -> None:
        """Forget the running statistics (mean 0, variance 1, no batch seen)."""
        if self.track_running_stats:
            self.running_mean[...] = 0
            self.running_var[...] = 1
            self.num_batches_tracked[...] = 0

    def forward(self, x):
        """Normalise ``x`` of shape (N, num_features, ...) channel by channel."""
        shape = x.shape
        if len(shape) not in self.RANKS or shape[1] != self.num_features:
            raise ShapeError(
                _("{layer}({c}) got input of shape {shape}; it needs {ranks} dimensions with "
                  "{c} channels on axis 1").format(
                    layer=type(self).__name__, c=self.num_features, shape=shape,
                    ranks=" or ".join(str(r) for r in self.RANKS)))
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked += 1
            if self.momentum is None:  # a cumulative average of every batch so far
                factor = 1.0 / float(self.num_batches_tracked)
        use_batch = self.training or not self.track_running_stats
        keep = not self.training or self.track_running_stats
        return batch_norm(x, self.running_mean if keep else None,
                          self.running_var if keep else None, self.weight, self.bias,
                          use_batch, factor, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) inputs, e.g. after a ``Linear`` layer.

    >>> import numpy as np, descenso
    >>> BatchNorm1d(3)(descenso.tensor(np.ones((4, 3), dtype=np.float32))).shape
    descenso.Size([4, 3])
    """

    RANKS = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of images (N, C, H, W), one mean and variance per channel.

    Parameters
    ----------
    num_features : int
        C, the number of channels.
    eps : float, default 1e-5
    momentum : float or None, default 0.1
        Weight of each batch in the running statistics (None: a plain average of all).
    affine : bool, default True
        Learn ``weight`` (ones at first) and ``bias`` (zeros).
    track_running_stats : bool, default True
        Keep running statistics for evaluation; otherwise evaluation uses the batch's own.

    >>> import numpy as np, descenso
    >>> layer = BatchNorm2d(8)
    >>> sorted(layer.state_dict())
    ['bias', 'num_batches_tracked', 'running_mean', 'running_var', 'weight']
    """

    RANKS = (4,)
