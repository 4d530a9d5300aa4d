"""The folder a run writes into, created only once everything has been checked.

By default ``./descenso-runs/<YYYYmmdd-HHMMSS>-<dataset>/`` (``-2``, ``-3``... when two runs
start in the same second). If the run fails on bad input after the folder was made, the folder
is removed again, but only when this run created it: a folder the user named and that already
existed is never deleted.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from descenso.errors import ConfigError
from descenso.i18n import gettext as _
from descenso.io.atomic import remove_stale_temporaries
from descenso.io.model_file import MODEL_FILE, SPEC_FILE

__all__ = ["RunFolder", "default_run_path"]

RUNS_FOLDER = "descenso-runs"


def default_run_path(dataset: str, base: Path | None = None, now: float | None = None) -> Path:
    """``base/descenso-runs/<date-time>-<dataset>``, made unique with a numeric suffix;
    relative to the current folder when ``base`` is None.

    >>> default_run_path("abalone", Path("/nonexistent"), now=0).name.endswith("-abalone")
    True
    """
    base = Path() if base is None else base
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if now is None else now))
    candidate = base / RUNS_FOLDER / f"{stamp}-{dataset}"
    suffix = 2
    while candidate.exists():
        candidate = base / RUNS_FOLDER / f"{stamp}-{dataset}-{suffix}"
        suffix += 1
    return candidate


class RunFolder:
    """The output folder of one run.

    Parameters
    ----------
    path : Path
    reuse : bool
        Allow a folder that already holds a model (resuming an interrupted run).
    """

    def __init__(self, path: Path, reuse: bool = False):
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise ConfigError(
                _("--out {path} is a file; give a folder for the run's outputs").format(
                    path=self.path)
            )
        if not reuse and any(os.path.lexists(self.path / name) for name in (MODEL_FILE, SPEC_FILE)):
            raise ConfigError(
                _("--out {path} already holds a trained model; choose another folder or delete "
                  "that one").format(path=self.path)
            )
        self._created: list[Path] = []

    def create(self) -> Path:
        """Make the folder (and missing parents), remembering which ones this run made."""
        missing = []
        folder = self.path.absolute()
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        self.path.mkdir(parents=True, exist_ok=True)
        self._created = missing
        # A run killed while writing (SIGKILL, power loss) leaves hidden temporaries behind;
        # a resumed or repeated run into the same folder tidies them.
        for folder in (self.path, self.path / "checkpoints"):
            remove_stale_temporaries(folder)
        return self.path

    def remove_if_created(self) -> None:
        """Delete the folders :meth:`create` made, with whatever was written into them."""
        if not self._created:
            return
        shutil.rmtree(self._created[0], ignore_errors=True)
        for parent in self._created[1:]:
            try:
                parent.rmdir()
            except OSError:
                break
        self._created = []
