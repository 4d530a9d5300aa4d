"""Linear models: regression by closed form, gradient descent, SGD and autograd, and
logistic / softmax regression by gradient descent.

>>> from descenso.linear import LinearRegression, LogisticRegression
>>> LinearRegression(solver="gd", lr="auto")
LinearRegression(solver='gd', lr='auto')
>>> LogisticRegression(C=10.0)
LogisticRegression(C=10.0)
"""

from descenso.linear.linear_regression import LinearRegression
from descenso.linear.logistic_regression import LogisticRegression
from descenso.linear.normal_equations import LeastSquares, least_squares
from descenso.linear.step_size import Curvature, curvature

__all__ = ["Curvature", "LeastSquares", "LinearRegression", "LogisticRegression", "curvature",
           "least_squares"]
