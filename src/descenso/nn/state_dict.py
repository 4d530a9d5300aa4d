"""Checking a state dict against a model before loading it.

:meth:`descenso.nn.Module.load_state_dict` calls :func:`check_state_dict` first and copies
nothing unless every check passes, so a failed load never leaves a half-loaded model.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from descenso.errors import ModelFileError
from descenso.i18n import gettext as _

__all__ = ["check_state_dict"]


def _as_array(name: str, value) -> np.ndarray:
    try:
        array = np.asarray(value)
    except (TypeError, ValueError, RuntimeError) as error:
        raise ModelFileError(
            _("state_dict entry '{name}' is not an array ({error}); pass NumPy arrays or "
              "tensors").format(name=name, error=error)
        ) from None
    if not (np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)
            or array.dtype == np.bool_):
        raise ModelFileError(
            _("state_dict entry '{name}' has dtype {dtype}; it must hold numbers").format(
                name=name, dtype=array.dtype)
        )
    return array


def check_state_dict(state_dict: Mapping, expected: dict[str, np.ndarray], owner: str,
                     strict: bool) -> tuple[dict[str, np.ndarray], list[str], list[str]]:
    """Match ``state_dict`` against the arrays a model expects.

    Parameters
    ----------
    state_dict : mapping of str to array-like
        The values to load.
    expected : dict of str to ndarray
        The model's current arrays, keyed as in ``state_dict()``.
    owner : str
        The model's class name, for messages.
    strict : bool
        Whether missing and unexpected keys are errors.

    Returns
    -------
    values : dict of str to ndarray
        The values to copy, one per key present in both, with matching shapes.
    missing_keys, unexpected_keys : list of str

    Raises
    ------
    ModelFileError
        Listing every problem found: missing keys and unexpected keys (when ``strict``) and
        shape mismatches (always), each mismatch with both shapes.

    Examples
    --------
    >>> import numpy as np
    >>> values, missing, unexpected = check_state_dict(
    ...     {"w": [1.0, 2.0]}, {"w": np.zeros(2), "b": np.zeros(1)}, "Net", strict=False)
    >>> missing, unexpected
    (['b'], [])
    """
    if not isinstance(state_dict, Mapping):
        raise ModelFileError(
            _("load_state_dict expects a dict of name -> array, got {kind}; pass "
              "model.state_dict() or a loaded safetensors dict").format(
                kind=type(state_dict).__name__)
        )
    missing = [name for name in expected if name not in state_dict]
    unexpected = [name for name in state_dict if name not in expected]
    values: dict[str, np.ndarray] = {}
    mismatches: list[str] = []
    for name, target in expected.items():
        if name not in state_dict:
            continue
        value = _as_array(name, state_dict[name])
        if value.shape != target.shape:
            mismatches.append(
                _("size mismatch for {name}: the state_dict has shape {given}, the model has "
                  "shape {wanted}").format(name=name, given=value.shape, wanted=target.shape)
            )
            continue
        values[name] = value
    problems: list[str] = []
    if strict and missing:
        problems.append(_("missing key(s): {keys}").format(
            keys=", ".join(repr(key) for key in missing)))
    if strict and unexpected:
        problems.append(_("unexpected key(s): {keys}").format(
            keys=", ".join(repr(key) for key in unexpected)))
    problems.extend(mismatches)
    if problems:
        header = _("error(s) loading state_dict into {owner}:").format(owner=owner)
        advice = _("the state_dict must come from the same architecture; compare "
                   "list(model.state_dict()) with the keys you are loading")
        raise ModelFileError(header + "\n  " + "\n  ".join(problems) + "\n" + advice)
    return values, missing, unexpected
