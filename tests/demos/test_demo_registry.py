"""The demo registry, the result every demo returns, its figures and its page."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest
from matplotlib.image import imread

from descenso import i18n
from descenso.demos import DEMOS, Demo, demo_options, run_demo
from descenso.errors import ConfigError

# The figure files each demo writes, with their size in pixels (width, height).
EXPECTED_FIGURES = {
    "gradients": {"gradients.png": (1500, 480)},
    "surface": {name: (1200, 500) for name in (
        "surface_point_abs.png", "surface_point_squared.png", "surface_data_mae.png",
        "surface_data_mse.png")},
    "activations": {"activations.png": (1200, 850)},
    "neuron": {"neuron.png": (900, 600)},
    "line-fit": {"line_fit.png": (1200, 480)},
    "sine": {"sine.png": (1200, 450)},
    "linear-scratch": {"linear_scratch.png": (1200, 450)},
    "vectorization": {"vectorization.png": (700, 450)},
    "abalone": {"abalone_r2.png": (1200, 450), "abalone_loss.png": (1200, 450),
                "abalone_predicted.png": (600, 600)},
    "images": {"images_grid.png": (1000, 1000), "images_first.png": (550, 450),
               "images_prediction.png": (700, 320), "images_predictions.png": (1200, 1060),
               "images_experiments.png": (1000, 450)},
    "linear-theory": {"linear_theory_network.png": (700, 420),
                      "linear_theory_likelihood.png": (1100, 400),
                      "linear_theory_capacity.png": (1200, 450)},
    "deconvolution": {"restorations.png": (1600, 440), "deep_image_prior.png": (1200, 400),
                      "kernels.png": (900, 320)},
    "bias-variance": {name: (1300, 380) for name in (
        "1-good-fit.png", "2-optimization.png", "3-bias.png", "4-variance.png")},
}


def assert_figure_has_content(path, width: int, height: int) -> None:
    """The PNG has the expected size and is not blank: it has ink and contrast."""
    image = imread(path)
    assert image.shape[:2] == (height, width), path.name
    gray = image[..., :3].mean(axis=-1)
    inked = np.mean(gray < 0.9)
    assert inked > 0.02, f"{path.name}: only {inked:.1%} of the pixels are not white"
    assert gray.std() > 0.05, f"{path.name}: almost uniform (std {gray.std():.3f})"


def test_registry_lists_every_lesson_of_the_course_texts():
    assert list(DEMOS) == ["gradients", "surface", "activations", "neuron", "line-fit", "sine",
                           "images", "linear-scratch", "linear-theory", "vectorization",
                           "abalone", "bias-variance", "deconvolution"]
    for name, demo in DEMOS.items():
        assert isinstance(demo, Demo) and demo.name == name
        assert demo.description and "\n" not in demo.description and len(demo.description) < 90
        assert callable(demo.load())


def test_unknown_demo_names_the_choices_and_suggests_the_closest():
    with pytest.raises(ConfigError, match=r"unknown demo 'sin'.*did you mean 'sine'"):
        run_demo("sin")
    with pytest.raises(ConfigError, match=r"descenso demo --list"):
        run_demo("qqqq")


def test_lang_applies_during_the_run_and_is_restored(tmp_path):
    seen = []
    run_demo("vectorization", tmp_path, lang="es", repeats=1,
             echo=lambda line: seen.append(i18n.get_language()))
    assert seen and set(seen) == {"es"}
    assert i18n.get_language() == "en"


def test_echo_receives_every_line_as_it_is_said(tmp_path):
    seen = []
    result = run_demo("vectorization", tmp_path, repeats=1, echo=seen.append)
    assert seen == result.lines and len(seen) >= 4


@pytest.mark.parametrize("name", list(DEMOS))
def test_every_demo_writes_its_figures_and_a_page_gathering_them(name, demo_result):
    result = demo_result(name)
    assert result.name == name
    assert len(result.lines) >= 3 and result.numbers
    json.dumps(result.numbers, allow_nan=False)  # plain numbers, ready for a JSON file
    assert {path.name for path in result.figures} == set(EXPECTED_FIGURES[name])
    for path in result.figures:
        assert_figure_has_content(path, *EXPECTED_FIGURES[name][path.name])
    page = result.page.read_text(encoding="utf-8")
    assert result.page.name == "index.html" and page.startswith("<!DOCTYPE html>")
    embedded = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert [base64.b64decode(data) for data in embedded] == [
        path.read_bytes() for path in result.figures]
    assert "<script" not in page


@pytest.mark.parametrize("name", ["gradients", "linear-scratch"])
def test_same_seed_gives_identical_figures_and_numbers(name, demo_result, tmp_path):
    first = demo_result(name)
    again = run_demo(name, tmp_path, seed=0)
    assert again.numbers == first.numbers
    assert [path.read_bytes() for path in again.figures] == [
        path.read_bytes() for path in first.figures]


def test_a_different_seed_gives_different_data(demo_result, tmp_path):
    other = run_demo("linear-scratch", tmp_path, seed=1)
    assert other.numbers["w"] != demo_result("linear-scratch").numbers["w"]


def test_options_are_checked_by_name_and_value(tmp_path):
    with pytest.raises(ConfigError, match=r"no option 'epoch'; its options are: .*epochs"):
        run_demo("linear-scratch", tmp_path, epoch=3)
    with pytest.raises(ConfigError, match=r"steps must be a whole number >= 1, got 0"):
        run_demo("sine", tmp_path, steps=0)
    assert demo_options("sine") == {"n": 2000, "steps": 2000, "lr": 1e-6}
    assert list(tmp_path.iterdir()) == []  # nothing written before the options are valid


def test_surface_without_the_descent_path(tmp_path):
    result = run_demo("surface", tmp_path, path=False, resolution=11)
    assert len(result.figures) == 4
    assert not any(key.endswith("_end") for key in result.numbers)


def test_lessons_and_reports_share_one_canvas_and_one_page(demo_result):
    from descenso.report.stylesheet import STYLESHEET

    page = demo_result("vectorization").page.read_text(encoding="utf-8")
    assert STYLESHEET in page and '<figure id="figure-vectorization">' in page
    import importlib.util
    assert importlib.util.find_spec("descenso.demos.figure") is None
    assert importlib.util.find_spec("descenso.demos.page") is None


def test_data_dir_reaches_the_lessons_that_read_images_only(tmp_path, capsys):
    from descenso.cli.main import main

    code = main(["demo", "sine", "--data-dir", str(tmp_path), "--out", str(tmp_path / "o")])
    assert code == 2 and "has no option 'data_dir'" in capsys.readouterr().err
    code = main(["demo", "images", "--data-dir", str(tmp_path / "missing"),
                 "--out", str(tmp_path / "o")])
    assert code == 2 and "does not exist" in capsys.readouterr().err
