"""Choosing Spanish (set_language, --lang es, or a Spanish locale) changes what descenso says;
English stays the default."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import descenso
from descenso import i18n
from descenso.diagnose import diagnose
from descenso.errors import ShapeError
from descenso.train.progress import format_epoch_line


def _say_things() -> list[str]:
    """A diagnosis, an epoch line and an error message, in the current language."""
    lines = diagnose(0.3755, 0.3729, r2_test=0.38).text()
    lines.append(format_epoch_line(2, 10, {"loss": 0.5}, 1.2))
    with pytest.raises(ShapeError) as error:
        descenso.tensor([1.0, 2.0]).item()
    lines.append(str(error.value))
    return lines


def test_set_language_es_translates_diagnosis_progress_and_errors():
    i18n.set_language("es")
    lines = _say_things()
    assert lines[0] == "R² entrenamiento 0.3755, validación 0.3729, prueba 0.3800"
    assert lines[1].startswith("nivel de sesgo: medio (R² de entrenamiento 0.3755;")
    assert lines[2].startswith("nivel de varianza: bajo (")
    assert lines[3] == "veredicto: buen ajuste"
    assert lines[4].startswith("época 2/10")
    assert lines[5].startswith("item() necesita un tensor de un solo elemento, pero su forma es "
                               "(2,)")


def test_english_is_unchanged_and_comes_back():
    english = _say_things()
    i18n.set_language("es")
    _say_things()
    i18n.set_language("en")
    assert _say_things() == english
    assert english[3] == "verdict: good fit"
    assert english[5].startswith("item() needs a tensor with one element, got shape (2,)")


@pytest.mark.parametrize("value, language", [
    ("es_ES.UTF-8", "es"), ("es_MX", "es"), ("en_US.UTF-8", "en"), ("fr_FR.UTF-8", "en"),
    ("C", "en"),
])
def test_locale_variables_choose_the_language(monkeypatch, value, language):
    for variable in ("DESCENSO_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", value)
    i18n.set_language(None)
    assert i18n.get_language() == language
    assert i18n.gettext("epoch") == ("época" if language == "es" else "epoch")


def _descenso(args: list[str], tmp_path, **variables) -> str:
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("DESCENSO_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    environment.update(variables)
    completed = subprocess.run(
        [sys.executable, "-m", "descenso", *args], cwd=tmp_path, env=environment,
        capture_output=True, text=True, encoding="utf-8", check=True,
    )
    return " ".join(completed.stdout.split())  # argparse wraps lines where it likes


def test_spanish_locale_gives_spanish_help(tmp_path):
    text = _descenso(["--help"], tmp_path, LANG="es_ES.UTF-8")
    assert "Aprende y usa el aprendizaje automático por descenso de gradiente" in text
    assert "entrena un modelo y lo escribe con sus métricas y su informe" in text
    assert "Learn and use" not in text


def test_lang_option_gives_spanish_help_whatever_the_locale(tmp_path):
    text = _descenso(["fit", "--lang", "es", "--help"], tmp_path, LANG="en_US.UTF-8")
    assert "idioma de los mensajes y los informes" in text
    assert "tasa de aprendizaje" in text


def test_english_help_by_default(tmp_path):
    text = _descenso(["--help"], tmp_path, LANG="C.UTF-8")
    assert "Learn and use machine learning by gradient descent" in text
    assert "train a model and write it with its metrics and report" in text
