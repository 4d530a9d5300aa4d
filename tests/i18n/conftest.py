"""The messages marked in ``src/descenso`` and the Spanish catalog shipped beside them."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest

import descenso.i18n

PACKAGE = Path(descenso.i18n.__file__).resolve().parents[1]
LC_MESSAGES = PACKAGE / "i18n" / "locale" / "es" / "LC_MESSAGES"
# The same keywords as tools/i18n.py: a message marked any other way is never extracted.
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


@pytest.fixture(scope="session")
def extracted() -> dict:
    """Every marked message: msgid (a str, or a (singular, plural) tuple) -> "file:line"."""
    extract = pytest.importorskip("babel.messages.extract")
    messages = {}
    for filename, lineno, message, _comments, _context in extract.extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        messages.setdefault(message, f"{filename}:{lineno}")
    assert len(messages) > 100, "extraction found almost nothing: are the keywords right?"
    return messages


@pytest.fixture(scope="session")
def po_catalog():
    """The Spanish .po as Babel reads it."""
    pofile = pytest.importorskip("babel.messages.pofile")
    with (LC_MESSAGES / "descenso.po").open("rb") as handle:
        return pofile.read_po(handle, locale="es", domain="descenso")


@pytest.fixture(scope="session")
def spanish() -> gettext.GNUTranslations:
    """The compiled catalog exactly as the package ships it."""
    with (LC_MESSAGES / "descenso.mo").open("rb") as handle:
        return gettext.GNUTranslations(handle)


@pytest.fixture(scope="session")
def recompiled(po_catalog) -> gettext.GNUTranslations:
    """The .po compiled now by Babel, as ``tools/i18n.py compile`` does, read back by gettext."""
    mofile = pytest.importorskip("babel.messages.mofile")
    buffer = io.BytesIO()
    mofile.write_mo(buffer, po_catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
