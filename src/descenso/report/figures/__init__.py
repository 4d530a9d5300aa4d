"""The report's figures, each a function from plain NumPy data to PNG bytes.

Every function draws off-screen with matplotlib's Agg renderer (never ``pyplot``), labels its
axes and title in the current language, and returns identical bytes for identical inputs.
Save a figure with :func:`descenso.io.write_bytes_atomic`.
"""

from descenso.report.figures.canvas import figure_to_png, new_figure, png_size
from descenso.report.figures.classification import (
    confusion_matrix_figure,
    per_class_accuracy_figure,
)
from descenso.report.figures.images import (
    confident_errors,
    most_confident_errors,
    prediction_grid,
)
from descenso.report.figures.regression import predicted_vs_actual, residual_histogram
from descenso.report.figures.training import metric_label, training_curves

__all__ = [
    "confident_errors",
    "confusion_matrix_figure",
    "figure_to_png",
    "metric_label",
    "most_confident_errors",
    "new_figure",
    "per_class_accuracy_figure",
    "png_size",
    "predicted_vs_actual",
    "prediction_grid",
    "residual_histogram",
    "training_curves",
]
