"""Each demo runs once per test session; its tests read the cached result."""

from __future__ import annotations

import pytest

from descenso.demos import run_demo


@pytest.fixture(scope="session")
def demo_result(tmp_path_factory):
    """``demo_result(name, **options)``: the DemoResult of that run, computed once per session."""
    cache = {}

    def get(name: str, **options):
        key = (name, tuple(sorted(options.items())))
        if key not in cache:
            folder = tmp_path_factory.mktemp(name.replace("-", "_"))
            cache[key] = run_demo(name, folder, seed=0, lang="en", **options)
        return cache[key]

    return get
