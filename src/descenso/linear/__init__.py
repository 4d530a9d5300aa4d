"""Linear regression by closed form, gradient descent, SGD and autograd.

>>> from descenso.linear import LinearRegression
>>> LinearRegression(solver="gd", lr="auto")
LinearRegression(solver='gd', lr='auto')
"""

from descenso.linear.linear_regression import LinearRegression
from descenso.linear.normal_equations import LeastSquares, least_squares
from descenso.linear.step_size import Curvature, curvature

__all__ = ["Curvature", "LeastSquares", "LinearRegression", "curvature", "least_squares"]
