"""Deblurring: recover a sharp image from a blurred one, with the blur known or not.

The thesis among descenso's course texts is titled *Deconvolución ciega de imágenes con
técnicas de aprendizaje profundo*: this package carries the tools its chapters teach (a loss,
its gradient by autograd, gradient descent) to that problem.
"""

from descenso.deblur.blind import BlindResult, blind_deconvolve
from descenso.deblur.kernels import camera_shake_kernel, check_kernel, project_kernel
from descenso.deblur.nonblind import DeblurInterrupted, crop, deconvolve, extend
from descenso.deblur.quality import error_ratio, psnr, ssim

__all__ = ["BlindResult", "DeblurInterrupted", "blind_deconvolve", "camera_shake_kernel", "check_kernel", "crop",
           "deconvolve", "error_ratio", "extend", "project_kernel", "psnr", "ssim"]
