"""Ctrl-C during training: stop cleanly at the end of the current batch, then report.

Pressing Ctrl-C sends SIGINT, which Python turns into ``KeyboardInterrupt`` wherever the
program happens to be, perhaps halfway through an optimizer step. While a trainer runs,
:class:`DeferredInterrupt` catches the first SIGINT and only sets a flag; the trainer checks
the flag after each batch and stops there. A second Ctrl-C interrupts at once, for a program
that seems stuck.

The trainer then raises :class:`TrainingInterrupted`, a ``KeyboardInterrupt`` that carries the
history of the completed epochs and the path of the last checkpoint, so a caller can write
what was done and exit with code 130, and code that only catches ``KeyboardInterrupt`` keeps
working.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path

__all__ = ["DeferredInterrupt", "TrainingInterrupted"]


class TrainingInterrupted(KeyboardInterrupt):
    """Training was stopped by Ctrl-C (or a ``KeyboardInterrupt`` raised by a callback).

    Attributes
    ----------
    history : History
        The completed epochs; ``history.interrupted`` is True.
    checkpoint : Path or None
        The last checkpoint written (``checkpoint-last.safetensors``, taken at the end of
        the last completed epoch), or None when no :class:`ModelCheckpoint` was used. Resume
        with ``trainer.fit(..., resume_from=checkpoint)``.
    epoch, batch : int
        Where training stopped: the epoch under way (1-based) and the number of batches of
        it that were done.
    """

    def __init__(self, message: str, history, checkpoint: Path | None, epoch: int, batch: int):
        super().__init__(message)
        self.history = history
        self.checkpoint = checkpoint
        self.epoch = epoch
        self.batch = batch


class DeferredInterrupt:
    """Within ``with``, the first SIGINT sets :attr:`requested` instead of raising.

    Only installed in the main thread and when SIGINT has Python's default handler, so it
    never overrides a handler someone else installed. Leaving the block restores the handler
    and, if a request arrived but was not acted on, raises ``KeyboardInterrupt`` then.

    >>> with DeferredInterrupt() as interrupt:
    ...     interrupt.requested
    False
    """

    def __init__(self) -> None:
        self.requested = False
        self._previous = None

    def _handle(self, signum, frame) -> None:
        if self.requested:
            self.requested = False  # this press is delivered now, by the exception
            raise KeyboardInterrupt  # a second Ctrl-C: stop right now
        self.requested = True

    def __enter__(self):
        self.requested = False
        if (threading.current_thread() is threading.main_thread()
                and signal.getsignal(signal.SIGINT) is signal.default_int_handler):
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None
        if self.requested and exc_type is None:
            self.requested = False
            raise KeyboardInterrupt
