"""Each demo runs once per test session; its tests read the cached result."""

from __future__ import annotations

import pytest

from descenso.demos import run_demo

#: Options that keep each lesson's test run small (the full runs are the command's defaults).
SMALL = {"images": {"n_train": 600, "n_test": 200, "epochs": 2},
         "deconvolution": {"size": 64, "kernel_size": 9, "iterations": 60, "crop_size": 32,
                           "prior_steps": 30}}


@pytest.fixture(scope="session")
def demo_result(tmp_path_factory, request):
    """``demo_result(name, **options)``: the DemoResult of that run, computed once per session.

    Lessons on MNIST-family files read them from ``../shared/data`` (the test skips without
    it, and fails under CI) and run on a few hundred images.
    """
    cache = {}

    def get(name: str, **options):
        options = {**SMALL.get(name, {}), **options}
        if name == "images":
            options.setdefault("data_dir", str(request.getfixturevalue("shared_data")))
        key = (name, tuple(sorted(options.items())))
        if key not in cache:
            folder = tmp_path_factory.mktemp(name.replace("-", "_"))
            cache[key] = run_demo(name, folder, seed=0, lang="en", **options)
        return cache[key]

    return get
