"""Translations of descenso's messages (English by default, Spanish available).

Messages are marked with :func:`gettext` (imported as ``_``) where they are written and looked
up in the gettext catalog ``locale/<lang>/LC_MESSAGES/descenso.mo`` shipped in the package.
The language is chosen, in order, by :func:`set_language` (the CLI's ``--lang``), the
``DESCENSO_LANG`` environment variable, then the locale variables ``LC_ALL``,
``LC_MESSAGES`` and ``LANG`` (``es_ES.UTF-8`` selects Spanish). Anything else is English.

This module imports nothing from descenso, so every layer may use it.

>>> set_language("es")
>>> get_language()
'es'
>>> set_language("en")
>>> gettext("epoch")
'epoch'
"""

from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path

__all__ = ["LANGUAGES", "N_", "get_language", "gettext", "ngettext", "set_language"]

LANGUAGES = ("en", "es")
_DOMAIN = "descenso"
_LOCALE_DIR = Path(__file__).parent / "locale"

_language: str | None = None
_catalogs: dict[str, _gettext.NullTranslations] = {}


def _language_from_environment() -> str:
    for variable in ("DESCENSO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def set_language(language: str | None) -> None:
    """Choose the language of messages: ``"en"``, ``"es"``, or None to follow the environment.

    A regional code such as ``"es_MX"`` selects its language. An unsupported language raises
    ``ValueError``.
    """
    global _language
    if language is None:
        _language = None
        return
    code = language.replace("-", "_").split("_")[0].lower()
    if code not in LANGUAGES:
        raise ValueError(
            f"unsupported language {language!r}; choose one of {', '.join(LANGUAGES)}"
        )
    _language = code


def get_language() -> str:
    """The language in force: the one set with :func:`set_language`, else the environment's."""
    return _language if _language is not None else _language_from_environment()


def _catalog(language: str) -> _gettext.NullTranslations:
    if language not in _catalogs:
        if language == "en":
            _catalogs[language] = _gettext.NullTranslations()
        else:
            _catalogs[language] = _gettext.translation(
                _DOMAIN, localedir=_LOCALE_DIR, languages=[language], fallback=True
            )
    return _catalogs[language]


def gettext(message: str) -> str:
    """Translate ``message`` into the current language (unchanged in English)."""
    return _catalog(get_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on the count ``n``."""
    return _catalog(get_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (for module constants)."""
    return message
