"""Request recording: what each RecordedRequest holds, counting and clearing."""

from __future__ import annotations

import time

import pytest

from buena_sdk.testing import Fault, MockServer, RecordedRequest


def test_request_is_recorded_with_its_details(raw, server: MockServer) -> None:
    before = time.time()

    raw.call(
        "POST",
        "/leads?source=test&tag=a&tag=b",
        {"first_name": "A"},
        headers={"X-Trace": "t-1"},
    )

    (record,) = server.requests
    assert isinstance(record, RecordedRequest)
    assert record.method == "POST"
    assert record.path == "/api/v2/leads"
    assert record.route == "POST /leads"
    assert record.query == {"source": ["test"], "tag": ["a", "b"]}
    assert record.headers["x-api-key"] == server.api_key
    assert record.headers["x-trace"] == "t-1"
    assert record.headers["content-type"] == "application/json"
    assert record.body == b'{"first_name": "A"}'
    assert record.status == 400
    assert before <= record.timestamp <= time.time()


def test_record_repr_masks_the_api_key(raw, server: MockServer) -> None:
    raw.call("GET", "/health", headers={"X-Trace": "t-2"})

    (record,) = server.requests
    text = repr(record)

    assert server.api_key not in text
    assert "'x-api-key': '<redacted>'" in text
    assert "'x-trace': 't-2'" in text
    assert record.headers["x-api-key"] == server.api_key


def test_routes_are_named_by_template(raw, server: MockServer) -> None:
    raw.call("GET", "/leads/lead_123")
    raw.call("DELETE", "/leads/lead_123")
    raw.call("GET", "/nowhere")
    raw.call("PATCH", "/keys")

    assert [record.route for record in server.requests] == [
        "GET /leads/{leadId}",
        "DELETE /leads/{leadId}",
        None,
        None,
    ]
    assert [record.status for record in server.requests] == [404, 404, 404, 405]


def test_request_count_counts_per_route_and_overall(raw, server: MockServer) -> None:
    server.add_faults("GET /leads", Fault.status(503), times=2)
    for _ in range(3):
        raw.call("GET", "/leads")
    raw.call("GET", "/health")

    assert server.request_count("GET /leads") == 3
    assert server.request_count("GET /health") == 1
    assert server.request_count("POST /leads") == 0
    assert server.request_count() == 4
    assert server.request_count("*") == 4


def test_request_count_rejects_unknown_route(server: MockServer) -> None:
    with pytest.raises(ValueError, match="Unknown route"):
        server.request_count("GET /lead")


def test_requests_returns_a_copy(raw, server: MockServer) -> None:
    raw.call("GET", "/health")

    server.requests.clear()

    assert len(server.requests) == 1


def test_clear_requests_forgets_everything(raw, server: MockServer) -> None:
    raw.call("GET", "/health")

    server.clear_requests()
    raw.call("GET", "/leads")

    assert [record.route for record in server.requests] == ["GET /leads"]


def test_record_exists_as_soon_as_the_response_arrives(raw, server) -> None:
    for index in range(20):
        raw.call("GET", "/health")
        assert server.request_count("GET /health") == index + 1


def test_repeated_headers_are_joined(server: MockServer, connect) -> None:
    raw = connect(server)
    connection = raw.connection
    connection.putrequest("GET", "/api/v2/health")
    connection.putheader("x-api-key", server.api_key)
    connection.putheader("X-Tag", "one")
    connection.putheader("X-Tag", "two")
    connection.endheaders()
    connection.getresponse().read()

    assert server.requests[-1].headers["x-tag"] == "one, two"
