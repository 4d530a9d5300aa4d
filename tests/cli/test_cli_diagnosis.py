"""``descenso fit`` prints the three questions and its report draws their evidence."""

from __future__ import annotations

import numpy as np
import pytest


def _write(path, X, y, names):
    rows = [",".join(names + ["y"])]
    rows += [",".join(f"{value:.6g}" for value in list(x) + [t]) for x, t in zip(X, y)]
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.fixture
def parabola(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, size=(400, 1))
    return _write(tmp_path / "parabola.csv", x, x[:, 0] ** 2 + rng.normal(0, 0.3, 400), ["x"])


def test_a_line_on_a_parabola_is_bias_with_its_evidence_drawn(cli, parabola, tmp_path):
    result = cli("fit", parabola, "--solver", "normal", "--out", "run")
    assert result.code == 0, result.err
    assert "bias: yes" in result.out and "verdict: bias" in result.out
    assert "optimization: no" in result.out and "variance: no" in result.out
    for name in ("diagnosis.png", "learning_curve.png", "residual_structure.png"):
        assert (tmp_path / "run" / name).is_file()
    page = (tmp_path / "run" / "report.html").read_text()
    assert "The three questions" in page and "Learning curve" in page


def test_no_learning_curves_on_request(cli, parabola, tmp_path):
    result = cli("fit", parabola, "--solver", "normal", "--no-learning-curves", "--out", "run")
    assert result.code == 0, result.err
    assert "learning curve:" not in result.out
    assert not (tmp_path / "run" / "learning_curve.png").exists()


def test_a_network_is_judged_by_its_training_curve_and_can_draw_learning_curves(
        cli, parabola, tmp_path):
    result = cli("fit", parabola, "--model", "mlp", "--hidden", "8", "--epochs", "3",
                 "--learning-curves", "--out", "run2")
    assert "optimization: yes; the training loss was still falling" in result.out
    assert "verdict: optimization" in result.out
    assert "learning curve:" in result.out
    assert (tmp_path / "run2" / "learning_curve.png").is_file()


def test_a_classification_table_gets_the_three_questions_in_log_loss(cli, tmp_path):
    rng = np.random.default_rng(1)
    X = rng.uniform(-2, 2, size=(300, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    path = tmp_path / "halves.csv"
    path.write_text("a,b,label\n" + "\n".join(
        f"{a:.5f},{b:.5f},{'yes' if t else 'no'}" for (a, b), t in zip(X, y)) + "\n")
    result = cli("fit", path, "--out", "run")
    assert result.code == 0, result.err
    assert "of the baseline log-loss" in result.out
    assert "verdict: good fit" in result.out


def test_spanish(cli, parabola):
    result = cli("fit", parabola, "--solver", "normal", "--lang", "es", "--out", "run")
    assert result.code == 0, result.err
    assert "sesgo: sí" in result.out and "veredicto: sesgo" in result.out
