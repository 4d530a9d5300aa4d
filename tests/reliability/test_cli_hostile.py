"""Hostile input to every ``descenso`` command, each with its exact outcome.

Files people really feed the command - spreadsheet exports with a byte-order mark, ``;`` and
decimal commas, quoted fields with commas and newlines, blank lines, trailing delimiters,
Windows line endings, UTF-16 - must simply work. Everything else must end the one way the
command promises: exit code 2, exactly one line on stderr, ``error: <what>; <what to do>``,
with the phrase that names the problem, no traceback, and nothing left behind: no ``--out``
file or folder, no ``descenso-runs/`` in the current folder, no stray file of any kind.

Most cases run in-process (``descenso.cli.main.main``); a handful run again as real processes
(``python -m descenso``), where the exit code and stderr are the operating system's.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from descenso.io import read_description
from reliability.cli_runs import run_process
from reliability.hostile_cases import CASES, QUOTED
from reliability.tables import table, write

# --- the checks -------------------------------------------------------------------------------


class Runs:
    """Trained runs, made only when a case needs one (the image run needs the MNIST files)."""

    def __init__(self, request):
        self._request = request
        self.used: set[Path] = set()

    def tabular(self) -> Path:
        return self._use("tabular_run")

    def image(self) -> Path:
        return self._use("image_run")

    def _use(self, fixture: str) -> Path:
        path = self._request.getfixturevalue(fixture)
        self.used.add(path)
        return path


def _parts(case) -> tuple[tuple, tuple]:
    """(name, build, phrase) and the marks of a case, plain or ``pytest.param``."""
    if hasattr(case, "marks"):
        return tuple(case.values), tuple(case.marks)
    return case, ()


def _params(cases):
    params = []
    for case in cases:
        (name, *values), marks = _parts(case)
        params.append(pytest.param(*values, id=name, marks=marks))
    return params


def _case(name):
    """The ``build`` of the case called ``name``."""
    return next(_parts(case)[0][1] for case in CASES if _parts(case)[0][0] == name)


def _argv(build, tmp: Path, runs: Runs) -> list[str]:
    """The command line of a case, with ``--out out`` added where the command takes one."""
    argv = [str(arg) for arg in build(tmp, runs)]
    if argv and argv[0] in ("fit", "predict", "evaluate", "demo") and "--out" not in argv:
        argv += ["--out", "out"]
    return argv


def _snapshot(folder: Path) -> dict[str, int]:
    """Every file and folder under ``folder`` with its size (folders: -1)."""
    found = {}
    for root, folders, files in os.walk(folder):
        for name in folders:
            found[os.path.relpath(os.path.join(root, name), folder)] = -1
        for name in files:
            path = os.path.join(root, name)
            found[os.path.relpath(path, folder)] = os.lstat(path).st_size
    return found


def assert_one_line_error(result, phrase: str) -> str:
    """Exit 2, one ``error: <what>; <what to do>`` line holding ``phrase``, no traceback."""
    assert result.code == 2, (result.code, result.err)
    assert "Traceback" not in result.err
    assert len(result.err_lines) == 1, result.err
    line = result.err_lines[0]
    assert line.startswith("error: "), line
    assert phrase in line, line
    assert line.partition(";")[2].strip(), f"no '; what to do' part: {line}"
    return line


@pytest.mark.parametrize(("build", "phrase"), _params(CASES))
def test_hostile_input_exits_2_with_one_line_and_leaves_nothing(cli, tmp_path, monkeypatch,
                                                                request, build, phrase):
    monkeypatch.chdir(tmp_path)
    runs = Runs(request)
    argv = _argv(build, tmp_path, runs)
    before = {folder: _snapshot(folder) for folder in (tmp_path, *runs.used)}
    assert_one_line_error(cli(*argv), phrase)
    # No --out, no descenso-runs/, no stray file, here or in the model folders used.
    assert {folder: _snapshot(folder) for folder in before} == before


def test_the_suite_has_many_distinct_cases():
    assert len({_parts(case)[0][0] for case in CASES}) == len(CASES) >= 80


def test_unreadable_csv(cli, tmp_path, monkeypatch):
    """A file the process may not read (simulated: root reads every file whatever its mode)."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "secret.csv", table())
    real_open = os.open

    def guarded_open(path, *args, **kwargs):
        if Path(path).name == "secret.csv":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)  # every reading of a CSV opens it so
    assert_one_line_error(cli("fit", "secret.csv", "--out", "out"),
                          "secret.csv: permission denied; make the file readable")
    assert sorted(os.listdir(tmp_path)) == ["secret.csv"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs POSIX permissions and a user that is not root")
def test_unreadable_csv_for_real(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / write(tmp_path, "secret.csv", table())).chmod(0)
    assert_one_line_error(cli("fit", "secret.csv", "--out", "out"), "permission denied")
    assert sorted(os.listdir(tmp_path)) == ["secret.csv"]


# Files people export from spreadsheets and scripts: each must load and fit as the plain CSV.
WORKING = [
    ("byte-order-mark", "\ufeff" + table(), "utf-8"),
    ("semicolons-and-decimal-commas", table(sep=";", decimal=","), "utf-8"),
    ("quoted-commas-and-newlines", QUOTED, "utf-8"),
    ("blank-lines", table().replace("\n", "\n\n", 3).replace("\n\n", "\n,,\n", 1) + " \n\n",
     "utf-8"),
    ("trailing-delimiters", table(end=","), "utf-8"),
    ("windows-line-endings", table(newline="\r\n"), "utf-8"),
    ("utf16-tab-export", "\ufeff" + table(sep="\t"), "utf-16-le"),
]


@pytest.mark.parametrize(("content", "encoding"), [pytest.param(*case[1:], id=case[0])
                                                   for case in WORKING])
def test_real_world_csv_files_just_work(cli, tmp_path, monkeypatch, content, encoding):
    monkeypatch.chdir(tmp_path)
    result = cli("fit", write(tmp_path, "export.csv", content, encoding), "--quiet", "--out", "run")
    assert result.code == 0, result.err
    assert result.err == ""
    spec = read_description(tmp_path / "run")
    features = spec["preprocessing"]["input_features"]
    assert features == (["colour", "a", "b"] if "colour" in content else ["a", "b"])
    assert spec["preprocessing"]["target_name"] == "y"
    if "colour" in content:
        assert spec["preprocessing"]["categories"] == {"colour": ["blue\nlight", "red, dark"]}
    # y = 1.5 + 2a - 3b + noise of 0.01: only numbers read right give R² this close to 1.
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["test"]["r2"] > 0.9999
    assert not (tmp_path / "descenso-runs").exists()


def test_a_network_with_default_options_fits_a_small_table(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("fit", write(tmp_path, "small.csv", table()), "--model", "mlp", "--epochs", "2",
                 "--quiet", "--out", "run")
    assert result.code == 0, result.err


API_ADVICE = re.compile(r"\b(drop_missing|encoding|header|task|val_size|test_size)=")


@pytest.mark.parametrize("name", ["nan-literal", "latin1-export", "empty-header-name",
                                  "text-target-as-regression", "two-rows"])
def test_advice_can_be_followed_on_the_command_line(cli, tmp_path, monkeypatch, request, name):
    monkeypatch.chdir(tmp_path)
    line = cli(*_argv(_case(name), tmp_path, Runs(request))).err_lines[0]
    assert not API_ADVICE.search(line), line


@pytest.mark.parametrize("name", ["lr-nan", "png-renamed-csv", "model-newer-format",
                                  "demo-unknown"])
def test_the_same_in_a_real_process(tmp_path, request, name):
    argv = _argv(_case(name), tmp_path, Runs(request))
    before = _snapshot(tmp_path)
    assert_one_line_error(run_process(*argv, cwd=tmp_path), "")
    assert _snapshot(tmp_path) == before


def test_a_working_export_in_a_real_process(tmp_path):
    name = write(tmp_path, "export.csv", table(sep=";", decimal=","))
    result = run_process("fit", name, "--quiet", "--out", "run", cwd=tmp_path)
    assert result.code == 0 and result.err == "", result.err
    assert json.loads((tmp_path / "run" / "metrics.json").read_text())["test"]["r2"] > 0.9999


def test_debug_shows_the_traceback_and_still_ends_with_the_error_line(tmp_path):
    result = run_process("fit", write(tmp_path, "one.csv", "a,y\n1,2\n"), "--debug", "--out",
                         "out", cwd=tmp_path)
    assert result.code == 2
    assert "Traceback (most recent call last)" in result.err
    assert result.err_lines[-1].startswith("error: one.csv has only 1 data row")
    assert sorted(os.listdir(tmp_path)) == ["one.csv"]
