"""Devices: descenso computes with NumPy on the CPU, so ``"cpu"`` is the only device.

``device="cpu"``, ``.to("cpu")``, ``.cpu()`` and ``descenso.device("cpu")`` are accepted so
PyTorch code runs unchanged; any other device (``"cuda"``, ``"mps"``) raises one clear error.

>>> device("cpu")
device(type='cpu')
>>> check_device("cuda:0")
Traceback (most recent call last):
    ...
descenso.errors.ConfigError: device 'cuda:0' is not available: descenso runs on the CPU only; use device='cpu' or leave device out
"""

from __future__ import annotations

from descenso.errors import ConfigError
from descenso.i18n import gettext as _

__all__ = ["check_device", "device"]


class device:
    """A device name, as ``torch.device``; only ``"cpu"`` (or ``"cpu:0"``) exists.

    >>> str(device("cpu")), device("cpu") == "cpu"
    ('cpu', True)
    """

    __slots__ = ("type",)

    def __init__(self, type="cpu"):
        check_device(type)
        self.type = "cpu"

    def __repr__(self) -> str:
        return "device(type='cpu')"

    def __str__(self) -> str:
        return "cpu"

    def __eq__(self, other) -> bool:
        return isinstance(other, (device, str)) and str(other).split(":")[0] == "cpu"

    def __hash__(self) -> int:
        return hash("cpu")


def check_device(where) -> None:
    """Accept None, ``"cpu"``, ``"cpu:0"`` or ``device("cpu")``; raise ``ConfigError`` otherwise."""
    if where is None or isinstance(where, device):
        return
    if isinstance(where, str) and where in ("cpu", "cpu:0"):
        return
    raise ConfigError(
        _(
            "device {device!r} is not available: descenso runs on the CPU only; use "
            "device='cpu' or leave device out"
        ).format(device=where)
    )
