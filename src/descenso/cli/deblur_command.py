"""``descenso deblur IMAGE``: restore a blurred photo, with its blur known or not."""

from __future__ import annotations

import argparse

from descenso.cli.parser import add_common_options, wrap
from descenso.i18n import N_
from descenso.i18n import gettext as _

EXAMPLES = N_("""\
examples:
  descenso deblur blurred.png --kernel-size 25
  descenso deblur blurred.png --kernel kernel.png --out restored
  descenso deblur photo.jpg --kernel-size 31 --gray --lambda 0.005 --lang es
""")


def register(subparsers) -> None:
    """Add the ``deblur`` subcommand."""
    parser = subparsers.add_parser(
        "deblur", help=_("restore a blurred image, estimating the blur if it is not given"),
        description=wrap(_(
            "Restore a blurred image by gradient descent on its total-variation energy. With "
            "--kernel the blur is known (non-blind); without it, the sharp image and a blur "
            "kernel of up to --kernel-size pixels are both estimated, coarse to fine (blind "
            "deconvolution). Writes restored.png, kernel.png, kernel.csv, the figures and "
            "report.html.")),
        epilog=_(EXAMPLES), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("image", metavar="IMAGE", help=_("the blurred image (PNG or JPEG)"))
    parser.add_argument("--kernel-size", type=int, default=25, metavar="N",
                        help=_("the largest extent of the blur in pixels (default: 25)"))
    parser.add_argument("--kernel", metavar="FILE",
                        help=_("the blur kernel, if known: a grayscale image, .npy or CSV of "
                               "weights"))
    parser.add_argument("--lambda", dest="lam", type=float, metavar="L",
                        help=_("weight of the total variation: more for noisier images "
                               "(default: 0.002 non-blind; 0.01 lowered to 0.002 blind)"))
    parser.add_argument("--iterations", type=int, metavar="N",
                        help=_("gradient steps (per scale when blind; default: 300)"))
    parser.add_argument("--gray", action="store_true",
                        help=_("restore a colour image as grayscale"))
    parser.add_argument("--out", metavar="DIR",
                        help=_("output folder (default: ./descenso-runs/<date-time>-deblur-"
                               "<name>)"))
    add_common_options(parser)
    parser.set_defaults(handler=handle)


def handle(args) -> int:
    """Run the deblurring; errors are raised and turned into exit codes by ``main``."""
    from descenso.pipeline.console import Console
    from descenso.pipeline.deblur import DeblurOptions, run_deblur

    options = DeblurOptions(image=args.image, kernel_size=args.kernel_size, kernel=args.kernel,
                            lam=args.lam, iterations=args.iterations, gray=args.gray,
                            out=args.out)
    run_deblur(options, Console(quiet=args.quiet))
    return 0
