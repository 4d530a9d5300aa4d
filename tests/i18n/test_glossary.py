"""The Spanish catalog uses the glossary's terms: never a term of its "not" column."""

from __future__ import annotations

from pathlib import Path

import pytest

import descenso.i18n
from glossary_terms import GLOSSARY, prose, rows, violations


def test_the_glossary_has_the_terms_the_course_texts_need():
    spanish = {english: term for english, term, _forbidden in rows()}
    assert spanish["gradient descent"] == "descenso de gradiente"
    assert spanish["learning rate"] == "tasa de aprendizaje"
    assert spanish["epoch"] == "época"
    assert spanish["loss"] == "pérdida"
    assert spanish["abalone"] == "abulón"
    assert spanish["array"] == "arreglo"
    assert "bias (a model's intercept)" in spanish
    assert "*descenso* is the library's name" in GLOSSARY.read_text(encoding="utf-8")


def test_the_checker_finds_what_it_should_and_spares_code():
    assert violations("learning rate", "el lr es demasiado alto") == ["lr"]
    assert violations("gradient descent", "descenso por el gradiente") == [
        "descenso por el gradiente"]
    assert violations("abalone", "el abalón") == ["abalón"]
    assert violations("accuracy", "precisión de prueba") == ["precisión"]
    assert violations("precision", "precisión") == []
    assert violations("x", "es 1293x más rápida") == ["1293x más rápida"]
    # flags, keyword arguments and placeholders keep their English names
    assert violations("x", "usa --lr auto o lr='auto' con {loss} y history.csv") == []
    assert prose("--batch-size 32 y batch_size=32") .split() == ["32", "y"]


def test_catalog_uses_only_the_glossarys_terms(catalog_entries):
    wrong = [f"{msgid!r} -> {msgstr!r}: {', '.join(terms)}"
             for msgid, msgstr in catalog_entries
             if (terms := violations(msgid, msgstr))]
    assert not wrong, "terms the glossary rules out:\n" + "\n".join(wrong)


@pytest.fixture(scope="module")
def catalog_entries():
    pofile = pytest.importorskip("babel.messages.pofile")
    po = Path(descenso.i18n.__file__).parent / "locale" / "es" / "LC_MESSAGES" / "descenso.po"
    with po.open("rb") as handle:
        catalog = pofile.read_po(handle)
    entries = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        entries += [(" ".join(ids), string) for string in strings if string]
    return entries


def test_notebooks_use_only_the_glossarys_terms():
    sources = Path(__file__).resolve().parents[2] / "examples" / "sources"
    wrong = []
    for source in sorted(sources.glob("*.py")):
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("#") and (terms := violations("", line.lstrip("# "))):
                wrong.append(f"{source.name}:{number}: {', '.join(terms)}")
    assert not wrong, "terms the glossary rules out:\n" + "\n".join(wrong)
