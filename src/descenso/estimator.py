"""scikit-learn's estimator contract, written once for every descenso estimator and transformer.

``__init__`` only stores its arguments; ``get_params`` and ``set_params`` read and change them
by name (so ``sklearn.base.clone`` works); ``fit`` checks its inputs
(:mod:`descenso.validation`) and returns ``self``; fitted state ends in ``_``. One test,
``tests/test_estimator_contract.py``, checks every estimator against it. A leaf module, so any
layer may use it.
"""

from __future__ import annotations

import inspect

from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["BaseEstimator"]


class BaseEstimator:
    """Parameters by name: ``get_params``, ``set_params`` and a readable ``repr``; scikit-learn's
    tags (``__sklearn_tags__``) so its model selection and its own checks know the estimator.

    A subclass says what it is with ``_estimator_type``: ``"regressor"``, ``"classifier"`` or
    None (a transformer), and may adjust the tags in ``_adjust_tags(tags)``.
    """

    _estimator_type: str | None = None

    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return [name for name, parameter in signature.parameters.items()
                if name != "self" and parameter.kind != parameter.VAR_KEYWORD]

    def get_params(self, deep: bool = True) -> dict:
        """The constructor's arguments as a dict (``deep`` is accepted for scikit-learn)."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params):
        """Change constructor arguments by name; returns ``self``."""
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise ConfigError(_("{estimator} has no parameter {name!r}; valid parameters are: "
                                    "{valid}").format(
                    estimator=type(self).__name__, name=name, valid=", ".join(valid)))
            setattr(self, name, value)
        return self

    def __sklearn_tags__(self):
        """scikit-learn's description of this estimator (only scikit-learn calls it, so it is
        imported here: descenso does not need scikit-learn to run)."""
        from sklearn.utils import ClassifierTags, RegressorTags, Tags, TargetTags, TransformerTags

        kind = self._estimator_type
        tags = Tags(estimator_type=kind,
                    target_tags=TargetTags(required=kind in ("classifier", "regressor")),
                    transformer_tags=TransformerTags() if kind is None else None,
                    classifier_tags=ClassifierTags() if kind == "classifier" else None,
                    regressor_tags=RegressorTags() if kind == "regressor" else None)
        self._adjust_tags(tags)
        return tags

    def _adjust_tags(self, tags) -> None:
        """Change the scikit-learn tags in place (default: nothing)."""

    def __repr__(self) -> str:
        signature = inspect.signature(type(self).__init__)
        changed = [f"{name}={getattr(self, name)!r}" for name in self._param_names()
                   if getattr(self, name) is not signature.parameters[name].default
                   and getattr(self, name) != signature.parameters[name].default]
        return f"{type(self).__name__}({', '.join(changed)})"
