"""Scripted faults (status, delay, drop, malformed, truncated) and the rate limit."""

from __future__ import annotations

import http.client
import json
import threading
import time

import pytest

from buena_sdk.testing import Fault, MockServer


def _statuses(raw, count: int, path: str = "/leads") -> list[int]:
    return [raw.call("GET", path).status for _ in range(count)]


def test_status_fault_answers_once_then_serves_normally(raw, server) -> None:
    server.add_faults("GET /leads", Fault.status(503))

    first = raw.call("GET", "/leads")

    assert first.status == 503
    assert first.code == "SERVICE_UNAVAILABLE"
    assert first.header("Retry-After") is None
    assert "retry_after" not in first.json()
    assert raw.call("GET", "/leads").status == 200


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (500, "INTERNAL_ERROR"),
        (502, "BAD_GATEWAY"),
        (503, "SERVICE_UNAVAILABLE"),
        (504, "GATEWAY_TIMEOUT"),
        (429, "RATE_LIMIT_EXCEEDED"),
        (401, "INVALID_API_KEY"),
        (404, "NOT_FOUND"),
    ],
)
def test_status_fault_uses_the_apis_code_for_the_status(
    raw, server, status, code
) -> None:
    server.add_faults("GET /keys", Fault.status(status))

    response = raw.call("GET", "/keys")

    assert (response.status, response.code) == (status, code)


def test_status_fault_can_carry_retry_after_code_and_body(raw, server) -> None:
    server.add_faults(
        "POST /leads",
        Fault.status(503, retry_after=2, code_word="MAINTENANCE"),
        Fault.status(502, body=b"<html>bad gateway</html>"),
        Fault.status(429, retry_after=0.2),
        Fault.status(429, retry_after=0),
    )

    maintenance = raw.call("POST", "/leads", {})
    gateway = raw.call("POST", "/leads", {})
    rounded_up = raw.call("POST", "/leads", {})
    immediate = raw.call("POST", "/leads", {})

    assert maintenance.code == "MAINTENANCE"
    assert maintenance.header("Retry-After") == "2"
    assert maintenance.json()["retry_after"] == 2
    assert (gateway.status, gateway.body) == (502, b"<html>bad gateway</html>")
    assert rounded_up.header("Retry-After") == "1"
    assert immediate.header("Retry-After") == "0"
    assert server.lead_count() == 0


def test_faults_queue_in_order_and_times_repeats_the_sequence(raw, server) -> None:
    server.add_faults("GET /leads", Fault.status(500), Fault.status(503), times=2)

    assert _statuses(raw, 5) == [500, 503, 500, 503, 200]


def test_route_and_star_faults_are_taken_oldest_first(raw, server) -> None:
    server.add_faults("*", Fault.status(502))
    server.add_faults("GET /leads", Fault.status(503))
    server.add_faults("*", Fault.status(504))

    assert _statuses(raw, 4) == [502, 503, 504, 200]


def test_star_fault_applies_to_any_route(raw, server) -> None:
    server.add_faults("*", Fault.status(500), times=2)

    assert raw.call("GET", "/health").status == 500
    assert raw.call("POST", "/keys", {}).status == 500
    assert raw.call("GET", "/health").status == 200


def test_fault_for_one_route_leaves_others_alone(raw, server) -> None:
    server.add_faults("DELETE /leads/{leadId}", Fault.status(500))

    assert raw.call("GET", "/leads").status == 200
    assert raw.call("GET", "/leads/lead_1").status == 404
    assert raw.call("DELETE", "/leads/lead_1").status == 500


def test_faults_do_not_apply_to_unknown_paths(raw, server) -> None:
    server.add_faults("*", Fault.status(500))

    assert raw.call("GET", "/unknown").status == 404
    assert raw.call("PATCH", "/leads").status == 405
    assert raw.call("GET", "/leads").status == 500


def test_clear_faults_drops_the_queue(raw, server) -> None:
    server.add_faults("GET /leads", Fault.status(500), times=3)

    server.clear_faults()

    assert _statuses(raw, 2) == [200, 200]


def test_fault_comes_before_auth_and_rate_limit(raw, server) -> None:
    server.set_rate_limit(1, per_seconds=60)
    server.add_faults("GET /leads", Fault.status(503))

    assert raw.call("GET", "/leads", key=None).status == 503
    assert raw.call("GET", "/leads").status == 200
    assert raw.call("GET", "/leads").status == 429


def test_delay_fault_waits_then_serves_normally(raw, server) -> None:
    server.add_faults("GET /health", Fault.delay(0.2))

    started = time.monotonic()
    response = raw.call("GET", "/health")
    elapsed = time.monotonic() - started

    assert response.status == 200
    assert elapsed >= 0.2
    assert response.json()["response_time"] >= 200


def test_delayed_request_does_not_block_other_connections(raw, server, connect) -> None:
    server.add_faults("GET /leads", Fault.delay(0.5))
    results: list[int] = []
    slow = threading.Thread(
        target=lambda: results.append(raw.call("GET", "/leads").status)
    )
    slow.start()
    time.sleep(0.05)

    fast = connect(server).call("GET", "/health")

    assert fast.status == 200
    assert results == []
    slow.join(timeout=5)
    assert results == [200]


def test_drop_fault_closes_without_a_response(raw, server) -> None:
    server.add_faults("POST /leads", Fault.drop())

    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        raw.call("POST", "/leads", {"first_name": "A"})

    assert server.requests[-1].status == 0
    assert server.lead_count() == 0
    assert raw.call("GET", "/leads").status == 200


def test_malformed_fault_sends_a_body_that_is_not_json(raw, server) -> None:
    server.add_faults("GET /leads", Fault.malformed(), Fault.malformed(502))

    success = raw.call("GET", "/leads")
    failure = raw.call("GET", "/leads")

    assert (success.status, failure.status) == (200, 502)
    for response in (success, failure):
        with pytest.raises(json.JSONDecodeError):
            json.loads(response.body)
    assert raw.call("GET", "/leads").json()["total"] == 0


def test_truncated_fault_cuts_the_body_and_closes(raw, server, lead_body) -> None:
    server.add_faults("POST /leads", Fault.truncated())

    with pytest.raises(http.client.IncompleteRead):
        raw.call("POST", "/leads", lead_body())

    assert server.lead_count() == 1
    assert raw.call("GET", "/leads").json()["total"] == 1


@pytest.mark.parametrize(
    "build",
    [
        lambda: Fault.status(99),
        lambda: Fault.status(204),
        lambda: Fault.status(600),
        lambda: Fault.status(503, retry_after=-1),
        lambda: Fault.delay(-0.1),
        lambda: Fault.malformed(304),
    ],
)
def test_invalid_fault_is_rejected(build) -> None:
    with pytest.raises(ValueError):
        build()


@pytest.mark.parametrize(
    ("route", "faults", "times", "error"),
    [
        ("GET /lead", (Fault.drop(),), 1, ValueError),
        ("get /leads", (Fault.drop(),), 1, ValueError),
        ("GET /leads", (), 1, ValueError),
        ("GET /leads", (Fault.drop(),), 0, ValueError),
        ("GET /leads", ("drop",), 1, TypeError),
    ],
)
def test_add_faults_rejects_bad_arguments(
    server: MockServer, route, faults, times, error
) -> None:
    with pytest.raises(error):
        server.add_faults(route, *faults, times=times)


def test_rate_limit_answers_429_until_the_window_frees(raw, server) -> None:
    server.set_rate_limit(3, per_seconds=0.3)

    statuses = _statuses(raw, 4)
    limited = raw.call("GET", "/leads")
    time.sleep(0.35)

    assert statuses == [200, 200, 200, 429]
    assert limited.code == "RATE_LIMIT_EXCEEDED"
    assert limited.header("Retry-After") == "1"
    assert limited.json()["retry_after"] == 1
    assert raw.call("GET", "/leads").status == 200


def test_retry_after_counts_seconds_until_the_window_frees(raw, server) -> None:
    server.set_rate_limit(1, per_seconds=10)
    raw.call("GET", "/health")

    limited = raw.call("GET", "/health")

    assert limited.status == 429
    assert 9 <= int(limited.header("Retry-After") or 0) <= 10


def test_rate_limit_is_checked_before_the_key(raw, server) -> None:
    server.set_rate_limit(1, per_seconds=60)

    assert raw.call("GET", "/leads", key=None).status == 401
    assert raw.call("GET", "/leads", key=None).status == 429


def test_rate_limit_none_turns_it_off(raw, server) -> None:
    server.set_rate_limit(1, per_seconds=60)
    raw.call("GET", "/leads")

    server.set_rate_limit(None)

    assert _statuses(raw, 3) == [200, 200, 200]


@pytest.mark.parametrize(("requests", "per_seconds"), [(0, 1.0), (-1, 1.0), (1, 0.0)])
def test_set_rate_limit_rejects_bad_values(server, requests, per_seconds) -> None:
    with pytest.raises(ValueError):
        server.set_rate_limit(requests, per_seconds)
