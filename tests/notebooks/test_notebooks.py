"""Every lesson notebook in ``examples/`` runs top to bottom without an error.

The notebooks are executed with nbclient on the ``python3`` Jupyter kernel (ipykernel), each
in a temporary working folder so whatever it writes lands there. They are also checked to be
committed without outputs and to match their sources in ``examples/sources/``.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
TIMEOUT_PER_CELL = 120
#: Notebooks that read MNIST-family files: they get ``DESCENSO_DATA`` = ``../shared/data``.
NEEDS_IMAGES = {"10_imagenes"}


def _builder():
    spec = importlib.util.spec_from_file_location("build_notebooks",
                                                  EXAMPLES / "build_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_is_one_notebook_per_lesson():
    assert len(NOTEBOOKS) == 12
    sources = sorted(path.stem for path in (EXAMPLES / "sources").glob("*.py"))
    assert [path.stem for path in NOTEBOOKS] == sources


def test_notebooks_match_their_sources_and_have_no_outputs():
    builder = _builder()
    for path in NOTEBOOKS:
        text = path.read_text(encoding="utf-8")
        assert text == builder.notebook_text(EXAMPLES / "sources" / f"{path.stem}.py"), (
            f"{path.name} is out of date: run python examples/build_notebooks.py")
        for cell in json.loads(text)["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_runs_without_errors(path, tmp_path, request, monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    if path.stem in NEEDS_IMAGES:  # the kernel inherits this process's environment
        monkeypatch.setenv("DESCENSO_DATA", str(request.getfixturevalue("shared_data")))

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        pytest.fail("the Jupyter kernel 'python3' is not installed; run "
                    "'python -m ipykernel install --user' once on this machine")
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook, kernel_name="python3", timeout=TIMEOUT_PER_CELL,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    errors = [output for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.outputs if output.output_type == "error"]
    assert errors == []
