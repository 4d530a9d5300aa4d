"""``images``: the text's Fashion-MNIST network on a few hundred images, and its experiments.

Uses the verified files in ``../shared/data`` (skips without them, fails under CI). The run is
small (600 training images, 2 epochs), so accuracies are checked against chance, not against
the text's; the full run's numbers are in ``BENCHMARKS.md``.
"""

from __future__ import annotations

import numpy as np
import pytest

from descenso import i18n
from descenso.demos import run_demo
from descenso.demos.images import CLASS_NAMES, PUBLISHED, build_network, class_names

SMALL = {"n_train": 600, "n_test": 200, "epochs": 2}


@pytest.fixture(scope="module")
def images_run(shared_data, tmp_path_factory):
    return run_demo("images", tmp_path_factory.mktemp("images"), seed=0, lang="en",
                    data_dir=str(shared_data), **SMALL)


def test_the_network_is_the_texts():
    network = build_network(128, 10, seed=0)
    shapes = [tuple(parameter.shape) for parameter in network.parameters()]
    assert shapes == [(128, 784), (128,), (10, 128), (10,)]


def test_class_names_are_the_texts_in_spanish():
    i18n.set_language("es")
    try:
        assert class_names() == ["Camiseta/top", "Pantalón", "Jersey", "Vestido", "Abrigo",
                                 "Sandalia", "Camisa", "Zapatilla", "Bolso", "Bota de tobillo"]
    finally:
        i18n.set_language("en")
    assert class_names() == list(CLASS_NAMES)


def test_every_run_of_the_text_is_repeated(images_run):
    results = images_run.numbers["results"]
    assert list(results) == list(PUBLISHED)
    # the 5-output network fails as in the text: labels go up to 9
    assert "error" in results["outputs_5"] and "9" in results["outputs_5"]["error"]
    for key in ("hidden_128", "hidden_28", "hidden_28_unscaled", "outputs_15"):
        assert 0.2 < results[key]["accuracy"] <= 1.0  # far above chance (0.1)
    # unscaled pixels: the first epoch's loss is several times larger, as in the text
    assert results["hidden_28_unscaled"]["first_loss"] > 3 * results["hidden_28"]["first_loss"]
    assert results["hidden_28"]["accuracy"] > results["hidden_28_unscaled"]["accuracy"]
    # the table prints each published number beside descenso's
    for value in (0.8798, 0.7230, 0.6418):
        assert f"{value:.4f}" in images_run.text


def test_probabilities_are_a_softmax(images_run):
    probabilities = np.array(images_run.numbers["probabilities"])
    assert probabilities.shape == (15, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-6)


def test_same_seed_same_numbers(images_run, shared_data, tmp_path):
    again = run_demo("images", tmp_path, seed=0, lang="en", data_dir=str(shared_data),
                     experiments=False, **SMALL)
    assert (again.numbers["results"]["hidden_128"]
            == images_run.numbers["results"]["hidden_128"])
    assert again.figures[0].read_bytes() == images_run.figures[0].read_bytes()
