"""``LogisticRegression``: logistic (two classes) and softmax (more) regression by full-batch
gradient descent, run to convergence with a safe automatic step.

Every iteration is what a learner writes by hand, from zero weights::

    P = softmax(X @ W.T + b)            # sigmoid of one logit for two classes
    dW = (P - Y).T @ X / n + alpha * W
    db = mean(P - Y, axis=0)
    W -= lr * dW
    b -= lr * db

**Regularization.** The default is scikit-learn's: an L2 penalty with ``C=1.0``, i.e. the
objective ``mean log-loss + ||W||² / (2 C n)`` (see :mod:`descenso.linear.log_loss`). It is the
honest default: when the classes can be separated by a plane (iris' setosa, often
breast_cancer) the unregularized log-loss has no minimum, the weights grow for ever and
"run to convergence" would be a lie. ``penalty=None`` (or a large ``C``) removes it; the fit
then stops at ``max_iter`` on separable data and ``converged_`` says so.

**Step.** ``lr="auto"`` uses ``1 / L``, where ``L = λmax(AᵀA/n)/4 + α`` (two classes) or
``/2`` (more) bounds the curvature of the log-loss everywhere (``A = [X, 1]``): with that step
every iteration lowers the loss, so it cannot diverge, whatever the data.
"""

from __future__ import annotations

import numpy as np

from descenso.errors import ConfigError, DataError, NotFittedError, ShapeError
from descenso.estimator import BaseEstimator
from descenso.i18n import gettext as _
from descenso.linear.linear_regression import _positive_integer, _positive_number
from descenso.linear.log_loss import LogLoss
from descenso.linear.stopping import descend
from descenso.threads import single_threaded_blas
from descenso.validation import check_array, check_y_given, column_or_1d

__all__ = ["LogisticRegression"]

PENALTIES = ("l2", None)


class LogisticRegression(BaseEstimator):
    """Logistic / softmax regression fitted by full-batch gradient descent.

    Parameters
    ----------
    penalty : {"l2", None}
        L2 on the weights (not the intercept), as scikit-learn's default; None for none.
    C : float
        Inverse regularization strength (scikit-learn's meaning): the penalty is
        ``||W||² / (2 C n)`` on the mean log-loss.
    lr : float or "auto"
        Learning rate; "auto" is ``1/L`` from a bound of the loss's curvature (safe always).
    max_iter : int
        Most gradient steps.
    tol : float or None
        Stop once a step lowers the training objective by less than ``tol`` times itself.
    fit_intercept : bool
    verbose : bool
        Print the loss about ten times during training.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,), the labels, sorted
    coef_ : ndarray of shape (1, n_features) for two classes, (n_classes, n_features) else
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : int, gradient steps taken
    history_ : ndarray of shape (n_iter_ + 1,), the training objective after each step
    converged_ : bool, whether ``tol`` stopped training
    lr_ : float, the step used (``"auto"`` resolved)
    lipschitz_ : float, the curvature bound ``L``
    n_features_in_ : int

    >>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    >>> model = LogisticRegression().fit(X, np.array(["no", "no", "yes", "yes"]))
    >>> model.predict(np.array([[-3.0], [3.0]])).tolist(), model.converged_
    (['no', 'yes'], True)
    >>> model.predict_proba(np.array([[0.0]])).round(6)
    array([[0.5, 0.5]])
    """

    _estimator_type = "classifier"

    def __init__(self, penalty: str | None = "l2", *, C: float = 1.0, lr="auto",
                 max_iter: int = 100_000, tol: float | None = 1e-10,
                 fit_intercept: bool = True, verbose: bool = False):
        self.penalty = penalty
        self.C = C
        self.lr = lr
        self.max_iter = max_iter
        self.tol = tol
        self.fit_intercept = fit_intercept
        self.verbose = verbose

    def fit(self, X, y) -> LogisticRegression:
        """Learn the weights from ``X`` (n_samples, n_features) and labels ``y`` (n_samples,).

        Returns ``self``. Raises ``TrainingDiverged`` if a numeric ``lr`` is too large.
        """
        with single_threaded_blas():  # the same bits whatever the machine's BLAS threads
            return self._fit(X, y)

    def _fit(self, X, y) -> LogisticRegression:
        self._check_params()
        check_y_given(y, "LogisticRegression")
        X_array = check_array(X)
        self.classes_, y_index = encode_labels(y, X_array.shape[0])
        objective = self.objective(X_array, y_index)
        self.lipschitz_ = objective.lipschitz()
        self.lr_ = 1.0 / self.lipschitz_ if self.lr == "auto" else float(self.lr)
        theta, self.history_, self.converged_ = self._descend(objective, self.lr_)
        self.n_iter_ = self.history_.shape[0] - 1
        self.coef_ = theta[:, :-1].copy()
        self.intercept_ = theta[:, -1].copy()
        self.n_features_in_ = X_array.shape[1]
        return self

    def objective(self, X: np.ndarray, y_index: np.ndarray) -> LogLoss:
        """The training objective on ``X`` with class indices ``y_index`` (see ``log_loss``)."""
        alpha = 0.0 if self.penalty is None else 1.0 / (self.C * X.shape[0])
        return LogLoss(X, y_index, len(self.classes_), alpha, self.fit_intercept)

    def _descend(self, objective: LogLoss, lr: float):
        theta = objective.zeros()
        grad = None

        def loss() -> float:
            nonlocal grad
            value, grad = objective.value_and_gradient(theta)
            return value

        def step() -> None:
            np.multiply(grad, lr, out=grad)
            np.subtract(theta, grad, out=theta)

        history, converged = descend(loss, step, lr=lr, max_iter=self.max_iter, tol=self.tol,
                                     verbose=self.verbose, limit=lambda: 2.0 / self.lipschitz_)
        return theta, history, converged

    def decision_function(self, X) -> np.ndarray:
        """The logits: shape (n_samples,) for two classes, (n_samples, n_classes) else."""
        if not hasattr(self, "coef_"):
            raise NotFittedError(
                _("this LogisticRegression is not fitted yet; call fit(X, y) first"))
        X_array = check_array(X, n_features=self.n_features_in_, estimator="LogisticRegression")
        with single_threaded_blas():
            logits = X_array @ self.coef_.T + self.intercept_
        return logits[:, 0] if logits.shape[1] == 1 else logits

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, shape (n_samples, n_classes), columns in ``classes_`` order."""
        logits = self.decision_function(X)
        if logits.ndim == 1:
            positive = np.exp(-np.logaddexp(0.0, -logits))
            return np.stack([1.0 - positive, positive], axis=1)
        shifted = logits - logits.max(axis=1, keepdims=True)
        probs = np.exp(shifted)
        return probs / probs.sum(axis=1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        """The most probable class of each row, shape (n_samples,)."""
        logits = self.decision_function(X)
        index = (logits > 0).astype(np.intp) if logits.ndim == 1 else logits.argmax(axis=1)
        return self.classes_[index]

    def score(self, X, y) -> float:
        """Accuracy of the predictions for ``X`` against ``y`` (1 is perfect)."""
        from descenso.metrics import accuracy_score

        return accuracy_score(y, self.predict(X))

    def _check_params(self) -> None:
        if self.penalty not in PENALTIES:
            raise ConfigError(_("penalty must be 'l2' or None, got {value!r}").format(
                value=self.penalty))
        _positive_number("C", self.C)
        if self.lr != "auto":
            _positive_number("lr", self.lr, allow_auto=True)
        _positive_integer("max_iter", self.max_iter, minimum=0)
        if self.tol is not None:
            _positive_number("tol", self.tol, zero_ok=True)


def encode_labels(y, n_samples: int) -> tuple[np.ndarray, np.ndarray]:
    """``(classes_, index of each label in classes_)`` for labels ``y`` (n_samples,)."""
    labels = column_or_1d(y, "y")
    if labels.shape[0] != n_samples:
        raise ShapeError(_("X has {n_x} rows but y has {n_y}; give one target per row").format(
            n_x=n_samples, n_y=labels.shape[0]))
    if labels.dtype.kind == "c" or labels.dtype == object and not all(
            isinstance(label, (str, int, np.integer)) for label in labels):
        raise DataError(_("y must hold class labels (integers or text), got dtype {dtype}; "
                          "convert the labels first").format(dtype=labels.dtype))
    if labels.dtype.kind == "f" and not np.all(np.isfinite(labels)):
        index = int(np.flatnonzero(~np.isfinite(labels))[0])
        raise DataError(_("y contains NaN or infinity (first at row {row}); remove those rows "
                          "first").format(row=index))
    if labels.dtype.kind == "f" and not np.all(labels == np.round(labels)):
        index = int(np.flatnonzero(labels != np.round(labels))[0])
        raise DataError(_("y looks continuous ({value} at row {row}), not class labels; use a "
                          "regressor to predict a number, or give whole-number or text "
                          "labels").format(value=labels[index], row=index))
    classes, index = np.unique(labels, return_inverse=True)
    if classes.shape[0] < 2:
        raise DataError(_("y holds 1 class only ({label!r}); a classifier needs at least two "
                          "classes").format(label=classes[0].item()))
    return classes, index.reshape(-1)
