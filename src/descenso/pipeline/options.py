"""What ``descenso fit`` was asked to do, validated once, before any data is read.

:class:`FitOptions` holds every choice of a training run. :meth:`FitOptions.resolved` fills
the choices left as ``None`` ("auto") from the dataset's kind, and refuses options that do not
apply to the model chosen (``--hidden`` for a linear model, ``--lr`` for the closed form...),
so that nothing the user typed is silently ignored and the rest of the pipeline never guesses.

>>> options = FitOptions().resolved(task="regression", images=False)
>>> options.model, options.solver, options.lr, options.split
('linear', 'gd', 'auto', (0.6, 0.2, 0.2))
>>> FitOptions(hidden=(64,)).resolved(task="regression", images=False)
Traceback (most recent call last):
...
descenso.errors.ConfigError: --hidden applies to --model mlp or cnn only; remove it or add --model mlp
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace

from descenso.errors import ConfigError
from descenso.i18n import N_
from descenso.i18n import gettext as _
from descenso.pipeline.cnn import DEFAULT_CHANNELS, check_channels

__all__ = ["ACTIVATIONS", "CSV_OPTIONS", "DEFAULT_SPLIT", "IMAGE_VALIDATION_FRACTION", "LOSSES",
           "LR_SCHEDULES", "MODELS", "OPTIMIZERS", "SOLVERS", "TASKS", "FitOptions", "flag",
           "parse_channels", "parse_columns", "parse_hidden", "parse_lr", "parse_split"]

TASKS = ("regression", "classification")
MODELS = ("linear", "mlp", "cnn")
SOLVERS = ("normal", "gd", "sgd")
ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu")
LOSSES = ("mse", "mae", "huber", "cross_entropy")
OPTIMIZERS = ("sgd", "momentum", "adam")
LR_SCHEDULES = ("constant", "cosine", "step")
DEFAULT_SPLIT = (0.6, 0.2, 0.2)
IMAGE_VALIDATION_FRACTION = 0.1  # of the official training split, for MNIST-like data
_DEFAULT_LR = {"adam": 1e-3, "sgd": 0.01, "momentum": 0.01}
CLASSIFIER_ITERATIONS = 100_000  # a cap: LogisticRegression stops at its tolerance first


CSV_OPTIONS = ("delimiter", "skip_rows", "header", "encoding", "drop_missing", "drop",
               "features")
"""The fields that say how to read a CSV file: ``fit``, ``predict`` and ``evaluate`` share them."""

_MOST_STEPS = 10_000_000  # iterations or epochs: their losses are kept in memory
_MAX_SEED = 2**32 - 1  # NumPy's legacy seeding, which some generators use, stops there


def flag(default=None, *, group: str | None, help: str, kind: str = "value",
         choices: tuple[str, ...] | None = None, parse: str | None = None,
         metavar: str | None = None):
    """A :class:`FitOptions` field that is also a command-line flag.

    Parameters
    ----------
    default
        The value when the flag is not given (``None``: "pick the usual one").
    group : {"data", "model", "training"} or None
        The section of ``--help`` it is listed in (None: with the positional arguments).
    help : str
        Marked with ``N_``; translated when the help is shown.
    kind : {"value", "positional", "switch", "on-off"}
        ``--flag VALUE``, a positional argument, ``--flag`` alone, or ``--flag/--no-flag``.
    choices : tuple of str, optional
        The values the flag accepts.
    parse : {"int", "float", "hidden", "channels", "columns", "split", "lr"}, optional
        How the text is read (a plain string when None).
    """
    return field(default=default, metadata={
        "group": group, "help": help, "kind": kind, "choices": choices, "parse": parse,
        "metavar": metavar})


@dataclass(frozen=True)
class FitOptions:
    """Every choice of a training run; ``None`` means "pick the usual one for this data".

    ``split`` is (train, validation, test) fractions of a table; image datasets keep their
    official test split and validate on 10 % of the training images. ``limit`` keeps only the
    first rows (and test images), for quick trials. ``seed`` drives the split, the initial
    weights, the shuffling and dropout.
    """

    # Each field is one flag of ``descenso fit``: its name is the flag (``batch_size`` is
    # ``--batch-size``), and ``flag(...)`` says how the command line shows and reads it. To add
    # an option, add a field here, check its value in ``__post_init__`` and its fit with the
    # model in ``resolved``; ``descenso fit --help`` lists it in this order.
    dataset: str = flag(
        "abalone", group=None, kind="positional", metavar="DATASET",
        help=N_("a built-in dataset name or the path of a CSV file (default: abalone); "
                "'descenso datasets' lists them"))
    target: str | None = flag(group="data", help=N_(
        "the CSV column to predict (default: the last one)"))
    task: str | None = flag(group="data", choices=TASKS, help=N_(
        "force regression or classification (default: from the target)"))
    split: tuple[float, float, float] | None = flag(group="data", parse="split", help=N_(
        "train,validation,test fractions of a table (default: 0.6,0.2,0.2)"))
    standardize: bool = flag(True, group="data", kind="on-off", help=N_(
        "standardize the features with the training rows' statistics (default: on)"))
    drop_missing: bool = flag(False, group="data", kind="switch", help=N_(
        "drop the rows of a CSV that have missing values (default: fill them with the "
        "training rows' median or most frequent value)"))
    encoding: str | None = flag(group="data", metavar="NAME", help=N_(
        "text encoding of the CSV, e.g. latin-1 or cp1252 (default: UTF-8, with or without a "
        "byte-order mark, or UTF-16)"))
    header: bool | None = flag(group="data", kind="on-off", help=N_(
        "whether the CSV's first line names the columns (default: detected)"))
    delimiter: str | None = flag(group="data", metavar="CHAR", help=N_(
        "the CSV's field separator: , ; | tab or whitespace (runs of spaces) (default: "
        "detected)"))
    skip_rows: int | None = flag(group="data", parse="int", metavar="N", help=N_(
        "skip the first N lines of the CSV (default: a preamble line of counts and class "
        "names is detected and skipped)"))
    drop: tuple[str, ...] = flag((), group="data", parse="columns", metavar="COL,...", help=N_(
        "columns of the CSV to leave out"))
    features: tuple[str, ...] | None = flag(group="data", parse="columns", metavar="COL,...",
                                            help=N_("the CSV columns to use as features (the "
                                                    "others, except the target, are left out)"))
    data_dir: str | None = flag(group="data", help=N_(
        "folder holding the MNIST / Fashion-MNIST files"))
    limit: int | None = flag(group="data", parse="int", metavar="N", help=N_(
        "use only the first N rows (and N test images): for quick trials"))
    model: str | None = flag(group="model", choices=MODELS, help=N_(
        "linear, a multilayer perceptron or a convolutional network for images (default: "
        "linear for tables, mlp for images)"))
    solver: str | None = flag(group="model", choices=SOLVERS, help=N_(
        "linear regression: normal equations, gradient descent or SGD (default: gd)"))
    hidden: tuple[int, ...] | None = flag(group="model", parse="hidden", help=N_(
        "hidden (dense) layer sizes, e.g. 128,64 (default: 64; 128 for images)"))
    channels: tuple[int, ...] | None = flag(group="model", parse="channels", help=N_(
        "--model cnn: feature maps of each convolution block (3x3 convolution, activation, "
        "2x2 max pooling), e.g. 16,32 (default: 32,64)"))
    activation: str | None = flag(group="model", choices=ACTIVATIONS, help=N_("default: relu"))
    dropout: float | None = flag(group="model", parse="float", help=N_(
        "dropout probability after each hidden layer (default: 0; 0.2 for images; 0.25 for "
        "cnn)"))
    loss: str | None = flag(group="model", choices=LOSSES, help=N_(
        "default: mse for regression, cross_entropy for classification"))
    optimizer: str | None = flag(group="training", choices=OPTIMIZERS, help=N_(
        "default: adam"))
    lr: float | str | None = flag(group="training", parse="lr", help=N_(
        "learning rate, a number or 'auto' (linear regression with gd; the default there)"))
    lr_schedule: str | None = flag(group="training", choices=LR_SCHEDULES, help=N_(
        "how the learning rate changes after each epoch: constant, cosine (down to 0 along a "
        "cosine) or step (10 times lower for the last third); networks only (default: cosine "
        "for images, constant for tables)"))
    iterations: int | None = flag(group="training", parse="int", help=N_(
        "full-batch gradient descent steps (default: 20000)"))
    epochs: int | None = flag(group="training", parse="int", help=N_(
        "passes over the data (default: 100; 10 for images; 5 for cnn)"))
    batch_size: int | None = flag(group="training", parse="int", help=N_(
        "rows per step (default: 32; 64 for cnn)"))
    patience: int | None = flag(group="training", parse="int", help=N_(
        "stop when the validation loss has not improved for N epochs and keep the best "
        "weights"))
    learning_curves: bool | None = flag(group="training", kind="on-off", help=N_(
        "refit the model on growing parts of the training rows to draw learning curves "
        "(default: on for linear models on tables of up to 20,000 training rows)"))
    seed: int = flag(42, group="training", parse="int", help=N_(
        "seed of the split, the weights and the shuffling (default: 42)"))
    resume: str | None = flag(group="training", metavar="CHECKPOINT", help=N_(
        "continue an interrupted run from its checkpoints/checkpoint-last.safetensors"))
    out: str | None = flag(group=None, metavar="DIR", help=N_(
        "output folder (default: ./descenso-runs/<date-time>-<dataset>)"))

    def __post_init__(self):
        if self.skip_rows is not None and self.skip_rows < 0:
            raise ConfigError(_("--skip-rows {value} is negative; give 0 or more lines").format(
                value=self.skip_rows))
        for option in fields(self):
            value, choices = getattr(self, option.name), option.metadata["choices"]
            if choices is not None and value is not None and value not in choices:
                raise ConfigError(
                    _("--{name} {value!r} is not one of {choices}; choose one of them").format(
                        name=option.name.replace("_", "-"), value=value,
                        choices=", ".join(choices)))
        if self.hidden is not None and (len(self.hidden) == 0
                                        or any(size < 1 for size in self.hidden)):
            raise ConfigError(
                _("--hidden {value} has a layer of size 0 or less; give positive sizes "
                  "such as --hidden 128,64").format(value=",".join(map(str, self.hidden))))
        if self.channels is not None:
            check_channels(self.channels)
        if self.dropout is not None and not (0.0 <= self.dropout < 1.0):
            raise ConfigError(
                _("--dropout {value} is outside [0, 1); use a probability such as 0.2")
                .format(value=self.dropout))
        if isinstance(self.lr, str) and self.lr != "auto":
            raise ConfigError(
                _("--lr {value} is not a number; give a positive number such as 0.01, "
                  "or 'auto'").format(value=self.lr))
        if isinstance(self.lr, float) and not (math.isfinite(self.lr) and self.lr > 0):
            raise ConfigError(
                _("--lr {value} must be a positive finite number; try 0.01").format(value=self.lr))
        for name, value, example in (
                ("iterations", self.iterations, 20000), ("epochs", self.epochs, 10),
                ("batch-size", self.batch_size, 32), ("patience", self.patience, 5),
                ("limit", self.limit, 1000)):
            if value is not None and value < 1:
                raise ConfigError(
                    _("--{name} {value} must be at least 1; try --{name} {example}").format(
                        name=name, value=value, example=example))
        for name, value in (("iterations", self.iterations), ("epochs", self.epochs)):
            if value is not None and value > _MOST_STEPS:
                raise ConfigError(
                    _("--{name} {value} is more than {most}, the most descenso runs (the loss "
                      "of every step is kept); give at most {most}").format(
                        name=name, value=value, most=_MOST_STEPS))
        split = self.split
        if split is not None and (len(split) != 3
                                  or any(not math.isfinite(f) or f <= 0 for f in split)):
            raise ConfigError(
                _("--split {value} needs three positive fractions for train, validation and "
                  "test; try 0.6,0.2,0.2").format(value=",".join(f"{f:g}" for f in split)))
        if split is not None and abs(sum(split) - 1.0) > 1e-6:
            raise ConfigError(
                _("--split {value} sums to {total:g}, not 1; try 0.6,0.2,0.2").format(
                    value=",".join(f"{f:g}" for f in split), total=sum(split)))
        if self.seed < 0:
            raise ConfigError(
                _("--seed {value} must be 0 or more; any whole number such as 42 works").format(
                    value=self.seed))
        if self.seed > _MAX_SEED:
            raise ConfigError(
                _("--seed {value} is larger than {most}, the largest seed; any whole number "
                  "such as 42 works").format(value=self.seed, most=_MAX_SEED))
        if self.out is not None and not str(self.out).strip():
            raise ConfigError(_("--out is empty; give a folder name such as runs/abalone"))

    def as_dict(self) -> dict:
        """The options as JSON-ready data (tuples become lists)."""
        return {key: list(value) if isinstance(value, tuple) else value
                for key, value in asdict(self).items()}

    def resolved(self, *, task: str, images: bool) -> FitOptions:
        """These options with every "auto" choice made for a ``task`` on tabular or image data.

        Raises
        ------
        ConfigError
            When an option contradicts the task or does not apply to the model chosen.
        """
        if images and self.split is not None:
            raise ConfigError(
                _("--split does not apply to image datasets: they keep their official test "
                  "split and validate on 10% of the training images; remove --split"))
        model = self.model or ("mlp" if images else "linear")
        classification = task == "classification"
        if self.loss == "cross_entropy" and not classification:
            raise ConfigError(
                _("--loss cross_entropy is for classification, but this is a regression task; "
                  "use mse, mae or huber, or pass --task classification"))
        if classification and self.loss not in (None, "cross_entropy"):
            raise ConfigError(
                _("--loss {loss} is for regression, but this is a classification task; use "
                  "--loss cross_entropy").format(loss=self.loss))
        if model == "cnn" and not images:
            raise ConfigError(
                _("--model cnn needs images (mnist, fashion-mnist or image files); use --model "
                  "mlp for a table"))
        if model != "cnn":
            self._refuse(("channels",), _("--model cnn only"), _("add --model cnn"))
        if model == "linear":
            self._refuse(("hidden", "dropout", "activation"), _("--model mlp or cnn only"),
                         _("add --model mlp"))
        if model == "linear" and not classification:
            return self._resolved_linear_regression(task)
        if model == "linear" and not images and self.solver != "sgd":
            return self._resolved_linear_classification(task)
        if self.solver != "sgd" or images:
            self._refuse(("solver",), _("linear models of tables only"),
                         _("use --optimizer and --epochs for this model"))
        self._refuse(("iterations",), _("linear models fitted with --solver gd only"),
                     _("use --optimizer and --epochs for this model"))
        if self.lr == "auto":
            raise ConfigError(
                _("--lr auto is available for linear models with --solver gd; give a "
                  "number such as 0.001"))
        optimizer = self.optimizer or "adam"
        network = model in ("mlp", "cnn")
        return replace(
            self, task=task, model=model,
            hidden=(self.hidden or ((128,) if images else (64,))) if network else None,
            channels=(self.channels or DEFAULT_CHANNELS) if model == "cnn" else None,
            activation=(self.activation or "relu") if network else None,
            # 0.2 after the MLP's hidden layers on images (Keras' tutorial), 0.25 after the
            # CNN's dense layer (more weights there to overfit with), none on tables.
            dropout=(self.dropout if self.dropout is not None else 0.25 if model == "cnn"
                     else 0.2 if images else 0.0) if network else None,
            loss=self.loss or ("cross_entropy" if classification else "mse"),
            optimizer=optimizer,
            lr=self.lr if self.lr is not None else _DEFAULT_LR[optimizer],
            # cosine for images: Adam's rate lowered to zero along a cosine lets the weights
            # settle into the minimum (the 10-epoch Fashion-MNIST MLP: 0.8796 -> 0.8855 test
            # accuracy, BENCHMARKS.md); on tables it made no clear difference.
            lr_schedule=self.lr_schedule or ("cosine" if images else "constant"),
            epochs=self.epochs or ((5 if model == "cnn" else 10) if images else 100),
            batch_size=self.batch_size or (64 if model == "cnn" else 32),
            split=None if images else (self.split or DEFAULT_SPLIT))

    def _resolved_linear_regression(self, task: str) -> FitOptions:
        solver = self.solver or "gd"
        self._refuse(("optimizer", "lr_schedule", "patience"),
                     _("--model mlp or classification"),
                     _("choose a --solver for linear regression"))
        if solver != "sgd":
            self._refuse(("resume",), _("--solver sgd or --model mlp"),
                         _("start the run again"))
        loss = self.loss or "mse"
        if loss == "huber":
            raise ConfigError(
                _("--loss huber is not available for linear regression; use --loss mse or mae, "
                  "or --model mlp"))
        if solver == "normal":
            self._refuse(("lr", "iterations", "epochs", "batch_size"),
                         _("--solver gd or sgd"), _("use --solver gd"))
            if loss != "mse":
                raise ConfigError(
                    _("--solver normal minimises the mse; remove --loss {loss} or use --solver "
                      "gd").format(loss=loss))
        elif solver == "gd":
            self._refuse(("epochs", "batch_size"), _("--solver sgd or --model mlp"),
                         _("use --iterations"))
        else:
            self._refuse(("iterations",), _("--solver gd"), _("use --epochs"))
        if self.lr == "auto" and (solver != "gd" or loss != "mse"):
            raise ConfigError(
                _("--lr auto is available for linear regression with --solver gd and --loss "
                  "mse; give a number such as 0.001"))
        lr = None if solver == "normal" else self.lr or ("auto" if solver == "gd"
                                                         and loss == "mse" else 0.01)
        return replace(
            self, task=task, model="linear", solver=solver, loss=loss, lr=lr,
            iterations=(self.iterations or 20_000) if solver == "gd" else None,
            epochs=(self.epochs or 100) if solver == "sgd" else None,
            batch_size=(self.batch_size or 32) if solver == "sgd" else None,
            split=self.split or DEFAULT_SPLIT)

    def _resolved_linear_classification(self, task: str) -> FitOptions:
        """Logistic / softmax regression run to convergence by full-batch gradient descent."""
        if self.solver == "normal":
            raise ConfigError(
                _("--solver normal solves least squares and has no classification form; use "
                  "--solver gd (the default) or --solver sgd for minibatches"))
        self._refuse(("optimizer", "lr_schedule", "patience", "resume", "epochs", "batch_size"),
                     _("--solver sgd or --model mlp"),
                     _("add --solver sgd for minibatch training"))
        return replace(
            self, task=task, model="linear", solver="gd", loss="cross_entropy",
            lr=self.lr or "auto", iterations=self.iterations or CLASSIFIER_ITERATIONS,
            split=self.split or DEFAULT_SPLIT)

    def _refuse(self, names, applies_to: str, advice: str) -> None:
        for name in names:
            if getattr(self, name) is not None:
                raise ConfigError(
                    _("--{option} applies to {applies_to}; remove it or {advice}").format(
                        option=name.replace("_", "-"), applies_to=applies_to, advice=advice))


def parse_columns(text: str, flag_name: str = "--features") -> tuple[str, ...]:
    """``"a, b,c"`` -> ``("a", "b", "c")``; ConfigError for an empty list.

    >>> parse_columns("sex, length")
    ('sex', 'length')
    """
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    if not names:
        raise ConfigError(_("{flag} needs column names separated by commas, such as {flag} "
                            "id,name").format(flag=flag_name))
    return names


def parse_hidden(text: str) -> tuple[int, ...]:
    """``"128,64"`` -> ``(128, 64)``; a bad list is a :class:`ConfigError`.

    >>> parse_hidden("128,64")
    (128, 64)
    """
    return _parse_sizes(
        text, _("--hidden {value!r} is not a list of whole numbers; write it like 128,64"),
        _("--hidden is empty; write the layer sizes like 128,64"))


def parse_channels(text: str) -> tuple[int, ...]:
    """``"32,64"`` -> ``(32, 64)``: feature maps of each convolution block of ``--model cnn``.

    >>> parse_channels("16,32")
    (16, 32)
    """
    return _parse_sizes(
        text, _("--channels {value!r} is not a list of whole numbers; write it like 32,64"),
        _("--channels is empty; write the feature maps per block like 32,64"))


def _parse_sizes(text: str, not_numbers: str, empty: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip() != "")
    except ValueError:
        raise ConfigError(not_numbers.format(value=text)) from None
    if not sizes:
        raise ConfigError(empty)
    return sizes


def parse_split(text: str) -> tuple[float, float, float]:
    """``"0.6,0.2,0.2"`` -> ``(0.6, 0.2, 0.2)``; a bad list is a :class:`ConfigError`.

    >>> parse_split("0.7,0.15,0.15")
    (0.7, 0.15, 0.15)
    """
    try:
        parts = tuple(float(part) for part in text.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 3:
        raise ConfigError(
            _("--split {value!r} must be three fractions for train, validation and test; "
              "try 0.6,0.2,0.2").format(value=text))
    return parts


def parse_lr(text: str) -> float | str:
    """``"0.01"`` -> ``0.01``; ``"auto"`` stays ``"auto"``.

    >>> parse_lr("1e-3"), parse_lr("auto")
    (0.001, 'auto')
    """
    if text.strip().lower() == "auto":
        return "auto"
    try:
        return float(text)
    except ValueError:
        raise ConfigError(
            _("--lr {value!r} is not a number; give a positive number such as 0.01, or 'auto'")
            .format(value=text)
        ) from None
