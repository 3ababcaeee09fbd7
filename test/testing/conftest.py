"""Raw HTTP access to a running MockServer, with the standard library only.

These tests drive the mock over real sockets with ``http.client`` so they check
the wire itself, independently of the SDK.
"""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from buena_sdk.testing import MockServer

REQUEST_ID = re.compile(r"req_[0-9a-f]{24}")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
MASTER = object()


@dataclass
class RawResponse:
    """Status, headers and body of one response."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        """One response header, or None."""
        return self.headers.get(name)

    @property
    def code(self) -> str:
        """The ``code`` of an error body."""
        return str(self.json()["code"])


class RawApi:
    """Calls a MockServer over one keep-alive ``http.client`` connection.

    Every response is checked for the headers the contract puts on all of them.
    """

    def __init__(self, server: MockServer) -> None:
        self.server = server
        self.connection = http.client.HTTPConnection(
            "127.0.0.1", server.port, timeout=5
        )

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        key: Any = MASTER,
        raw_body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> RawResponse:
        """Send ``method`` to ``/api/v2`` + ``path``; ``body`` is sent as JSON."""
        request_headers = {} if key is None else {"x-api-key": self._key(key)}
        payload = raw_body
        if body is not None:
            payload = json.dumps(body).encode()
            request_headers["Content-Type"] = "application/json"
        request_headers.update(headers or {})
        self.connection.request(
            method, "/api/v2" + path, body=payload, headers=request_headers
        )
        response = self.connection.getresponse()
        raw = RawResponse(response.status, response.headers, response.read())
        check_common_headers(raw, method)
        return raw

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()

    def _key(self, key: Any) -> str:
        return self.server.api_key if key is MASTER else str(key)


def check_common_headers(response: RawResponse, method: str = "GET") -> None:
    """Every response: a request id, JSON content type, exact Content-Length."""
    assert REQUEST_ID.fullmatch(response.header("X-Request-Id") or "")
    assert response.header("Content-Type") == "application/json"
    if method != "HEAD":
        assert int(response.header("Content-Length") or -1) == len(response.body)
    if response.status >= 400 and response.body.startswith(b'{"error"'):
        error = response.json()
        assert error["error"] is True
        assert TIMESTAMP.fullmatch(error["timestamp"])
        assert error["request_id"] == response.header("X-Request-Id")


def _lead_body(index: int = 0, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": f"ada{index}@analytical.example",
    }
    body.update(fields)
    return body


@pytest.fixture
def lead_body() -> Callable[..., dict[str, Any]]:
    """Build a valid CreateLeadRequest: ``lead_body(index, **fields)``.

    Each ``index`` gives a different email.
    """
    return _lead_body


@pytest.fixture
def connect() -> Iterator[Callable[[MockServer], RawApi]]:
    """Open extra raw connections to a server; all are closed after the test."""
    opened: list[RawApi] = []

    def open_connection(mock: MockServer) -> RawApi:
        api = RawApi(mock)
        opened.append(api)
        return api

    yield open_connection
    for api in opened:
        api.close()


@pytest.fixture
def raw(server: MockServer) -> Iterator[RawApi]:
    """Raw HTTP access to the empty ``server``."""
    api = RawApi(server)
    yield api
    api.close()


@pytest.fixture
def seeded_raw(seeded_server: MockServer) -> Iterator[RawApi]:
    """Raw HTTP access to ``seeded_server`` (30 leads)."""
    api = RawApi(seeded_server)
    yield api
    api.close()


@pytest.fixture
def make_lead(raw: RawApi) -> Callable[..., dict[str, Any]]:
    """Create a lead over HTTP and return it: ``make_lead(index, **fields)``."""

    def create(index: int = 0, **fields: Any) -> dict[str, Any]:
        response = raw.call("POST", "/leads", _lead_body(index, **fields))
        assert response.status == 201, response.body
        lead: dict[str, Any] = response.json()
        return lead

    return create
