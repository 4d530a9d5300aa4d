"""Every bad input to ``descenso fit`` ends the same way: exit code 2, one ``error:`` line that
says what is wrong and what to do, no traceback, and no output folder or file left behind."""

from __future__ import annotations

import os

import pytest


def _write(path, text):
    path.write_text(text)
    return path.name


def _binary(path):
    path.write_bytes(bytes(range(256)) * 8)
    return path.name


# (case id, arguments after "fit" (a callable receives tmp_path and returns them), expected
# fragment of the message)
CASES = [
    ("unknown-dataset", ["abalon"], "unknown dataset 'abalon' (did you mean 'abalone'?)"),
    ("missing-file", ["missing.csv"], "missing.csv"),
    ("directory-as-csv", lambda tmp: [str(tmp / "folder.csv")], "folder.csv"),
    ("negative-lr", ["--lr", "-0.1"], "--lr -0.1 must be a positive finite number"),
    ("zero-lr", ["--lr", "0"], "--lr 0.0 must be a positive finite number"),
    ("nan-lr", ["--lr", "nan"], "--lr nan must be a positive finite number"),
    ("infinite-lr", ["--lr", "inf"], "--lr inf must be a positive finite number"),
    ("text-lr", ["--lr", "fast"], "--lr 'fast' is not a number"),
    ("zero-epochs", ["--model", "mlp", "--epochs", "0"], "--epochs 0 must be at least 1"),
    ("negative-iterations", ["--iterations", "-5"], "--iterations -5 must be at least 1"),
    ("text-epochs", ["--model", "mlp", "--epochs", "ten"], "invalid int value: 'ten'"),
    ("batch-larger-than-data", ["--model", "mlp", "--batch-size", "5000"],
     "--batch-size 5000 is larger than the 2507 training rows"),
    ("zero-batch", ["--model", "mlp", "--batch-size", "0"], "--batch-size 0 must be at least 1"),
    ("split-not-summing-to-1", ["--split", "0.5,0.2,0.2"], "sums to 0.9, not 1"),
    ("split-two-parts", ["--split", "0.8,0.2"], "must be three fractions"),
    ("split-zero-part", ["--split", "1,0,0"], "needs three positive fractions"),
    ("split-negative", ["--split", "0.8,0.4,-0.2"], "needs three positive fractions"),
    ("hidden-zero", ["--model", "mlp", "--hidden", "64,0"], "--hidden 64,0 has a layer of size 0"),
    ("hidden-text", ["--model", "mlp", "--hidden", "big"], "is not a list of whole numbers"),
    ("dropout-one", ["--model", "mlp", "--dropout", "1"], "--dropout 1.0 is outside [0, 1)"),
    ("negative-seed", ["--seed", "-1"], "--seed -1 must be 0 or more"),
    ("zero-patience", ["--model", "mlp", "--patience", "0"], "--patience 0 must be at least 1"),
    ("zero-limit", ["--limit", "0"], "--limit 0 must be at least 1"),
    ("unknown-option", ["--bogus"], "unrecognized arguments: --bogus"),
    ("unknown-model", ["--model", "tree"], "invalid choice: 'tree'"),
    ("hidden-for-linear", ["--hidden", "64"], "--hidden applies to --model mlp or cnn only"),
    ("lr-auto-for-mlp", ["--model", "mlp", "--lr", "auto"], "--lr auto is available for"),
    ("lr-for-normal-equations", ["--solver", "normal", "--lr", "0.1"],
     "--lr applies to --solver gd or sgd"),
    ("epochs-for-gd", ["--epochs", "5"], "--epochs applies to --solver sgd or --model mlp"),
    ("cross-entropy-for-regression", ["--loss", "cross_entropy"], "is for classification"),
    ("huber-for-linear", ["--loss", "huber"], "--loss huber is not available"),
    ("data-dir-for-a-table", ["--data-dir", "somewhere"], "--data-dir applies to mnist"),
    ("target-for-builtin", ["--target", "Length"], "predicts 'Rings'"),
    ("classification-of-fractions", ["line", "--task", "classification"],
     "needs whole-number class labels"),
    ("missing-checkpoint", ["--model", "mlp", "--resume", "nowhere.safetensors"],
     "no such checkpoint file"),
    ("binary-csv", lambda tmp: [_binary(tmp / "image.csv")], "image.csv"),
    ("empty-csv", lambda tmp: [_write(tmp / "empty.csv", "")], "empty.csv"),
    ("ragged-csv", lambda tmp: [_write(tmp / "ragged.csv", "a,b,y\n1,2,3\n4,5\n6,7,8\n")],
     "line 3"),
    ("one-row-csv", lambda tmp: [_write(tmp / "one.csv", "a,y\n1,2\n")], "one.csv"),
    ("unknown-target", lambda tmp: [_write(tmp / "t.csv", "a,y\n1,2\n3,4\n5,6\n"),
                                    "--target", "z"], "target column 'z' not found"),
    ("text-target-as-regression",
     lambda tmp: [_write(tmp / "k.csv", "a,y\n1,u\n3,v\n5,u\n"), "--task", "regression"],
     "y"),
    ("too-few-rows-to-split", lambda tmp: [_write(tmp / "few.csv", "a,y\n1,2\n3,4\n5,6\n")],
     "fewer rows than the split needs"),
    ("nan-in-csv", lambda tmp: [_write(tmp / "nan.csv", "a,y\nnan,2\nNaN,4\nnan,6\n")],
     "every row is missing"),
]


@pytest.mark.parametrize(("arguments", "fragment"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_bad_fit_input_exits_2_with_one_line_and_leaves_nothing(cli, usage_error, tmp_path,
                                                                arguments, fragment):
    (tmp_path / "folder.csv").mkdir()
    if callable(arguments):
        arguments = arguments(tmp_path)
    before = set(os.listdir(tmp_path))
    message = usage_error(cli("fit", *arguments, "--out", "run"))
    assert fragment in message
    assert ";" in message or "did you mean" in message  # what happened; what to do
    assert set(os.listdir(tmp_path)) == before  # no run folder, no descenso-runs


def test_default_output_folder_is_not_created_on_bad_input(cli, usage_error, tmp_path):
    usage_error(cli("fit", "--model", "mlp", "--epochs", "0"))
    assert not (tmp_path / "descenso-runs").exists()


def test_out_that_is_a_file_is_refused(cli, usage_error, tmp_path):
    (tmp_path / "taken").write_text("mine")
    message = usage_error(cli("fit", "--out", "taken"))
    assert "--out taken is a file" in message
    assert (tmp_path / "taken").read_text() == "mine"


def test_out_holding_a_model_is_not_overwritten(cli, usage_error, tmp_path):
    assert cli("fit", "--solver", "normal", "--quiet", "--out", "run").code == 0
    before = (tmp_path / "run" / "model.safetensors").read_bytes()
    message = usage_error(cli("fit", "--solver", "normal", "--out", "run"))
    assert "already holds a trained model" in message
    assert (tmp_path / "run" / "model.safetensors").read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_csv(cli, usage_error, tmp_path):
    path = tmp_path / "secret.csv"
    path.write_text("a,y\n1,2\n3,4\n")
    path.chmod(0)
    assert "secret.csv" in usage_error(cli("fit", "secret.csv"))
