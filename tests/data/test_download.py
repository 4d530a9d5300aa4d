"""fetch_file against a real HTTP server on 127.0.0.1: success, mirrors, and every failure.

The invariant under test: after fetch_file returns, the file has the pinned SHA-256; after it
raises, the destination folder holds nothing from the attempt (no final, no partial file).
"""

from __future__ import annotations

import hashlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from descenso.data.download import fetch_file, file_sha256
from descenso.data.idx import read_idx
from idx_writer import write_idx
from descenso.errors import DownloadError


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        status, body, length = self.server.routes.get(self.path, (404, b"not found", None))
        self.send_response(status)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)  # then the handler returns and HTTP/1.0 closes the connection

    def log_message(self, *args):
        pass


class LocalServer:
    """An HTTP server on 127.0.0.1 serving bytes at chosen paths, counting requests."""

    def __init__(self):
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.routes = {}
        self._httpd.requests = []
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        ).start()

    @property
    def requests(self) -> list[str]:
        return self._httpd.requests

    def serve(self, path: str, body: bytes, status: int = 200, length: int | None = None) -> str:
        """Serve ``body`` at ``path`` (announcing ``length`` bytes if given); return its URL."""
        self._httpd.routes[path] = (status, body, length)
        return self.base + path

    def close(self):
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def server():
    local = LocalServer()
    yield local
    local.close()


@pytest.fixture
def idx_bytes(tmp_path_factory):
    """A small gzipped IDX label file and its SHA-256."""
    path = tmp_path_factory.mktemp("source") / "labels-idx1-ubyte.gz"
    write_idx(path, np.random.default_rng(0).integers(0, 10, size=5000, dtype=np.uint8))
    body = path.read_bytes()
    return body, hashlib.sha256(body).hexdigest()


def _listing(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_success_downloads_verified_file(server, idx_bytes, tmp_path):
    body, sha = idx_bytes
    url = server.serve("/files/labels-idx1-ubyte.gz", body)
    dest = tmp_path / "cache" / "nested"
    path = fetch_file(url, sha, dest, "labels.gz", progress=False)
    assert path == dest / "labels.gz"
    assert path.read_bytes() == body
    assert _listing(dest) == ["labels.gz"]  # the staging folder is gone
    np.testing.assert_array_equal(
        read_idx(path), np.random.default_rng(0).integers(0, 10, size=5000, dtype=np.uint8)
    )


def test_file_already_present_with_right_hash_is_not_downloaded(server, idx_bytes, tmp_path):
    body, sha = idx_bytes
    (tmp_path / "labels.gz").write_bytes(body)
    url = server.serve("/labels.gz", b"something else")
    assert fetch_file(url, sha, tmp_path, "labels.gz", progress=False).read_bytes() == body
    assert server.requests == []


def test_file_present_with_wrong_hash_is_replaced(server, idx_bytes, tmp_path):
    body, sha = idx_bytes
    (tmp_path / "labels.gz").write_bytes(body[:-10])
    url = server.serve("/labels.gz", body)
    assert fetch_file(url, sha.upper(), tmp_path, "labels.gz", progress=False).read_bytes() == body
    assert server.requests == ["/labels.gz"]


def test_hash_mismatch_leaves_nothing(server, idx_bytes, tmp_path):
    body, sha = idx_bytes
    url = server.serve("/labels.gz", body + b"x")
    with pytest.raises(DownloadError) as info:
        fetch_file(url, sha, tmp_path / "dest", "labels.gz", progress=False)
    message = str(info.value)
    assert f"could not download labels.gz ({url}: the downloaded bytes do not have the " in message
    assert f"pinned SHA-256 {sha}); nothing was saved" in message
    assert f"put it in {tmp_path / 'dest'}" in message
    assert _listing(tmp_path / "dest") == []


def test_wrong_file_already_present_is_removed_even_if_download_fails(server, tmp_path):
    (tmp_path / "labels.gz").write_bytes(b"stale")
    url = server.serve("/labels.gz", b"", status=500)
    with pytest.raises(DownloadError):
        fetch_file(url, "0" * 64, tmp_path, "labels.gz", progress=False)
    assert _listing(tmp_path) == []


@pytest.mark.parametrize(
    ("status", "words"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")]
)
def test_server_error_leaves_nothing(server, idx_bytes, tmp_path, status, words):
    _, sha = idx_bytes
    url = server.serve("/labels.gz", b"error page", status=status)
    with pytest.raises(DownloadError, match=f"{url}: the server answered {words}"):
        fetch_file(url, sha, tmp_path, "labels.gz", progress=False)
    assert _listing(tmp_path) == []


def test_truncated_response_leaves_nothing(server, idx_bytes, tmp_path):
    body, sha = idx_bytes
    assert len(body) > 1000
    url = server.serve("/labels.gz", body[: len(body) // 2], length=len(body))
    with pytest.raises(DownloadError) as info:
        fetch_file(url, sha, tmp_path, "labels.gz", progress=False)
    assert f"{url}: the connection closed before the whole file arrived" in str(info.value)
    assert _listing(tmp_path) == []


def test_refused_connection_leaves_nothing(idx_bytes, tmp_path):
    _, sha = idx_bytes
    with socket.socket() as probe:  # a port that was free a moment ago and has no listener
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(DownloadError, match="could not connect to the server"):
        fetch_file(f"http://127.0.0.1:{port}/labels.gz", sha, tmp_path, "labels.gz", progress=False)
    assert _listing(tmp_path) == []


def test_mirrors_are_tried_in_order(server, idx_bytes, tmp_path):
    body, sha = idx_bytes
    bad = server.serve("/bad/labels.gz", b"tampered")
    missing = server.base + "/missing/labels.gz"
    good = server.serve("/good/labels.gz", body)
    path = fetch_file([missing, bad, good], sha, tmp_path, "labels.gz", progress=False)
    assert path.read_bytes() == body
    assert server.requests == ["/missing/labels.gz", "/bad/labels.gz", "/good/labels.gz"]


def test_all_mirrors_failing_lists_each(server, idx_bytes, tmp_path):
    _, sha = idx_bytes
    first = server.serve("/a/labels.gz", b"", status=404)
    second = server.serve("/b/labels.gz", b"tampered")
    with pytest.raises(DownloadError) as info:
        fetch_file([first, second], sha, tmp_path, "labels.gz", progress=False)
    message = str(info.value)
    assert f"{first}: the server answered HTTP 404 Not Found; {second}: the downloaded" in message
    assert _listing(tmp_path) == []


def test_progress_bar_shows_file_name_and_pooch_stays_quiet(server, idx_bytes, tmp_path, capfd):
    import pooch

    body, sha = idx_bytes
    level = pooch.get_logger().level
    fetch_file(server.serve("/l.gz", body), sha, tmp_path, "labels.gz", progress=True)
    err = capfd.readouterr().err
    assert "labels.gz" in err
    assert "Downloading data from" not in err
    assert pooch.get_logger().level == level


@pytest.mark.parametrize("bad", ["abc", "g" * 64, "0" * 63])
def test_rejects_malformed_hash(bad, tmp_path):
    with pytest.raises(ValueError, match="sha256 must be 64 hex digits"):
        fetch_file("http://127.0.0.1:9/x", bad, tmp_path, "x", progress=False)


@pytest.mark.parametrize("bad", ["", "../escape.gz", "sub/file.gz"])
def test_rejects_file_names_with_folders(bad, tmp_path):
    with pytest.raises(ValueError, match="filename must be a plain file name"):
        fetch_file("http://127.0.0.1:9/x", "0" * 64, tmp_path, bad, progress=False)


def test_file_sha256_matches_hashlib(tmp_path):
    data = bytes(range(256)) * 5000  # several read chunks
    (tmp_path / "f").write_bytes(data)
    assert file_sha256(tmp_path / "f") == hashlib.sha256(data).hexdigest()


def test_real_pinned_hash_accepts_published_file(server, shared_data, tmp_path):
    """The pinned registry matches the published bytes, through the real download path."""
    from descenso.datasets.mnist import SHA256

    name = "t10k-labels-idx1-ubyte.gz"
    url = server.serve("/mnist/" + name, (shared_data / "mnist" / name).read_bytes())
    path = fetch_file(url, SHA256["mnist"][name], tmp_path, name, progress=False)
    labels = read_idx(path)
    assert labels.shape == (10000,)
    np.testing.assert_array_equal(labels[:10], [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])


class _EndlessHandler(BaseHTTPRequestHandler):
    """A server that never ends the body (no Content-Length, bytes forever)."""

    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        try:
            while True:
                self.wfile.write(b"\0" * 65536)
        except OSError:
            pass  # the client hung up

    def log_message(self, *args):
        pass


def test_a_body_that_never_ends_stops_at_the_expected_size(idx_bytes, tmp_path):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _EndlessHandler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01},
                     daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/labels.gz"
        with pytest.raises(DownloadError, match="the server sent more than 5000 bytes"):
            fetch_file(url, idx_bytes[1], tmp_path / "cache", "labels.gz", progress=False,
                       size=5000)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert _listing(tmp_path / "cache") == []


def test_an_announced_length_above_the_expected_size_is_refused_before_reading(
        server, idx_bytes, tmp_path):
    body, sha = idx_bytes
    url = server.serve("/big.gz", body, length=10**12)
    with pytest.raises(DownloadError, match="more than 100 bytes"):
        fetch_file(url, sha, tmp_path, "big.gz", progress=False, size=100)
    assert _listing(tmp_path) == []
