"""The frame cadence: deadlines on a fake clock, so no test depends on the machine's speed."""

from __future__ import annotations

import random

import pytest

from descenso.errors import ConfigError
from descenso.playground.cadence import FrameClock

PERIOD = 1 / 30


class FakeTime:
    """A monotonic clock that moves only when told to."""

    def __init__(self):
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def _run(clock, time, works, overshoots):
    """Frames whose work and sleep overshoot take the given times; their start times."""
    starts = []
    for work, overshoot in zip(works, overshoots):
        starts.append(time.t)
        time.t += work
        time.t += clock.wait() + overshoot
    return starts


def test_frames_keep_to_their_deadlines_however_long_the_work_and_the_sleep_overshoot():
    time, rng = FakeTime(), random.Random(0)
    clock = FrameClock(PERIOD, now=time)
    n = 3000
    works = [rng.uniform(0.002, 0.020) for _ in range(n)]
    overshoots = [rng.uniform(0.0, 0.002) for _ in range(n)]
    starts = _run(clock, time, works, overshoots)
    # frame k starts at its deadline k periods after the first, late by at most one overshoot
    for k, start in enumerate(starts):
        assert 0.0 <= start - (starts[0] + k * PERIOD) <= 0.002 + 1e-9
    assert clock.skipped == 0
    # so the rate is 1/period: 30.0 frames a second, where sleeping a fixed period after the
    # work's own end would give one frame per period plus the mean overshoot (29.97 here)
    assert (n - 1) / (starts[-1] - starts[0]) == pytest.approx(30.0, rel=1e-4)


def test_a_frame_a_little_late_is_made_up_by_the_next_one():
    time = FakeTime()
    clock = FrameClock(0.1, now=time)
    time.t += 0.13  # the frame's work took longer than a period, by 30 ms
    assert clock.wait() == 0.0
    time.t += 0.02  # the next frame's work: the deadline it keeps is 0.2 after the start
    assert clock.wait() == pytest.approx(0.05, abs=1e-12)
    assert clock.skipped == 0


def test_a_stall_longer_than_a_period_skips_the_missed_frames_instead_of_a_burst():
    time = FakeTime()
    clock = FrameClock(0.1, now=time)
    time.t += 0.01
    assert clock.wait() == pytest.approx(0.09, abs=1e-12)
    time.t += 0.09 + 0.35  # the next frame stalled for 350 ms
    waits = []
    for _ in range(4):
        waits.append(clock.wait())
        time.t += waits[-1] + 0.01
    # one frame at once (the late one), then a full period's rhythm again: no catching up
    assert waits[0] == 0.0 and all(w == pytest.approx(0.09, abs=1e-12) for w in waits[1:])
    assert clock.skipped == 2


@pytest.mark.parametrize("period", [0.0, -0.1, float("nan")])
def test_a_period_that_is_not_positive_is_refused(period):
    with pytest.raises(ConfigError, match="positive"):
        FrameClock(period)


def test_the_servers_frame_loop_makes_up_each_late_wake_up(monkeypatch):
    import asyncio

    from descenso.playground import server

    time, waits = FakeTime(), []
    monkeypatch.setattr(server, "FrameClock", lambda period: FrameClock(period, now=time))

    async def late_sleep(seconds):
        waits.append(seconds)
        time.t += seconds + 0.002  # every sleep wakes 2 ms late
        if len(waits) == 5:
            raise asyncio.CancelledError

    monkeypatch.setattr(asyncio, "sleep", late_sleep)
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(server._train(server.Page("page"), websocket=None))
    # sleeping a fixed 1/30 s would make every frame 2 ms longer; the deadlines take it back
    assert waits[0] == pytest.approx(server.FRAME, abs=1e-12)
    assert all(wait == pytest.approx(server.FRAME - 0.002, abs=1e-12) for wait in waits[1:])
