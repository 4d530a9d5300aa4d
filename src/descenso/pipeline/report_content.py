"""Turning a finished (or interrupted) run into the plain data of its report and model file."""

from __future__ import annotations

from descenso.i18n import gettext as _
from descenso.pipeline.cnn_figures import convolution_figures
from descenso.pipeline.models import count_parameters, describe_layers
from descenso.pipeline.options import FitOptions
from descenso.pipeline.preprocessing import Preprocessing
from descenso.pipeline.trained import TrainedModel

__all__ = ["data_summary", "hyperparameters", "model_description", "report_content",
           "run_title", "task_label"]

_HYPERPARAMETERS = ("solver", "loss", "optimizer", "lr", "lr_schedule", "iterations", "epochs",
                    "batch_size", "channels", "hidden", "activation", "dropout", "patience", "standardize",
                    "split", "seed", "limit")


def task_label(task: str) -> str:
    """The translated name of a task."""
    return {"regression": _("regression"), "classification": _("classification")}.get(task, task)


def _training_labels() -> dict[str, str]:
    return {"n_iter": _("steps taken"), "converged": _("converged"),
            "tol": _("tolerance"), "lr": _("learning rate used"), "epochs_run": _("epochs run"),
            "stop_reason": _("stopped because"), "best_epoch": _("best epoch"),
            "steps": _("optimizer steps")}


def _stop_reason(reason: str) -> str:
    """The translated reason why training stopped (``History.stop_reason``)."""
    return {"completed": _("every epoch ran"), "early_stopping": _("early stopping"),
            "interrupted": _("interrupted (Ctrl-C)"), "diverged": _("diverged")}.get(reason, reason)


def model_description(options: FitOptions) -> str:
    """``"linear regression (gradient descent)"``, ``"multilayer perceptron"``..."""
    if options.model == "mlp":
        return _("multilayer perceptron")
    if options.model == "cnn":
        return _("convolutional neural network")
    if options.task == "classification":
        return _("softmax (multinomial logistic) regression")
    solver = {"normal": _("normal equations"), "gd": _("gradient descent"),
              "sgd": _("stochastic gradient descent")}[options.solver]
    return _("linear regression ({solver})").format(solver=solver)


def run_title(source_name: str, options: FitOptions) -> str:
    """The report's title, e.g. ``"abalone — linear regression (gradient descent)"``."""
    return f"{source_name} — {model_description(options)}"


def hyperparameters(options: FitOptions, trained: TrainedModel | None = None) -> dict:
    """The choices that shaped the run (``None`` ones left out); ``lr`` as actually used."""
    values = {name: getattr(options, name) for name in _HYPERPARAMETERS
              if getattr(options, name) is not None}
    for name in ("channels", "hidden", "split"):
        if name in values:
            values[name] = list(values[name])
    used = None if trained is None else trained.training.get("lr")
    if used is not None and options.lr == "auto":
        values["lr"] = f"auto ({used:.4g})"
    return values


def data_summary(source, pre: Preprocessing, sizes: dict[str, int],
                 options: FitOptions) -> dict:
    """Rows of the report's data table."""
    summary: dict = {_("dataset"): source.name}
    if source.images:
        summary[_("images")] = _("{n} of {h}x{w} pixels, scaled to [0, 1]").format(
            n=len(source.y_train) + len(source.y_test), h=28, w=28)
        if source.origin:
            summary[_("read from")] = source.origin
    else:
        data = source.dataset
        summary[_("source")] = source.origin or data.source or source.name
        summary[_("rows")] = data.n_samples
        summary[_("features")] = data.n_features
        if source.licence:
            summary[_("licence")] = source.licence
    summary[_("target")] = pre.target_name or _("class")
    summary[_("task")] = task_label(pre.task)
    if pre.class_names:
        summary[_("classes")] = list(pre.class_names)
    summary[_("rows (train / validation / test)")] = " / ".join(
        str(sizes[split]) for split in ("train", "val", "test"))
    for column, values in pre.categories.items():
        summary[_("one-hot {column}").format(column=column)] = list(values)
    if not source.images:
        summary[_("standardized")] = pre.x_mean is not None
        if pre.y_mean is not None:
            summary[_("target standardized for training")] = True
    if options.limit is not None:
        summary[_("limited to")] = options.limit
    return summary


def report_content(*, source, options: FitOptions, pre: Preprocessing, sizes: dict[str, int],
                   trained: TrainedModel, metrics=None, diagnosis=(), regression=None,
                   classification=None, timings=None, command=None, notes=(), evidence=None):
    """Everything the report shows (see :class:`~descenso.report.ReportContent`)."""
    from descenso.report import ReportContent  # loads matplotlib: only once training is done

    module = trained.module
    model = {_("model"): model_description(options), _("layers"): describe_layers(module),
             _("parameters"): count_parameters(module)}
    labels = _training_labels()
    training = {labels.get(key, key): _stop_reason(value) if key == "stop_reason" else value
                for key, value in trained.training.items()
                if value is not None and key != "solver"}
    return ReportContent(
        title=run_title(source.name, options),
        data_summary=data_summary(source, pre, sizes, options),
        model={**model, **training},
        hyperparameters=hyperparameters(options, trained),
        metrics=metrics or {},
        history=trained.history,
        history_unit=trained.history_unit,
        regression=regression,
        classification=classification,
        extra_figures=convolution_figures(
            module, None if classification is None else classification.images),
        diagnosis=list(diagnosis),
        evidence=evidence,
        timings=dict(timings or {}),
        command=command,
        notes=list(notes),
    )
