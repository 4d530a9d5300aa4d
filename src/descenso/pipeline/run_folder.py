"""The folder a run writes into: created only once everything has been checked, held by one
run at a time, and never left half-written.

By default ``./descenso-runs/<YYYYmmdd-HHMMSS>-<dataset>/`` (``-2``, ``-3``... when two runs
start in the same second).

- **One run at a time.** :meth:`RunFolder.create` takes an advisory lock (``fcntl.flock`` on
  ``.descenso.lock`` inside the folder, holding the process id); a second ``descenso fit`` into
  the same folder stops with an error naming the process that holds it. The lock ends with the
  process, so a killed run never leaves the folder locked.
- **All or nothing.** The outputs are written into a hidden staging folder and moved into place
  only once every file is complete (:meth:`RunFolder.staging`, :meth:`RunFolder.publish`), the
  model last, so a folder with ``model.safetensors`` always holds one complete run.
- **Failures leave no trace.** :meth:`RunFolder.discard` removes what this run created: the
  whole folder when the run made it, otherwise only the staging folder, so a folder the user
  named keeps exactly what it held before. A full disk is reported as such
  (:func:`output_error`).
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from pathlib import Path

from descenso.errors import ConfigError, OutputError
from descenso.i18n import gettext as _
from descenso.io.atomic import remove_stale_temporaries
from descenso.io.model_file import MODEL_FILE, SPEC_FILE

__all__ = ["LOCK_FILE", "RunFolder", "default_run_path", "output_error"]

RUNS_FOLDER = "descenso-runs"
LOCK_FILE = ".descenso.lock"
_STAGING_PREFIX = ".staging-"


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


def output_error(error: OSError, folder: Path) -> OSError | OutputError:
    """``error`` as the user should read it: a full disk becomes an :class:`OutputError`
    naming the folder; other errors are returned unchanged.

    >>> output_error(OSError(errno.ENOSPC, "No space left on device"), Path("run"))
    OutputError('no space left on device at run; free space or choose --out elsewhere')
    """
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(
            _("no space left on device at {path}; free space or choose --out elsewhere").format(
                path=folder))
    return error


class RunFolder:
    """The output folder of one run.

    Parameters
    ----------
    path : Path
    reuse : bool
        Allow a folder that already holds a model (resuming an interrupted run).

    Raises
    ------
    ConfigError
        When ``path`` is a file, or holds a trained model and ``reuse`` is False.
    """

    def __init__(self, path: Path, reuse: bool = False):
        self.path = Path(path)
        self.reuse = reuse
        self._check()
        self._created: list[Path] = []
        self._lock: int | None = None
        self._staging: Path | None = None

    def _check(self) -> None:
        if self.path.exists() and not self.path.is_dir():
            raise ConfigError(
                _("--out {path} is a file; give a folder for the run's outputs").format(
                    path=self.path)
            )
        if not self.reuse and any(os.path.lexists(self.path / name)
                                  for name in (MODEL_FILE, SPEC_FILE)):
            raise ConfigError(
                _("--out {path} already holds a trained model; choose another folder or delete "
                  "that one").format(path=self.path)
            )

    def create(self) -> Path:
        """Make the folder (and missing parents), remembering which ones this run made, and
        lock it for this process.

        Raises
        ------
        ConfigError
            When another process holds the folder, or finished a model in it meanwhile.
        """
        missing = []
        folder = self.path.absolute()
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._created = missing
            self._acquire()
        except OSError as error:
            self.remove_if_created()
            raise output_error(error, self.path) from None
        try:
            self._check()  # another run may have finished a model here before we locked
        except ConfigError:
            self.release()
            raise
        # A run killed while writing (SIGKILL, power loss) leaves hidden temporaries behind;
        # a resumed or repeated run into the same folder tidies them (we hold the lock, so
        # nobody else is writing).
        for folder in (self.path, self.path / "checkpoints"):
            remove_stale_temporaries(folder)
        for staging in self.path.glob(_STAGING_PREFIX + "*"):
            shutil.rmtree(staging, ignore_errors=True)
        return self.path

    def _acquire(self) -> None:
        lock_path = self.path / LOCK_FILE
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(descriptor, 32).decode("ascii", "replace").strip() or "?"
            os.close(descriptor)
            self._created = []  # the other run's folder: never ours to remove
            raise ConfigError(
                _("--out {path} is in use by another descenso run (process {pid}); wait for it "
                  "to finish or choose another --out").format(path=self.path, pid=holder)
            ) from None
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))
        self._lock = descriptor

    def release(self) -> None:
        """Unlock the folder (the lock file stays: removing it would race with a waiting run)."""
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def staging(self) -> Path:
        """A fresh hidden folder inside the run folder to write the outputs into."""
        self._staging = self.path / f"{_STAGING_PREFIX}{os.getpid()}"
        shutil.rmtree(self._staging, ignore_errors=True)
        self._staging.mkdir()
        return self._staging

    def publish(self, files: list[Path]) -> list[Path]:
        """Move ``files`` (written into :meth:`staging`) into the run folder, the model file
        last; returns their final paths."""
        model_last = sorted(files, key=lambda path: path.name == MODEL_FILE)
        final = []
        for path in model_last:
            target = self.path / path.name
            os.replace(path, target)
            final.append(target)
        if any(path.name == MODEL_FILE for path in files):  # an earlier version's two files
            (self.path / SPEC_FILE).unlink(missing_ok=True)
        shutil.rmtree(self._staging, ignore_errors=True)
        self._staging = None
        order = {path.name: index for index, path in enumerate(files)}
        return sorted(final, key=lambda path: order[path.name])

    def discard(self) -> None:
        """Undo this run: remove the folders :meth:`create` made (with whatever was written
        into them), or else only the staging folder."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
        self.remove_if_created()

    def remove_if_created(self) -> None:
        """Delete the folders :meth:`create` made, with whatever was written into them."""
        if not self._created:
            return
        self.release()
        shutil.rmtree(self._created[0], ignore_errors=True)
        for parent in self._created[1:]:
            try:
                parent.rmdir()
            except OSError:
                break
        self._created = []
