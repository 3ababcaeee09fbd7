"""MockServer itself: lifecycle, seeding, the Python API and concurrency."""

from __future__ import annotations

import contextlib
import http.client
import logging
import re
import socket
import threading
import time
from datetime import datetime, timedelta

import pytest

from buena_sdk.testing import Fault, MockServer

TIMESTAMP_FIELDS = ("created_at", "updated_at")


def _get(server: MockServer, path: str, key: str | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.request(
            "GET", "/api/v2" + path, headers={"x-api-key": key or server.api_key}
        )
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _without_times(leads: list[dict]) -> list[dict]:
    return [
        {k: v for k, v in lead.items() if k not in TIMESTAMP_FIELDS} for lead in leads
    ]


def test_url_port_and_master_key(server: MockServer) -> None:
    assert server.url == f"http://127.0.0.1:{server.port}/api/v2"
    assert server.port > 0
    assert re.fullmatch(r"bna_[A-Za-z0-9_-]{40}", server.api_key)
    assert _get(server, "/keys") == 200


def test_custom_master_key_is_used() -> None:
    with MockServer(api_key="bna_my_fixed_key") as server:
        assert server.api_key == "bna_my_fixed_key"
        assert _get(server, "/leads", key="bna_my_fixed_key") == 200


@pytest.mark.parametrize(
    "options",
    [{"port": -1}, {"port": 70000}, {"max_body_bytes": -1}, {"api_key": ""}],
)
def test_constructor_rejects_bad_options(options) -> None:
    with pytest.raises(ValueError):
        MockServer(**options)


def test_url_before_start_is_an_error() -> None:
    with pytest.raises(RuntimeError):
        _ = MockServer().url


def test_start_twice_is_an_error(server: MockServer) -> None:
    with pytest.raises(RuntimeError, match="already running"):
        server.start()


def test_stop_is_idempotent_and_safe_before_start() -> None:
    server = MockServer()
    server.stop()
    server.start()
    server.stop()
    server.stop()

    assert "running=False" in repr(server)


def test_stop_closes_the_listening_socket() -> None:
    with MockServer() as server:
        port = server.port

    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2)


def test_stop_is_prompt_and_ends_idle_keep_alive_connections() -> None:
    server = MockServer().start()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("GET", "/api/v2/health", headers={"x-api-key": server.api_key})
    connection.getresponse().read()

    started = time.monotonic()
    server.stop()

    assert time.monotonic() - started < 1.0
    assert connection.sock.recv(1) == b""
    connection.close()


def test_stop_interrupts_a_delay_fault() -> None:
    server = MockServer().start()
    server.add_faults("GET /health", Fault.delay(30))
    waiter = threading.Thread(target=lambda: _swallow(_get, server, "/health"))
    waiter.start()
    time.sleep(0.05)

    started = time.monotonic()
    server.stop()
    waiter.join(timeout=5)

    assert time.monotonic() - started < 2.0
    assert not waiter.is_alive()


def _swallow(function, *args) -> None:
    with contextlib.suppress(OSError, http.client.HTTPException):
        function(*args)


def test_restart_keeps_port_and_state(server: MockServer) -> None:
    server.add_lead(first_name="A", last_name="B", email="a@b.example")
    url = server.url

    server.stop()
    server.start()

    assert server.url == url
    assert _get(server, "/leads") == 200
    assert server.lead_count() == 1


def test_port_can_be_reused_right_after_stop() -> None:
    with MockServer() as first:
        port = first.port
        assert _get(first, "/health") == 200

    with MockServer(port=port) as second:
        assert second.port == port
        assert _get(second, "/health") == 200


def test_busy_port_raises_oserror(server: MockServer) -> None:
    with pytest.raises(OSError):
        MockServer(port=server.port).start()


def test_repr_does_not_show_the_key(server: MockServer) -> None:
    assert server.api_key not in repr(server)
    assert str(server.port) in repr(server)


def test_logs_never_contain_the_key_or_query(
    raw, server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="buena_sdk.testing")

    raw.call("GET", "/leads?search=secret-query")
    raw.call("GET", "/leads", key="bna_not_a_real_key")
    raw.call("POST", "/keys", {"name": "k", "permissions": ["leads:read"]})

    assert caplog.records
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert server.api_key not in text
    assert "bna_not_a_real_key" not in text
    assert "secret-query" not in text


def test_seeding_is_reproducible_for_a_seed() -> None:
    first = MockServer(seed_leads=25, random_seed=11).leads()
    second = MockServer(seed_leads=25, random_seed=11).leads()
    other = MockServer(seed_leads=25, random_seed=12).leads()

    assert _without_times(first) == _without_times(second)
    assert _without_times(first) != _without_times(other)


def test_seeded_leads_are_realistic_and_varied() -> None:
    leads = MockServer(seed_leads=200, random_seed=3).leads()

    emails = [lead["email"].casefold() for lead in leads]
    assert len(set(emails)) == 200
    assert {lead["status"] for lead in leads} == {"active", "inactive", "contacted"}
    for field in ("company", "phone", "linkedin_url", "tags", "custom_fields"):
        present = sum(lead[field] is not None for lead in leads)
        assert 0 < present < 200, field
    assert len({lead["first_name"] for lead in leads}) > 20
    assert len({lead["company"] for lead in leads}) > 10
    assert any(lead["updated_at"] > lead["created_at"] for lead in leads)


def test_seeded_created_at_spreads_over_months_in_order(seeded_server) -> None:
    created = [lead["created_at"] for lead in seeded_server.leads()]

    assert created == sorted(created)
    assert len(set(created)) == len(created)
    first, last = (
        datetime.fromisoformat(c.replace("Z", "+00:00")) for c in created[::29]
    )
    assert last - first > timedelta(days=30)


def test_seeded_leads_pass_the_apis_own_validation(seeded_server, server, raw):
    for lead in seeded_server.leads():
        body = {
            k: v
            for k, v in lead.items()
            if k not in ("id", "status", *TIMESTAMP_FIELDS)
        }
        assert raw.call("POST", "/leads", body).status == 201, body


def test_seed_leads_after_creates_keeps_created_at_increasing(server) -> None:
    server.add_lead(first_name="A", last_name="B", email="a@b.example")

    added = server.seed_leads(5)

    created = [lead["created_at"] for lead in server.leads()]
    assert created == sorted(created)
    assert len(set(created)) == 6
    assert [lead["id"] for lead in server.leads()[1:]] == [lead["id"] for lead in added]


def test_add_lead_validates_like_post(server: MockServer) -> None:
    with pytest.raises(ValueError, match="VALIDATION_ERROR: email"):
        server.add_lead(first_name="A", last_name="B", email="nope")
    with pytest.raises(ValueError, match="MISSING_REQUIRED_FIELD"):
        server.add_lead(first_name="A")
    server.add_lead(first_name="A", last_name="B", email="a@b.example")
    with pytest.raises(ValueError, match="DUPLICATE_EMAIL"):
        server.add_lead(first_name="C", last_name="D", email="A@B.example")
    with pytest.raises(ValueError, match="status"):
        server.add_lead(first_name="C", last_name="D", email="c@d.example", status="x")

    assert server.lead_count() == 1


def test_add_lead_accepts_a_status(server: MockServer) -> None:
    lead = server.add_lead(
        first_name="A", last_name="B", email="a@b.example", status="contacted"
    )

    assert lead["status"] == "contacted"


def test_lead_accessors_return_copies(server: MockServer) -> None:
    tags = ["x"]
    lead = server.add_lead(
        first_name="A", last_name="B", email="a@b.example", tags=tags
    )

    tags.append("changed")
    lead["tags"].append("changed")
    server.leads()[0]["first_name"] = "changed"
    server.get_lead(lead["id"])["tags"].append("changed")

    assert server.get_lead(lead["id"])["tags"] == ["x"]
    assert server.leads()[0]["first_name"] == "A"
    assert server.get_lead("lead_000000000000") is None


def test_reset_drops_state_but_keeps_the_master_key(raw, server: MockServer) -> None:
    server.seed_leads(3)
    extra = server.add_api_key()
    server.add_faults("*", Fault.status(500))
    server.set_rate_limit(1, per_seconds=60)
    server.set_health("down")

    server.reset()

    assert server.lead_count() == 0
    assert server.request_count() == 0
    assert raw.call("GET", "/health").status == 200
    assert raw.call("GET", "/health", key=extra).status == 401
    assert raw.call("GET", "/keys").json()["total"] == 1


def test_concurrent_creates_are_all_stored(server: MockServer) -> None:
    threads, per_thread = 8, 50
    failures: list[str] = []

    def create_many(worker: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        headers = {"x-api-key": server.api_key, "Content-Type": "application/json"}
        for index in range(per_thread):
            email = f"w{worker}-{index}@load.example"
            body = f'{{"first_name": "W", "last_name": "L", "email": "{email}"}}'
            connection.request("POST", "/api/v2/leads", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 201:
                failures.append(f"{email}: {response.status}")
        connection.close()

    workers = [threading.Thread(target=create_many, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)

    assert not any(worker.is_alive() for worker in workers)
    assert failures == []
    leads = server.leads()
    assert len(leads) == threads * per_thread
    assert len({lead["id"] for lead in leads}) == threads * per_thread
    created = [lead["created_at"] for lead in leads]
    assert created == sorted(created)
    assert len(set(created)) == len(created)
    assert server.request_count("POST /leads") == threads * per_thread
