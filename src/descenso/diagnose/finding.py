"""One answer of the diagnosis: a number, how sure it is, a verdict, and the evidence behind it.

The diagnosis asks three questions of a trained model and answers each with a
:class:`Finding`:

- **optimization**: did training stop short of what this model class can do?
- **bias** (approximation): can the model class represent the relationship at all?
- **variance** (estimation): does the model fit the rows it saw better than new rows?

Each ``value`` is measured in the same unit, a fraction of the *baseline error*: the error of
the best constant prediction on the training rows (the variance of the target for regression,
the log-loss of the class frequencies for classification). So 0.05 reads "5 % of what a model
that ignored the features would get wrong", like a difference of R².
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Finding", "bootstrap_interval"]


@dataclass(frozen=True)
class Finding:
    """The answer to one question of the diagnosis.

    Attributes
    ----------
    question : {"optimization", "bias", "variance"}
    problem : bool or None
        True when the evidence shows the problem, False when it shows there is none, None when
        the question could not be answered (say, no optimum known and no training history).
    value : float or None
        The size of the problem as a fraction of the baseline error.
    low, high : float or None
        The confidence interval of ``value`` (``confidence`` level), when it was estimated.
    confidence : float
    evidence : dict
        What the verdict rests on (numbers, and arrays that the report draws).
    """

    question: str
    problem: bool | None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    confidence: float = 0.95
    evidence: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Plain data: numbers and strings, arrays as lists."""
        return _plain(vars(self))


def _plain(value):
    if isinstance(value, (np.ndarray, np.generic)):
        return value.tolist()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def bootstrap_interval(statistic, sizes, rng: np.random.Generator, n_resamples: int = 1000,
                       confidence: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic(*index_arrays)``.

    ``sizes`` gives the number of rows of each independent sample; each resample draws, for
    each sample, that many row indices with replacement and passes the index arrays to
    ``statistic``, which returns one number. Vectorized: ``statistic`` receives index arrays
    of shape (n_resamples, size) and must return an array of shape (n_resamples,).

    >>> rng = np.random.default_rng(0)
    >>> values = np.arange(100.0)
    >>> low, high = bootstrap_interval(lambda i: values[i].mean(axis=1), [100], rng)
    >>> bool(low < 49.5 < high)
    True
    """
    # Resamples are drawn a batch at a time, so the index arrays stay under about 1 MB.
    batch = max(1, (1 << 17) // max(1, sum(sizes)))
    draws = np.empty(n_resamples)
    for start in range(0, n_resamples, batch):
        count = min(batch, n_resamples - start)
        indices = [rng.integers(0, size, size=(count, size)) for size in sizes]
        draws[start:start + count] = np.asarray(statistic(*indices), dtype=np.float64)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(draws, [tail, 1.0 - tail])
    return float(low), float(high)
