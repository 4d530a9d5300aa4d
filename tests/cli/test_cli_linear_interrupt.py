"""Ctrl-C during linear regression with --solver sgd keeps what networks keep: the state after
the last complete epoch, history.csv, the report so far, and the command that continues it,
which ends with exactly the weights of a run that was never stopped."""

from __future__ import annotations

import shlex

from safetensors.numpy import load_file

from descenso.linear import sgd

ARGS = ("fit", "abalone", "--solver", "sgd", "--epochs", "5", "--limit", "400", "--quiet")


def test_interrupted_linear_sgd_keeps_its_state_and_resumes_bit_for_bit(cli, usage_error,
                                                                         tmp_path, monkeypatch):
    assert cli(*ARGS, "--out", "full").code == 0
    original, calls = sgd._loss, []

    def interrupt_in_epoch_3(*args):
        calls.append(1)
        if len(calls) == 4:  # the loss after epoch 3: epochs 1 and 2 are complete
            raise KeyboardInterrupt
        return original(*args)

    monkeypatch.setattr(sgd, "_loss", interrupt_in_epoch_3)
    result = cli(*ARGS, "--out", "cut")
    assert result.code == 130
    assert len(result.err_lines) == 1
    line = result.err_lines[0]
    assert line.startswith("interrupted: training interrupted in epoch 3; resume from ")
    run = tmp_path / "cut"
    assert (run / "checkpoints" / "checkpoint-last.safetensors").is_file()
    assert (run / "report.html").is_file() and not (run / "model.safetensors").exists()
    assert (run / "history.csv").read_text().splitlines()[0] == "epoch,loss"
    assert len((run / "history.csv").read_text().splitlines()) == 4  # header, start, 2 epochs
    words = shlex.split(line.split("to continue, run: ")[1])
    assert words[:2] == ["descenso", "fit"] and "--resume" in words
    monkeypatch.setattr(sgd, "_loss", original)

    other = [("9" if word == "42" else word) for word in words[1:]] + ["--seed", "9"]
    assert "--seed 42, not 9" in usage_error(cli(*other))
    resumed = cli(*words[1:])
    assert resumed.code == 0, resumed.err
    # The weights bit for bit (the description in the same file names each run's own folder).
    resumed_weights, full_weights = (load_file(folder / "model.safetensors")
                                     for folder in (run, tmp_path / "full"))
    assert {name: array.tobytes() for name, array in resumed_weights.items()} == \
        {name: array.tobytes() for name, array in full_weights.items()}
    assert ((run / "history.csv").read_text()
            == (tmp_path / "full" / "history.csv").read_text())


def test_resume_is_refused_for_the_closed_form(cli, usage_error, tmp_path):
    (tmp_path / "c.safetensors").write_bytes(b"x")
    message = usage_error(cli("fit", "line", "--solver", "normal", "--resume", "c.safetensors"))
    assert message.startswith("--resume applies to --solver sgd or --model mlp")
