"""The package as a user installs it (not the editable checkout): data files and catalogs ship,
and the console script runs the main job."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{result.stderr}")
    (path,) = out.glob("descenso-*.whl")
    return path


def test_wheel_ships_the_data_and_the_catalog(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("descenso/datasets/files/abalone.data",
                     "descenso/datasets/files/ABALONE-LICENSE.txt",
                     "descenso/i18n/locale/es/LC_MESSAGES/descenso.mo",
                     "descenso/playground/static/index.html",
                     "descenso/playground/static/app.js",
                     "descenso/playground/static/style.css"):
        assert expected in names
    assert not any(name.endswith(".po") for name in names)


def _venv_seeing_these_dependencies(venv: Path) -> None:
    """A new venv that imports this environment's packages (NumPy, matplotlib, ...) but not its
    descenso: a ``.pth`` file lists the site-packages folders as plain paths, and plain paths do
    not run the ``.pth`` hooks (an editable install's) that live inside them. ``--system-site-
    packages`` would not do: it sees the base interpreter's packages, not a virtual
    environment's."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    inner_site = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True).stdout.strip()
    outer = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
                          + [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))])
    (Path(inner_site) / "descenso-test-dependencies.pth").write_text("\n".join(outer) + "\n")


def test_installed_console_script_runs_descenso_fit(wheel, tmp_path):
    venv = tmp_path / "venv"
    _venv_seeing_these_dependencies(venv)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps",
           "--no-index", str(wheel)]
    subprocess.run(pip, check=True, timeout=300, capture_output=True)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run([str(venv / "bin" / "descenso"), "fit", "--out", "run"], cwd=work,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "0.3755" not in result.stdout  # the default run converges, unlike the learner's
    metrics = json.loads((work / "run" / "metrics.json").read_text())
    assert metrics["test"]["r2"] > 0.5
    for name in ("model.safetensors", "history.csv", "report.html"):
        assert (work / "run" / name).is_file()
    # The installed copy, not this checkout, did the work.
    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import descenso; print(descenso.__file__)"], cwd=work, env=env,
                           capture_output=True, text=True, check=True).stdout
    assert str(venv) in where
