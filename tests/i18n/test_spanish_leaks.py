"""Nothing English under ``--lang es``: every command's help and every lesson, text and figures.

Each Spanish text is stripped of its code (flags, identifiers, placeholders, quoted names,
formulas: see ``glossary_terms.prose``) and searched for common English words that are not
Spanish words (``english_words.ENGLISH_WORDS``). The lessons' figures are checked through
matplotlib's artists: every title, axis label, tick label, legend entry and annotation that a
figure carries when it is saved.
"""

from __future__ import annotations

import contextlib
import io
import re

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from descenso import i18n
from descenso.cli.main import build_parser, main
from descenso.datasets.abalone import load_abalone
from descenso.datasets.registry import DATASETS
from descenso.demos import DEMOS, run_demo
from english_words import ENGLISH_WORDS
from glossary_terms import prose

#: ``descenso`` itself and every subcommand it registers (a new command is checked unasked).
COMMANDS = [[]] + [[name] for action in build_parser()._subparsers._group_actions
                   for name in action.choices]
#: Names kept in English on purpose: option values, CSV columns and demo names the user types,
#: the built-in datasets' names, their publishers' names ("UCI Machine Learning Repository"),
#: and the Abalone file's column names (data, as the CSV spells them: "Whole weight").
TYPED_NAMES = {"linear", "line", "step", "prediction", "class", "images"} | {
    word.lower() for name in load_abalone().feature_names for word in name.split()} | {
    word.lower() for info in DATASETS.values()
    for word in re.findall(r"[A-Za-z]+", f"{info.name} {info.source}") if word[0].isupper()
    or word == info.name}
# command lines, the command's own name, paths, and METAVARS are typed, not read
_TYPED = re.compile(r"^\s*descenso\s.*$|^\s*[a-z-]+(?=\s{2,})|\bdescenso\s+[a-z-]+|\S*/\S*|\b[A-Z][A-Z_]+\b",
                    re.MULTILINE)
#: Small runs of each lesson: the same messages and figures, a fraction of the time.
SMALL = {
    "gradients": {}, "surface": {"resolution": 21, "steps": 10}, "activations": {},
    "neuron": {"steps": 50, "mlp_steps": 50}, "line-fit": {}, "sine": {"steps": 200},
    "images": {"n_train": 300, "n_test": 100, "epochs": 1},
    "linear-scratch": {"epochs": 1}, "linear-theory": {"n": 200, "epochs": 1},
    "vectorization": {"n": 1000, "repeats": 1}, "abalone": {"iterations": 200},
    "bias-variance": {},
}


def english_words(text: str) -> list[str]:
    """The words of ``text`` (code removed) that are English and not Spanish."""
    letters = "A-Za-zÁÉÍÓÚÜÑáéíóúüñ"
    words = re.findall(rf"[{letters}]+(?:-[{letters}]+)*", prose(_TYPED.sub(" ", text)))
    return sorted({word for word in words
                   if word.lower() in ENGLISH_WORDS and word.lower() not in TYPED_NAMES})


def report_text(path) -> str:
    """The words a reader sees in an HTML report (option names in ``<code>`` are typed code)."""
    return re.sub(r"<style>.*?</style>|<code>.*?</code>|<[^>]+>|"
                  r"data:image/png;base64,[A-Za-z0-9+/=]+", " ",
                  path.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_detector_finds_english_and_spares_spanish_and_code():
    assert english_words("la pérdida de entrenamiento (training loss)") == ["loss", "training"]
    assert english_words("usa --batch-size 32 y lr='auto' con history.csv") == []
    assert english_words("  descenso fit abalone --epochs 10\n--out FILE  en runs/x") == []
    assert english_words("una red neuronal con 128 unidades y error final real") == []


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "descenso")
def test_every_help_is_spanish(command):
    output = io.StringIO()
    with contextlib.redirect_stdout(output), pytest.raises(SystemExit):
        main([*command, "--help", "--lang", "es"])
    i18n.set_language("en")
    assert english_words(output.getvalue()) == [], output.getvalue()


@pytest.fixture
def figure_texts(monkeypatch):
    """Every visible text of every figure saved while the fixture is active."""
    texts: list[str] = []
    original = Figure.savefig

    def savefig(figure, *args, **kwargs):
        texts.extend(artist.get_text() for artist in figure.findobj(Text)
                     if artist.get_visible() and artist.get_text())
        return original(figure, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", savefig)
    return texts


@pytest.mark.parametrize("name", list(DEMOS))
def test_every_lesson_is_spanish(name, figure_texts, tmp_path, request):
    options = dict(SMALL.get(name, {}))
    if name == "images":
        options["data_dir"] = str(request.getfixturevalue("shared_data"))
    result = run_demo(name, tmp_path, lang="es", **options)
    leaks = {line: words for line in result.lines if (words := english_words(line))}
    assert leaks == {}, f"English in the lesson's text: {leaks}"
    leaks = {text: words for text in figure_texts if (words := english_words(text))}
    assert figure_texts and leaks == {}, f"English in the lesson's figures: {leaks}"


@pytest.mark.parametrize("command", [["datasets"], ["fit", "abalone"],
                                     ["fit", "abalone", "--model", "mlp", "--hidden", "8",
                                      "--epochs", "2"]], ids=" ".join)
def test_every_command_speaks_spanish(command, tmp_path, figure_texts, capsys):
    out = ["--out", str(tmp_path / "run")] if command[0] == "fit" else []
    assert main([*command, *out, "--lang", "es"]) == 0
    i18n.set_language("en")
    printed = capsys.readouterr()
    leaks = english_words(printed.out + "\n" + printed.err)
    assert leaks == [], printed.out + printed.err
    if command[0] == "fit":
        assert english_words(report_text(tmp_path / "run" / "report.html")) == []
        leaks = {text: words for text in figure_texts if (words := english_words(text))}
        assert figure_texts and leaks == {}


def test_deblur_speaks_spanish(tmp_path, figure_texts, capsys):
    deblur = pytest.importorskip("descenso.deblur")
    from descenso.autograd.ops.fft_conv import fft_conv2d
    from descenso.datasets.photos import camera_path
    from descenso.deblur.images import read_image, write_png
    from descenso.deblur.pyramid import resize

    kernel = deblur.camera_shake_kernel(5, seed=0)
    write_png(tmp_path / "borrosa.png",
              fft_conv2d(resize(read_image(camera_path()), (36, 36)), kernel).data)
    np.save(tmp_path / "nucleo.npy", kernel)
    assert main(["deblur", str(tmp_path / "borrosa.png"), "--kernel", str(tmp_path / "nucleo.npy"),
                 "--iterations", "5", "--out", str(tmp_path / "run"), "--lang", "es"]) == 0
    i18n.set_language("en")
    printed = capsys.readouterr()
    assert english_words(printed.out + "\n" + printed.err) == [], printed.out + printed.err
    text = report_text(tmp_path / "run" / "report.html")
    assert english_words(text) == [], text
    leaks = {text: words for text in figure_texts if (words := english_words(text))}
    assert figure_texts and leaks == {}
