"""``descenso fit penguins.csv`` with no options: missing values are filled, not refused.

The table has penguins' shape: a text target (``species``), a text feature (``island``), four
measurements and ``sex`` with ``NA`` in a few rows, and one row whose target is missing.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from descenso.data import load_csv
from descenso.io import read_description

SPECIES = ("Adelie", "Chinstrap", "Gentoo")
MEANS = {"Adelie": (38.8, 18.3, 190, 3700), "Chinstrap": (48.8, 18.4, 196, 3733),
         "Gentoo": (47.5, 15.0, 217, 5076)}


def penguins(rows: int = 150, seed: int = 0) -> str:
    rng = np.random.default_rng(seed)
    lines = ["species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex"]
    for i in range(rows):
        kind = SPECIES[i % 3]
        length, depth, flipper, mass = MEANS[kind]
        cells = [kind, ("Torgersen", "Dream", "Biscoe")[(i // 3 + i % 3) % 3],
                 f"{length + rng.normal():.1f}", f"{depth + 0.5 * rng.normal():.1f}",
                 f"{flipper + 3 * rng.normal():.0f}", f"{mass + 200 * rng.normal():.0f}",
                 ("male", "female")[i % 2]]
        if i in (3, 40):
            cells[2:] = ["NA"] * 5
        if i in (10, 11, 70):
            cells[6] = "NA"
        if i == 100:
            cells[0] = "NA"
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def test_fit_fills_missing_features_and_drops_rows_without_a_target(cli, tmp_path):
    (tmp_path / "penguins.csv").write_text(penguins())
    result = cli("fit", "penguins.csv", "--target", "species", "--no-learning-curves",
                 "--out", "run")
    assert result.code == 0, result.err
    assert ("rows whose target 'species' is missing were dropped: 1 (the first at line 102)"
            in result.out)
    warnings = [line for line in result.out.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        "warning: 13 missing values filled with the training rows' median (numbers) or most "
        "frequent value (categories): bill_length_mm (2), bill_depth_mm (2), "
        "flipper_length_mm (2), body_mass_g (2), sex (5); to drop incomplete rows instead, "
        "pass --drop-missing"]
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["test"]["accuracy"] >= 0.95
    pre = read_description(tmp_path / "run")["preprocessing"]
    fill = dict(zip(pre["feature_names"], pre["fill"]))
    assert fill["sex_female"] + fill["sex_male"] == 1.0  # one category, not a blend
    assert 3700 < fill["body_mass_g"] < 5076


def test_predict_and_evaluate_fill_new_rows_with_the_training_values(cli, tmp_path):
    (tmp_path / "penguins.csv").write_text(penguins())
    assert cli("fit", "penguins.csv", "--target", "species", "--no-learning-curves", "--quiet",
               "--out", "run").code == 0
    rows = [line.split(",", 1)[1] for line in penguins(12, seed=1).splitlines()]
    (tmp_path / "new.csv").write_text("\n".join(rows) + "\n")  # no target; row 4 all NA
    result = cli("predict", "run", "new.csv")
    assert result.code == 0, result.err
    assert result.err == ("warning: 7 missing values filled with the model's values from its "
                          "training rows: bill_length_mm (1), bill_depth_mm (1), "
                          "flipper_length_mm (1), body_mass_g (1), sex (3); to drop incomplete "
                          "rows instead, pass --drop-missing\n")
    predicted = [line.split(",")[1] for line in result.out.splitlines()[1:]]
    assert len(predicted) == 12
    expected = [SPECIES[i % 3] for i in range(12)]
    assert sum(p == e for p, e in zip(predicted, expected)) >= 11
    result = cli("evaluate", "run", "penguins.csv")  # the row missing its target is left out
    assert result.code == 0, result.err
    assert result.err.startswith("warning: rows whose target 'species' is missing were "
                                 "dropped: 1 (the first at line 102)\n")
    assert "13 missing values filled" in result.err
    result = cli("predict", "run", "new.csv", "--drop-missing")
    assert result.code == 0 and result.err == ""
    assert len(result.out.splitlines()) == 1 + 12 - 3  # rows 3, 10 and 11 dropped


def test_the_warnings_are_in_spanish(cli, tmp_path):
    (tmp_path / "penguins.csv").write_text(penguins())
    result = cli("fit", "penguins.csv", "--target", "species", "--no-learning-curves",
                 "--out", "run", "--lang", "es")
    assert result.code == 0, result.err
    assert ("aviso: 13 valores faltantes rellenados con la mediana (números) o el valor más "
            "frecuente (categorías) de las filas de entrenamiento: ") in result.out
    assert "; para descartar las filas incompletas, pasa --drop-missing" in result.out
    assert ("filas cuyo objetivo 'species' falta descartadas: 1 (la primera en la línea 102)"
            in result.out)


def test_load_csv_keeps_missing_features_as_nan(tmp_path):
    (tmp_path / "penguins.csv").write_text(penguins(30))
    data = load_csv(tmp_path / "penguins.csv", target="species", keep_missing=True)
    assert data.n_samples == 30
    assert data.missing == {"bill_length_mm": 1, "bill_depth_mm": 1, "flipper_length_mm": 1,
                            "body_mass_g": 1, "sex": 3}
    sex = [data.feature_names.index("sex_female"), data.feature_names.index("sex_male")]
    assert np.isnan(data.X[:, sex]).all(axis=1).sum() == 3  # NaN in each one-hot column
    assert not np.isnan(data.X[:, sex]).any(axis=1)[~np.isnan(data.X[:, sex]).all(axis=1)].any()
    with pytest.raises(ValueError, match="missing values"):
        load_csv(tmp_path / "penguins.csv", target="species")  # the library's default refuses
