"""The exact optimum of a smooth convex objective by Newton's method (the reference).

Gradient descent is judged against this: each Newton step solves ``H p = -∇f`` by conjugate
gradients, using only Hessian-vector products (so no (dK)×(dK) matrix is built), then takes
the longest step ``t ∈ {1, 1/2, 1/4, ...}`` that lowers ``f`` enough (Armijo). Near the
optimum the steps are full and the error squares at every iteration, so a few dozen
iterations in float64 reach the optimum to rounding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Optimum", "newton_cg"]

_ARMIJO = 1e-4


@dataclass(frozen=True)
class Optimum:
    """Where Newton's method stopped.

    ``converged`` is False when the gradient did not vanish (for example an unregularized
    fit of separable classes, whose weights grow without bound: there is no optimum).
    """

    theta: np.ndarray
    value: float
    gradient_norm: float
    n_iter: int
    converged: bool


def newton_cg(objective, theta: np.ndarray, *, max_iter: int = 100, gtol: float = 1e-10,
              max_cg: int = 500) -> Optimum:
    """Minimise ``objective`` from ``theta`` (float64).

    ``objective`` has ``value_and_gradient(θ) -> (float, array)`` and
    ``hessian_product(θ, v) -> array``. Stops when ``max |∇f| <= gtol``.

    >>> class Bowl:
    ...     def value_and_gradient(self, t):
    ...         return float(np.sum((t - 3.0) ** 2)), 2.0 * (t - 3.0)
    ...     def hessian_product(self, t, v):
    ...         return 2.0 * v
    >>> newton_cg(Bowl(), np.zeros(2)).theta
    array([3., 3.])
    """
    theta = np.array(theta, dtype=np.float64)
    value, grad = objective.value_and_gradient(theta)
    for iteration in range(max_iter + 1):
        norm = float(np.max(np.abs(grad)))
        if norm <= gtol or iteration == max_iter:
            break
        step = _conjugate_gradients(objective, theta, grad, max_cg)
        slope = float(np.sum(grad * step))
        if slope >= 0:  # CG stalled on a flat direction: fall back to steepest descent
            step, slope = -grad, -float(np.sum(grad * grad))
        size = 1.0
        while size > 1e-12:
            trial = theta + size * step
            trial_value, trial_grad = objective.value_and_gradient(trial)
            if trial_value <= value + _ARMIJO * size * slope:
                break
            size *= 0.5
        else:
            break  # no step lowers f any more: rounding level reached
        if value - trial_value <= 1e-16 * max(abs(value), 1.0) and size < 1.0:
            theta, value, grad = trial, trial_value, trial_grad
            break
        theta, value, grad = trial, trial_value, trial_grad
    norm = float(np.max(np.abs(grad)))
    return Optimum(theta=theta, value=value, gradient_norm=norm, n_iter=iteration,
                   converged=norm <= max(gtol, 1e-8))


def _conjugate_gradients(objective, theta, grad, max_cg):
    """Approximately solve ``H p = -g``, to a relative residual of ``min(0.5, sqrt|g|)``."""
    step = np.zeros_like(grad)
    residual = -grad
    direction = residual.copy()
    norm_sq = float(np.sum(residual * residual))
    target = min(0.5, np.sqrt(np.sqrt(norm_sq))) ** 2 * norm_sq
    for _ in range(max_cg):
        product = objective.hessian_product(theta, direction)
        curvature = float(np.sum(direction * product))
        if curvature <= 0:
            break
        size = norm_sq / curvature
        step += size * direction
        residual -= size * product
        new_norm_sq = float(np.sum(residual * residual))
        if new_norm_sq <= target:
            break
        direction = residual + (new_norm_sq / norm_sq) * direction
        norm_sq = new_norm_sq
    if not np.any(step):
        return -grad
    return step
