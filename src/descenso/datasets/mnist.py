"""MNIST and Fashion-MNIST: 70,000 grayscale 28x28 images each, in 10 classes.

MNIST holds handwritten digits (LeCun, Cortes and Burges); Fashion-MNIST, Zalando's photos
of clothes in the same format, is the harder drop-in replacement. Both come as four gzipped
IDX files: 60,000 training images and labels, 10,000 test images and labels.

Where the files come from, in order:

1. the folder given as ``data_dir=`` (the command line's ``--data-dir``);
2. the folder in the ``DESCENSO_DATA`` environment variable;
3. the user cache, ``descenso/<name>/`` in the system's cache folder (``~/.cache`` on Linux,
   or ``$XDG_CACHE_HOME``);
4. a download into that cache from the publishers' sites and mirrors (:data:`MIRRORS`),
   replaced by the ``mirrors=`` argument or the ``DESCENSO_MIRROR`` variable.

A folder from 1 or 2 may hold the four files itself, or hold them in a subfolder named
``mnist/`` or ``fashion-mnist/`` (so one folder can serve both datasets). The ``.gz`` files can
also be stored decompressed (``train-images-idx3-ubyte``). ``DESCENSO_MIRROR`` is a base URL
(or several separated by spaces) under which ``mnist/`` and ``fashion-mnist/`` hold the files.

How files are checked: every file is read by :func:`~descenso.data.read_idx`, which rejects
truncated or corrupt files, and then must hold uint8 images of 28x28 with matching uint8
labels from 0 to 9. Files in the cache and downloads must also match the SHA-256 published in
:data:`SHA256` exactly (a mismatching cached file is downloaded again). Files in your own
folders may differ from the published ones (a subset, a decompressed copy), so their hash only
serves to catch the two datasets being swapped; hashing costs about 0.1 s.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from descenso.data.download import fetch_file, file_sha256
from descenso.data.idx import read_idx
from descenso.errors import DataError, DownloadError
from descenso.i18n import N_
from descenso.i18n import gettext as _

__all__ = ["FASHION_MNIST_CLASSES", "FILES", "MIRRORS", "MNIST_CLASSES", "SHA256", "ImageDataset",
           "class_names", "load_fashion_mnist", "load_mnist"]

MNIST_CLASSES = tuple(str(digit) for digit in range(10))
#: Fashion-MNIST's classes in English; ``class_names(names)`` shows them in the user's
#: language (the Spanish are the course text's: 'Camiseta/top', 'Pantalón', ...).
FASHION_MNIST_CLASSES = (N_("T-shirt/top"), N_("Trouser"), N_("Pullover"), N_("Dress"),
                         N_("Coat"), N_("Sandal"), N_("Shirt"), N_("Sneaker"), N_("Bag"),
                         N_("Ankle boot"))


def class_names(names) -> list[str]:
    """Class names to show: Fashion-MNIST's translated, any other names as they are.

    Only the whole Fashion-MNIST set is translated, so a user's own class called "Bag" or
    "yes" is never changed.

    >>> class_names(["0", "1"])
    ['0', '1']
    """
    names = [str(name) for name in names]
    if tuple(names) == FASHION_MNIST_CLASSES:
        return [_(name) for name in names]
    return names


#: The four files of each dataset: training images, training labels, test images, test labels.
FILES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)

#: SHA-256 of the files as their publishers distribute them.
SHA256 = {
    "mnist": dict(zip(FILES, (
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"))),
    "fashion-mnist": dict(zip(FILES, (
        "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
        "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
        "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
        "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"))),
}

#: Their sizes in bytes: a download stops there, so a server that never ends cannot fill the disk.
SIZES = {"mnist": dict(zip(FILES, (9912422, 28881, 1648877, 4542))),
         "fashion-mnist": dict(zip(FILES, (26421880, 29515, 4422102, 5148)))}

#: Base URLs tried in order: the publisher's site first, then mirrors of the same bytes.
MIRRORS = {
    "mnist": (
        "http://yann.lecun.com/exdb/mnist/",
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ),
    "fashion-mnist": (
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
    ),
}

_TITLES = {"mnist": "MNIST", "fashion-mnist": "Fashion-MNIST"}
_CLASSES = {"mnist": MNIST_CLASSES, "fashion-mnist": FASHION_MNIST_CLASSES}


@dataclass
class ImageDataset:
    """Images and labels of a train/test image dataset.

    ``X_train`` (n_train, 28, 28) uint8 holds pixel intensities 0 (background) to 255 (the
    training path scales them to [0, 1]); ``y_train`` (n_train,) int64 class indices 0 to 9;
    ``X_test``, ``y_test`` the same for the official test split. ``class_names[k]`` names class
    ``k``; ``name`` is ``"mnist"`` or ``"fashion-mnist"``; ``source`` the folder read from.

    >>> import numpy as np
    >>> images = np.zeros((2, 28, 28), dtype=np.uint8)
    >>> ImageDataset(images, np.array([3, 1]), images[:1], np.array([0]), MNIST_CLASSES)
    ImageDataset(name='', X_train=uint8(2, 28, 28), X_test=uint8(1, 28, 28), 10 classes)
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    name: str = ""
    source: Path | None = None

    def __repr__(self) -> str:
        train, test = self.X_train, self.X_test
        return (f"ImageDataset(name={self.name!r}, X_train={train.dtype}{train.shape}, "
                f"X_test={test.dtype}{test.shape}, {len(self.class_names)} classes)")


def load_mnist(
    data_dir: str | os.PathLike | None = None,
    download: bool = True,
    *,
    mirrors: str | list[str] | None = None,
    progress: bool = True,
) -> ImageDataset:
    """Load MNIST's handwritten digits: 60,000 training and 10,000 test images of 28x28.

    ``data_dir`` is a folder holding the four files, directly or in an ``mnist/`` subfolder,
    searched first; then ``DESCENSO_DATA``, then the user cache (see the module's
    documentation). ``download=False`` makes missing files raise DataError instead of being
    downloaded into the cache; ``mirrors`` are base URLs to use instead of :data:`MIRRORS` (or
    ``DESCENSO_MIRROR``); ``progress`` shows a progress bar while downloading.

    Returns an :class:`ImageDataset`: ``X_train`` uint8 (60000, 28, 28), ``y_train`` int64
    (60000,), ``X_test`` uint8 (10000, 28, 28), ``y_test`` int64 (10000,), ``class_names``
    ``("0", ..., "9")``. Raises DataError if a file is missing (with ``download=False``),
    truncated, corrupt or of the wrong shape, and DownloadError if the files are nowhere on this
    computer and could not be downloaded (the message lists the files and folders searched).

    >>> data = load_mnist()  # doctest: +SKIP
    >>> data.X_train.shape, data.y_train[:5], data.class_names[5]  # doctest: +SKIP
    ((60000, 28, 28), array([5, 0, 4, 1, 9]), '5')
    """
    return _load("mnist", data_dir, download, mirrors, progress)


def load_fashion_mnist(
    data_dir: str | os.PathLike | None = None,
    download: bool = True,
    *,
    mirrors: str | list[str] | None = None,
    progress: bool = True,
) -> ImageDataset:
    """Load Fashion-MNIST: 60,000 training and 10,000 test images of clothes, 28x28.

    Takes the same arguments as :func:`load_mnist` (the subfolder is ``fashion-mnist/``) and
    returns the same record; ``class_names`` are T-shirt/top, Trouser, Pullover, Dress, Coat,
    Sandal, Shirt, Sneaker, Bag and Ankle boot.

    >>> data = load_fashion_mnist()  # doctest: +SKIP
    >>> data.class_names[data.y_train[0]]  # doctest: +SKIP
    'Ankle boot'
    """
    return _load("fashion-mnist", data_dir, download, mirrors, progress)


def _load(name, data_dir, download, mirrors, progress) -> ImageDataset:
    searched: list[Path] = []
    folders = [("data_dir", data_dir), ("DESCENSO_DATA", os.environ.get("DESCENSO_DATA") or None)]
    for origin, base in folders:
        files = None if base is None else _find_in(Path(base), name, origin, searched)
        if files is not None:
            _reject_other_dataset(files, name)
            return _read(name, files)
    cache = _cache_dir(name)
    searched.append(cache)
    return _read(name, _from_cache(cache, name, download, mirrors, progress, searched))


def _find_in(base: Path, name: str, origin: str, searched: list[Path]) -> dict | None:
    """The dataset's files in ``base/name/`` or ``base/``, or None when neither holds any."""
    if not base.is_dir():
        if origin == "DESCENSO_DATA":
            message = _("DESCENSO_DATA is {path}, which is not a folder; fix it or unset it")
        else:
            message = _("the data folder {path} does not exist; check the path")
        raise DataError(message.format(path=base))
    for folder in (base / name, base):
        searched.append(folder)
        present = {}
        for filename in FILES:
            for candidate in (folder / filename, folder / filename.removesuffix(".gz")):
                if candidate.is_file():
                    present[filename] = candidate
                    break
        if len(present) == len(FILES):
            return present
        if present:
            missing = [filename for filename in FILES if filename not in present]
            raise DataError(_("{folder} holds only some of the {title} files: {missing} are "
                              "missing; put all four there ({files})").format(
                folder=folder, title=_TITLES[name], missing=", ".join(missing),
                files=", ".join(FILES)))
    return None


def _reject_other_dataset(files: dict, name: str) -> None:
    """Fashion-MNIST given as MNIST (or the reverse) is well-formed: only the hash tells."""
    other = "fashion-mnist" if name == "mnist" else "mnist"
    for filename, path in files.items():
        if file_sha256(path) == SHA256[other][filename]:
            raise DataError(_("{path} is the {other} file, not the {title} one; keep each "
                              "dataset in its own subfolder, mnist/ and fashion-mnist/").format(
                path=path, other=_TITLES[other], title=_TITLES[name]))


def _cache_dir(name: str) -> Path:
    import pooch  # its os_cache follows each system's rules (XDG_CACHE_HOME on Linux)

    return Path(pooch.os_cache("descenso")) / name


def _from_cache(cache, name, download, mirrors, progress, searched) -> dict:
    files = {filename: cache / filename for filename in FILES}
    missing = [filename for filename, path in files.items()
               if not path.is_file() or file_sha256(path) != SHA256[name][filename]]
    if missing and not download:
        raise DataError(_("{title} is not on this computer and downloading is off. {help}").format(
            title=_TITLES[name], help=_offline_help(name, searched)))
    bases = _mirror_bases(name, mirrors)
    for filename in missing:
        try:
            fetch_file([base + filename for base in bases], SHA256[name][filename], cache,
                       filename, progress=progress, size=SIZES[name][filename])
        except DownloadError as err:
            raise DownloadError(f"{err} {_offline_help(name, searched)}") from None
    return files


def _mirror_bases(name: str, mirrors) -> list[str]:
    if mirrors is not None:
        bases = [mirrors] if isinstance(mirrors, str) else list(mirrors)
    elif os.environ.get("DESCENSO_MIRROR", "").strip():
        bases = [f"{base.rstrip('/')}/{name}" for base in os.environ["DESCENSO_MIRROR"].split()]
    else:
        bases = list(MIRRORS[name])
    return [base.rstrip("/") + "/" for base in bases]


def _offline_help(name: str, searched: list[Path]) -> str:
    return _("To work offline, put the four {title} files ({files}) in a folder and give it with "
             "--data-dir (data_dir= in Python) or the DESCENSO_DATA variable (a folder with a "
             "{name}/ subfolder works too), or copy them into {cache}. Folders searched: "
             "{searched}.").format(title=_TITLES[name], files=", ".join(FILES), name=name,
                                   cache=searched[-1], searched=", ".join(map(str, searched)))


def _read(name: str, files: dict) -> ImageDataset:
    X_train, y_train = _read_split(name, files[FILES[0]], files[FILES[1]])
    X_test, y_test = _read_split(name, files[FILES[2]], files[FILES[3]])
    return ImageDataset(X_train, y_train, X_test, y_test, _CLASSES[name], name,
                        files[FILES[0]].parent)


def _read_split(name: str, images_path: Path, labels_path: Path) -> tuple[np.ndarray, np.ndarray]:
    images = read_idx(images_path, ndim=3)
    if images.dtype != np.uint8 or images.shape[1:] != (28, 28):
        raise DataError(_("{path} holds {dtype} images of {height}x{width}; {title} images are "
                          "uint8 28x28 — check that the file is the one you meant").format(
            path=images_path, dtype=images.dtype, height=images.shape[1], width=images.shape[2],
            title=_TITLES[name]))
    labels = read_idx(labels_path, ndim=1)
    if labels.dtype != np.uint8 or len(labels) != len(images):
        raise DataError(_("{labels} holds {n_labels} {dtype} labels but {images} holds "
                          "{n_images} images; the two files do not belong together — get both "
                          "from the same place").format(
            labels=labels_path, n_labels=len(labels), dtype=labels.dtype, images=images_path,
            n_images=len(images)))
    if labels.max() > 9:
        raise DataError(_("{path} holds the label {label}, but {title} labels go from 0 to 9; the "
                          "file is not a {title} label file").format(
            path=labels_path, label=int(labels.max()), title=_TITLES[name]))
    return images, labels.astype(np.int64)
