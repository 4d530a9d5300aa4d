"""Every message the code marks has a Spanish translation that keeps its placeholders, and the
shipped .mo is the compiled .po. When a test here fails after a code change, run
``python tools/i18n.py update``, translate the entries it lists, then ``compile``."""

from __future__ import annotations

import re
import string
from collections import Counter

import pytest

# Messages whose Spanish is spelled like the English: names, commands and pure formats.
SAME_IN_SPANISH = {
    "--grid {text}: {error}",
    "--solver gd",
    "autograd",
    "descenso deblur — {name}",
    "descenso demo: {name}",
    "descenso sweep: {dataset}",
    "error",
    "no",
    "one-hot {column}",
    "{source}: {samples}, {features}",
}
_PERCENT_FIELD = re.compile(r"%\([a-z_]+\)[sdfr]")


def _fields(text: str) -> Counter:
    """The ``{name!conv:spec}`` fields of a str.format template, and any ``%(name)s``."""
    fields = Counter(
        (name, spec, conversion)
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )
    return fields + Counter(_PERCENT_FIELD.findall(text))


def _pairs(msgid, translations) -> list[tuple[str, str]]:
    """(English, Spanish) pairs: one for a plain message, one per form for a plural one."""
    if isinstance(msgid, tuple):
        singular, plural = msgid
        return [(singular, translations.ngettext(singular, plural, 1)),
                (plural, translations.ngettext(singular, plural, 2))]
    return [(msgid, translations.gettext(msgid))]


def _edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]


def test_every_message_is_translated(extracted, spanish):
    missing = [f"{where}: {english!r}"
               for msgid, where in extracted.items()
               for english, translated in _pairs(msgid, spanish)
               if not translated.strip()
               or (translated == english and english not in SAME_IN_SPANISH)]
    assert not missing, ("untranslated (run python tools/i18n.py update):\n"
                         + "\n".join(missing))


def test_the_allowed_identical_messages_still_exist(extracted):
    # A stale allowlist would hide a message that later needs translating.
    assert SAME_IN_SPANISH <= set(extracted)


def test_translations_keep_every_placeholder(extracted, spanish):
    wrong = []
    for msgid, where in extracted.items():
        for english, translated in _pairs(msgid, spanish):
            try:
                if _fields(translated) != _fields(english):
                    wrong.append(f"{where}: {english!r} -> {translated!r}")
            except ValueError as error:  # an unbalanced brace
                wrong.append(f"{where}: {translated!r}: {error}")
    assert not wrong, "\n".join(wrong)


def test_translations_keep_leading_and_trailing_spacing(extracted, spanish):
    # Indented lines, fragments such as ", test {test}" and table rows depend on it.
    wrong = [f"{where}: {english!r} -> {translated!r}"
             for msgid, where in extracted.items()
             for english, translated in _pairs(msgid, spanish)
             if _edges(translated) != _edges(english)
             or translated.count("\n") != english.count("\n")]
    assert not wrong, "\n".join(wrong)


def test_shipped_mo_is_the_compiled_po(spanish, recompiled):
    shipped = {key: value for key, value in spanish._catalog.items() if key != ""}
    fresh = {key: value for key, value in recompiled._catalog.items() if key != ""}
    assert shipped == fresh, ("descenso.mo is out of date: run python tools/i18n.py compile; "
                              f"{len(set(shipped) ^ set(fresh))} msgids differ")


def test_po_has_spanish_plural_forms_and_nothing_fuzzy(po_catalog):
    assert po_catalog.plural_forms == "nplurals=2; plural=(n != 1);"
    fuzzy = [message.id for message in po_catalog if message.id and message.fuzzy]
    assert not fuzzy, f"fuzzy entries are not compiled; review them: {fuzzy}"


def test_spanish_plural_forms_choose_by_count(spanish):
    assert spanish.ngettext("{n} sample", "{n} samples", 1) == "{n} muestra"
    assert spanish.ngettext("{n} sample", "{n} samples", 0) == "{n} muestras"
    assert spanish.ngettext("{n} sample", "{n} samples", 2) == "{n} muestras"


@pytest.mark.parametrize("english, spanish_text", [
    ("epoch", "época"),
    ("learning rate used", "tasa de aprendizaje usada"),
    ("overfitting", "sobreajuste"),
    ("underfitting", "subajuste"),
    ("gradient descent", "descenso de gradiente"),
])
def test_core_vocabulary(spanish, english, spanish_text):
    assert spanish.gettext(english) == spanish_text
