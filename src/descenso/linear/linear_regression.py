"""``LinearRegression``: predict a number as ``X @ coef_ + intercept_``, four ways.

- ``solver="normal"``: the exact least-squares answer in one solve (the reference).
- ``solver="gd"``: full-batch gradient descent with the learner's update rule, through the
  Gram matrix when that is cheaper (same iterates), ``lr="auto"`` for the fastest safe step.
- ``solver="sgd"``: minibatch stochastic gradient descent with a seeded shuffle.
- ``solver="autograd"``: full-batch gradient descent through ``descenso.Tensor``,
  ``nn.Linear`` and ``optim.SGD``, so the framework path can be compared with the others.

Reproducing the Abalone learner (R² train/validation 0.3755/0.3729 raw, 0.5320/0.4978
standardized): ``load_abalone()`` (Sex one-hot M, F, I, then the 7 measurements),
``train_val_test_split(X, y)`` with its defaults (legacy seed-42 shuffle, test then validation
rows first, sizes rounded down: 2,507/835/835), for the second pair a ``Standardizer`` fitted on
the training rows and applied to all 10 columns (one-hot included, population std), then
``LinearRegression(solver="gd", lr=0.001, max_iter=20_000)``, which starts from zero weights.
"""

from __future__ import annotations

import numbers

import numpy as np

from descenso.errors import ConfigError, NotFittedError
from descenso.estimator import BaseEstimator
from descenso.i18n import gettext as _
from descenso.limits import check_memory
from descenso.linear.gradient_descent import gradient_descent, use_gram
from descenso.linear.normal_equations import least_squares
from descenso.linear.sgd import stochastic_gradient_descent
from descenso.metrics import r2_score
from descenso.threads import single_threaded_blas
from descenso.validation import check_array, check_X_y

__all__ = ["LinearRegression"]

SOLVERS = ("normal", "gd", "sgd", "autograd")
LOSSES = ("mse", "mae")


class LinearRegression(BaseEstimator):
    """Linear regression fitted in closed form or by gradient descent.

    Parameters
    ----------
    solver : {"normal", "gd", "sgd", "autograd"}
    loss : {"mse", "mae"}
        The loss gradient descent minimises ("normal" always minimises the mse).
    lr : float or "auto"
        Learning rate. "auto" picks the fastest step that is safe for this data (gd, autograd:
        ``2/(L+μ)`` from the Gram matrix's eigenvalues; sgd: a step safe for every batch).
    max_iter : int
        Most full-batch steps (gd, autograd).
    tol : float or None
        Stop once a step (gd, autograd) or an epoch (sgd) lowers the training loss by less
        than ``tol`` times the loss. None runs every step.
    batch_size : int
        Rows per minibatch (sgd).
    epochs : int
        Most passes over the data (sgd).
    seed : int or None
        Seed of the sgd shuffle.
    fit_intercept : bool
    precompute : bool or "auto"
        Step through the Gram matrix XᵀX (gd with mse): "auto" does when rows and steps both
        outnumber the parameters.
    verbose : bool
        Print the loss about ten times during training.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_iter_ : int, steps (gd, autograd) or epochs (sgd) taken; 0 for "normal"
    history_ : ndarray of shape (n_iter_ + 1,), the training loss after each step or epoch
        (``history_[0]`` at the zero starting weights); the final mse for "normal"
    converged_ : bool, whether ``tol`` stopped training ("normal": always True)
    lr_ : float or None, the learning rate used (``lr="auto"`` resolved)
    rank_ : int, rank of the centred design matrix ("normal" only; below ``n_features_in_``
        the weights are not unique and the minimum-norm ones are returned)
    singular_ : ndarray, its singular values ("normal" only)
    n_features_in_ : int

    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [3.0, 1.0]])
    >>> y = X @ np.array([2.0, -1.0]) + 0.5
    >>> model = LinearRegression().fit(X, y)
    >>> model.coef_.round(10), round(model.intercept_, 10)
    (array([ 2., -1.]), 0.5)
    >>> gd = LinearRegression(solver="gd", lr="auto", max_iter=5000).fit(X, y)
    >>> gd.coef_.round(6), gd.converged_
    (array([ 2., -1.]), True)
    >>> round(gd.score(X, y), 8)
    1.0
    """

    _estimator_type = "regressor"

    def __init__(self, solver: str = "normal", *, loss: str = "mse", lr=0.01,
                 max_iter: int = 1000, tol: float | None = 1e-8, batch_size: int = 32,
                 epochs: int = 100, seed: int | None = 0, fit_intercept: bool = True,
                 precompute="auto", verbose: bool = False):
        self.solver = solver
        self.loss = loss
        self.lr = lr
        self.max_iter = max_iter
        self.tol = tol
        self.batch_size = batch_size
        self.epochs = epochs
        self.seed = seed
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.verbose = verbose

    def fit(self, X, y, *, sgd_start=None, sgd_on_epoch=None) -> LinearRegression:
        """Learn ``coef_`` and ``intercept_`` from ``X`` (n_samples, n_features), ``y`` (n_samples,).

        Returns ``self``. Raises ``TrainingDiverged`` if gradient descent blows up. With
        ``solver="sgd"``, ``sgd_start`` (an :class:`~descenso.linear.sgd.SGDState`) continues
        an earlier run and ``sgd_on_epoch`` receives the state after each epoch.
        """
        with single_threaded_blas():  # the same bits whatever the machine's BLAS threads
            return self._fit(X, y, sgd_start, sgd_on_epoch)

    def _fit(self, X, y, sgd_start, sgd_on_epoch) -> LinearRegression:
        self._check_params()
        X_array, y_array = check_X_y(X, y, "LinearRegression")
        n_params = X_array.shape[1] + int(self.fit_intercept)
        self.rank_ = None
        self.singular_ = None
        if self.solver == "normal":
            solution = least_squares(X_array, y_array, self.fit_intercept)
            self.coef_, self.intercept_ = solution.coef, solution.intercept
            self.rank_, self.singular_ = solution.rank, solution.singular_values
            self.n_iter_, self.converged_, self.lr_ = 0, True, None
            residual = y_array - (X_array @ self.coef_ + self.intercept_)
            self.history_ = np.array([np.mean(residual**2)], dtype=np.float64)
        else:
            result = self._descend(X_array, y_array, n_params,
                                   {"state": sgd_start, "on_epoch": sgd_on_epoch})
            self.coef_, self.intercept_ = result.coef, result.intercept
            self.n_iter_, self.history_ = result.n_iter, result.history
            self.converged_, self.lr_ = result.converged, result.lr
        self.n_features_in_ = X_array.shape[1]
        return self

    def _descend(self, X, y, n_params, sgd_hooks):
        if self.solver == "gd":
            gram = self.precompute
            if gram == "auto":
                gram = use_gram(X.shape[0], n_params, self.max_iter, self.loss)
            return gradient_descent(X, y, lr=self.lr, max_iter=self.max_iter, tol=self.tol,
                                    loss=self.loss, fit_intercept=self.fit_intercept,
                                    gram=bool(gram), verbose=self.verbose)
        if self.solver == "sgd":
            return stochastic_gradient_descent(
                X, y, lr=self.lr, epochs=self.epochs, batch_size=self.batch_size, tol=self.tol,
                seed=self.seed, loss=self.loss, fit_intercept=self.fit_intercept,
                verbose=self.verbose, **sgd_hooks)
        from descenso.linear.autograd_descent import autograd_descent

        return autograd_descent(X, y, lr=self.lr, max_iter=self.max_iter, tol=self.tol,
                                loss=self.loss, fit_intercept=self.fit_intercept,
                                verbose=self.verbose)

    def predict(self, X) -> np.ndarray:
        """``X @ coef_ + intercept_`` for ``X`` of shape (n_samples, n_features_in_)."""
        if not hasattr(self, "coef_"):
            raise NotFittedError(_("this LinearRegression is not fitted yet; call fit(X, y) first"))
        X_array = check_array(X, n_features=self.n_features_in_, estimator="LinearRegression")
        with single_threaded_blas():
            return X_array @ self.coef_ + self.intercept_

    def score(self, X, y) -> float:
        """R² of the predictions for ``X`` against ``y`` (1 is perfect)."""
        return r2_score(y, self.predict(X))

    def _check_params(self) -> None:
        _choice("solver", self.solver, SOLVERS)
        _choice("loss", self.loss, LOSSES)
        if self.lr != "auto":
            _positive_number("lr", self.lr, allow_auto=True)
        if self.solver == "gd" and self.lr == "auto" and self.loss == "mae":
            raise ConfigError(_("lr='auto' needs loss='mse' (the mae has no curvature to "
                                "measure); give a number such as lr=0.01"))
        if self.solver == "autograd" and self.loss == "mae":
            raise ConfigError(_("solver='autograd' trains the mse; use solver='gd' for "
                                "loss='mae'"))
        for name in ("max_iter", "batch_size", "epochs"):
            _positive_integer(name, getattr(self, name), minimum=0 if name == "max_iter" else 1)
        # The loss of every step is kept (float64): refuse before allocating 728 TiB for 1e14.
        check_memory(8.0 * (max(self.max_iter, self.epochs) + 1),
                     _("the loss history of {n} steps").format(n=max(self.max_iter, self.epochs)),
                     _("lower max_iter or epochs"))
        if self.tol is not None:
            _positive_number("tol", self.tol, zero_ok=True)
        if self.precompute not in ("auto", True, False):
            raise ConfigError(_("precompute must be 'auto', True or False, got {value!r}").format(
                value=self.precompute))
        if self.precompute is True and self.loss != "mse":
            raise ConfigError(_("precompute=True (the Gram matrix) works for loss='mse' only"))


def _choice(name: str, value, options) -> None:
    if value not in options:
        raise ConfigError(_("{name} must be one of {options}, got {value!r}").format(
                name=name, options=", ".join(repr(o) for o in options), value=value))


def _positive_number(name: str, value, zero_ok: bool = False, allow_auto: bool = False) -> None:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and np.isfinite(value)
    if not ok or value < 0 or (value == 0 and not zero_ok):
        if allow_auto:
            message = _("{name} must be a positive number or 'auto', got {value!r}")
        else:
            message = _("{name} must be a positive number, got {value!r}")
        raise ConfigError(message.format(name=name, value=value))


def _positive_integer(name: str, value, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ConfigError(_("{name} must be an integer >= {minimum}, got {value!r}").format(
                name=name, minimum=minimum, value=value))
