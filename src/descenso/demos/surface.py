"""Demo ``surface``: what an error looks like as a landscape over the slope and the intercept.

For the line ``y = m x + b`` every pair ``(m, b)`` has an error. Drawn over ``m`` and ``b`` in
[-5, 5], the error is a surface, and gradient descent walks downhill on it. Four errors are
drawn, each as a filled contour map with a colour bar beside a 3-D view:

- the absolute error ``|4 m + b - 4|`` and the squared error ``(4 m + b - 4)²`` of the single
  point (x=4, y=4): both are zero along the whole line ``b = 4 - 4 m``, because one point
  cannot decide a line;
- the MAE and the MSE of a small noisy line dataset: each has a lowest point.

The grids are plain NumPy (every ``(m, b)`` at once by broadcasting); the paths of gradient
descent are computed by descenso's autograd and ``optim.SGD``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from descenso.autograd import Tensor, tensor
from descenso.datasets import make_line
from descenso.demos.result import DemoRun, check_counts
from descenso.i18n import gettext as _
from descenso.optim import SGD
from descenso.report.figures.canvas import new_figure

__all__ = ["descend", "error_grid", "run"]

LIMIT = 5.0
POINT = (4.0, 4.0)
START = (-4.0, -4.0)
TRUE_M, TRUE_B = 0.5, 1.0


def error_grid(
    x: np.ndarray, y: np.ndarray, m: np.ndarray, b: np.ndarray, kind: str
) -> np.ndarray:
    """The mean absolute (``kind="abs"``) or squared (``"squared"``) error at every ``(m, b)``.

    Parameters
    ----------
    x, y : ndarray of shape (n,)
        The points.
    m, b : ndarray of shape (rows, cols)
        Slopes and intercepts, e.g. from ``np.meshgrid``.

    Returns
    -------
    ndarray of shape (rows, cols)

    >>> m, b = np.meshgrid([0.0, 1.0], [0.0])
    >>> error_grid(np.array([4.0]), np.array([4.0]), m, b, "squared").tolist()
    [[16.0, 0.0]]
    """
    residual = m[..., None] * x + b[..., None] - y
    if kind == "abs":
        return np.abs(residual).mean(axis=-1)
    return (residual**2).mean(axis=-1)


def descend(
    loss: Callable[[Tensor, Tensor], Tensor], start: tuple[float, float], lr: float, steps: int
) -> np.ndarray:
    """The ``(m, b)`` visited by ``steps`` steps of gradient descent on ``loss(m, b)``.

    Returns
    -------
    ndarray of shape (steps + 1, 2), float64, starting with ``start``.

    >>> path = descend(lambda m, b: (m - 1.0) ** 2 + (b + 1.0) ** 2, (0.0, 0.0), 0.5, 1)
    >>> path.tolist()
    [[0.0, 0.0], [1.0, -1.0]]
    """
    m = tensor([start[0]], requires_grad=True, dtype=np.float64)
    b = tensor([start[1]], requires_grad=True, dtype=np.float64)
    optimizer = SGD([m, b], lr=lr)
    path = [(start[0], start[1])]
    for _step in range(steps):
        optimizer.zero_grad()
        loss(m, b).sum().backward()
        optimizer.step()
        path.append((float(m.data[0]), float(b.data[0])))
    return np.array(path)


def _mean_error(x: np.ndarray, y: np.ndarray, kind: str) -> Callable[[Tensor, Tensor], Tensor]:
    """``loss(m, b)``: the mean absolute or squared error of the line on ``(x, y)``, as a tensor."""
    x_tensor, y_tensor = tensor(x, dtype=np.float64), tensor(y, dtype=np.float64)

    def loss(m: Tensor, b: Tensor) -> Tensor:
        residual = m * x_tensor + b - y_tensor
        return residual.abs().mean() if kind == "abs" else (residual**2).mean()

    return loss


def _draw(record: DemoRun, stem: str, title: str, grids, values, label: str, path, zero_line,
          best) -> None:
    m_grid, b_grid = grids
    figure = new_figure(12, 5)
    axes = figure.add_subplot(1, 2, 1)
    filled = axes.contourf(m_grid, b_grid, values, levels=30, cmap="viridis")
    axes.contour(m_grid, b_grid, values, levels=10, colors="white", linewidths=0.4)
    figure.colorbar(filled, ax=axes, label=label)
    if zero_line:
        m_line = np.linspace(-LIMIT, LIMIT, 2)
        axes.plot(m_line, 4.0 - 4.0 * m_line, "--", color="white",
                  label=_("zero error: b = 4 - 4m"))
    if best is not None:
        axes.plot(*best, marker="*", color="gold", markersize=16, linestyle="none",
                  markeredgecolor="black", label=_("lowest error on the grid"))
    axes.plot(path[:, 0], path[:, 1], "o-", color="red", markersize=3, linewidth=1,
              label=_("gradient descent path"))
    axes.set(xlim=(-LIMIT, LIMIT), ylim=(-LIMIT, LIMIT), xlabel=_("slope m"),
             ylabel=_("intercept b"), title=title)
    axes.legend(loc="upper right", fontsize="small")

    axes3d = figure.add_subplot(1, 2, 2, projection="3d")
    axes3d.plot_surface(m_grid, b_grid, values, cmap="viridis", linewidth=0, antialiased=False)
    axes3d.set(xlabel=_("slope m"), ylabel=_("intercept b"), zlabel=label,
               title=_("the same error as a surface"))
    record.save_figure(figure, stem, title)


def run(record: DemoRun, resolution: int = 81, steps: int = 40, path: bool = True) -> None:
    """Draw the four error surfaces; with ``path`` also the walk of gradient descent."""
    check_counts(minimum=2, resolution=resolution)
    check_counts(minimum=0, steps=steps)
    axis = np.linspace(-LIMIT, LIMIT, resolution)
    m_grid, b_grid = np.meshgrid(axis, axis)
    data = make_line(40, m=TRUE_M, b=TRUE_B, sigma=0.5, range_=4, seed=record.seed)
    x_data, y_data = data.X[:, 0].astype(np.float64), data.y.astype(np.float64)
    x_point, y_point = np.array([POINT[0]]), np.array([POINT[1]])
    record.say(_(
        "Each (m, b) is a line y = m x + b and has an error. Over m and b in [-5, 5] the error "
        "is a surface; gradient descent walks downhill on it from (m, b) = ({m}, {b})."
    ).format(m=START[0], b=START[1]))

    mean_x2 = float(np.mean(x_data**2))
    cases = [
        ("surface_point_abs", _("absolute error of the point (4, 4)"), x_point, y_point, "abs",
         0.05),
        ("surface_point_squared", _("squared error of the point (4, 4)"), x_point, y_point,
         "squared", 0.25 / (1.0 + 16.0)),
        ("surface_data_mae", _("MAE of {n} points on a noisy line").format(n=len(x_data)),
         x_data, y_data, "abs", 0.5 / np.sqrt(mean_x2)),
        ("surface_data_mse", _("MSE of {n} points on a noisy line").format(n=len(x_data)),
         x_data, y_data, "squared", 0.5 / (1.0 + mean_x2)),
    ]
    walks = {}
    for stem, title, x, y, kind, lr in cases:
        values = error_grid(x, y, m_grid, b_grid, kind)
        loss = _mean_error(x, y, kind)
        walk = descend(loss, START, lr, steps) if path else np.array([START])
        walks[stem] = walk
        single = len(x) == 1
        lowest = np.unravel_index(np.argmin(values), values.shape)
        best = None if single else (m_grid[lowest], b_grid[lowest])
        end_m, end_b = walk[-1]
        record.say(_("{title}: from {low:.3g} to {high:.3g} on the grid").format(
            title=title, low=values.min(), high=values.max()))
        if best is not None:
            record.say(_("  lowest on the grid at m = {m:.2f}, b = {b:.2f}").format(
                m=best[0], b=best[1]))
        if path:
            final = error_grid(x, y, np.array([[end_m]]), np.array([[end_b]]), kind)[0, 0]
            initial = error_grid(x, y, np.array([[START[0]]]), np.array([[START[1]]]),
                                 kind)[0, 0]
            record.say(_("  {steps} steps of gradient descent (learning rate {lr:.3g}) end at "
                         "m = {m:.3f}, b = {b:.3f}, error {error:.4g}").format(
                steps=steps, lr=lr, m=end_m, b=end_b, error=final))
            record.record(**{f"{stem}_end": [float(end_m), float(end_b)],
                             f"{stem}_start_error": float(initial),
                             f"{stem}_final_error": float(final)})
            if best is not None:
                record.record(**{f"{stem}_lowest": [float(best[0]), float(best[1])]})
        _draw(record, stem, title, (m_grid, b_grid), values, title, walk, single, best)
    _explain(record, x_data, walks if path else None, steps)


def _explain(record: DemoRun, x: np.ndarray, walks: dict | None, steps: int) -> None:
    """Say what the surfaces and the paths show, with the numbers of this run."""
    record.say("")
    record.say(_("The point's errors are zero along a whole line: one point cannot decide a "
                 "line."))
    # how fast each parameter moves the error: the MSE's curvature is 2 mean(x²) along m
    # and 2 along b; the MAE's slope is mean(|x|) along m and 1 along b
    mean_x2, mean_abs = float(np.mean(x**2)), float(np.mean(np.abs(x)))
    record.say(_(
        "The text's central point: m moves the error faster than b. On these data the MSE "
        "curves {curvature:.1f} times more steeply along m than along b (mean(x^2) = {mx2:.1f} "
        "against 1), and the MAE climbs {slope:.1f} times faster along m (mean(|x|) against "
        "1). So one step size (the text's Δ, the learning rate here) cannot suit both: one "
        "small enough for m leaves b crawling."
    ).format(curvature=mean_x2, mx2=mean_x2, slope=mean_abs))
    record.record(curvature_ratio=mean_x2, slope_ratio=mean_abs)
    if walks is None or steps == 0:
        return
    lengths = np.hypot(*np.diff(walks["surface_data_mae"], axis=0).T)
    record.say(_(
        "The MAE is a cone with flat faces: on each face its gradient keeps the same size. Yet "
        "the path's steps shrink from {first:.2f} to {last:.2f}, because each time the line "
        "crosses a point the face changes, and near the bottom the points on either side pull "
        "in opposite directions. The MSE is a smooth bowl whose gradient shrinks near the "
        "bottom."
    ).format(first=lengths[0], last=lengths[-1]))
    record.record(mae_first_step=float(lengths[0]), mae_last_step=float(lengths[-1]))
    for stem in ("surface_data_mae", "surface_data_mse"):
        end = walks[stem][-1]
        lowest = np.asarray(record.result.numbers[f"{stem}_lowest"])
        record.record(**{f"{stem}_distance": float(np.hypot(*(end - lowest)))})
    record.say(_(
        "Neither path reaches the lowest point in {steps} steps: they end {mae:.2f} (MAE) and "
        "{mse:.2f} (MSE) away from it. Both first slide down along m, the steep direction, and "
        "then creep along the shallow valley in b: the same learning rate that keeps m stable "
        "is far too small for b. Standardizing x, or an optimizer with a step per parameter "
        "such as Adam, fixes this."
    ).format(steps=steps, mae=record.result.numbers["surface_data_mae_distance"],
             mse=record.result.numbers["surface_data_mse_distance"]))
