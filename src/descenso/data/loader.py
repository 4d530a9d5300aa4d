"""Minibatches of NumPy arrays, optionally shuffled, reproducibly and resumably.

Each epoch's order comes from its own generator, ``numpy.random.default_rng([seed, epoch])``,
so epoch 7 is shuffled the same way whether training ran straight through or was interrupted
after epoch 6 and resumed: the loader's whole state is three integers (:meth:`state_dict`).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from descenso.errors import ConfigError, DataError, ShapeError
from descenso.i18n import gettext as _

__all__ = ["DataLoader"]


def _whole_number(value, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ConfigError(
            _("{name} must be a whole number >= {minimum}, got {value!r}").format(
                name=name, minimum=minimum, value=value
            )
        )
    return int(value)


class DataLoader:
    """Iterate over ``(X_batch, y_batch)`` minibatches (or ``X_batch`` when ``y`` is None).

    Parameters
    ----------
    X : array of shape (n_samples, ...)
    y : array of shape (n_samples, ...), optional
    batch_size : int
        Rows per batch (>= 1); the last batch is smaller unless ``drop_last``.
    shuffle : bool
        Visit the rows in a new random order each epoch.
    seed : int, optional
        Seed of the shuffling; None draws one from the operating system (recorded in
        :meth:`state_dict`, so even then a run can be resumed identically).
    drop_last : bool
        Skip the last, incomplete batch.

    Notes
    -----
    Without shuffling, batches are views of ``X`` and ``y`` (no copy). With shuffling, only the
    current batch is gathered. The arrays are never copied as a whole.

    Iterating starts a new epoch each time (the epoch number increases), except right after
    :meth:`load_state_dict` or :meth:`set_epoch`, which choose where the next iteration starts.

    Examples
    --------
    >>> X = np.arange(10.0).reshape(5, 2)
    >>> loader = DataLoader(X, np.arange(5), batch_size=2)
    >>> len(loader), [yb.tolist() for _, yb in loader]
    (3, [[0, 1], [2, 3], [4]])
    >>> shuffled = DataLoader(X, np.arange(5), batch_size=5, shuffle=True, seed=0)
    >>> first, second = [next(iter(shuffled))[1].tolist() for _ in range(2)]
    >>> sorted(first) == sorted(second) == [0, 1, 2, 3, 4], first != second
    (True, True)
    """

    def __init__(self, X, y=None, batch_size: int = 32, shuffle: bool = False,
                 seed: int | None = None, drop_last: bool = False):
        self.X = np.asarray(X)
        self.y = None if y is None else np.asarray(y)
        if self.X.ndim == 0:
            raise ShapeError(_("X must be an array of samples, got a scalar"))
        n = self.X.shape[0]
        if self.y is not None and (self.y.ndim == 0 or self.y.shape[0] != n):
            raise ShapeError(
                _("X has {n} samples but y has shape {shape}; give one target per sample")
                .format(n=n, shape=self.y.shape)
            )
        if n == 0:
            raise DataError(_("the data has no samples; a DataLoader needs at least one"))
        self.batch_size = _whole_number(batch_size, "batch_size", 1)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        if self.drop_last and self.batch_size > n:
            raise ConfigError(
                _("batch_size={batch_size} is larger than the {n} samples, and drop_last=True "
                  "would leave no batch; use a batch_size of at most {n}").format(
                    batch_size=self.batch_size, n=n
                )
            )
        if seed is None:
            seed = int(np.random.SeedSequence().generate_state(1, np.uint64)[0] >> 1)
        self.seed = _whole_number(seed, "seed", 0)
        self.epoch = 0
        self._start_batch = 0
        self._served = None  # (epoch, batches served) of the iteration in progress

    @property
    def n_samples(self) -> int:
        """Number of rows of ``X``."""
        return self.X.shape[0]

    def __len__(self) -> int:
        """Number of batches per epoch."""
        full, rest = divmod(self.n_samples, self.batch_size)
        return full + (1 if rest and not self.drop_last else 0)

    def order(self, epoch: int) -> np.ndarray | None:
        """The row order of ``epoch`` (a permutation), or None when not shuffling."""
        if not self.shuffle:
            return None
        return np.random.default_rng([self.seed, epoch]).permutation(self.n_samples)

    def set_epoch(self, epoch: int) -> None:
        """Make the next iteration serve ``epoch`` from its first batch."""
        self.epoch = _whole_number(epoch, "epoch", 0)
        self._start_batch = 0

    def __iter__(self) -> Iterator:
        epoch, start = self.epoch, self._start_batch
        self.epoch, self._start_batch = epoch + 1, 0
        order = self.order(epoch)
        n, size = self.n_samples, self.batch_size
        for batch in range(start, len(self)):
            low, high = batch * size, min((batch + 1) * size, n)
            if order is None:
                rows = slice(low, high)
            else:
                rows = order[low:high]
            # A state taken while this batch is in use resumes after it.
            self._served = (epoch, batch + 1)
            if self.y is None:
                yield self.X[rows]
            else:
                yield self.X[rows], self.y[rows]
        self._served = None

    def state_dict(self) -> dict:
        """Where the loader is, as plain JSON-serialisable data.

        ``{"seed", "epoch", "batch", "batch_size", "shuffle", "n_samples"}``: during an
        iteration, the epoch in progress and the number of batches already served; otherwise
        the next epoch and 0.
        """
        epoch, batch = self._served if self._served is not None else (self.epoch, self._start_batch)
        return {"seed": self.seed, "epoch": epoch, "batch": batch, "batch_size": self.batch_size,
                "shuffle": self.shuffle, "n_samples": self.n_samples}

    def load_state_dict(self, state: dict) -> None:
        """Resume where :meth:`state_dict` was taken: the next iteration continues that epoch.

        Raises
        ------
        ConfigError
            If the state belongs to a loader over different data or batches.
        """
        expected = {"batch_size": self.batch_size, "shuffle": self.shuffle,
                    "n_samples": self.n_samples}
        for key, value in expected.items():
            if state.get(key) != value:
                raise ConfigError(
                    _("the saved loader state has {key}={saved!r} but this loader has "
                      "{key}={value!r}; resume with the same data and batch settings").format(
                        key=key, saved=state.get(key), value=value
                    )
                )
        self.seed = _whole_number(state["seed"], "seed", 0)
        self.epoch = _whole_number(state["epoch"], "epoch", 0)
        self._start_batch = _whole_number(state["batch"], "batch", 0)
        self._served = None
