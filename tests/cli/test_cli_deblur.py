"""``descenso deblur``: outputs of a blind and a non-blind run, and bad input in one line."""

from __future__ import annotations

import os

import numpy as np
import pytest

from descenso.autograd.ops.fft_conv import fft_conv2d
from descenso.deblur import camera_shake_kernel, psnr
from descenso.deblur.images import read_image, read_kernel, write_png
from descenso.datasets.photos import camera_path
from descenso.deblur.pyramid import resize


@pytest.fixture
def blurred(tmp_path):
    sharp = resize(read_image(camera_path()), (64 + 8, 64 + 8))
    kernel = camera_shake_kernel(9, seed=2)
    image = fft_conv2d(sharp, kernel).data
    image = image + np.random.default_rng(0).normal(0, 0.01, image.shape)
    write_png(tmp_path / "blurred.png", image)
    np.save(tmp_path / "kernel.npy", kernel)
    return tmp_path / "blurred.png", tmp_path / "kernel.npy", sharp[4:-4, 4:-4]


def test_nonblind_writes_the_restored_image_kernel_and_report(cli, blurred, tmp_path):
    image, kernel, sharp = blurred
    result = cli("deblur", image, "--kernel", kernel, "--iterations", "150", "--out", "out")
    assert result.code == 0, result.err
    folder = tmp_path / "out"
    names = sorted(path.name for path in folder.iterdir() if not path.name.startswith("."))
    assert names == ["before_after.png", "energy.png", "kernel.csv", "kernel.png",
                     "report.html", "restored.png"]
    restored = read_image(folder / "restored.png")
    assert restored.shape == (64, 64)
    assert psnr(restored, sharp) > psnr(read_image(image), sharp) + 2.0
    np.testing.assert_allclose(read_kernel(folder / "kernel.csv"), np.load(kernel), atol=1e-12)
    assert "<script" not in (folder / "report.html").read_text()


def test_blind_estimates_a_kernel_and_draws_it_at_each_scale(cli, blurred, tmp_path):
    image, _, _ = blurred
    result = cli("deblur", image, "--kernel-size", "9", "--iterations", "40", "--out", "out")
    assert result.code == 0, result.err
    kernel = read_kernel(tmp_path / "out" / "kernel.csv")
    assert kernel.shape == (9, 9) and kernel.sum() == pytest.approx(1.0)
    assert (tmp_path / "out" / "kernels.png").is_file()


@pytest.mark.parametrize("make, args, message", [
    (lambda d: (d / "x.png").write_text("not an image"), ["x.png"], "not an image"),
    (lambda d: None, ["missing.png"], "no such file"),
    (lambda d: os.mkfifo(d / "pipe.png"), ["pipe.png"], "not a regular file"),
    (lambda d: None, ["blurred.png", "--kernel-size", "99"], "larger than the image"),
    (lambda d: None, ["blurred.png", "--kernel-size", "1"], "between 3 and 401"),
    (lambda d: (d / "k.csv").write_text("1,2\nx,3\n"), ["blurred.png", "--kernel", "k.csv"],
     "not a table of numbers"),
    (lambda d: (d / "k.csv").write_text("-1,0\n0,0\n"), ["blurred.png", "--kernel", "k.csv"],
     "nonnegative"),
    (lambda d: np.save(d / "big.npy", np.ones((80, 80))), ["blurred.png", "--kernel", "big.npy"],
     "larger than the image"),
    (lambda d: None, ["blurred.png", "--lambda", "5"], "between 0 and 1"),
    (lambda d: None, ["blurred.png", "--out", ""], "--out is empty"),
])
def test_bad_input_is_one_error_line_and_leaves_nothing(cli, blurred, tmp_path, make, args,
                                                        message):
    make(tmp_path)
    before = set(os.listdir(tmp_path))
    result = cli("deblur", *args)
    assert result.code == 2, (result.out, result.err)
    assert result.err_lines == [result.err_lines[0]] and result.err_lines[0].startswith("error:")
    assert message in result.err
    assert set(os.listdir(tmp_path)) == before


def test_spanish_help_and_messages(cli, blurred):
    result = cli("deblur", "missing.png", "--lang", "es")
    assert result.code == 2 and "error:" in result.err
    assert "ninguno" in result.err or "no existe" in result.err or "no hay" in result.err


def test_a_colour_image_shares_one_kernel_across_its_channels(cli, tmp_path):
    rng = np.random.default_rng(3)
    sharp = np.stack([resize(read_image(camera_path()), (56, 56)) * scale
                      for scale in (1.0, 0.7, 0.4)])
    kernel = camera_shake_kernel(7, seed=0)
    write_png(tmp_path / "colour.png", fft_conv2d(sharp, kernel).data
              + rng.normal(0, 0.005, (3, 50, 50)))
    result = cli("deblur", "colour.png", "--kernel-size", "7", "--iterations", "30",
                 "--out", "out")
    assert result.code == 0, result.err
    restored = read_image(tmp_path / "out" / "restored.png")
    assert restored.shape == (3, 50, 50)
    assert read_kernel(tmp_path / "out" / "kernel.csv").shape == (7, 7)
    gray = cli("deblur", "colour.png", "--kernel-size", "7", "--iterations", "5", "--gray",
               "--out", "gray")
    assert gray.code == 0 and read_image(tmp_path / "gray" / "restored.png").ndim == 2
