"""``bias-variance``: four problems built so that each answer of the diagnosis is the truth."""

from __future__ import annotations

import pytest

from descenso.demos import run_demo
from descenso.report.figures.canvas import png_size


def test_each_problem_gets_its_own_verdict(demo_result):
    result = demo_result("bias-variance")
    assert result.numbers["verdicts"] == {"good fit": "good fit", "optimization": "optimization",
                                          "bias": "bias", "variance": "variance"}


def test_prints_three_answers_and_a_verdict_per_problem_and_draws_each(demo_result):
    result = demo_result("bias-variance")
    text = "\n".join(result.lines)
    for question in ("optimization:", "bias:", "variance:"):
        assert text.count(question) >= 4
    assert text.count("verdict:") == 4
    assert [path.name for path in result.figures] == [
        "1-good-fit.png", "2-optimization.png", "3-bias.png", "4-variance.png"]
    assert all(png_size(path.read_bytes()) == (1300, 380) for path in result.figures)


@pytest.mark.parametrize("seed", [1, 2])
def test_other_seeds_tell_the_same_story(tmp_path, seed):
    result = run_demo("bias-variance", tmp_path, seed=seed, lang="en")
    assert list(result.numbers["verdicts"].values()) == list(result.numbers["verdicts"])


def test_spanish(tmp_path):
    text = "\n".join(run_demo("bias-variance", tmp_path, lang="es").lines)
    assert "veredicto: sesgo" in text and "sesgo: sí" in text and "varianza: sí" in text
