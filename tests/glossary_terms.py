"""Read ``docs/GLOSSARY.md`` and find the terms of its "not" column in Spanish text.

Shared by the catalog test (``i18n/test_glossary.py``) and the lessons' Spanish test, so the
command line, the demos and the notebooks are held to the same table.
"""

from __future__ import annotations

import re
from pathlib import Path

GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "GLOSSARY.md"

# Code in a message is not prose: flags, keyword arguments, calls, quoted or back-quoted
# names, placeholders, file names, formulas, dotted or underscored identifiers and the
# command's own words (``descenso sweep``) keep their English spelling.
_CODE = re.compile(
    r"\bdescenso (?:fit|sweep|predict|evaluate|datasets|demo)\b|"
    r"[\w/-]+\.(?:csv|json|png|html|txt|safetensors|npy|npz)\b|`[^`]*`|'[^']*'|\"[^\"]*\"|"
    r"\{[^}]*\}|(?<![\w-])--?[A-Za-z][\w-]*|\b\w+=\S*|\b\w+\(|\b\w*[_.]\w+[\w.]*|"
    r"\([^()]*\s[-+*/]\s[^()]*\)"  # a formula such as (1 - lr)
)
# Rows whose "not" term carries a note in parentheses are checked against the English
# message they translate: the term is right elsewhere ("precisión" is precision).
_CONTEXTUAL = {"precisión": "accuracy", "normalizar": "standardiz", "atributo": "feature"}


def rows() -> list[tuple[str, str, list[str]]]:
    """``(english, spanish, [forbidden terms])`` for every row of the glossary's table."""
    table = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("English", "---") or set(cells[0]) <= {"-"}:
            continue
        forbidden = [re.sub(r"\s*\(.*\)$", "", term).strip() for term in cells[2].split(",")]
        table.append((cells[0], cells[1], [term for term in forbidden if term]))
    return table


def prose(text: str) -> str:
    """``text`` without its code (flags, identifiers, placeholders, quoted names)."""
    return _CODE.sub(" ", text)


def violations(english: str, spanish: str) -> list[str]:
    """The glossary's forbidden terms that ``spanish`` (translating ``english``) uses."""
    found = []
    text = prose(spanish).lower()
    for _english, _spanish, forbidden in rows():
        for term in forbidden:
            if term in _CONTEXTUAL and _CONTEXTUAL[term] not in english.lower():
                continue
            if term == "1293x más rápida":
                pattern = r"\d+\s*x\s+más\b"
            else:
                pattern = r"(?<![\w-])" + re.escape(term.lower()) + r"(?![\w-])"
            if re.search(pattern, text):
                found.append(term)
    return found
