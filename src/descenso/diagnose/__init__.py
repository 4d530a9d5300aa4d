"""Diagnosis of a trained regression model: bias, variance, fit, convergence and scaling.

>>> from descenso.diagnose import diagnose
>>> diagnose(0.95, 0.60).fit
'overfit'
"""

from descenso.diagnose.convergence import (
    ConvergenceReport,
    LogLossConvergence,
    check_convergence,
    check_log_loss_convergence,
)
from descenso.diagnose.diagnosis import (
    Diagnosis,
    Thresholds,
    bias_level,
    diagnose,
    fit_verdict,
    variance_level,
)
from descenso.diagnose.finding import Finding
from descenso.diagnose.scaling import ScalingReport, check_scaling
from descenso.diagnose.three_questions import Margins, ModelDiagnosis, diagnose_model

__all__ = [
    "ConvergenceReport",
    "Diagnosis",
    "Finding",
    "LogLossConvergence",
    "Margins",
    "ModelDiagnosis",
    "ScalingReport",
    "Thresholds",
    "bias_level",
    "check_convergence",
    "check_log_loss_convergence",
    "check_scaling",
    "diagnose",
    "diagnose_model",
    "fit_verdict",
    "variance_level",
]
