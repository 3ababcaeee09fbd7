"""Random requests never crash the mock server or corrupt its state.

Hypothesis sends random methods, paths, query strings, headers and bodies
(through ``http.client``, and as raw bytes on a socket). Every answer must be
a well-formed JSON reply, never a 500; afterwards the stored leads are exactly
as before and the server still answers.

Requests that could legitimately change data are kept from doing so: write
methods only target lead ids that do not exist, and bodies never carry the
field a create needs (``first_name`` for leads, ``name`` for keys).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from buena_sdk.testing import MockServer

ROBUSTNESS_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
READ_METHODS = ("GET", "HEAD")
FRAMING_HEADERS = frozenset(
    {"content-length", "transfer-encoding", "connection", "expect", "host"}
)
TOKEN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'"
PRINTABLE_LATIN_1 = st.characters(min_codepoint=0x20, max_codepoint=0xFF).filter(
    lambda character: not 0x7F <= ord(character) <= 0x9F
)
FIELD_NAMES = [
    "last_name",
    "email",
    "company",
    "phone",
    "linkedin_url",
    "tags",
    "custom_fields",
    "status",
    "permissions",
    "expires_at",
    "description",
]


@pytest.fixture(scope="module")
def shared_server() -> Iterator[MockServer]:
    """One server for every example, with leads whose state is checked."""
    with MockServer(seed_leads=5, random_seed=11) as mock:
        yield mock


def snapshot(server: MockServer) -> tuple[int, list[dict[str, Any]]]:
    return server.lead_count(), server.leads()


def still_answers(server: MockServer) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.request(
            "GET", "/api/v2/health", headers={"x-api-key": server.api_key}
        )
        response = connection.getresponse()
        return response.status == 200 and json.loads(response.read())["version"] != ""
    finally:
        connection.close()


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)
json_bodies = st.dictionaries(
    st.sampled_from(FIELD_NAMES) | st.text(max_size=8), json_values, max_size=6
).map(lambda document: json.dumps(document).encode())
bodies = st.one_of(st.just(b""), st.binary(max_size=300), json_bodies)

path_text = st.text(max_size=20).map(lambda text: quote(text, safe="%/"))
collection_paths = st.sampled_from(["/leads", "/keys", "/health", "/leads/"])
missing_lead_paths = path_text.map(lambda text: "/leads/nope_" + text)
junk_paths = path_text.map(lambda text: "/" + text)
paths = st.one_of(collection_paths, missing_lead_paths, junk_paths).map(
    lambda path: "/api/v2" + path
)
queries = st.one_of(
    st.just(""),
    st.lists(
        st.tuples(
            st.sampled_from(["limit", "offset", "sort", "order", "search", "status"])
            | st.text(max_size=6),
            st.text(max_size=12)
            | st.integers(-(10**30), 10**30).map(str)
            | st.sampled_from(["", "1e3", "%zz", "50%", "created_at", "asc"]),
        ),
        max_size=5,
    ).map(
        lambda pairs: "&".join(
            f"{quote(name, safe='%')}={quote(value, safe='%')}" for name, value in pairs
        )
    ),
)
header_maps = st.dictionaries(
    st.sampled_from(["Content-Type", "Accept", "Authorization", "User-Agent"])
    | st.text(alphabet=TOKEN, min_size=1, max_size=10).map(lambda name: "X-" + name),
    st.text(alphabet=PRINTABLE_LATIN_1, max_size=30).map(str.strip),
    max_size=4,
)
methods = st.sampled_from(
    ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
) | st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8)
keys = st.sampled_from(["master", "none", "junk"])


@ROBUSTNESS_SETTINGS
@given(
    method=methods,
    path=paths,
    query=queries,
    headers=header_maps,
    body=bodies,
    key=keys,
    content_type=st.sampled_from(["application/json", "text/plain", None]),
)
def test_random_requests_get_json_answers_and_change_nothing(
    shared_server: MockServer,
    method: str,
    path: str,
    query: str,
    headers: dict[str, str],
    body: bytes,
    key: str,
    content_type: str | None,
) -> None:
    assume(b"first_name" not in body and b"name" not in body.replace(b"_name", b""))
    if method not in READ_METHODS:
        assume(
            path.startswith(("/api/v2/leads/nope_", "/api/v2/leads", "/api/v2/keys"))
        )
        assume(not path.startswith("/api/v2/leads/") or "nope_" in path)
    before = snapshot(shared_server)
    request_headers = {
        name: value
        for name, value in headers.items()
        if name.lower() not in FRAMING_HEADERS and name.lower() != "x-api-key"
    }
    if content_type is not None:
        request_headers["Content-Type"] = content_type
    if key == "master":
        request_headers["x-api-key"] = shared_server.api_key
    elif key == "junk":
        request_headers["x-api-key"] = "bna_" + path[-12:].replace("%", "x")
    target = f"{path}?{query}" if query else path

    connection = http.client.HTTPConnection("127.0.0.1", shared_server.port, timeout=5)
    try:
        connection.request(method, target, body=body, headers=request_headers)
        response = connection.getresponse()
        payload = response.read()
    finally:
        connection.close()

    assert 200 <= response.status < 500, (response.status, payload[:200])
    assert response.status != 201
    assert response.getheader("X-Request-Id", "").startswith("req_")
    assert response.getheader("Content-Type") == "application/json"
    if method != "HEAD":
        json.loads(payload)
    assert snapshot(shared_server) == before
    assert still_answers(shared_server)


@ROBUSTNESS_SETTINGS
@given(
    query=queries,
    search=st.text(max_size=30),
)
def test_random_list_queries_are_answered_or_refused_cleanly(
    shared_server: MockServer, query: str, search: str
) -> None:
    before = snapshot(shared_server)
    target = f"/api/v2/leads?{query}&search={quote(search)}"

    connection = http.client.HTTPConnection("127.0.0.1", shared_server.port, timeout=5)
    try:
        connection.request("GET", target, headers={"x-api-key": shared_server.api_key})
        response = connection.getresponse()
        document = json.loads(response.read())
    finally:
        connection.close()

    assert response.status in (200, 400, 422), document
    if response.status == 200:
        assert 0 <= len(document["data"]) <= document["limit"] <= 100
        assert document["total"] <= before[0]
    else:
        assert document["code"] in ("INVALID_PARAMETER", "VALIDATION_ERROR")
    assert snapshot(shared_server) == before


raw_requests = st.one_of(
    st.binary(max_size=400),
    st.tuples(methods, path_text, st.binary(max_size=200)).map(
        lambda parts: f"{parts[0]} /api/v2/{parts[1]} HTTP/1.1\r\n".encode() + parts[2]
    ),
    st.tuples(st.binary(max_size=100), st.binary(max_size=100)).map(
        lambda parts: (
            b"GET /api/v2/health HTTP/1.1\r\n" + parts[0] + b"\r\n\r\n" + parts[1]
        )
    ),
)


@ROBUSTNESS_SETTINGS
@given(data=raw_requests)
def test_random_bytes_never_stop_the_server(
    shared_server: MockServer, data: bytes
) -> None:
    # No API key is ever sent, so nothing may change whatever the bytes say.
    before = snapshot(shared_server)

    with socket.create_connection(("127.0.0.1", shared_server.port), timeout=5) as sock:
        with contextlib.suppress(OSError):
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        answer = _read_until_closed(sock)

    if answer:
        assert answer.startswith(b"HTTP/1."), answer[:80]
        assert b" 500 " not in answer.split(b"\r\n", 1)[0]
    assert snapshot(shared_server) == before
    assert still_answers(shared_server)


def _read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes, at most 1 MiB."""
    received = bytearray()
    with contextlib.suppress(OSError):
        for _ in range(256):
            chunk = sock.recv(4096)
            if not chunk:
                break
            received += chunk
    return bytes(received)
