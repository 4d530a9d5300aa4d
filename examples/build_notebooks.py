"""Build the lesson notebooks in ``examples/`` from their sources in ``examples/sources/``.

Each source is a Python script in the "percent" format (the one jupytext and VS Code read):
a line ``# %%`` starts a code cell and ``# %% [markdown]`` starts a text cell whose lines are
comments (``# `` is removed). The notebooks are written without outputs and with cell ids
derived from the file name, so building twice gives identical files. Run::

    python examples/build_notebooks.py           # write examples/*.ipynb
    python examples/build_notebooks.py --check   # fail if a notebook is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

EXAMPLES = Path(__file__).resolve().parent
SOURCES = EXAMPLES / "sources"
CELL_MARKER = "# %%"
MARKDOWN_MARKER = "# %% [markdown]"


def parse_cells(text: str) -> list[tuple[str, str]]:
    """Split a percent-format script into ``(kind, source)`` cells, kind "code" or "markdown".

    >>> parse_cells("# %% [markdown]\\n# # Title\\n#\\n# text\\n# %%\\nx = 1\\n")
    [('markdown', '# Title\\n\\ntext'), ('code', 'x = 1')]
    """
    cells: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.strip() == MARKDOWN_MARKER:
            cells.append(("markdown", []))
        elif line.strip() == CELL_MARKER:
            cells.append(("code", []))
        elif cells:
            kind, lines = cells[-1]
            if kind == "markdown":
                line = line[2:] if line.startswith("# ") else line.lstrip("#")
            lines.append(line)
    return [(kind, "\n".join(lines).strip("\n")) for kind, lines in cells
            if "\n".join(lines).strip()]


def build_notebook(source: Path) -> nbformat.NotebookNode:
    """The notebook (without outputs) for one percent-format source file."""
    notebook = new_notebook()
    for index, (kind, text) in enumerate(parse_cells(source.read_text(encoding="utf-8"))):
        cell = new_markdown_cell(text) if kind == "markdown" else new_code_cell(text)
        cell["id"] = f"{source.stem.replace('_', '-')}-{index:02d}"
        notebook.cells.append(cell)
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return notebook


def notebook_text(source: Path) -> str:
    """The ``.ipynb`` file's text for ``source`` (what :func:`main` writes)."""
    notebook = build_notebook(source)
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that every notebook matches its source")
    arguments = parser.parse_args(argv)
    stale = []
    for source in sorted(SOURCES.glob("*.py")):
        target = EXAMPLES / f"{source.stem}.ipynb"
        text = notebook_text(source)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            continue
        if arguments.check:
            stale.append(target.name)
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target.relative_to(EXAMPLES.parent)}")
    if stale:
        print("out of date (run python examples/build_notebooks.py): " + ", ".join(stale),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
