"""The frame cadence: deadlines on a monotonic clock, so frames come 30 times a second.

Sleeping a fixed ``period - work`` after each frame makes every frame a little late (the
sleep's own overshoot, the time to send), and the lateness adds up: a period of 34 ms instead
of 33.3 gives 29.3 frames a second. :class:`FrameClock` instead moves a deadline one period on
at each frame and sleeps until it: an overshoot is made up at the next frame and the average
rate is exactly ``1 / period``. When a frame runs later than a whole period (a slow model, a
busy machine, a browser reading slowly), the frames missed are skipped, not sent in a burst to
catch up: the deadline starts again from now.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["FrameClock"]


class FrameClock:
    """Deadlines every ``period`` seconds on ``now`` (a monotonic clock, in seconds).

    :meth:`wait` is called once per frame, after its work, and returns how long to sleep
    before the next frame starts.

    >>> t = 0.0
    >>> clock = FrameClock(0.1, now=lambda: t)
    >>> t = 0.03; round(clock.wait(), 6)   # 30 ms of work: sleep the other 70 ms
    0.07
    >>> t = 0.112; round(clock.wait(), 6)  # woke 2 ms late: that frame is 2 ms shorter
    0.088
    >>> t = 0.45; round(clock.wait(), 6)   # 250 ms late: the missed frames are skipped
    0.0
    >>> t = 0.46; round(clock.wait(), 6)   # and the next deadline is a period after 0.45
    0.09
    """

    def __init__(self, period: float, now: Callable[[], float] = time.monotonic):
        if not period > 0:
            raise ConfigError(_("the frame period must be positive, got {period}; give a "
                                "number of seconds above 0").format(period=period))
        self.period = period
        self.now = now
        self.deadline = now()  # when the current frame was due
        self.skipped = 0  # frames skipped because a frame ran late by more than a period

    def wait(self) -> float:
        """Seconds to sleep until the next frame's deadline (0 when it has passed)."""
        now = self.now()
        self.deadline += self.period
        late = now - self.deadline
        if late > self.period:
            self.skipped += int(late // self.period)
            self.deadline = now
        return max(0.0, self.deadline - now)
