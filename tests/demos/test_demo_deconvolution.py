"""``deconvolution``: the bundled photo blurred by camera shake and restored three ways."""

from __future__ import annotations

import numpy as np


def test_both_restorations_beat_the_blurred_photo(demo_result):
    numbers = demo_result("deconvolution").numbers
    blurred_psnr, blurred_ssim = numbers["blurred"]
    assert numbers["nonblind"][0] > blurred_psnr + 2.0
    assert numbers["nonblind"][1] > blurred_ssim
    assert numbers["blind"][0] > blurred_psnr
    estimated = np.array(numbers["estimated"])
    assert estimated.shape == (9, 9) and estimated.min() >= 0
    assert abs(estimated.sum() - 1.0) < 1e-9


def test_prints_a_table_of_psnr_and_ssim_with_the_deep_image_prior(demo_result):
    text = "\n".join(demo_result("deconvolution").lines)
    for label in ("blurred", "non-blind TV", "blind TV", "total variation",
                  "deep image prior"):
        assert label in text
    assert "PSNR (dB)" in text


def test_spanish(tmp_path):
    from descenso.demos import run_demo

    text = "\n".join(run_demo("deconvolution", tmp_path, lang="es", size=48, kernel_size=7,
                              iterations=20, crop_size=24, prior_steps=5).lines)
    assert "borrosa" in text and "prior de imagen profundo" in text
