"""The pool of large arrays: a buffer is reused only once no array looks at it."""

import numpy as np

from descenso.autograd.ops.buffer_pool import BufferPool, empty_like

SHAPE = (128, 1024)  # 512 KB of float32, above BufferPool.MIN_BYTES


def address(array):
    return array.__array_interface__["data"][0]


def test_a_free_buffer_is_reused():
    pool = BufferPool()
    first = pool.empty(SHAPE, np.float32)
    where = address(first)
    del first
    assert address(pool.empty(SHAPE, np.float32)) == where


def test_a_buffer_seen_by_any_view_is_not_reused():
    pool = BufferPool()
    first = pool.empty(SHAPE, np.float32)
    first[...] = 7.0
    view = first.T[3:5]
    del first
    second = pool.empty(SHAPE, np.float32)
    second[...] = 1.0
    assert address(second) != address(view.base)
    np.testing.assert_array_equal(view, 7.0)
    del view, second
    assert len(pool._buffers[SHAPE[0] * SHAPE[1] * 4]) == 2


def test_other_dtypes_of_the_same_size_share_buffers():
    pool = BufferPool()
    first = pool.empty(SHAPE, np.float32)
    where = address(first)
    del first
    assert address(pool.empty((SHAPE[0] // 2, SHAPE[1]), np.float64)) == where


def test_small_arrays_and_the_limit():
    pool = BufferPool()
    pool.empty((10, 10), np.float32)
    assert pool._buffers == {}
    pool.LIMIT = 3 * SHAPE[0] * SHAPE[1] * 4
    kept = [pool.empty(SHAPE, np.float32) for _ in range(5)]
    assert pool._bytes <= pool.LIMIT
    assert len({address(a) for a in kept}) == 5
    del kept
    pool.clear()
    assert pool._bytes == 0


def test_empty_like_keeps_the_memory_order():
    channels_last = np.empty((4, 16, 16, 512), np.float32).transpose(0, 3, 1, 2)
    like = empty_like(channels_last)
    assert like.shape == channels_last.shape
    assert like.strides == channels_last.strides
    assert empty_like(channels_last, bool).dtype == bool
