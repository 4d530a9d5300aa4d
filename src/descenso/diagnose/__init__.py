"""Diagnosis of a trained regression model: bias, variance, fit, convergence and scaling.

>>> from descenso.diagnose import diagnose
>>> diagnose(0.95, 0.60).fit
'overfit'
"""

from descenso.diagnose.convergence import ConvergenceReport, check_convergence
from descenso.diagnose.diagnosis import Diagnosis, diagnose
from descenso.diagnose.log_loss_convergence import LogLossConvergence, check_log_loss_convergence
from descenso.diagnose.scaling import ScalingReport, check_scaling
from descenso.diagnose.verdict import Thresholds, bias_level, fit_verdict, variance_level

__all__ = [
    "ConvergenceReport",
    "Diagnosis",
    "LogLossConvergence",
    "ScalingReport",
    "Thresholds",
    "bias_level",
    "check_convergence",
    "check_log_loss_convergence",
    "check_scaling",
    "diagnose",
    "fit_verdict",
    "variance_level",
]
