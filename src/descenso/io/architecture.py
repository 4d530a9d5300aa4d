"""A model's architecture as JSON: which layers, with which settings, in which order.

:func:`model_to_spec` describes a model in plain JSON data and :func:`model_from_spec` builds
an untrained model from such a description; the weights travel separately (safetensors).
Only layers listed in ``_LAYERS`` are supported, and a description never runs code.

>>> from descenso import nn
>>> model_to_spec(nn.Linear(3, 1))
{'type': 'Linear', 'in_features': 3, 'out_features': 1, 'bias': True}
"""

from __future__ import annotations

from typing import Any

from descenso.errors import ConfigError, ModelFileError
from descenso.i18n import gettext as _
from descenso.nn import (
    ELU,
    GELU,
    AdaptiveAvgPool2d,
    AvgPool2d,
    BatchNorm1d,
    BatchNorm2d,
    Conv2d,
    ConvTranspose2d,
    Dropout,
    Dropout2d,
    Flatten,
    Identity,
    LeakyReLU,
    Linear,
    LogSoftmax,
    MaxPool2d,
    ReLU,
    Sequential,
    Sigmoid,
    Softmax,
    Tanh,
    Unflatten,
)

__all__ = ["model_from_spec", "model_to_spec", "parameter_count"]

# Sequentials nest this deep at most: deeper is a damaged or hostile description.
_MAX_DEPTH = 32
# type name -> (class, the constructor arguments read back from the attributes of the same name)
_LAYERS = {
    "Linear": (Linear, ("in_features", "out_features", "bias")),
    "ReLU": (ReLU, ()),
    "Tanh": (Tanh, ()),
    "Sigmoid": (Sigmoid, ()),
    "LeakyReLU": (LeakyReLU, ("negative_slope",)),
    "Dropout": (Dropout, ("p",)),
    "Flatten": (Flatten, ("start_dim", "end_dim")),
    "Identity": (Identity, ()),
    "Softmax": (Softmax, ("dim",)),
    "LogSoftmax": (LogSoftmax, ("dim",)),
    "GELU": (GELU, ("approximate",)),
    "ELU": (ELU, ("alpha",)),
    "Unflatten": (Unflatten, ("dim", "unflattened_size")),
    "Conv2d": (Conv2d, ("in_channels", "out_channels", "kernel_size", "stride", "padding",
                        "dilation", "groups", "bias", "padding_mode")),
    "ConvTranspose2d": (ConvTranspose2d, ("in_channels", "out_channels", "kernel_size", "stride",
                                          "padding", "output_padding", "groups", "bias",
                                          "dilation")),
    "MaxPool2d": (MaxPool2d, ("kernel_size", "stride", "padding", "dilation")),
    "AvgPool2d": (AvgPool2d, ("kernel_size", "stride", "padding", "count_include_pad")),
    "AdaptiveAvgPool2d": (AdaptiveAvgPool2d, ("output_size",)),
    "BatchNorm1d": (BatchNorm1d, ("num_features", "eps", "momentum", "affine",
                                  "track_running_stats")),
    "BatchNorm2d": (BatchNorm2d, ("num_features", "eps", "momentum", "affine",
                                  "track_running_stats")),
    "Dropout2d": (Dropout2d, ("p",)),
}


def model_to_spec(model) -> dict[str, Any]:
    """A JSON-compatible description of ``model`` that :func:`model_from_spec` rebuilds.

    Supports ``Sequential`` (nested too) of the layers in ``_LAYERS`` (dense, convolutional,
    pooling, normalisation, dropout, activations, softmax and log-softmax, reshapes), or one
    such layer. Pairs such as ``kernel_size`` become JSON lists.

    >>> from descenso import nn
    >>> model_to_spec(nn.Sequential(nn.Linear(2, 3, bias=False), nn.Dropout(0.25)))
    {'type': 'Sequential', 'layers': [{'type': 'Linear', 'in_features': 2, 'out_features': 3, 'bias': False}, {'type': 'Dropout', 'p': 0.25}]}

    Raises
    ------
    ModelFileError
        For a layer or model class that model files do not support.
    """
    kind = type(model).__name__
    if isinstance(model, Sequential) and type(model) is Sequential:
        names = list(model._modules)
        spec: dict[str, Any] = {"type": "Sequential",
                                "layers": [model_to_spec(layer) for layer in model]}
        if names != [str(index) for index in range(len(names))]:
            spec["names"] = names
        return spec
    if kind not in _LAYERS or type(model) is not _LAYERS[kind][0]:
        raise ModelFileError(
            _("cannot save a {kind}: model files support Sequential models of {layers}; build "
              "the model from these layers, or save model.state_dict() yourself").format(
                kind=kind, layers=", ".join(_LAYERS))
        )
    spec = {"type": kind}
    for argument in _LAYERS[kind][1]:
        value = getattr(model, argument)
        if argument == "bias":
            value = value is not None
        spec[argument] = list(value) if isinstance(value, tuple) else value
    return spec


def _number_of_weights(kind: str, spec: dict[str, Any]) -> int:
    """How many numbers a layer's parameters hold, from its description alone.

    A layer with parameters added to ``_LAYERS`` must be counted here too.
    """
    if kind == "Linear":
        sizes = [spec.get("in_features"), spec.get("out_features")]
    elif kind in ("Conv2d", "ConvTranspose2d"):
        kernel = spec.get("kernel_size")
        kernel = [kernel, kernel] if _is_size(kernel) else kernel
        groups = spec.get("groups")
        sizes = [spec.get("in_channels"), spec.get("out_channels"), groups]
        if not isinstance(kernel, list) or len(kernel) != 2:
            return 0
        sizes += kernel
        if not all(map(_is_size, sizes)):
            return 0
        fan = (sizes[0] // sizes[2]) * kernel[0] * kernel[1]  # weight numbers per out channel
        return fan * sizes[1] + (sizes[1] if spec.get("bias") else 0)
    elif kind in ("BatchNorm1d", "BatchNorm2d"):
        features = spec.get("num_features")
        return 4 * features + 1 if _is_size(features) else 0  # weight, bias, running stats
    else:
        return 0
    if not all(map(_is_size, sizes)):
        return 0  # invalid: model_from_spec says why
    return sizes[0] * sizes[1] + (sizes[1] if spec.get("bias") else 0)


def _is_size(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def parameter_count(spec: dict[str, Any], depth: int = 0) -> int:
    """How many numbers the parameters of the model ``spec`` describes hold, without building it.

    Loading compares this with the weights present before allocating anything.

    >>> parameter_count({"type": "Sequential", "layers": [{"type": "Linear", "in_features": 3,
    ...                  "out_features": 2, "bias": True}, {"type": "ReLU"}]})
    8

    Raises
    ------
    ModelFileError
        When the description is malformed or nests Sequentials more than 32 deep.
    """
    if not isinstance(spec, dict) or not isinstance(spec.get("type"), str):
        raise ModelFileError(
            _("a layer description must be an object with a 'type', got {spec!r}").format(
                spec=spec))
    if spec["type"] != "Sequential":
        return _number_of_weights(spec["type"], spec)
    if depth >= _MAX_DEPTH:
        raise ModelFileError(_("Sequential models nest more than {most} deep").format(
            most=_MAX_DEPTH))
    layers = spec.get("layers")
    if not isinstance(layers, list):
        raise ModelFileError(_("a Sequential description needs a list of 'layers'"))
    return sum(parameter_count(layer, depth + 1) for layer in layers)


def model_from_spec(spec: dict[str, Any]):
    """Rebuild an untrained model from :func:`model_to_spec`'s description.

    >>> model_from_spec({"type": "Sequential", "layers": [{"type": "Linear", "in_features": 2,
    ...                  "out_features": 1, "bias": True}, {"type": "Sigmoid"}]})
    Sequential(
      (0): Linear(in_features=2, out_features=1, bias=True)
      (1): Sigmoid()
    )

    Raises
    ------
    ModelFileError
        When the description is malformed or names an unknown layer.
    """
    parameter_count(spec)  # checks the structure, and how deep Sequentials nest
    return _build(spec)


def _build(spec: dict[str, Any]):
    kind = spec["type"]
    if kind == "Sequential":
        modules = [_build(layer) for layer in spec["layers"]]
        names = spec.get("names")
        if names is None:
            return Sequential(*modules)
        if (not isinstance(names, list) or len(names) != len(modules)
                or not all(isinstance(name, str) for name in names)):
            raise ModelFileError(_("a Sequential's 'names' must be one string per layer"))
        return Sequential(dict(zip(names, modules)))
    if kind not in _LAYERS:
        raise ModelFileError(
            _("unknown layer type {kind!r}; this descenso knows Sequential, {layers} (a newer "
              "descenso may know more)").format(kind=kind, layers=", ".join(_LAYERS))
        )
    cls, arguments = _LAYERS[kind]
    unknown = set(spec) - set(arguments) - {"type"}
    missing = [argument for argument in arguments if argument not in spec]
    if unknown or missing:
        raise ModelFileError(
            _("layer {kind} needs the fields {fields}, got {given}").format(
                kind=kind, fields=list(arguments), given=sorted(set(spec) - {"type"}))
        )
    try:
        return cls(**{argument: spec[argument] for argument in arguments})
    except (ConfigError, TypeError, ValueError) as error:
        raise ModelFileError(
            _("layer {kind} has invalid settings: {error}").format(kind=kind, error=error)
        ) from None
