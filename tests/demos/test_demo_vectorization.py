"""``vectorization``: one vector operation beats a Python loop by far more than 10x."""

from __future__ import annotations

import time

import numpy as np

from descenso.demos.vectorization import _loop_add, best_time


def test_loop_and_vector_addition_compute_the_same_sum(rng):
    a = rng.standard_normal(1000).astype(np.float32)
    b = rng.standard_normal(1000).astype(np.float32)
    np.testing.assert_array_equal(_loop_add(a, b), a + b)


def test_best_time_keeps_the_shortest_run():
    durations = iter([0.0, 0.02, 0.0])

    def sleepy():
        time.sleep(next(durations))

    assert best_time(sleepy, 3) < 0.015


def test_vector_operation_is_more_than_ten_times_faster(demo_result):
    # The requirement. The true ratio is several hundred; best of 7 runs of each
    # keeps a busy machine from hiding a 10x effect.
    result = demo_result("vectorization")
    assert result.numbers["n"] == 10_000
    assert result.numbers["ratio"] > 10
    assert result.numbers["ratio"] == result.numbers["loop_seconds"] / result.numbers[
        "vector_seconds"]
    assert "times faster" in result.text


def test_prints_the_texts_timings_and_says_they_depend_on_the_machine(demo_result):
    result = demo_result("vectorization")
    assert "178 ms" in result.text and "360 µs" in result.text  # 0.17802 s and 0.00036 s
    assert "depend on the machine" in result.text
    # the text's loop was over tensors: slower than a loop over NumPy arrays
    assert result.numbers["tensor_loop_seconds"] > result.numbers["loop_seconds"]
