"""FitOptions: validation of each value, and the choices made for each kind of run."""

from __future__ import annotations

import pytest

from descenso.errors import ConfigError
from descenso.pipeline.options import FitOptions, parse_hidden, parse_lr, parse_split


def test_tabular_regression_defaults_to_the_learners_gradient_descent():
    options = FitOptions().resolved(task="regression", images=False)
    assert (options.model, options.solver, options.loss, options.lr, options.iterations) == (
        "linear", "gd", "mse", "auto", 20_000)
    assert options.split == (0.6, 0.2, 0.2) and options.seed == 42
    assert options.epochs is None and options.optimizer is None and options.hidden is None


def test_images_default_to_the_keras_tutorial_network():
    options = FitOptions(dataset="fashion-mnist").resolved(task="classification", images=True)
    assert (options.model, options.hidden, options.activation, options.dropout) == (
        "mlp", (128,), "relu", 0.2)
    assert (options.optimizer, options.lr, options.epochs, options.batch_size, options.loss) == (
        "adam", 1e-3, 10, 32, "cross_entropy")
    assert options.split is None
    assert options.lr_schedule == "cosine"


def test_tabular_networks_keep_a_constant_rate_unless_asked():
    options = FitOptions(model="mlp").resolved(task="regression", images=False)
    assert options.lr_schedule == "constant"
    options = FitOptions(solver="sgd", lr_schedule="step").resolved(task="classification",
                                                                    images=False)
    assert options.lr_schedule == "step"
    options = FitOptions(lr_schedule="constant").resolved(task="classification", images=True)
    assert options.lr_schedule == "constant"


@pytest.mark.parametrize("solver", ["normal", "gd", "sgd"])
def test_a_schedule_is_refused_for_linear_regression(solver):
    with pytest.raises(ConfigError, match="--lr-schedule applies to --model mlp or "
                                          "classification"):
        FitOptions(solver=solver, lr_schedule="cosine").resolved(task="regression",
                                                                 images=False)


@pytest.mark.parametrize("schedule, epochs, expected", [
    ("constant", 10, None),
    ("cosine", 10, "CosineAnnealingLR(T_max=10, eta_min=0.0)"),
    ("step", 10, "StepLR(step_size=7, gamma=0.1)"),
    ("step", 1, "StepLR(step_size=1, gamma=0.1)"),
])
def test_the_schedule_built_for_each_choice(schedule, epochs, expected):
    from descenso.pipeline.models import build_network, build_optimizer, build_scheduler

    options = FitOptions(model="mlp", hidden=(4,), epochs=epochs,
                         lr_schedule=schedule).resolved(task="regression", images=False)
    optimizer = build_optimizer(options, build_network(options, 3, 1))
    scheduler = build_scheduler(options, optimizer)
    assert (None if scheduler is None else repr(scheduler)) == expected


def test_tabular_classification_uses_logistic_regression_by_default():
    options = FitOptions().resolved(task="classification", images=False)
    assert (options.model, options.loss, options.optimizer, options.solver, options.lr) == (
        "linear", "cross_entropy", None, "gd", "auto")
    assert options.iterations == 100_000 and options.epochs is None


def test_tabular_classification_by_minibatches_on_request():
    options = FitOptions(solver="sgd").resolved(task="classification", images=False)
    assert (options.model, options.optimizer, options.solver, options.epochs) == (
        "linear", "adam", "sgd", 100)


@pytest.mark.parametrize("given, message", [
    ({"optimizer": "adam"}, "--optimizer applies to --solver sgd or --model mlp"),
    ({"epochs": 5}, "--epochs applies to --solver sgd"),
    ({"solver": "normal"}, "--solver normal solves least squares"),
    ({"solver": "sgd", "iterations": 5}, "--iterations applies to linear models fitted"),
])
def test_classifier_options_that_do_not_apply_are_refused(given, message):
    with pytest.raises(ConfigError, match=message):
        FitOptions(**given).resolved(task="classification", images=False)


@pytest.mark.parametrize("solver, given", [("normal", {"lr": 0.1}), ("normal", {"epochs": 3}),
                                           ("gd", {"batch_size": 8}),
                                           ("sgd", {"iterations": 10})])
def test_options_a_solver_does_not_use_are_refused(solver, given):
    with pytest.raises(ConfigError, match="applies to"):
        FitOptions(solver=solver, **given).resolved(task="regression", images=False)


def test_sgd_solver_counts_epochs_and_uses_a_numeric_rate():
    options = FitOptions(solver="sgd").resolved(task="regression", images=False)
    assert (options.epochs, options.batch_size, options.lr, options.iterations) == (
        100, 32, 0.01, None)


def test_split_is_refused_for_images():
    with pytest.raises(ConfigError, match="official test split"):
        FitOptions(split=(0.6, 0.2, 0.2)).resolved(task="classification", images=True)


@pytest.mark.parametrize("field, value, fragment", [
    ("lr", float("nan"), "positive finite"), ("lr", -1.0, "positive finite"),
    ("epochs", 0, "at least 1"), ("hidden", (8, 0), "size 0"), ("dropout", 1.0, "[0, 1)"),
    ("split", (0.7, 0.2, 0.2), "sums to 1.1"), ("split", (1.0, 0.0, 0.0), "positive"),
    ("seed", -3, "0 or more"), ("model", "tree", "not one of"),
    ("lr_schedule", "linear", "--lr-schedule 'linear' is not one of constant, cosine, step"),
])
def test_bad_values_are_config_errors_with_advice(field, value, fragment):
    with pytest.raises(ConfigError, match="; ") as error:
        FitOptions(**{field: value})
    assert fragment in str(error.value)


def test_parsers():
    assert parse_hidden("128, 64") == (128, 64)
    assert parse_split("0.5,0.25,0.25") == (0.5, 0.25, 0.25)
    assert parse_lr("AUTO") == "auto" and parse_lr("0.5") == 0.5
    for parser, text in ((parse_hidden, "1.5"), (parse_hidden, ","), (parse_split, "a,b,c"),
                         (parse_lr, "fast")):
        with pytest.raises(ConfigError):
            parser(text)


def test_as_dict_is_json_ready():
    data = FitOptions(hidden=(4, 2)).as_dict()
    assert data["hidden"] == [4, 2] and data["dataset"] == "abalone"
