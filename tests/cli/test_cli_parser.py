"""argparse's own English messages are recognised and re-translated: each pattern of
``descenso.cli.parser`` is checked against the message argparse really produces, so a Python
release that rewords one fails here instead of leaving English in a Spanish session."""

from __future__ import annotations

import re

import pytest

from descenso import i18n
from descenso.cli.main import main

CASES = [
    (["fit", "--epochs"], "argument --epochs: expected one argument",
     "argumento --epochs: se esperaba un valor"),
    (["fit", "--epochs", "ten"], "argument --epochs: invalid int value: 'ten'",
     "argumento --epochs: valor int no válido: 'ten'"),
    (["fit", "--model", "tree"],
     "argument --model: invalid choice: 'tree' (choose from linear, mlp, cnn)",
     "argumento --model: opción no válida: 'tree' (elige entre linear, mlp, cnn)"),
    (["fit", "abalone", "extra"], "unrecognized arguments: extra",
     "argumentos no reconocidos: extra"),
    (["predict"], "the following arguments are required: MODEL, INPUT",
     "faltan estos argumentos obligatorios: MODEL, INPUT"),
    (["fit", "--drop-missing=yes"], "argument --drop-missing: ignored explicit argument 'yes'",
     "argumento --drop-missing: se ignoró el valor explícito 'yes'"),
]


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.set_language("en")


def _error_line(capsys, argv) -> str:
    capsys.readouterr()
    assert main(argv) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ")
    return lines[0][len("error: "):]


@pytest.mark.parametrize(("argv", "english", "spanish"), CASES, ids=[c[1][:30] for c in CASES])
def test_argparse_messages_are_recognised_and_translated(capsys, argv, english, spanish):
    # Arguments left over are reported by the top-level parser, the rest by the subcommand's.
    prog = "descenso" if english.startswith("unrecognized") else "descenso " + argv[0]
    # argparse quotes choices as 'a', 'b' since Python 3.12.8 and a, b before: accept both.
    line = _error_line(capsys, argv).replace("'linear', 'mlp', 'cnn'", "linear, mlp, cnn")
    assert line == f"{english}; run '{prog} --help' for usage"
    line = _error_line(capsys, [*argv, "--lang", "es"]
                       if argv != ["fit", "--epochs"] else ["fit", "--lang", "es", "--epochs"])
    line = line.replace("'linear', 'mlp', 'cnn'", "linear, mlp, cnn")
    assert line == f"{spanish}; ejecuta '{prog} --help' para ver el uso"


@pytest.mark.parametrize("command", ["fit", "predict", "evaluate"])
def test_help_examples_are_translated(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help", "--lang", "es"])
    text = capsys.readouterr().out
    assert "ejemplos:" in text and "examples:" not in text


def test_fit_help_lists_every_option_field_once(capsys):
    from dataclasses import fields

    from descenso.pipeline.options import FitOptions

    with pytest.raises(SystemExit):
        main(["fit", "--help"])
    text = capsys.readouterr().out
    for option in fields(FitOptions):
        if option.metadata["kind"] != "positional":
            flag = "--" + option.name.replace("_", "-")
            assert len(re.findall(rf"^  {flag}[ ,]", text, re.MULTILINE)) == 1, flag
