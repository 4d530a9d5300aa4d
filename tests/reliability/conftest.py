"""Fixtures of the reliability tests: the ``descenso`` command run in-process, and trained
runs to feed ``predict`` and ``evaluate``."""

from __future__ import annotations

from pathlib import Path

import pytest

from descenso.cli.main import main
from reliability.cli_runs import Result
from reliability.tables import linear_rows, write


@pytest.fixture
def cli(capsys):
    """``cli(*args)`` runs ``descenso args...`` in this process; returns a :class:`Result`."""

    def run(*args) -> Result:
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def tabular_run(tmp_path_factory) -> Path:
    """A linear model (normal equations) trained by ``descenso fit`` on a table with a
    categorical column ``colour`` (red, blue, green) and numbers ``a``, ``b``; target ``y``."""
    folder = tmp_path_factory.mktemp("tabular")
    rows = ["colour,a,b,y"]
    colours = ("red", "blue", "green")
    rows += [f"{colours[i % 3]},{a:.6f},{b:.6f},{y + i % 3:.6f}"
             for i, (a, b, y) in enumerate(linear_rows(60, seed=1))]
    write(folder, "train.csv", "\n".join(rows) + "\n")
    run = folder / "run"
    code = main(["fit", str(folder / "train.csv"), "--solver", "normal", "--quiet",
                 "--out", str(run)])
    assert code == 0
    return run


@pytest.fixture(scope="session")
def image_run(tmp_path_factory, shared_data) -> Path:
    """A small MLP trained by ``descenso fit mnist`` on 100 images for one epoch."""
    run = tmp_path_factory.mktemp("images") / "run"
    code = main(["fit", "mnist", "--data-dir", str(shared_data), "--limit", "100", "--epochs",
                 "1", "--hidden", "8", "--quiet", "--out", str(run)])
    assert code == 0
    return run
