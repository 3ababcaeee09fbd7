"""HTTP behaviour: keep-alive, framing, unknown routes and methods, bad input.

After every test the ``server`` fixture's server must still answer; the
``still_serving`` fixture checks that.
"""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator

import pytest

from buena_sdk.testing import MockServer


@pytest.fixture(autouse=True)
def still_serving(server: MockServer) -> Iterator[None]:
    """After the test, a fresh connection still gets a normal answer."""
    yield
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("GET", "/api/v2/health", headers={"x-api-key": server.api_key})
    assert connection.getresponse().status == 200
    connection.close()


def _open(server: MockServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=5)


def _read_response(
    sock: socket.socket, method: str = "GET"
) -> http.client.HTTPResponse:
    response = http.client.HTTPResponse(sock, method=method)
    response.begin()
    return response


def _exchange(
    server: MockServer, data: bytes
) -> tuple[http.client.HTTPResponse, bytes]:
    """Send raw bytes on a new connection and read one response."""
    with _open(server) as sock:
        sock.sendall(data)
        response = _read_response(sock)
        return response, response.read()


def _request(server: MockServer, head: str, body: bytes = b"") -> bytes:
    head = head.replace("KEY", server.api_key)
    return head.replace("\n", "\r\n").encode() + b"\r\n" + body


def _is_closed(sock: socket.socket) -> bool:
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True


def test_two_requests_share_one_keep_alive_connection(raw) -> None:
    raw.call("GET", "/health")
    first_socket = raw.connection.sock

    second = raw.call("GET", "/leads")

    assert second.status == 200
    assert raw.connection.sock is first_socket
    assert second.header("Connection") is None


def _read_statuses(sock: socket.socket, count: int) -> list[int]:
    """Read ``count`` responses from one buffered stream; return their statuses."""
    statuses = []
    with sock.makefile("rb") as stream:
        for _ in range(count):
            status = int(stream.readline().split()[1])
            length = 0
            for line in iter(stream.readline, b"\r\n"):
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            stream.read(length)
            statuses.append(status)
    return statuses


def test_pipelined_requests_are_answered_in_order(server: MockServer) -> None:
    request = _request(server, "GET /api/v2/health HTTP/1.1\nHost: x\nx-api-key: KEY\n")
    unknown = b"GET /api/v2/nope HTTP/1.1\r\nHost: x\r\n\r\n"

    with _open(server) as sock:
        sock.sendall(request + unknown + request)
        statuses = _read_statuses(sock, 3)

    assert statuses == [200, 404, 200]


def test_connection_close_is_honoured(server: MockServer) -> None:
    request = _request(
        server,
        "GET /api/v2/health HTTP/1.1\nHost: x\nx-api-key: KEY\nConnection: close\n",
    )

    with _open(server) as sock:
        sock.sendall(request)
        response = _read_response(sock)
        response.read()

        assert response.status == 200
        assert response.getheader("Connection") == "close"
        assert _is_closed(sock)


def test_http_1_0_request_is_answered_and_closed(server: MockServer) -> None:
    with _open(server) as sock:
        sock.sendall(_request(server, "GET /api/v2/health HTTP/1.0\nx-api-key: KEY\n"))
        response = _read_response(sock)

        assert response.status == 200
        assert json.loads(response.read())["status"] == "healthy"
        assert _is_closed(sock)


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PATCH", "/leads", "GET, POST"),
        ("DELETE", "/leads", "GET, POST"),
        ("POST", "/leads/lead_1", "GET, PUT, DELETE"),
        ("PATCH", "/leads/lead_1", "GET, PUT, DELETE"),
        ("PUT", "/keys", "GET, POST"),
        ("POST", "/health", "GET"),
        ("OPTIONS", "/leads", "GET, POST"),
        ("TRACE", "/keys", "GET, POST"),
        ("BREW", "/health", "GET"),
    ],
)
def test_unsupported_method_on_known_path_is_405_with_allow(
    raw, method, path, allow
) -> None:
    response = raw.call(method, path, key=None)

    assert response.status == 405
    assert response.code == "METHOD_NOT_ALLOWED"
    assert response.header("Allow") == allow


def test_head_gets_405_headers_without_a_body(raw) -> None:
    response = raw.call("HEAD", "/leads")

    assert response.status == 405
    assert response.body == b""
    assert int(response.header("Content-Length") or 0) > 0
    assert raw.call("GET", "/health").status == 200


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/api/v2",
        "/api/v2/",
        "/api/v2/leads/",
        "/api/v2/leads/lead_1/notes",
        "/api/v2/LEADS",
        "/api/v1/leads",
        "/api/v2/keys/key_1",
        "/api/v2/../v2/leads",
        "/api/v2//leads",
    ],
)
def test_unknown_path_is_404_not_found(server: MockServer, path) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("GET", path, headers={"x-api-key": server.api_key})
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()

    assert response.status == 404
    assert body["code"] == "NOT_FOUND"


def test_absolute_form_request_target_is_served(server: MockServer) -> None:
    target = f"http://127.0.0.1:{server.port}/api/v2/health"

    response, _ = _exchange(
        server, _request(server, f"GET {target} HTTP/1.1\nHost: x\nx-api-key: KEY\n")
    )

    assert response.status == 200


@pytest.fixture
def small_server() -> Iterator[MockServer]:
    """A server that refuses bodies over 100 bytes."""
    with MockServer(max_body_bytes=100) as mock:
        yield mock


def test_body_over_the_limit_is_413_and_closes(small_server: MockServer, connect):
    body = {"first_name": "A" * 100, "last_name": "B", "email": "a@b.example"}

    response = connect(small_server).call("POST", "/leads", body)

    assert response.status == 413
    assert response.code == "PAYLOAD_TOO_LARGE"
    assert response.header("Connection") == "close"
    assert small_server.lead_count() == 0
    assert small_server.requests[-1].body == b""


def test_huge_declared_body_is_refused_without_reading_it(
    small_server: MockServer,
) -> None:
    head = "POST /api/v2/leads HTTP/1.1\nHost: x\nx-api-key: KEY\n"
    head += "Content-Type: application/json\nContent-Length: 1000000000000\n"

    with _open(small_server) as sock:
        sock.sendall(_request(small_server, head, b'{"first_name": '))
        response = _read_response(sock)

        assert response.status == 413
        response.read()
        assert _is_closed(sock)


def test_oversized_body_without_key_is_401_first(small_server: MockServer) -> None:
    head = "POST /api/v2/leads HTTP/1.1\nHost: x\nContent-Length: 5000\n"

    response, _ = _exchange(small_server, _request(small_server, head, b"x" * 5000))

    assert response.status == 401


def test_expect_continue_is_skipped_for_oversized_body(
    small_server: MockServer,
) -> None:
    head = "POST /api/v2/leads HTTP/1.1\nHost: x\nx-api-key: KEY\n"
    head += "Content-Length: 5000\nExpect: 100-continue\n"

    response, _ = _exchange(small_server, _request(small_server, head))

    assert response.status == 413


def test_expect_continue_gets_100_then_the_answer(server: MockServer) -> None:
    body = b'{"first_name": "A", "last_name": "B", "email": "a@b.example"}'
    head = "POST /api/v2/leads HTTP/1.1\nHost: x\nx-api-key: KEY\n"
    head += "Content-Type: application/json\nExpect: 100-continue\n"
    head += f"Content-Length: {len(body)}\n"

    with _open(server) as sock:
        sock.sendall(_request(server, head))
        interim = sock.recv(100)
        sock.sendall(body)
        response = _read_response(sock)

    assert interim.startswith(b"HTTP/1.1 100")
    assert response.status == 201


def test_chunked_request_body_is_read(server: MockServer) -> None:
    body = b'{"first_name": "A", "last_name": "B", "email": "c@d.example"}'
    chunks = b"10\r\n" + body[:16] + b"\r\n"
    chunks += f"{len(body) - 16:x}".encode() + b";ext=1\r\n" + body[16:] + b"\r\n"
    chunks += b"0\r\nX-Trailer: yes\r\n\r\n"
    head = "POST /api/v2/leads HTTP/1.1\nHost: x\nx-api-key: KEY\n"
    head += "Content-Type: application/json\nTransfer-Encoding: chunked\n"

    response, data = _exchange(server, _request(server, head, chunks))

    assert response.status == 201
    assert json.loads(data)["email"] == "c@d.example"


def test_chunked_body_over_the_limit_is_413(small_server: MockServer) -> None:
    head = "POST /api/v2/leads HTTP/1.1\nHost: x\nx-api-key: KEY\n"
    head += "Transfer-Encoding: chunked\n"

    response, _ = _exchange(small_server, _request(small_server, head, b"ff\r\n"))

    assert response.status == 413


@pytest.mark.parametrize(
    "framing",
    [
        "Content-Length: abc\n",
        "Content-Length: -1\n",
        "Content-Length: 1e3\n",
        "Content-Length: 5\nContent-Length: 6\n",
        "Content-Length: 99999999999999999999999\n",
        "Transfer-Encoding: gzip\n",
        "Transfer-Encoding: chunked\nContent-Length: 5\n",
    ],
)
def test_bad_body_framing_is_400_and_closes(server: MockServer, framing) -> None:
    head = "POST /api/v2/leads HTTP/1.1\nHost: x\nx-api-key: KEY\n" + framing

    with _open(server) as sock:
        sock.sendall(_request(server, head, b"hello"))
        response = _read_response(sock)
        body = json.loads(response.read())

        assert response.status == 400
        assert body["code"] == "BAD_REQUEST"
        assert _is_closed(sock)
    assert server.requests[-1].status == 400


def test_bad_chunk_size_is_400(server: MockServer) -> None:
    head = "POST /api/v2/leads HTTP/1.1\nHost: x\nx-api-key: KEY\n"
    head += "Transfer-Encoding: chunked\n"

    response, _ = _exchange(server, _request(server, head, b"zz\r\nhello\r\n0\r\n\r\n"))

    assert response.status == 400


@pytest.mark.parametrize(
    "data",
    [
        b"HELLO\r\n\r\n",
        b"GET /api/v2/health HTTP/9.9\r\n\r\n",
        b"GET /api/v2/health HTTP/1.1 extra\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
    ],
)
def test_garbage_request_line_gets_a_json_error(server: MockServer, data) -> None:
    response, body = _exchange(server, data)

    assert 400 <= response.status < 600
    assert json.loads(body)["error"] is True
    assert response.getheader("Connection") == "close"


def test_request_line_over_64_kib_is_414(server: MockServer) -> None:
    line = "GET /api/v2/leads?search=" + "a" * 70_000 + " HTTP/1.1\r\n\r\n"

    response, body = _exchange(server, line.encode())

    assert response.status == 414
    assert json.loads(body)["code"] == "URI_TOO_LONG"


def test_long_query_under_the_limit_is_served(raw) -> None:
    response = raw.call("GET", "/leads?search=" + "a" * 60_000)

    assert response.status == 200
    assert response.json()["total"] == 0


def test_too_many_headers_is_431(server: MockServer) -> None:
    headers = "".join(f"X-Filler-{index}: {index}\n" for index in range(150))

    response, _ = _exchange(
        server, _request(server, "GET /api/v2/health HTTP/1.1\n" + headers)
    )

    assert response.status == 431


def test_non_utf8_query_and_path_bytes_are_handled(server: MockServer) -> None:
    query, _ = _exchange(
        server,
        _request(server, "GET /api/v2/leads?search=%ff%fe HTTP/1.1\nx-api-key: KEY\n"),
    )
    path, _ = _exchange(
        server, b"GET /api/v2/leads/\xff\xfe HTTP/1.1\r\nx-api-key: " + b"x\r\n\r\n"
    )

    assert query.status == 200
    assert path.status == 401


def test_client_vanishing_mid_body_does_not_hurt_the_server(server: MockServer):
    head = "POST /api/v2/leads HTTP/1.1\nHost: x\nx-api-key: KEY\n"
    head += "Content-Type: application/json\nContent-Length: 500\n"

    with _open(server) as sock:
        sock.sendall(_request(server, head, b'{"first'))

    with _open(server) as sock:
        sock.sendall(b"GET /api/v2/he")

    assert server.lead_count() == 0


def test_unexpected_exception_is_500_internal_error(
    raw, server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(server._app.store, "list_keys", explode)

    response = raw.call("GET", "/keys")

    assert response.status == 500
    assert response.code == "INTERNAL_ERROR"
    assert b"boom" not in response.body
    assert raw.call("GET", "/leads").status == 200


def test_failure_outside_the_api_layer_is_500_and_closes(
    server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(request: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(server._app, "respond", explode)

    response, body = _exchange(
        server, _request(server, "GET /api/v2/leads HTTP/1.1\nx-api-key: KEY\n")
    )

    assert response.status == 500
    assert json.loads(body)["code"] == "INTERNAL_ERROR"
    assert response.getheader("Connection") == "close"
    monkeypatch.undo()


def test_unparseable_absolute_target_is_404(server: MockServer) -> None:
    response, _ = _exchange(server, b"GET http://[::1/api/v2/health HTTP/1.1\r\n\r\n")

    assert response.status == 404


def test_every_response_names_the_server_and_a_date(raw) -> None:
    response = raw.call("GET", "/health")

    assert (response.header("Server") or "").startswith("BuenaMock/")
    assert response.header("Date")
