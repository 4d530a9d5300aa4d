"""The server refuses what it must, each with its status, and serves only its routes."""

from __future__ import annotations

import http.client
import json
import time

import pytest

from playground_helpers import TOKEN, running_server


def _request(server, method, path, headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        headers = {"Host": server.host, **(headers or {})}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_the_page_with_the_token_is_served_with_a_strict_policy(server):
    status, headers, body = _request(server, "GET", f"/?token={TOKEN}")
    assert status == 200 and b"app.js?token=" + TOKEN.encode() in body
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/", "/app.js", "/strings", "/export/script"])
def test_a_missing_token_is_401(server, path):
    assert _request(server, "GET", path)[0] == 401


def test_a_wrong_token_is_403_also_in_the_header(server):
    assert _request(server, "GET", "/?token=guess")[0] == 403
    assert _request(server, "GET", "/strings", {"X-Descenso-Token": "guess"})[0] == 403
    assert _request(server, "GET", "/strings", {"X-Descenso-Token": TOKEN})[0] == 200


def test_a_wrong_host_is_400_even_with_the_token(server):
    assert _request(server, "GET", f"/?token={TOKEN}", {"Host": "evil.example:80"})[0] == 400


def test_a_foreign_origin_is_403(server):
    status = _request(server, "GET", f"/strings?token={TOKEN}",
                      {"Origin": "http://evil.example"})[0]
    assert status == 403
    same = _request(server, "GET", f"/strings?token={TOKEN}", {"Origin": server.base})[0]
    assert same == 200


def test_an_oversized_body_is_413(server):
    from descenso.playground.server import MAX_BODY

    body = b"a,b\n" + b"1,2\n" * (MAX_BODY // 4 + 1)
    status = _request(server, "POST", f"/upload?token={TOKEN}", {"X-Descenso-Page": "x"},
                      body)[0]
    assert status == 413


@pytest.mark.parametrize("path", ["/../../etc/passwd", "/static/app.js", "/export/../../x",
                                  "/index.html", "/export/weights"])
def test_paths_outside_the_routes_are_404(server, path):
    assert _request(server, "GET", path + f"?token={TOKEN}")[0] == 404


def test_a_wrong_method_is_405(server):
    assert _request(server, "DELETE", f"/?token={TOKEN}")[0] == 405


def test_the_page_strings_are_translated(server):
    from descenso import i18n

    i18n.set_language("es")
    try:
        status, _headers, body = _request(server, "GET", f"/strings?token={TOKEN}")
    finally:
        i18n.set_language(None)
    assert status == 200 and json.loads(body)["lr"] == "tasa de aprendizaje"


def test_a_websocket_without_the_token_or_from_another_origin_is_refused(server):
    websockets = pytest.importorskip("websockets")
    from websockets.sync.client import connect

    for uri, origin in ((f"ws://{server.host}/ws", server.base),
                        (f"ws://{server.host}/ws?token={TOKEN}", "http://evil.example")):
        with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
            connect(uri, origin=origin, open_timeout=5).close()
        assert refused.value.response.status_code == 403


def test_a_websocket_trains_and_sends_frames(server):
    pytest.importorskip("websockets")
    from websockets.sync.client import connect

    with connect(f"ws://{server.host}/ws?token={TOKEN}", origin=server.base,
                 open_timeout=5) as socket:
        hello = json.loads(socket.recv(timeout=5))
        assert hello["type"] == "hello"
        socket.send(json.dumps({"type": "settings", "settings": {"data": "gauss", "n": 60}}))
        assert json.loads(socket.recv(timeout=10))["type"] == "setup"
        assert json.loads(socket.recv(timeout=10))["step"] == 0
        socket.send(json.dumps({"type": "play"}))
        frame = json.loads(socket.recv(timeout=10))
        assert frame["type"] == "frame" and frame["step"] > 0
        socket.send(json.dumps({"type": "settings", "settings": {"lr": "-1"}}))
        message = json.loads(socket.recv(timeout=10))
        while message["type"] == "frame":  # frames sent before the message arrived
            message = json.loads(socket.recv(timeout=10))
        assert message["type"] == "error" and "lr" in message["message"]
        status, _h, body = _request(server, "GET",
                                    f"/export/script?token={TOKEN}&page={hello['page']}")
        assert status == 200 and b"import descenso" in body


def test_the_training_ends_when_the_page_goes_away(server):
    pytest.importorskip("websockets")
    from websockets.sync.client import connect

    with connect(f"ws://{server.host}/ws?token={TOKEN}", origin=server.base,
                 open_timeout=5) as socket:
        page = json.loads(socket.recv(timeout=5))["page"]
        socket.send(json.dumps({"type": "settings", "settings": {"data": "xor", "n": 40}}))
        socket.recv(timeout=10)
        socket.send(json.dumps({"type": "play"}))
        socket.recv(timeout=10)
        path = f"/export/history?token={TOKEN}&page={page}"
        assert _request(server, "GET", path)[0] == 200
    for _attempt in range(50):  # the server notices the close within a frame or two
        if _request(server, "GET", path)[0] == 404:
            break
        time.sleep(0.05)
    assert _request(server, "GET", path)[0] == 404


def test_allow_remote_accepts_other_hosts_but_keeps_the_token_and_same_origin():
    with running_server(remote=True) as server:
        lan = {"Host": "192.168.1.20:8765"}
        assert _request(server, "GET", f"/?token={TOKEN}", lan)[0] == 200
        assert _request(server, "GET", "/", lan)[0] == 401
        foreign = {**lan, "Origin": "http://evil.example"}
        assert _request(server, "GET", f"/strings?token={TOKEN}", foreign)[0] == 403
        same = {**lan, "Origin": "http://192.168.1.20:8765"}
        assert _request(server, "GET", f"/strings?token={TOKEN}", same)[0] == 200


def test_a_diverging_run_pauses_and_says_what_to_do(server):
    pytest.importorskip("websockets")
    from websockets.sync.client import connect

    with connect(f"ws://{server.host}/ws?token={TOKEN}", origin=server.base,
                 open_timeout=5) as socket:
        socket.recv(timeout=5)
        socket.send(json.dumps({"type": "settings", "settings": {
            "data": "sine", "hidden": [], "features": ["x", "x^2", "x^3"], "lr": 10,
            "batch": 400}}))
        socket.recv(timeout=10)
        socket.recv(timeout=10)
        socket.send(json.dumps({"type": "play"}))
        message = json.loads(socket.recv(timeout=10))
        while message["type"] == "frame":
            message = json.loads(socket.recv(timeout=10))
        assert message["type"] == "error" and "learning rate" in message["message"]


def test_an_uploaded_csv_trains_and_its_target_can_change(server):
    pytest.importorskip("websockets")
    from websockets.sync.client import connect

    rows = ["a,b,label"] + [f"{i % 7 * 0.5},{i % 5 * 1.5},{'yes' if i % 7 > 3 else 'no'}"
                            for i in range(50)]
    body = ("\n".join(rows) + "\n").encode()
    with connect(f"ws://{server.host}/ws?token={TOKEN}", origin=server.base,
                 open_timeout=5) as socket:
        page = json.loads(socket.recv(timeout=5))["page"]
        status, _h, answer = _request(server, "POST", f"/upload?token={TOKEN}",
                                      {"X-Descenso-Page": page}, body)
        assert status == 200 and json.loads(answer)["task"] == "classification"
        socket.send(json.dumps({"type": "settings", "settings": {"data": "csv"}}))
        described = json.loads(socket.recv(timeout=10))
        assert described["target"] == "label" and described["loss"] == "bce"
        socket.recv(timeout=10)
        socket.send(json.dumps({"type": "settings", "settings": {"data": "csv", "target": "a"}}))
        described = json.loads(socket.recv(timeout=10))
        assert described["target"] == "a" and described["task"] == "regression"
        assert "a" not in described["settings"]["features"]
        status, _h, answer = _request(server, "POST", f"/upload?token={TOKEN}",
                                      {"X-Descenso-Page": page}, b"a,b\n1\n")
        assert status == 400 and json.loads(answer)["error"]
