"""Keep descenso's message catalogs in step with the code (a maintainer tool, not shipped).

Messages are marked in ``src/descenso`` with ``_("...")`` (``gettext``), ``N_("...")`` and
``ngettext("...", "...", n)``. This script extracts them with Babel, merges them into the
Spanish catalog and compiles it into the ``.mo`` file the package reads at run time::

    src/descenso/i18n/locale/descenso.pot                   every msgid (regenerated)
    src/descenso/i18n/locale/es/LC_MESSAGES/descenso.po     Spanish translations (edited by hand)
    src/descenso/i18n/locale/es/LC_MESSAGES/descenso.mo     compiled (never edited)

Workflow after code adds or changes messages (run from the repository root)::

    python tools/i18n.py update     # extract, write the .pot, merge into es .po;
                                    # prints every msgid still untranslated
    $EDITOR src/descenso/i18n/locale/es/LC_MESSAGES/descenso.po
                                    # fill each empty msgstr "" (keep every {placeholder}
                                    # and %(name)s; plurals take msgstr[0] and msgstr[1])
    python tools/i18n.py compile    # write the .mo from the .po
    python tools/i18n.py check      # exit 1 if anything is untranslated, fuzzy or obsolete
    python -m pytest tests/i18n -q  # placeholders, coverage and .mo freshness

``update`` keeps existing translations, adds new msgids untranslated (no fuzzy guessing, so a
wrong guess can never ship) and keeps messages that vanished from the code as obsolete
``#~`` entries, so an edited msgid's old translation is at hand to copy; ``update --prune``
(or ``check`` failing on them) is the cue to drop them. ``todo`` prints what is left to
translate without touching any file. A comment ``# i18n: ...`` on the line before a message
in the code reaches the translator as a ``#.`` note in the .po (use it for context such as
"a column heading padded to 10 characters").

Babel is the only requirement (it is in the ``test`` extras).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "descenso"
LOCALE_DIR = PACKAGE / "i18n" / "locale"
DOMAIN = "descenso"
LANGUAGES = ("es",)
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);"}
POT_PATH = LOCALE_DIR / f"{DOMAIN}.pot"


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def extract_template() -> Catalog:
    """Every message marked in ``src/descenso``, with the files that use it."""
    template = Catalog(project="descenso", domain=DOMAIN, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("i18n:",)
    ):
        location = (f"src/descenso/{Path(filename).as_posix()}", lineno)
        template.add(message, None, [location], auto_comments=comments, context=context)
    return template


def read_catalog(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def _without_dates(text: bytes) -> bytes:
    return b"".join(line for line in text.splitlines(keepends=True)
                    if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date')))


def write_catalog(catalog: Catalog, path: Path) -> None:
    """Write a .po/.pot, leaving the file alone when only its dates would change."""
    buffer = io.BytesIO()
    # No line numbers: they would churn the files on every unrelated edit.
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False,
             ignore_obsolete=False, omit_header=False)
    text = buffer.getvalue()
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(text):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text)


def _missing(catalog: Catalog) -> list:
    """Entries with an empty translation (any plural form empty counts)."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
        if not all(strings):
            missing.append(message)
    return missing


def _label(message) -> str:
    return message.id[0] if isinstance(message.id, (tuple, list)) else message.id


def update(prune: bool) -> int:
    template = extract_template()
    write_catalog(template, POT_PATH)
    print(f"{POT_PATH.relative_to(ROOT)}: {len(template)} messages")
    for language in LANGUAGES:
        path = po_path(language)
        if path.exists():
            catalog = read_catalog(path, language)
            catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN, project="descenso", charset="utf-8")
            catalog.update(template, no_fuzzy_matching=True)
        if catalog.plural_forms != PLURAL_FORMS[language]:
            raise SystemExit(f"{language}: Babel gives plural forms {catalog.plural_forms!r}, "
                             f"expected {PLURAL_FORMS[language]!r}")
        catalog.fuzzy = False
        catalog.last_translator = "descenso developers"
        catalog.language_team = "Spanish"
        if prune:
            catalog.obsolete.clear()
        write_catalog(catalog, path)
        missing = _missing(catalog)
        print(f"{path.relative_to(ROOT)}: {len(missing)} untranslated, "
              f"{len(catalog.obsolete)} obsolete")
        for message in missing:
            print(f"  untranslated: {_label(message)!r}")
    return 0


def compile_catalogs() -> int:
    for language in LANGUAGES:
        catalog = read_catalog(po_path(language), language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        mo_path(language).write_bytes(buffer.getvalue())
        print(f"{mo_path(language).relative_to(ROOT)}: "
              f"{sum(1 for m in catalog if m.id and m.string and not m.fuzzy)} messages")
    return 0


def check() -> int:
    """Exit status 1 when a catalog lags the code or has entries needing attention."""
    template_ids = {message.id for message in extract_template() if message.id}
    problems = 0
    for language in LANGUAGES:
        catalog = read_catalog(po_path(language), language)
        catalog_ids = {message.id for message in catalog if message.id}
        not_merged = template_ids - catalog_ids
        untranslated = _missing(catalog)
        fuzzy = [message for message in catalog if message.id and message.fuzzy]
        for title, entries in (
            ("not merged (run update)", sorted(map(str, not_merged))),
            ("untranslated", [_label(m) for m in untranslated]),
            ("fuzzy", [_label(m) for m in fuzzy]),
            ("obsolete (update --prune)", [_label(m) for m in catalog.obsolete.values()]),
        ):
            for entry in entries:
                print(f"{language}: {title}: {entry!r}")
            problems += len(entries)
    print("catalogs complete" if not problems else f"{problems} entries need attention")
    return 1 if problems else 0


def todo() -> int:
    for language in LANGUAGES:
        for message in _missing(read_catalog(po_path(language), language)):
            print(f"{language}: {_label(message)!r}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    update_parser = commands.add_parser("update", help="extract messages and merge into .po")
    update_parser.add_argument("--prune", action="store_true", help="drop obsolete entries")
    commands.add_parser("compile", help="compile each .po into its .mo")
    commands.add_parser("check", help="exit 1 if anything is untranslated, fuzzy or obsolete")
    commands.add_parser("todo", help="list untranslated messages")
    arguments = parser.parse_args(argv)
    if arguments.command == "update":
        return update(arguments.prune)
    if arguments.command == "compile":
        return compile_catalogs()
    if arguments.command == "todo":
        return todo()
    return check()


if __name__ == "__main__":
    sys.exit(main())
