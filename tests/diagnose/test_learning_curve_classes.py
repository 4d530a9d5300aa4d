"""Learning curves of a classifier: no subset is scored on a class it never had, and the
refits print nothing."""

from __future__ import annotations

import numpy as np

from descenso.diagnose.estimation import default_refit, learning_curve
from descenso.linear import LogisticRegression


def test_subsets_missing_a_rare_class_are_not_scored_and_refits_are_silent(capsys):
    rng = np.random.default_rng(0)
    y = np.array([0] * 45 + [1] * 40 + [2] * 5)  # class 2 is rare: small subsets miss it
    X = rng.normal(size=(90, 3)) + y[:, None]
    model = LogisticRegression(verbose=True).fit(X, y)
    capsys.readouterr()
    curve = learning_curve(default_refit(model), X, y, X, y, np.random.default_rng(1),
                           fractions=(0.03, 0.1, 0.3, 1.0))
    # (before, a 9-row subset without class 2 raised "classes the model never saw")
    assert curve["sizes"].tolist()[-1] == 90
    assert np.all(np.isfinite(curve["val_error"]))
    assert capsys.readouterr().out == ""  # the refits print no progress lines
