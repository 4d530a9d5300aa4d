"""Progress: verbosity by name, the one-line-per-epoch format, and the tqdm bar."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest

from descenso import nn, optim
from descenso.autograd import manual_seed
from descenso.errors import ConfigError
from descenso.train import Trainer
from descenso.train.progress import (
    format_duration,
    format_epoch_line,
    resolve_verbosity,
)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_epoch_line_matches_the_documented_example():
    logs = {"epoch": 3, "loss": 0.33951, "accuracy": 0.87549, "val_loss": 0.35801,
            "val_accuracy": 0.87116, "time": 2.1}
    assert format_epoch_line(3, 10, logs, 2.1) == (
        "epoch 3/10 - 2.1s - loss 0.3395 - accuracy 0.8755 - val_loss 0.3580 - "
        "val_accuracy 0.8712")


@pytest.mark.parametrize("seconds, text", [
    (75.25, "75.2s"), (1.0, "1.0s"), (0.9994, "999ms"), (0.0021, "2ms"), (0.000_35, "350us"),
])
def test_duration_unit_follows_magnitude(seconds, text):
    assert format_duration(seconds) == text


@pytest.mark.parametrize("value", [0, 1, 2, True, None, "verbose", "Epochs"])
def test_verbosity_is_a_name_never_a_number(value):
    with pytest.raises(ConfigError, match="verbose must be one of"):
        resolve_verbosity(value)


def test_auto_is_a_bar_on_a_terminal_and_lines_elsewhere():
    assert resolve_verbosity("auto", _Terminal()) == "bar"
    assert resolve_verbosity("auto", io.StringIO()) == "epochs"
    assert resolve_verbosity("quiet", _Terminal()) == "quiet"


def _fit(verbose: str, stream, epochs: int = 3):
    manual_seed(0)
    generator = np.random.default_rng(0)
    X = generator.normal(size=(40, 2))
    y = (X[:, 0] > 0).astype(int)
    model = nn.Sequential(nn.Linear(2, 2))
    trainer = Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1),
                      epochs=epochs, batch_size=8, verbose=verbose, stream=stream)
    return trainer.fit((X, y), (X[:10], y[:10]))


def test_epochs_verbosity_prints_one_exact_line_per_epoch():
    stream = io.StringIO()
    history = _fit("epochs", stream)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    number = r"\d+\.\d{4}"
    pattern = (rf"epoch (\d)/3 - \d+(\.\d)?(s|ms|us) - loss ({number}) - accuracy ({number}) - "
               rf"val_loss ({number}) - val_accuracy ({number})")
    for index, line in enumerate(lines):
        match = re.fullmatch(pattern, line)
        assert match, line
        assert int(match.group(1)) == index + 1
        assert match.group(4) == f"{history['loss'][index]:.4f}"
        assert match.group(7) == f"{history['val_accuracy'][index]:.4f}"


def test_quiet_prints_nothing():
    stream = _Terminal()
    _fit("quiet", stream)
    assert stream.getvalue() == ""


def test_bar_shows_each_epoch_with_its_final_logs():
    stream = _Terminal()
    history = _fit("bar", stream, epochs=2)
    text = stream.getvalue()
    assert "epoch 1/2" in text and "epoch 2/2" in text
    assert "5/5" in text  # 40 rows in batches of 8
    assert f"val_loss {history['val_loss'][-1]:.4f}" in text
