"""``descenso.cuda``: there is no GPU here, said the way PyTorch code asks.

Scripts often write ``device = "cuda" if torch.cuda.is_available() else "cpu"``; with
descenso that picks ``"cpu"``. Seeding functions are accepted and do nothing (there is no
GPU generator to seed; :func:`descenso.manual_seed` seeds descenso's one generator).

>>> is_available(), device_count()
(False, 0)
"""

from __future__ import annotations

__all__ = ["device_count", "is_available", "manual_seed", "manual_seed_all"]


def is_available() -> bool:
    """Always False: descenso runs on the CPU."""
    return False


def device_count() -> int:
    """Always 0."""
    return 0


def manual_seed(seed: int) -> None:
    """Accepted for PyTorch scripts; there is no GPU generator to seed."""


def manual_seed_all(seed: int) -> None:
    """Accepted for PyTorch scripts; there is no GPU generator to seed."""
