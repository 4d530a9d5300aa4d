"""The run's history in bounded memory: evenly spaced rows over the whole run, the latest last."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from descenso.errors import ConfigError
from descenso.playground import export
from descenso.playground.history import DecimatedHistory
from descenso.playground.session import Session


@given(half=st.integers(1, 40), n=st.integers(0, 3000))
def test_the_rows_kept_are_bounded_evenly_spaced_and_end_with_the_latest(half, n):
    capacity = 2 * half
    history = DecimatedHistory(capacity)
    for index in range(n):
        history.append((index,))
    steps = [row[0] for row in history.rows()]
    assert len(steps) == len(history) <= capacity + 1
    if n == 0:
        assert steps == [] and history.latest is None
        return
    if n <= capacity:
        assert steps == list(range(n))  # short runs keep every row
    kept = steps if steps[-1] % history.stride == 0 else steps[:-1]
    assert kept == list(range(0, n, history.stride))
    assert steps[-1] == n - 1 and history.latest == (n - 1,)


def test_ten_minutes_of_frames_keep_at_most_capacity_rows():
    history = DecimatedHistory()
    for index in range(18_000):  # 10 minutes at 30 frames a second
        history.append((index, 0.1))
    assert len(history) <= history.capacity + 1 and history.stride == 16
    assert history.rows()[0] == (0, 0.1) and history.rows()[-1] == (17_999, 0.1)


def test_a_session_records_one_row_per_step_in_bounded_memory():
    session = Session({"data": "gauss", "n": 40})
    session.history = DecimatedHistory(capacity=8)
    session.record()
    session.record()  # the same step again: no second row
    for _ in range(50):
        session.step()
        session.record()
    lines = export.history_csv(session).splitlines()
    steps = [int(line.split(",")[0]) for line in lines[1:]]
    assert len(steps) <= 9 and steps[0] == 0 and steps[-1] == session.steps == 50
    assert steps[:-1] == list(range(0, 50, session.history.stride))


@pytest.mark.parametrize("capacity", [0, 1, 7])
def test_a_capacity_that_cannot_halve_evenly_is_refused(capacity):
    with pytest.raises(ConfigError, match="even"):
        DecimatedHistory(capacity)
