"""Download a file, check it against a pinned SHA-256, and keep it only when it matches.

:func:`fetch_file` hands the HTTP transfer and the progress bar to pooch and adds what a
dataset cache needs on top:

- every download goes into a private temporary folder beside the destination and is moved
  into place (``os.replace``, atomic) only after pooch has checked its hash, so a hash
  mismatch, an HTTP error, a dropped connection or a Ctrl-C never leaves a file behind,
  neither the final one nor a partial one;
- several mirrors are tried in order, and when all fail the error lists what happened at each;
- pooch's own log lines are silenced; the tqdm bar named after the file is the only output.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from descenso.data.input_file import open_regular
from descenso.errors import DownloadError
from descenso.i18n import gettext as _

__all__ = ["fetch_file", "file_sha256"]

_SHA256 = re.compile(r"[0-9a-f]{64}")
_CONNECT_TIMEOUT = 15  # seconds to reach a server; a dead mirror should not stall the list
_READ_TIMEOUT = 60  # seconds without a byte before giving up on a transfer
_MAX_DOWNLOAD_BYTES = 2 * 2**30  # when the caller does not know the size: far above any dataset


def file_sha256(path: str | os.PathLike) -> str:
    """The SHA-256 of a file's bytes, as 64 lowercase hex digits.

    >>> import tempfile
    >>> path = tempfile.mkdtemp() + "/empty"
    >>> _ = open(path, "wb").close()
    >>> file_sha256(path)
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    """
    digest = hashlib.sha256()
    with open_regular(path) as file:  # a FIFO or a device would never end
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def fetch_file(url: str | Sequence[str], sha256: str, dest_dir: str | os.PathLike, filename: str,
               progress: bool = True, size: int | None = None) -> Path:
    """Make sure ``dest_dir/filename`` holds the file with the given SHA-256; download it if not.

    Parameters
    ----------
    url : str or sequence of str
        Where to download from; with several URLs (mirrors), each is tried in order until one
        gives the right bytes.
    sha256 : str
        The expected SHA-256, 64 hex digits.
    dest_dir : str or path-like
        The folder to put the file in; created if missing.
    filename : str
        The file's name inside ``dest_dir``.
    progress : bool, default True
        Show a tqdm progress bar on stderr while downloading.
    size : int, optional
        The file's size in bytes, when known: a server that sends more (or announces more) is
        cut off there, so a body that never ends cannot fill the disk. Without it, downloads
        stop at 2 GB.

    Returns
    -------
    Path
        ``dest_dir/filename``, whose SHA-256 is ``sha256``. A file already there with that hash
        is returned without downloading; one with another hash is deleted and downloaded again.

    Raises
    ------
    DownloadError
        No URL gave the right file (HTTP error, no connection, connection dropped, wrong
        hash). ``dest_dir/filename`` does not exist afterwards and no partial file is left.

    A file already in place with the right hash is used as it is, without any network:

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> _ = open(folder + "/empty.txt", "wb").close()
    >>> empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    >>> fetch_file("http://127.0.0.1:9/empty.txt", empty, folder, "empty.txt").name
    'empty.txt'
    """
    urls = [url] if isinstance(url, str) else list(url)
    sha256 = str(sha256).lower()
    if not _SHA256.fullmatch(sha256):
        raise ValueError(_("sha256 must be 64 hex digits, got {value!r}").format(value=sha256))
    if not filename or Path(filename).name != filename:
        raise ValueError(_("filename must be a plain file name, got {filename!r}").format(
            filename=filename))
    if not urls:
        raise ValueError(_("give at least one URL to download {filename} from").format(
            filename=filename))
    dest_dir = Path(dest_dir)
    final = dest_dir / filename
    if final.is_file():
        if file_sha256(final) == sha256:
            return final
        final.unlink()  # known to be wrong: never leave it for a later read
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DownloadError(_("cannot create the folder {folder} to download {filename} into "
                              "({reason}); choose another folder or fix its permissions").format(
            folder=dest_dir, filename=filename, reason=err.strerror or err)) from None

    failures = []
    for source in urls:
        reason = _download(source, sha256, final, progress, _MAX_DOWNLOAD_BYTES if size is None
                           else size)
        if reason is None:
            return final
        failures.append(f"{source}: {reason}")
    raise DownloadError(_("could not download {filename} ({failures}); nothing was saved. Check "
                          "your connection and try again, or download the file yourself and put "
                          "it in {folder}").format(filename=filename, failures="; ".join(failures),
                                                   folder=dest_dir))


def _download(url: str, sha256: str, final: Path, progress: bool, most: int) -> str | None:
    """Download ``url`` to ``final``; return None on success, else why it failed."""
    import pooch  # imported here: pooch pulls in requests, which is slow to import

    try:
        staging = Path(tempfile.mkdtemp(prefix=".download-", dir=final.parent))
    except OSError as err:
        return _("cannot write in {folder} ({reason})").format(
            folder=final.parent, reason=err.strerror or err)
    bar = _progress_bar(final.name) if progress else None
    try:
        http = url.startswith(("http://", "https://"))
        with _quiet_pooch(pooch):
            path = pooch.retrieve(url, known_hash=f"sha256:{sha256}", fname=final.name,
                                  path=staging, progressbar=bar if bar is not None else False,
                                  downloader=_BoundedDownloader(most, bar) if http else None)
        os.replace(path, final)
        return None
    except ValueError as err:  # pooch's hash check, or a URL it cannot handle
        if "hash" in str(err):
            return _("the downloaded bytes do not have the pinned SHA-256 {sha256}").format(
                sha256=sha256)
        return str(err)
    except OSError as err:  # requests' errors are OSErrors too
        return _describe(err)
    finally:
        if bar is not None:
            bar.close()
        shutil.rmtree(staging, ignore_errors=True)


class _TooLarge(OSError):
    """The server sent more bytes than the file can have."""


class _BoundedDownloader:
    """A pooch downloader over HTTP(S) that stops after ``most`` bytes (and refuses a larger
    announced length up front), so a server that never ends the body cannot fill the disk."""

    def __init__(self, most: int, bar):
        self.most, self.bar = most, bar

    def __call__(self, url, output_file, pooch_instance, check_only=False):
        import requests

        with requests.get(url, stream=True, timeout=(_CONNECT_TIMEOUT, _READ_TIMEOUT)) as reply:
            reply.raise_for_status()
            announced = int(reply.headers.get("content-length") or 0)
            if announced > self.most:
                raise self._too_large(announced)
            if self.bar is not None and announced:
                self.bar.reset(total=announced)
            received = 0
            with open(output_file, "wb") as file:
                for chunk in reply.iter_content(chunk_size=1 << 16):
                    received += len(chunk)
                    if received > self.most:
                        raise self._too_large(received)
                    file.write(chunk)
                    if self.bar is not None:
                        self.bar.update(len(chunk))
            if announced and received < announced:
                raise requests.exceptions.ChunkedEncodingError()

    def _too_large(self, n_bytes: int) -> _TooLarge:
        return _TooLarge(_("the server sent more than {most} bytes ({n} so far), more than the "
                           "file can be").format(most=self.most, n=n_bytes))


def _describe(err: OSError) -> str:
    import requests

    if isinstance(err, requests.HTTPError) and err.response is not None:
        return _("the server answered HTTP {status} {reason}").format(
            status=err.response.status_code, reason=err.response.reason)
    if isinstance(err, requests.exceptions.ChunkedEncodingError):
        return _("the connection closed before the whole file arrived")
    if isinstance(err, requests.Timeout):
        return _("the server did not answer in time")
    if isinstance(err, requests.ConnectionError):
        return _("could not connect to the server")
    return str(err) or type(err).__name__


def _progress_bar(filename: str):
    from tqdm.auto import tqdm

    # total=1 until pooch sets the real size: a tqdm bar with total 0 is falsy and pooch
    # would skip it.
    return tqdm(desc=filename, total=1, unit="B", unit_scale=True, unit_divisor=1024, leave=True)


@contextlib.contextmanager
def _quiet_pooch(pooch) -> Iterator[None]:
    """pooch logs every download at INFO level on its own handler; keep only its warnings."""
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
