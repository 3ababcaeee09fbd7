"""Redirects are followed by the SDK itself, and the key never leaves its origin."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.exceptions import ApiException

KEY = "bna_redirect_test_key_0123456789abcdef"
HEALTHY = {
    "status": "healthy",
    "timestamp": "2024-06-29T10:00:00Z",
    "version": "2.0.0",
    "services": {"database": "healthy", "redis": "healthy", "api": "healthy"},
    "response_time": 3,
}
LEAD = {
    "id": "lead_000000000001",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "ada@example.com",
    "status": "active",
    "created_at": "2024-06-29T10:00:00Z",
    "updated_at": "2024-06-29T10:00:00Z",
}

# path -> (status, headers, body); "{other}" in a header is the other server.
Route = tuple[int, dict[str, str], bytes]


@dataclass
class Seen:
    """One request as the recording server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class RecordingServer:
    """A stdlib HTTP server on 127.0.0.1 that answers from a route table."""

    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.01,), daemon=True
        )
        self._thread.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_port}"

    @property
    def port(self) -> int:
        return self._httpd.server_port

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length)
        headers = {name.lower(): value for name, value in handler.headers.items()}
        self.seen.append(Seen(handler.command, handler.path, headers, body))
        status, extra, payload = self.routes.get(
            handler.path, (404, {}, b'{"error":true,"code":"NOT_FOUND","message":"x"}')
        )
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        for name, value in extra.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(payload)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.answer(self)

            def do_POST(self) -> None:
                server.answer(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


@pytest.fixture
def servers() -> Iterator[tuple[RecordingServer, RecordingServer]]:
    """Two recording servers: the API's origin and another origin."""
    first, second = RecordingServer(), RecordingServer()
    yield first, second
    first.close()
    second.close()


@pytest.fixture
def make_api() -> Iterator[Callable[[str], DefaultApi]]:
    """``make_api(origin)``: a client for ``origin + /api/v2`` with the test key."""
    clients: list[buena_sdk.ApiClient] = []

    def build(origin: str) -> DefaultApi:
        configuration = buena_sdk.Configuration(
            host=f"{origin}/api/v2", api_key=KEY, retries=0
        )
        clients.append(buena_sdk.ApiClient(configuration))
        return DefaultApi(clients[-1])

    yield build
    for client in clients:
        client.close()


def ok(document: dict[str, Any]) -> Route:
    return 200, {}, json.dumps(document).encode()


def moved(status: int, location: str) -> Route:
    return status, {"Location": location}, b"{}"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_to_another_origin_drops_the_key(
    servers: tuple[RecordingServer, RecordingServer],
    make_api: Callable[[str], DefaultApi],
    status: int,
) -> None:
    api_origin, other = servers
    api_origin.routes["/api/v2/health"] = moved(status, f"{other.origin}/health")
    other.routes["/health"] = ok(HEALTHY)

    health = make_api(api_origin.origin).health_check(
        _headers={"Authorization": "Bearer t0ken-value"}
    )

    assert health.status == "healthy"
    assert api_origin.seen[0].headers["x-api-key"] == KEY
    (forwarded,) = other.seen
    assert "x-api-key" not in forwarded.headers
    assert "authorization" not in forwarded.headers
    assert forwarded.headers["accept"] == "application/json"


def test_redirect_to_another_host_name_on_the_same_port_drops_the_key(
    servers: tuple[RecordingServer, RecordingServer],
    make_api: Callable[[str], DefaultApi],
) -> None:
    api_origin, _ = servers
    # "localhost" and "127.0.0.1" reach the same socket but are different
    # origins: the client cannot know they are the same server.
    api_origin.routes["/api/v2/health"] = moved(
        302, f"http://localhost:{api_origin.port}/elsewhere"
    )
    api_origin.routes["/elsewhere"] = ok(HEALTHY)

    make_api(api_origin.origin).health_check()

    first, second = api_origin.seen
    assert first.headers["x-api-key"] == KEY
    assert second.path == "/elsewhere"
    assert "x-api-key" not in second.headers


@pytest.mark.parametrize("location", ["/api/v2/health-v2", "health-v2", "{origin}"])
def test_same_origin_redirect_keeps_the_key(
    servers: tuple[RecordingServer, RecordingServer],
    make_api: Callable[[str], DefaultApi],
    location: str,
) -> None:
    api_origin, _ = servers
    target = location.replace("{origin}", f"{api_origin.origin}/api/v2/health-v2")
    api_origin.routes["/api/v2/health"] = moved(301, target)
    api_origin.routes["/api/v2/health-v2"] = ok(HEALTHY)

    make_api(api_origin.origin).health_check()

    assert [seen.path for seen in api_origin.seen] == [
        "/api/v2/health",
        "/api/v2/health-v2",
    ]
    assert all(seen.headers["x-api-key"] == KEY for seen in api_origin.seen)


def test_307_keeps_method_and_body(
    servers: tuple[RecordingServer, RecordingServer],
    make_api: Callable[[str], DefaultApi],
) -> None:
    api_origin, _ = servers
    api_origin.routes["/api/v2/leads"] = moved(307, "/api/v2/leads-new")
    api_origin.routes["/api/v2/leads-new"] = (201, {}, json.dumps(LEAD).encode())
    request = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@e.com"}

    lead = make_api(api_origin.origin).create_lead(request)

    assert lead.id == LEAD["id"]
    first, second = api_origin.seen
    assert second.method == "POST"
    assert json.loads(second.body) == request
    assert second.body == first.body


def test_303_turns_a_post_into_a_get_without_body(
    servers: tuple[RecordingServer, RecordingServer],
    make_api: Callable[[str], DefaultApi],
) -> None:
    api_origin, _ = servers
    api_origin.routes["/api/v2/leads"] = moved(303, "/api/v2/leads/lead_000000000001")
    api_origin.routes["/api/v2/leads/lead_000000000001"] = ok(LEAD)
    request = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@e.com"}

    make_api(api_origin.origin).create_lead(request)

    second = api_origin.seen[1]
    assert second.method == "GET"
    assert second.body == b""


def test_redirect_loop_stops_with_the_redirect_status(
    servers: tuple[RecordingServer, RecordingServer],
    make_api: Callable[[str], DefaultApi],
) -> None:
    api_origin, _ = servers
    api_origin.routes["/api/v2/health"] = moved(302, "/api/v2/health")

    with pytest.raises(ApiException) as caught:
        make_api(api_origin.origin).health_check()

    assert caught.value.status == 302
    assert caught.value.operation == "health_check"
    assert len(api_origin.seen) == 6


def test_key_stays_dropped_after_bouncing_back_through_another_origin(
    servers: tuple[RecordingServer, RecordingServer],
    make_api: Callable[[str], DefaultApi],
) -> None:
    api_origin, other = servers
    api_origin.routes["/api/v2/health"] = moved(302, f"{other.origin}/bounce")
    other.routes["/bounce"] = moved(302, f"{api_origin.origin}/api/v2/health-v2")
    api_origin.routes["/api/v2/health-v2"] = ok(HEALTHY)

    make_api(api_origin.origin).health_check()

    assert "x-api-key" not in other.seen[0].headers
    # Once sent away, the request no longer carries the key, even back home.
    assert "x-api-key" not in api_origin.seen[1].headers
