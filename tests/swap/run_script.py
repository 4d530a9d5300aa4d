"""Run one script of ``scripts/`` with real PyTorch or with ``import descenso as torch``.

Usage: ``python run_script.py {torch,descenso} scripts/NAME.py`` (the test starts it in a
subprocess). With ``descenso``, ``descenso`` and its submodules are installed in
``sys.modules`` under the names ``torch``, ``torch.nn``, ... so the script's own
``import torch`` lines run unchanged.

Same data in both libraries: the two random number generators differ, so before the script
runs, both libraries' random entry points that exist (``rand``, ``randn``, ``normal``,
``randperm``, and in PyTorch the ``nn.init`` draws of ``nn.Linear`` and the DataLoader's
shuffling) are pointed at one NumPy stream, ``PCG64(SEED)``, which is exactly
``descenso.manual_seed(SEED)``'s stream. An entry point descenso lacks is left missing, so
the script fails there instead of being helped.
"""

from __future__ import annotations

import importlib
import math
import os
import runpy
import sys

import numpy as np

SEED = 0
SUBMODULES = ("nn", "nn.functional", "nn.init", "nn.utils", "optim", "optim.lr_scheduler",
              "utils", "utils.data", "autograd")


def _install_descenso():
    import descenso

    sys.modules["torch"] = descenso
    for name in SUBMODULES:
        try:
            sys.modules[f"torch.{name}"] = importlib.import_module(f"descenso.{name}")
        except ImportError:
            pass
    descenso.manual_seed(SEED)
    return descenso, descenso.autograd.default_generator()


def _draws(torch, rng, engine):
    """The random entry points, drawing from ``rng`` in float64 and rounding to float32."""

    def make(values, dtype=None, requires_grad=False):
        array = np.asarray(values, dtype=np.float32 if dtype is None else None)
        if engine == "descenso":  # descenso's dtypes are NumPy's
            array = array if dtype is None else array.astype(dtype)
            return torch.from_numpy(array, requires_grad=requires_grad)
        out = torch.from_numpy(array)
        if dtype is not None:
            out = out.to(dtype)
        return out.requires_grad_(requires_grad)

    def shape_of(size):
        return tuple(size[0]) if len(size) == 1 and isinstance(size[0], (tuple, list)) else size

    def rand(*size, dtype=None, requires_grad=False, **_):
        return make(rng.random(shape_of(size)), dtype, requires_grad)

    def randn(*size, dtype=None, requires_grad=False, **_):
        return make(rng.standard_normal(shape_of(size)), dtype, requires_grad)

    def normal(mean, std, size=None, *, dtype=None, requires_grad=False, **_):
        if size is not None:
            return make(rng.normal(mean, std, tuple(size)), dtype, requires_grad)
        return make(rng.normal(np.asarray(mean), np.asarray(std)), dtype, requires_grad)

    def randperm(n, **_):
        return torch.from_numpy(rng.permutation(n))

    return {"rand": rand, "randn": randn, "normal": normal, "randperm": randperm}


def _install_same_random(torch, rng, engine):
    for name, function in _draws(torch, rng, engine).items():
        if hasattr(torch, name):
            setattr(torch, name, function)
    if engine != "torch":
        return  # descenso's layers and DataLoader already draw from rng (its global generator)

    def uniform_(tensor, a=0.0, b=1.0, generator=None):
        with torch.no_grad():
            tensor.copy_(torch.from_numpy(rng.uniform(a, b, size=tuple(tensor.shape))))
        return tensor

    def kaiming_uniform_(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
        fan = torch.nn.init._calculate_correct_fan(tensor, mode)
        bound = math.sqrt(3.0) * torch.nn.init.calculate_gain(nonlinearity, a) / math.sqrt(fan)
        return uniform_(tensor, -bound, bound)

    def shuffled(self):
        yield from rng.permutation(len(self.data_source)).tolist()

    torch.nn.init.uniform_ = uniform_
    torch.nn.init.kaiming_uniform_ = kaiming_uniform_
    torch.utils.data.RandomSampler.__iter__ = shuffled


def main() -> None:
    engine, script = sys.argv[1], sys.argv[2]
    os.environ.setdefault("MPLBACKEND", "Agg")
    if engine == "descenso":
        torch, rng = _install_descenso()
    else:
        import torch
        import torch.utils.data

        torch.manual_seed(SEED)
        rng = np.random.Generator(np.random.PCG64(SEED))
    _install_same_random(torch, rng, engine)
    sys.argv = [script]
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
