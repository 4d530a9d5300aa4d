"""load_mnist / load_fashion_mnist: the real files, where files are looked for, the download.

Only 127.0.0.1 is ever contacted: every test that could download points the mirrors at a
server started here, serving small generated IDX files.
"""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from idx_writer import write_idx
from descenso.datasets import mnist
from descenso.datasets.mnist import (
    FASHION_MNIST_CLASSES,
    FILES,
    SHA256,
    load_fashion_mnist,
    load_mnist,
)
from descenso.errors import DataError, DownloadError

# ---------------------------------------------------------------- helpers


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        status, body = self.server.routes.get(self.path, (404, b"not found"))
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """An HTTP server on 127.0.0.1: ``server.routes[path] = (status, body)``."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.routes, httpd.requests = {}, []
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    ).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """No DESCENSO_* variables, and a user cache inside tmp_path; returns descenso's folder."""
    monkeypatch.delenv("DESCENSO_DATA", raising=False)
    monkeypatch.delenv("DESCENSO_MIRROR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "descenso"


def make_files(folder, seed=0, n_train=6, n_test=4, gz=True, image_size=28):
    """Write a tiny valid dataset (4 IDX files) into ``folder``; return arrays and hashes."""
    rng = np.random.default_rng(seed)
    arrays = {
        FILES[0]: rng.integers(0, 256, (n_train, image_size, image_size), dtype=np.uint8),
        FILES[1]: rng.integers(0, 10, n_train, dtype=np.uint8),
        FILES[2]: rng.integers(0, 256, (n_test, image_size, image_size), dtype=np.uint8),
        FILES[3]: rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    folder.mkdir(parents=True, exist_ok=True)
    hashes = {}
    for name, array in arrays.items():
        path = folder / (name if gz else name.removesuffix(".gz"))
        write_idx(path, array)
        hashes[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return arrays, hashes


def assert_matches(data, arrays):
    for got, name in zip((data.X_train, data.y_train, data.X_test, data.y_test), FILES):
        np.testing.assert_array_equal(got, arrays[name])
    assert data.y_train.dtype == np.int64 and data.X_train.dtype == np.uint8


# ---------------------------------------------------------------- the real files


def test_registry_matches_the_shared_checksums(shared_data):
    listed = {}
    for line in (shared_data / "SHA256SUMS").read_text().splitlines():
        digest, path = line.split()
        listed[path] = digest
    for dataset, hashes in SHA256.items():
        assert set(hashes) == set(FILES)
        for name, digest in hashes.items():
            assert listed[f"{dataset}/{name}"] == digest


@pytest.mark.parametrize(
    ("loader", "folder", "first_train", "first_test", "train_counts", "test_counts"),
    [
        (
            load_mnist,
            "mnist",
            [5, 0, 4, 1, 9, 2, 1, 3, 1, 4],
            [7, 2, 1, 0, 4, 1, 4, 9, 5, 9],
            [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
            [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009],
        ),
        (
            load_fashion_mnist,
            "fashion-mnist",
            [9, 0, 0, 3, 0, 2, 7, 2, 5, 5],
            [9, 2, 1, 1, 6, 1, 4, 6, 5, 7],
            [6000] * 10,
            [1000] * 10,
        ),
    ],
)
def test_loads_the_real_files(
    shared_data, cache, loader, folder, first_train, first_test, train_counts, test_counts
):
    data = loader(data_dir=shared_data, download=False)
    assert data.X_train.shape == (60000, 28, 28) and data.X_train.dtype == np.uint8
    assert data.X_test.shape == (10000, 28, 28) and data.X_test.dtype == np.uint8
    assert data.y_train.shape == (60000,) and data.y_test.shape == (10000,)
    assert data.y_train.dtype == np.int64 and data.y_test.dtype == np.int64
    assert data.y_train[:10].tolist() == first_train
    assert data.y_test[:10].tolist() == first_test
    assert np.bincount(data.y_train, minlength=10).tolist() == train_counts
    assert np.bincount(data.y_test, minlength=10).tolist() == test_counts
    assert data.X_train.max() == 255 and data.X_train.min() == 0
    assert data.name == folder and data.source == shared_data / folder
    assert len(data.class_names) == 10


def test_class_names():
    assert mnist.MNIST_CLASSES == tuple("0123456789")
    assert FASHION_MNIST_CLASSES == (
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    )  # fmt: skip


def test_swapped_datasets_are_caught_by_hash(shared_data, cache):
    with pytest.raises(DataError) as info:
        load_mnist(data_dir=shared_data / "fashion-mnist", download=False)
    assert str(info.value) == (
        f"{shared_data / 'fashion-mnist' / FILES[0]} is the Fashion-MNIST file, not the MNIST "
        "one; keep each dataset in its own subfolder, mnist/ and fashion-mnist/"
    )


# ---------------------------------------------------------------- where files are looked for


def test_data_dir_with_files_directly_or_in_a_subfolder(tmp_path, cache):
    arrays, _ = make_files(tmp_path / "flat")
    assert_matches(load_mnist(data_dir=tmp_path / "flat", download=False), arrays)
    arrays, _ = make_files(tmp_path / "shared" / "fashion-mnist", seed=1)
    data = load_fashion_mnist(data_dir=str(tmp_path / "shared"), download=False)
    assert_matches(data, arrays)
    assert data.class_names == FASHION_MNIST_CLASSES
    assert data.source == tmp_path / "shared" / "fashion-mnist"


def test_decompressed_files_are_accepted(tmp_path, cache):
    arrays, _ = make_files(tmp_path / "raw", gz=False)
    assert_matches(load_mnist(data_dir=tmp_path / "raw", download=False), arrays)


def test_environment_variable_and_precedence(tmp_path, cache, monkeypatch):
    from_env, _ = make_files(tmp_path / "env" / "mnist", seed=1)
    from_arg, _ = make_files(tmp_path / "arg", seed=2)
    monkeypatch.setenv("DESCENSO_DATA", str(tmp_path / "env"))
    assert_matches(load_mnist(download=False), from_env)
    assert_matches(load_mnist(data_dir=tmp_path / "arg", download=False), from_arg)
    # a data_dir without the dataset falls through to DESCENSO_DATA
    (tmp_path / "empty").mkdir()
    assert_matches(load_mnist(data_dir=tmp_path / "empty", download=False), from_env)


def test_missing_data_dir(tmp_path, cache):
    with pytest.raises(DataError, match="the data folder .*nowhere does not exist; check the path"):
        load_mnist(data_dir=tmp_path / "nowhere")


def test_bad_environment_variable(tmp_path, cache, monkeypatch):
    monkeypatch.setenv("DESCENSO_DATA", str(tmp_path / "nowhere"))
    with pytest.raises(DataError) as info:
        load_mnist()
    assert str(info.value) == (
        f"DESCENSO_DATA is {tmp_path / 'nowhere'}, which is not a folder; fix it or unset it"
    )


def test_partial_folder(tmp_path, cache):
    make_files(tmp_path / "data")
    (tmp_path / "data" / FILES[3]).unlink()
    with pytest.raises(DataError) as info:
        load_mnist(data_dir=tmp_path / "data")
    assert str(info.value) == (
        f"{tmp_path / 'data'} holds only some of the MNIST files: {FILES[3]} are missing; put "
        f"all four there ({', '.join(FILES)})"
    )


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({FILES[1]: np.zeros(5, np.uint8)}, "holds 5 uint8 labels but"),
        ({FILES[3]: np.full(4, 10, np.uint8)}, "holds the label 10, but MNIST labels go from 0"),
        ({FILES[3]: np.zeros(4, np.int32)}, "holds 4 int32 labels but"),
        ({FILES[2]: np.zeros((4, 32, 32), np.uint8)}, "holds uint8 images of 32x32; MNIST images"),
        ({FILES[0]: np.zeros(6, np.uint8)}, "holds a 1-D array of shape 6, but 3-D data was"),
    ],
)
def test_malformed_contents(tmp_path, cache, change, words):
    make_files(tmp_path / "data")
    for name, array in change.items():
        write_idx(tmp_path / "data" / name, array)
    with pytest.raises(DataError, match=words):
        load_mnist(data_dir=tmp_path / "data")


def test_offline_without_download(cache):
    with pytest.raises(DataError) as info:
        load_mnist(download=False)
    assert str(info.value) == (
        "MNIST is not on this computer and downloading is off. To work offline, put the four "
        f"MNIST files ({', '.join(FILES)}) in a folder and give it with --data-dir (data_dir= "
        "in Python) or the DESCENSO_DATA variable (a folder with a mnist/ subfolder works too), "
        f"or copy them into {cache / 'mnist'}. Folders searched: {cache / 'mnist'}."
    )


# ---------------------------------------------------------------- the download path


@pytest.fixture
def tiny_remote(tmp_path, server, monkeypatch):
    """Tiny MNIST files served at /mnist/ with the registry pinned to their hashes."""
    arrays, hashes = make_files(tmp_path / "remote")
    for name in FILES:
        server.routes[f"/mnist/{name}"] = (200, (tmp_path / "remote" / name).read_bytes())
    monkeypatch.setitem(SHA256, "mnist", hashes)
    return arrays


def test_downloads_into_the_cache_then_reuses_it(server, tiny_remote, cache):
    data = load_mnist(mirrors=[server.base + "/mnist/"], progress=False)
    assert_matches(data, tiny_remote)
    assert data.source == cache / "mnist"
    assert sorted(p.name for p in (cache / "mnist").iterdir()) == sorted(FILES)
    assert sorted(server.requests) == sorted(f"/mnist/{name}" for name in FILES)
    server.requests.clear()
    assert_matches(load_mnist(mirrors=server.base + "/mnist", progress=False), tiny_remote)
    assert server.requests == []


def test_mirror_from_environment_and_fallback(server, tiny_remote, cache, monkeypatch):
    monkeypatch.setenv("DESCENSO_MIRROR", f"{server.base}/broken {server.base}/")
    assert_matches(load_mnist(progress=False), tiny_remote)
    assert server.requests[:2] == [f"/broken/mnist/{FILES[0]}", f"/mnist/{FILES[0]}"]


def test_damaged_cached_file_is_downloaded_again(server, tiny_remote, cache):
    load_mnist(mirrors=server.base + "/mnist/", progress=False)
    (cache / "mnist" / FILES[2]).write_bytes(b"damaged")
    server.requests.clear()
    assert_matches(load_mnist(mirrors=server.base + "/mnist/", progress=False), tiny_remote)
    assert server.requests == [f"/mnist/{FILES[2]}"]


def test_hash_mismatch_keeps_nothing_and_explains(server, tiny_remote, cache):
    server.routes[f"/mnist/{FILES[1]}"] = (200, b"tampered")
    with pytest.raises(DownloadError) as info:
        load_mnist(mirrors=server.base + "/mnist/", progress=False)
    message = str(info.value)
    assert f"could not download {FILES[1]} ({server.base}/mnist/{FILES[1]}: the downloaded " in (
        message
    )
    assert f"Folders searched: {cache / 'mnist'}." in message
    assert (cache / "mnist" / FILES[0]).is_file()  # downloaded before the failure, verified
    assert not (cache / "mnist" / FILES[1]).exists()
    assert [p.name for p in (cache / "mnist").iterdir()] == [FILES[0]]


def test_server_down_says_which_files_to_put_where(server, tmp_path, cache, monkeypatch):
    monkeypatch.setenv("DESCENSO_DATA", str(tmp_path))
    with pytest.raises(DownloadError) as info:
        load_fashion_mnist(mirrors=server.base + "/none/", progress=False)
    message = str(info.value)
    assert "the server answered HTTP 404 Not Found" in message
    assert ", ".join(FILES) in message and "--data-dir" in message
    searched = [tmp_path / "fashion-mnist", tmp_path, cache / "fashion-mnist"]
    assert message.endswith(f"Folders searched: {', '.join(map(str, searched))}.")
    assert list((cache / "fashion-mnist").iterdir()) == []


def test_cache_follows_xdg_cache_home(cache):
    assert mnist._cache_dir("fashion-mnist") == cache / "fashion-mnist"


def test_default_mirrors_are_well_formed(cache):
    for bases in mnist.MIRRORS.values():
        assert bases and all(base.endswith("/") for base in bases)
        assert all(base.startswith(("http://", "https://")) for base in bases)
    assert mnist._mirror_bases("mnist", None) == list(mnist.MIRRORS["mnist"])
