"""What ``MLPRegressor`` and ``MLPClassifier`` share: scikit-learn's parameters, the network,
and one training run through :class:`~descenso.train.Trainer`.

The network is ``(Linear -> activation) per hidden layer -> Linear``, an ``nn.Sequential``
in float32, initialised as scikit-learn does (Glorot uniform: weights and biases drawn from
``U(-b, b)`` with ``b = sqrt(6 / (fan_in + fan_out))``, ``sqrt(2 / ...)`` for "logistic").
Training is the Trainer's loop, with

- ``solver="adam"``: ``optim.Adam(lr=learning_rate_init, betas=(beta_1, beta_2), eps=epsilon)``;
- ``solver="sgd"``: ``optim.SGD(lr=learning_rate_init, momentum=momentum,
  nesterov=nesterovs_momentum)`` (scikit-learn's defaults: 0.9, Nesterov);
- ``alpha``: scikit-learn's L2 penalty ``alpha ||W||² / (2 batch)`` on the weights (not the
  biases), i.e. weight decay ``alpha / batch_size`` on the weight matrices;
- stopping as scikit-learn: after ``n_iter_no_change`` epochs in which the training loss (or,
  with ``early_stopping``, the validation score on a held-out ``validation_fraction``) did not
  improve by ``tol`` (:class:`~descenso.neural.stopping.NoImprovementStop`; with
  ``early_stopping`` the weights of the best validation epoch are kept); otherwise after
  ``max_iter`` epochs.
"""

from __future__ import annotations

import itertools
import numbers
import warnings

import numpy as np

from descenso import nn, optim
from descenso.autograd import manual_seed
from descenso.errors import ConfigError, ConvergenceWarning, NotFittedError
from descenso.estimator import BaseEstimator
from descenso.i18n import gettext as _
from descenso.limits import check_memory
from descenso.neural.stopping import NoImprovementStop
from descenso.train import Trainer
from descenso.train.evaluation import predict_in_batches
from descenso.validation import check_array

__all__ = ["BaseMultilayerPerceptron"]

ACTIVATIONS = {"identity": None, "logistic": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU}
SOLVERS = ("adam", "sgd")
_MAX_BATCH = 200  # batch_size="auto" is min(200, n_samples), as in scikit-learn


class BaseMultilayerPerceptron(BaseEstimator):
    """Shared parameters and training of the two multilayer perceptrons (not used directly).

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default (100,)
        Units of each hidden layer.
    activation : {"identity", "logistic", "tanh", "relu"}, default "relu"
    solver : {"adam", "sgd"}, default "adam"
    alpha : float, default 0.0001
        L2 penalty on the weights.
    batch_size : int or "auto", default "auto"
        Rows per minibatch; "auto" is ``min(200, n_samples)``.
    learning_rate_init : float, default 0.001
    max_iter : int, default 200
        Most epochs.
    shuffle : bool, default True
    random_state : int or None, default None
        Seeds the weights, the shuffling and the validation split: the same int gives the same
        model bit for bit; None draws a new seed at every fit (scikit-learn's meaning).
    tol : float, default 1e-4
    early_stopping : bool, default False
        Hold out ``validation_fraction`` of the rows and stop on their score.
    validation_fraction : float, default 0.1
    n_iter_no_change : int, default 10
    momentum : float, default 0.9
        sgd only.
    nesterovs_momentum : bool, default True
        sgd only.
    beta_1, beta_2, epsilon : float
        adam only.

    Attributes
    ----------
    loss_curve_ : list of float, the mean training loss of every epoch, over its batches (the
        L2 penalty is not included, unlike scikit-learn's, so the curve is the data's loss)
    validation_scores_ : list of float or None, the validation score of every epoch
        (``early_stopping`` only)
    best_loss_ : float or None, the lowest training loss (None with ``early_stopping``)
    n_iter_ : int, epochs run
    coefs_ : list of ndarray, ``coefs_[i]`` of shape (units of layer i, units of layer i + 1)
    intercepts_ : list of ndarray, ``intercepts_[i]`` of shape (units of layer i + 1,)
    n_features_in_ : int
    n_layers_ : int, hidden layers + 2
    n_outputs_ : int
    model_ : nn.Sequential, the trained network
    """

    _loss_name = ""  # set by each subclass: the loss the network is trained on

    def __init__(self, hidden_layer_sizes=(100,), activation: str = "relu", *,
                 solver: str = "adam", alpha: float = 0.0001, batch_size="auto",
                 learning_rate_init: float = 0.001, max_iter: int = 200, shuffle: bool = True,
                 random_state=None, tol: float = 1e-4, early_stopping: bool = False,
                 validation_fraction: float = 0.1, n_iter_no_change: int = 10,
                 momentum: float = 0.9, nesterovs_momentum: bool = True, beta_1: float = 0.9,
                 beta_2: float = 0.999, epsilon: float = 1e-8):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    # ------------------------------------------------------------------ subclass hooks

    def _loss(self):
        raise NotImplementedError  # pragma: no cover - each subclass defines it

    def _score_name(self) -> str:
        raise NotImplementedError  # pragma: no cover

    def _split_order(self, targets: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Row order whose first rows are held out for validation."""
        return rng.permutation(targets.shape[0])

    # ------------------------------------------------------------------ training

    def _train(self, X: np.ndarray, targets: np.ndarray, n_outputs: int) -> None:
        """Build the network and train it on ``X`` (n_samples, n_features) and ``targets``
        (class indices, or values of shape (n_samples, n_outputs))."""
        self._check_params()
        seed = self._seed()
        n_samples = X.shape[0]
        batch = min(_MAX_BATCH, n_samples) if self.batch_size == "auto" else min(
            self.batch_size, n_samples)
        self.model_ = self._network(X.shape[1], n_outputs, seed)
        val = None
        if self.early_stopping:
            order = self._split_order(targets, np.random.default_rng(seed))
            n_val = max(1, round(self.validation_fraction * n_samples))
            if n_samples - n_val < 1:
                raise ConfigError(_("early_stopping needs at least 2 rows, got {n}; turn it off "
                                    "or give more rows").format(n=n_samples))
            held, kept = order[:n_val], np.sort(order[n_val:])
            val = (X[held], targets[held])
            X, targets = X[kept], targets[kept]
            batch = min(batch, X.shape[0])
        monitor = f"val_{self._score_name()}" if self.early_stopping else "loss"
        stopper = NoImprovementStop(monitor, self.tol, self.n_iter_no_change)
        trainer = Trainer(self.model_, self._loss(), self._optimizer(batch), epochs=self.max_iter,
                          batch_size=batch, callbacks=[stopper], seed=seed,
                          metrics=(self._score_name(),) if self.early_stopping else (),
                          verbose="quiet", shuffle=bool(self.shuffle))
        history = trainer.fit((X, targets), val)
        if history.stop_reason == "completed":
            warnings.warn(
                _("{estimator} ran all max_iter={n} epochs and the {monitor} was still "
                  "improving by more than tol={tol}; raise max_iter (or learning_rate_init) if "
                  "loss_curve_ is still falling").format(
                    estimator=type(self).__name__, n=self.max_iter, tol=self.tol,
                    monitor=_("validation score") if self.early_stopping
                    else _("training loss")),
                ConvergenceWarning, stacklevel=3)
        self.loss_curve_ = [float(value) for value in history["loss"]]
        self.validation_scores_ = ([float(value) for value in history[monitor]]
                                   if self.early_stopping else None)
        self.best_loss_ = None if self.early_stopping else min(self.loss_curve_)
        self.n_iter_ = len(self.loss_curve_)
        linears = [layer for layer in self.model_ if isinstance(layer, nn.Linear)]
        self.coefs_ = [layer.weight.data.T.astype(np.float64) for layer in linears]
        self.intercepts_ = [layer.bias.data.astype(np.float64) for layer in linears]
        self.n_layers_ = len(linears) + 1
        self.n_outputs_ = n_outputs

    def _seed(self) -> int:
        if self.random_state is None:
            return int(np.random.default_rng().integers(2**31))
        return int(self.random_state)

    def _network(self, n_inputs: int, n_outputs: int, seed: int) -> nn.Sequential:
        hidden = self.hidden_layer_sizes
        hidden = (hidden,) if isinstance(hidden, numbers.Integral) else tuple(hidden)
        sizes = [n_inputs, *(int(size) for size in hidden), n_outputs]
        # Each float32 weight is held about four times (itself, its gradient, Adam's moments):
        # refuse a network the machine cannot hold before allocating it.
        weights = sum((a + 1) * b for a, b in itertools.pairwise(sizes))
        check_memory(16.0 * weights, _("a network of layers {sizes} ({n:,} weights)").format(
            sizes="-".join(map(str, sizes)), n=weights), _("choose smaller hidden_layer_sizes"))
        manual_seed(seed)
        factor = 2.0 if self.activation == "logistic" else 6.0
        layers: list = []
        for index, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes)):
            linear = nn.Linear(fan_in, fan_out)
            bound = float(np.sqrt(factor / (fan_in + fan_out)))
            nn.init.uniform_(linear.weight, -bound, bound)
            nn.init.uniform_(linear.bias, -bound, bound)
            layers.append(linear)
            activation = ACTIVATIONS[self.activation]
            if index < len(sizes) - 2 and activation is not None:
                layers.append(activation())
        return nn.Sequential(*layers)

    def _optimizer(self, batch: int):
        linears = [layer for layer in self.model_ if isinstance(layer, nn.Linear)]
        groups = [{"params": [layer.weight for layer in linears],
                   "weight_decay": float(self.alpha) / batch},
                  {"params": [layer.bias for layer in linears], "weight_decay": 0.0}]
        if self.solver == "adam":
            return optim.Adam(groups, lr=self.learning_rate_init,
                              betas=(self.beta_1, self.beta_2), eps=self.epsilon)
        return optim.SGD(groups, lr=self.learning_rate_init, momentum=self.momentum,
                         nesterov=bool(self.nesterovs_momentum and self.momentum > 0))

    # ------------------------------------------------------------------ using the model

    def _outputs(self, X) -> np.ndarray:
        """The network's raw outputs (float64) for ``X`` (n_samples, n_features_in_)."""
        if not hasattr(self, "model_"):
            raise NotFittedError(
                _("this {estimator} is not fitted yet; call fit(X, y) first").format(
                    estimator=type(self).__name__))
        X_array = check_array(X, n_features=self.n_features_in_,
                              estimator=type(self).__name__)
        return predict_in_batches(self.model_, X_array).astype(np.float64)

    def _check_params(self) -> None:
        sizes = self.hidden_layer_sizes
        if isinstance(sizes, numbers.Integral) and not isinstance(sizes, bool):
            sizes = (sizes,)
        if not (isinstance(sizes, (tuple, list)) and all(
                isinstance(size, numbers.Integral) and not isinstance(size, bool) and size >= 1
                for size in sizes)):
            raise ConfigError(_("hidden_layer_sizes must be a tuple of positive integers such "
                                "as (100,) or (64, 32), got {value!r}").format(
                value=self.hidden_layer_sizes))
        _choice("activation", self.activation, tuple(ACTIVATIONS))
        _choice("solver", self.solver, SOLVERS)
        if not (self.batch_size == "auto" or _is_int(self.batch_size, 1)):
            raise ConfigError(_("batch_size must be a positive integer or 'auto', got "
                                "{value!r}").format(value=self.batch_size))
        for name in ("max_iter", "n_iter_no_change"):
            if not _is_int(getattr(self, name), 1):
                raise ConfigError(_("{name} must be an integer >= 1, got {value!r}").format(
                    name=name, value=getattr(self, name)))
        for name, low, high in (("alpha", 0.0, None), ("learning_rate_init", 0.0, None),
                                ("tol", 0.0, None), ("momentum", 0.0, 1.0),
                                ("beta_1", 0.0, 1.0), ("beta_2", 0.0, 1.0),
                                ("epsilon", 0.0, None), ("validation_fraction", 0.0, 1.0)):
            _in_range(name, getattr(self, name), low, high,
                      strict_low=name in ("learning_rate_init", "epsilon",
                                          "validation_fraction"),
                      strict_high=name in ("beta_1", "beta_2", "validation_fraction"))
        if self.random_state is not None and not _is_int(self.random_state, 0):
            raise ConfigError(_("random_state must be None or an integer >= 0, got "
                                "{value!r}").format(value=self.random_state))



def _is_int(value, minimum: int) -> bool:
    return (isinstance(value, numbers.Integral) and not isinstance(value, bool)
            and value >= minimum)


def _choice(name: str, value, options) -> None:
    if value not in options:
        raise ConfigError(_("{name} must be one of {options}, got {value!r}").format(
            name=name, options=", ".join(repr(option) for option in options), value=value))


def _in_range(name, value, low, high, strict_low, strict_high) -> None:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and np.isfinite(value)
    if ok:
        ok = (value > low if strict_low else value >= low) and (
            high is None or (value < high if strict_high else value <= high))
    if not ok:
        interval = "{open}{low}, {high}{close}".format(
            open="(" if strict_low else "[", low=low, high="inf" if high is None else high,
            close=")" if strict_high or high is None else "]")
        raise ConfigError(_("{name} must be a number in {interval}, got {value!r}").format(
            name=name, interval=interval, value=value))
