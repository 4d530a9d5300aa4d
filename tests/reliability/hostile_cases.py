"""The hostile inputs of ``test_cli_hostile``: one row per case, (name, build, phrase).

``build(tmp, runs)`` writes the case's files into ``tmp`` and returns the command line;
``runs`` gives trained run folders (``runs.tabular()``, ``runs.image()``) to damage or use;
``phrase`` must appear in the one ``error:`` line the command prints.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import struct

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file, save_file

from descenso import nn
from idx_writer import write_idx
from descenso.io import read_description, save_model
from reliability.tables import linear_rows, table, write

# --- inputs -----------------------------------------------------------------------------------


def csv(name, content, *options, encoding="utf-8"):
    """``descenso fit NAME options...`` on a file written with ``content``."""
    return lambda tmp, runs: ["fit", write(tmp, name, content, encoding), *options]


def fit(*options):
    return lambda tmp, runs: ["fit", *options]


def column(values, header="a,y"):
    """A two-column table: ``values`` in the first column, ``2 * row`` in the target."""
    return header + "\n" + "".join(f"{value},{2 * i}\n" for i, value in enumerate(values))


def damaged_model(damage, *rest, command="predict"):
    """``descenso predict COPY good.csv``, COPY being the tabular run after ``damage(COPY)``."""

    def build(tmp, runs):
        copy = tmp / "model"
        shutil.copytree(runs.tabular(), copy)
        damage(copy)
        data = rest or (write(tmp, "good.csv", "colour,a,b\nred,1,2\n"),)
        return [command, "model", *data]

    return build


def rewrite_model(copy, tensors=None, description=None, **metadata):
    """Write the model file in ``copy`` again with other ``tensors``, another ``description``
    (text), or other header entries, keeping the rest."""
    path = copy / "model.safetensors"
    with safe_open(str(path), framework="np") as file:
        header = file.metadata()
    if description is not None:
        header["description"] = description
    save_file(load_file(path) if tensors is None else tensors, path, {**header, **metadata})


def edit_description(change):
    def damage(copy):
        spec = read_description(copy)
        change(spec)
        rewrite_model(copy, description=json.dumps(spec))

    return damage


def with_version(version):
    return edit_description(lambda spec: spec.update(format_version=version))


def wrong_shapes(copy):
    tensors = load_file(copy / "model.safetensors")
    tensors["weight"] = np.zeros((1, 3), dtype=tensors["weight"].dtype)
    rewrite_model(copy, tensors)


def foreign_weights(copy):
    rewrite_model(copy, {"conv1.weight": np.zeros((8, 1, 3, 3), np.float32)})


def truncated_weights(copy):
    data = (copy / "model.safetensors").read_bytes()
    (copy / "model.safetensors").write_bytes(data[: len(data) // 2])


def predict_table(name, content):
    return lambda tmp, runs: ["predict", runs.tabular(), write(tmp, name, content)]


def predict_images(name, make):
    def build(tmp, runs):
        make(tmp / name)
        return ["predict", runs.image(), name]

    return build


IMAGES = np.random.default_rng(0).integers(0, 256, (3, 28, 28)).astype(np.uint8)


def idx_bytes(path, cut=None, prefix=b"", gz=False):
    """IMAGES as an IDX file, its first bytes replaced by ``prefix``, cut at ``cut``, and
    gzipped and cut to 200 bytes with ``gz``."""
    data = b"\x00\x00\x08\x03" + struct.pack(">III", *IMAGES.shape) + IMAGES.tobytes()
    data = (prefix + data[len(prefix):])[:cut]
    path.write_bytes(gzip.compress(data)[:200] if gz else data)


def two_file_model(weights_name, link=None):
    """``descenso predict COPY good.csv``, COPY being the tabular run saved as an earlier
    version did (model.json + bare weights), model.json naming its weights ``weights_name``;
    with ``link``, model.safetensors is a symbolic link to ``link`` instead."""

    def build(tmp, runs):
        copy = tmp / "model"
        copy.mkdir()
        tensors = load_file(runs.tabular() / "model.safetensors")
        save_file(tensors, tmp / "outside.bin")
        data = (tmp / "outside.bin").read_bytes()
        spec = read_description(runs.tabular())
        spec.update(format_version=1, weights={
            "file": weights_name, "sha256": hashlib.sha256(data).hexdigest(),
            "dtype": spec["weights"]["dtype"], "shapes": spec["weights"]["shapes"]})
        (copy / "model.json").write_text(json.dumps(spec))
        if link:
            (copy / "model.safetensors").symlink_to(link)
        else:
            (copy / "model.safetensors").write_bytes(data)
        model = "model/model.json" if link else "model"  # the folder refuses the link itself
        return ["predict", model, write(tmp, "good.csv", "colour,a,b\nred,1,2\n")]

    return build


def linked_model_file(copy):
    """model.safetensors replaced by a symbolic link to a copy outside the folder."""
    (copy / "model.safetensors").rename(copy.parent / "elsewhere.safetensors")
    (copy / "model.safetensors").symlink_to("../elsewhere.safetensors")


def with_preprocessing(**changes):
    return edit_description(lambda spec: spec["preprocessing"].update(changes))


def zero_scale(spec):
    spec["preprocessing"]["standardizer"]["scale"][0] = 0.0


def fewer_class_names(tmp, runs):
    """A 3-output model whose description names 2 classes."""
    spec = read_description(runs.tabular())
    pre = {**spec["preprocessing"], "task": "classification", "class_names": ["a", "b"],
           "target_standardizer": None}
    save_model(tmp / "model", nn.Linear(len(pre["feature_names"]), 3), {"preprocessing": pre})
    return ["predict", "model", write(tmp, "good.csv", "colour,a,b\nred,1,2\n")]


def symlink_loop(tmp, runs):
    (tmp / "loop.csv").symlink_to("other.csv")
    (tmp / "other.csv").symlink_to("loop.csv")
    return ["fit", "loop.csv"]



# --- the cases --------------------------------------------------------------------------------

MISSING_NAN = "a,y\n0,0\n" + "".join(f"{i},NaN\n" for i in range(1, 30))
TEXT_TARGET = "a,y\n" + "".join(f"{i},{'cat' if i % 2 else 'dog'}\n" for i in range(30))
LATIN1 = "city,y\n" + "".join(f"{'Cádiz' if i % 2 else 'Sevilla'},{i}\n" for i in range(30))
QUOTED = "colour,a,b,y\n" + "".join(
    f'"{("red, dark", "blue" + chr(10) + "light")[i % 2]}",{a:.6f},{b:.6f},{y:.6f}\n'
    for i, (a, b, y) in enumerate(linear_rows()))
BAD_QUOTE = "".join(line + "\n" for line in [*table().splitlines()[:3], '4,"5,6',
                                              *table().splitlines()[3:]])
MLP_HIDDEN = ["--model", "mlp", "--hidden"]

# (id, build(tmp, runs) -> argv, expected phrase of the error line)
CASES = [
    # CSV files for fit
    ("duplicate-header", csv("dup.csv", table().replace("a,b,y", "a,a,y")),
     "columns 1 and 2 are both named 'a'"),
    ("empty-header-name", csv("unnamed.csv", table().replace("a,b,y", "a,,y")),
     "column 2 has an empty name in the header"),
    ("constant-target", csv("const.csv", "a,y\n" + "".join(f"{i},5\n" for i in range(30))),
     "target column 'y' has the same value (5) in every row"),
    ("text-target-as-regression", csv("species.csv", TEXT_TARGET, "--task", "regression"),
     "target column 'y' is not numeric"),
    ("all-missing-column", csv("notes.csv", "a,notes,y\n" + "".join(
        f"{i},{'' if i % 2 else 'NA'},{i * 2}\n" for i in range(30))),
     "column 'notes' has no values (every row is missing)"),
    ("infinity-literal", csv("inf.csv", column(["inf" if i == 4 else i for i in range(30)])),
     "line 6, column 'a': 'inf' is infinite"),
    ("minus-infinity-target", csv("ninf.csv", column(range(30)).replace("\n3,6\n", "\n3,-Infinity\n")),
     "line 5, column 'y': '-Infinity' is infinite"),
    ("nan-literal", csv("nan.csv", MISSING_NAN),  # 'NaN' targets are missing: rows dropped
     "only 1 rows remain after dropping 29 rows with missing values"),
    ("text-in-numeric-column", csv("typo.csv", column(["abc" if i == 4 else i for i in range(30)])),
     "line 6, column 'a': 'abc' is not a number"),
    ("one-row", csv("one.csv", "a,y\n1,2\n"), "one.csv has only 1 data row"),
    ("two-rows", csv("two.csv", "a,y\n1,2\n3,5\n"), "fewer rows than the split needs: 2 rows"),
    ("header-only", csv("header.csv", "a,b,y\n"), "header.csv has a header but no data rows"),
    ("empty-file", csv("empty.csv", ""), "empty.csv is empty"),
    ("png-renamed-csv", csv("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)),
     "photo.csv does not look like a text CSV file"),
    ("xlsx-renamed-csv", csv("book.csv", b"PK\x03\x04\x14\x00\x06\x00" + bytes(64)),
     "book.csv does not look like a text CSV file"),
    ("latin1-export", csv("cities.csv", LATIN1, encoding="latin-1"),
     "line 3 of cities.csv is not valid UTF-8 text (byte 0xe1)"),
    ("ragged-row", csv("ragged.csv", table().replace("\n", "\n1,2\n", 2).replace("\n1,2\na", "\na", 1)),
     "line 2 has 2 fields but the header has 3"),
    ("unclosed-quote", csv("quote.csv", BAD_QUOTE), "opens a field that is never closed"),
    ("directory-as-csv", lambda tmp, runs: (tmp / "folder.csv").mkdir() or ["fit", "folder.csv"],
     "folder.csv is a directory, not a file"),
    ("missing-file", fit("nowhere.csv"), "file not found: nowhere.csv"),
    ("unknown-target", csv("t.csv", table(), "--target", "price"),
     "target column 'price' not found"),
    ("target-without-value", csv("t.csv", table(), "--target"),
     "argument --target: expected one argument"),
    # options of fit
    ("lr-negative", fit("--lr", "-1"), "--lr -1.0 must be a positive finite number"),
    ("lr-zero", fit("--lr", "0"), "--lr 0.0 must be a positive finite number"),
    ("lr-nan", fit("--lr", "nan"), "--lr nan must be a positive finite number"),
    ("lr-overflow", fit("--lr", "1e400"), "--lr inf must be a positive finite number"),
    ("lr-text", fit("--lr", "fast"), "--lr 'fast' is not a number"),
    ("epochs-zero", fit("--model", "mlp", "--epochs", "0"), "--epochs 0 must be at least 1"),
    ("epochs-not-integer", fit("--model", "mlp", "--epochs", "1e3"), "invalid int value: '1e3'"),
    ("iterations-zero", fit("--iterations", "0"), "--iterations 0 must be at least 1"),
    ("batch-size-zero", fit("--model", "mlp", "--batch-size", "0"),
     "--batch-size 0 must be at least 1"),
    ("batch-size-negative-sgd", fit("--solver", "sgd", "--batch-size", "-8"),
     "--batch-size -8 must be at least 1"),
    ("batch-larger-than-data", fit("--model", "mlp", "--batch-size", "5000"),
     "--batch-size 5000 is larger than the 2507 training rows"),
    ("split-not-summing-to-1", fit("--split", "0.5,0.2,0.2"), "--split 0.5,0.2,0.2 sums to 0.9"),
    ("split-nan", fit("--split", "nan,0.5,0.5"), "needs three positive fractions"),
    ("split-text", fit("--split", "a,b,c"), "--split 'a,b,c' must be three fractions"),
    ("hidden-zero", fit(*MLP_HIDDEN, "0"), "--hidden 0 has a layer of size 0 or less"),
    ("hidden-negative", fit(*MLP_HIDDEN, "64,-1"), "--hidden 64,-1 has a layer of size 0"),
    ("dropout-above-1", fit("--model", "mlp", "--dropout", "1.5"), "--dropout 1.5 is outside [0, 1)"),
    ("dropout-negative", fit("--model", "mlp", "--dropout", "-0.1"), "--dropout -0.1 is outside"),
    ("dropout-nan", fit("--model", "mlp", "--dropout", "nan"), "--dropout nan is outside [0, 1)"),
    ("patience-negative", fit("--model", "mlp", "--patience", "-1"),
     "--patience -1 must be at least 1"),
    ("seed-negative", fit("--seed", "-3"), "--seed -3 must be 0 or more"),
    ("limit-too-small", fit("--limit", "3"), "fewer rows than the split needs: 3 rows"),
    ("unknown-dataset", fit("abalonee"), "unknown dataset 'abalonee' (did you mean 'abalone'?)"),
    ("unknown-model", fit("--model", "forest"), "invalid choice: 'forest'"),
    ("unknown-optimizer", fit("--model", "mlp", "--optimizer", "rmsprop"),
     "invalid choice: 'rmsprop'"),
    ("unknown-activation", fit("--model", "mlp", "--activation", "swish"),
     "invalid choice: 'swish'"),
    ("unknown-language", fit("--lang", "xx"), "invalid choice: 'xx'"),
    ("unknown-option", fit("--bogus"), "unrecognized arguments: --bogus"),
    ("hidden-for-linear", fit("--hidden", "64"), "--hidden applies to --model mlp or cnn only"),
    ("lr-for-normal-equations", fit("--solver", "normal", "--lr", "0.1"), "--lr applies to"),
    ("classification-of-fractions", fit("line", "--task", "classification"),
     "has fractional values"),
    ("data-dir-for-a-table", fit("--data-dir", "somewhere"), "--data-dir applies to mnist"),
    ("data-dir-missing", fit("mnist", "--data-dir", "no-such-folder"),
     "the data folder no-such-folder does not exist"),
    ("resume-from-a-csv", lambda tmp, runs: ["fit", "--model", "mlp", "--resume",
                                             write(tmp, "t.csv", table())],
     "checkpoint t.csv is truncated or not a safetensors file"),
    ("resume-missing", fit("--model", "mlp", "--resume", "gone.safetensors"),
     "--resume gone.safetensors: no such checkpoint file"),
    ("out-is-a-file", lambda tmp, runs: ["fit", "--out", write(tmp, "taken", "mine")],
     "--out taken is a file"),
    ("out-inside-a-file", lambda tmp, runs: ["fit", "--solver", "normal", "--out",
                                             write(tmp, "notes.txt", "mine") + "/run"],
     "Not a directory"),
    # predict and evaluate: model files
    ("model-folder-missing", lambda tmp, runs: ["predict", "nomodel", write(tmp, "x.csv", "a\n1\n")],
     "no model at nomodel"),
    ("model-description-missing", damaged_model(
        lambda copy: save_file(load_file(copy / "model.safetensors"), copy / "model.safetensors")),
     "model.safetensors is a safetensors file without a descenso model description"),
    ("model-description-damaged", damaged_model(lambda copy: rewrite_model(copy, description="{oops")),
     "model/model.safetensors is not valid JSON"),
    ("model-description-not-descenso", damaged_model(
        lambda copy: rewrite_model(copy, description="[]")), "is not a descenso model file"),
    ("model-newer-format", damaged_model(with_version(999)), "was written by a newer descenso"),
    ("model-unknown-format", damaged_model(with_version(0)), "has an unknown format version 0"),
    ("model-wrong-shapes", damaged_model(wrong_shapes), "does not fit the architecture"),
    ("model-foreign-safetensors", damaged_model(foreign_weights),
     "the files do not belong together"),
    ("model-truncated-weights", damaged_model(truncated_weights), "is truncated or damaged"),
    ("model-weights-missing", damaged_model(lambda copy: (copy / "model.safetensors").unlink()),
     "no model at model: model.safetensors not found"),
    ("model-without-preprocessing", lambda tmp, runs: [
        "predict", save_model(tmp / "bare", nn.Linear(3, 1)).name, write(tmp, "x.csv", "a\n1\n")],
     "holds a model without the preprocessing"),
    ("evaluate-newer-format", damaged_model(with_version(3), command="evaluate"),
     "was written by a newer descenso"),
    # predict and evaluate: data
    ("predict-missing-column", predict_table("x.csv", "colour,a,y\nred,1,2\n"),
     "the file lacks the column 'b'"),
    ("predict-extra-column", predict_table("x.csv", "colour,a,b,c\nred,1,2,3\n"),
     "unexpected column 'c'"),
    ("predict-unseen-category", predict_table("x.csv", "colour,a,b\npurple,1,2\n"),
     "unknown category 'purple'"),
    ("predict-binary-csv", predict_table("x.csv", "colour,a\0,b\n"),
     "does not look like a text CSV file"),
    ("predict-directory", lambda tmp, runs: (tmp / "in.csv").mkdir() or [
        "predict", runs.tabular(), "in.csv"], "in.csv is a directory, not a file"),
    ("predict-two-tables", lambda tmp, runs: ["predict", runs.tabular(), write(tmp, "x.csv", "a"),
                                              "x.csv"], "this model reads one CSV file, got 2"),
    ("predict-idx-for-a-table", lambda tmp, runs: ["predict", runs.tabular(), "t10k.idx"],
     "this model was trained on a table"),
    ("predict-out-is-a-folder", lambda tmp, runs: (tmp / "preds").mkdir() or [
        "predict", runs.tabular(), write(tmp, "x.csv", "colour,a,b\nred,1,2\n"), "--out", "preds"],
     "--out preds is a folder"),
    ("predict-without-input", lambda tmp, runs: ["predict", runs.tabular()],
     "the following arguments are required: INPUT"),
    ("idx-wrong-magic", predict_images("a.idx", lambda p: idx_bytes(p, prefix=b"\x01\x02")),
     "a.idx is not an IDX file"),
    ("idx-labels-not-images", predict_images("l.idx", lambda p: write_idx(p, IMAGES[:, 0, 0])),
     "l.idx holds labels, not images"),
    ("idx-wrong-image-size", predict_images(
        "s.idx", lambda p: write_idx(p, IMAGES[:, :27, :27].copy())),
     "s.idx holds an array of shape (3, 27, 27)"),
    ("idx-truncated-body", predict_images("t.idx", lambda p: idx_bytes(p, cut=-100)),
     "found 2252; the file is truncated"),
    ("idx-gzip-truncated", predict_images("t.idx.gz", lambda p: idx_bytes(p, gz=True)),
     "t.idx.gz: expected 2352 bytes of image data"),
    ("idx-header-cut", predict_images("h.idx", lambda p: p.write_bytes(
        b"\x00\x00\x08\x03" + struct.pack(">III", 3, 28, 28)[:6])), "ends inside its IDX header"),
    ("csv-for-an-image-model", predict_images("x.csv", lambda p: p.write_text("a,b\n1,2\n")),
     "x.csv is not an IDX file"),
    ("evaluate-without-target", lambda tmp, runs: [
        "evaluate", runs.tabular(), write(tmp, "x.csv", "colour,a,b\nred,1,2\n")],
     "x.csv has no 'y' column, which evaluation needs"),
    ("evaluate-unknown-dataset", lambda tmp, runs: ["evaluate", runs.tabular(), "abalonee"],
     "unknown dataset 'abalonee'"),
    ("evaluate-other-columns", lambda tmp, runs: ["evaluate", runs.tabular(), "abalone"],
     "the data has columns the model does not know"),
    ("evaluate-empty-csv", lambda tmp, runs: ["evaluate", runs.tabular(),
                                              write(tmp, "e.csv", "")], "e.csv is empty"),
    ("evaluate-missing-arguments", lambda tmp, runs: ["evaluate"],
     "the following arguments are required: MODEL, DATA"),
    # every error a descenso error: options and files that used to escape as tracebacks
    ("encoding-base64", csv("t.csv", table(), "--encoding", "base64"),
     "unknown encoding 'base64'"),
    ("encoding-rot13", csv("t.csv", table(), "--encoding", "rot13"), "unknown encoding 'rot13'"),
    ("seed-too-large", fit("--seed", "4294967296"),
     "--seed 4294967296 is larger than 4294967295"),
    ("symlink-loop-csv", symlink_loop, "loop.csv: too many levels of symbolic links"),
    ("model-description-deeply-nested", damaged_model(
        lambda copy: rewrite_model(copy, description="[" * 100_000)),
     "nests its JSON too deeply"),
    ("model-unknown-task", damaged_model(with_preprocessing(task="banana")),
     "preprocessing has task 'banana'"),
    ("model-zero-scale", damaged_model(edit_description(zero_scale)),
     "has a scale that is zero, negative or not finite"),
    ("model-fewer-class-names-than-outputs", fewer_class_names,
     "holds a model with 3 outputs but its preprocessing expects 2"),
    ("model-options-a-list", damaged_model(edit_description(
        lambda spec: spec.update(options=[1, 2])), "abalone", command="evaluate"),
     "the 'options' entry of the model file is a list"),
    ("single-line-17-mb", csv("line.csv", "a" * (17 * 2**20)),
     "the first line of line.csv is longer than 16.0 MB"),
    ("target-too-large-to-square", csv("huge.csv", column(range(30)).replace("\n3,6\n", "\n3,1e308\n")),
     "column 'y' holds values as large as 1e+308, too large to square"),
    ("feature-too-large-to-square", csv("hugex.csv", column(["1e200" if i == 4 else i for i in range(30)])),
     "column 'a' holds values as large as 1e+200"),
    ("validation-part-of-one-row", csv("five.csv", column(range(5))),
     "the validation part has only 1 row, so its R² is undefined"),
    ("part-with-one-target-value", csv("flat.csv", "a,y\n" + "".join(
        f"{i},{7.25 if i == 4 else 5.5}\n" for i in range(10))), "all have the same target value"),
    # limits: what an input claims is checked before anything is allocated
    ("model-absurd-architecture", damaged_model(edit_description(
        lambda spec: spec.update(architecture={"type": "Linear", "in_features": 1_000_000,
                                               "out_features": 10_000, "bias": True}))),
     "needs 10000010000 weights but"),
    ("hidden-absurd", fit(*MLP_HIDDEN, "1000000000"), "choose smaller --hidden sizes"),
    ("iterations-absurd", fit("--iterations", "1e23"), "invalid int value: '1e23'"),
    ("iterations-too-many", fit("--iterations", "100000000000000"),
     "--iterations 100000000000000 is more than 10000000"),
    ("epochs-too-many", fit("--model", "mlp", "--epochs", "100000000000000"),
     "--epochs 100000000000000 is more than 10000000"),
    # confinement: a model reads only its own folder; outputs only where the user pointed
    ("model-weights-outside-folder", two_file_model("../outside.bin"),
     "names its weights file as '../outside.bin', outside the model's folder"),
    ("model-weights-absolute-path", two_file_model("/etc/passwd"),
     "names its weights file as '/etc/passwd', outside the model's folder"),
    ("model-weights-symlink-out", two_file_model("model.safetensors", link="../outside.bin"),
     "names its weights file as 'model.safetensors', outside the model's folder"),
    ("model-file-symlink-out", damaged_model(linked_model_file),
     "is a symbolic link leading out of the model's folder"),
    ("out-empty", fit("--out", ""), "--out is empty"),
    ("out-blank", fit("--out", "  "), "--out is empty"),
    ("predict-out-empty", lambda tmp, runs: [
        "predict", runs.tabular(), write(tmp, "x.csv", "colour,a,b\nred,1,2\n"), "--out", ""],
     "argument --out: the path is empty"),
    ("evaluate-out-blank", lambda tmp, runs: [
        "evaluate", runs.tabular(), write(tmp, "x.csv", "colour,a,b,y\nred,1,2,3\n"), "--out",
        " "], "argument --out: the path is empty"),
    ("demo-out-empty", lambda tmp, runs: ["demo", "sine", "--out", ""],
     "argument --out: the path is empty"),
    # the other commands
    ("datasets-extra-argument", lambda tmp, runs: ["datasets", "extra"],
     "unrecognized arguments: extra"),
    ("demo-unknown", lambda tmp, runs: ["demo", "nosuchdemo"], "unknown demo 'nosuchdemo'"),
    ("demo-without-name", lambda tmp, runs: ["demo"], "which demo?"),
    ("demo-negative-seed", lambda tmp, runs: ["demo", "sine", "--seed", "-1"],
     "--seed -1 must be 0 or more"),
    ("unknown-command", lambda tmp, runs: ["train"], "invalid choice: 'train'"),
]
