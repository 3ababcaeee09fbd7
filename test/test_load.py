"""One ApiClient under concurrent load: every call answered, the pool bounded."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import urllib3

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.testing import Fault, MockServer

THREADS = 8
CALLS_PER_THREAD = 200
POOL_SIZE = 4
ASYNC_CALLS = 50


@pytest.fixture
def shared_client(server: MockServer) -> Iterator[buena_sdk.ApiClient]:
    """A client with a small pool and no retries, so counts are exact."""
    configuration = buena_sdk.Configuration(
        host=server.url,
        api_key=server.api_key,
        connection_pool_maxsize=POOL_SIZE,
        retries=0,
    )
    with buena_sdk.ApiClient(configuration) as client:
        yield client


def pool_of(client: buena_sdk.ApiClient, server: MockServer) -> Any:
    """The urllib3 connection pool the client uses for ``server``."""
    return client.rest_client.pool_manager.connection_from_url(server.url)


def mixed_calls(api: DefaultApi, worker: int, calls: int) -> Counter[str]:
    """A bounded mix of every operation; returns how many of each were made.

    Each round creates a lead, reads it back, lists, updates it, and deletes
    every other one, checking each answer against what was sent.
    """
    made: Counter[str] = Counter()
    round_number = 0
    while made.total() + 6 <= calls:
        email = f"w{worker}.r{round_number}@load.example"
        lead = api.create_lead(
            {
                "first_name": f"W{worker}",
                "last_name": f"R{round_number}",
                "email": email,
            }
        )
        assert api.get_lead(lead.id).email == email
        assert api.list_leads(search=email, limit=5).total == 1
        assert api.update_lead(lead.id, {"notes": "seen"}).notes == "seen"
        assert api.health_check().status == "healthy"
        made.update(["create_lead", "get_lead", "list_leads", "update_lead", "health"])
        if round_number % 2:
            assert api.delete_lead(lead.id)["deleted_id"] == lead.id
            made["delete_lead"] += 1
        else:
            api.list_api_keys()
            made["list_api_keys"] += 1
        round_number += 1
    while made.total() < calls:
        api.health_check()
        made["health"] += 1
    return made


def test_threads_sharing_one_client_lose_no_call(
    server: MockServer, shared_client: buena_sdk.ApiClient
) -> None:
    api = DefaultApi(shared_client)

    with ThreadPoolExecutor(max_workers=THREADS) as executor:
        futures = [
            executor.submit(mixed_calls, api, worker, CALLS_PER_THREAD)
            for worker in range(THREADS)
        ]
        made = sum((future.result(timeout=60) for future in futures), Counter())

    pool = pool_of(shared_client, server)
    assert made.total() == THREADS * CALLS_PER_THREAD
    assert server.request_count() == THREADS * CALLS_PER_THREAD
    assert all(record.status in (200, 201) for record in server.requests)
    assert server.lead_count() == made["create_lead"] - made["delete_lead"]
    assert server.request_count("POST /leads") == made["create_lead"]
    assert server.request_count("DELETE /leads/{leadId}") == made["delete_lead"]
    assert pool.num_requests == THREADS * CALLS_PER_THREAD
    assert 1 <= pool.num_connections <= POOL_SIZE


def test_concurrent_async_calls_are_all_answered(
    server: MockServer, shared_client: buena_sdk.ApiClient
) -> None:
    api = DefaultApi(shared_client)

    async def run_all() -> list[Any]:
        creates = [
            api.create_lead_async(
                {"first_name": "A", "last_name": str(n), "email": f"a{n}@async.example"}
            )
            for n in range(ASYNC_CALLS // 2)
        ]
        reads = [api.list_leads_async(limit=1) for _ in range(ASYNC_CALLS // 2)]
        return await asyncio.gather(*creates, *reads)

    results = asyncio.run(run_all())

    created = results[: ASYNC_CALLS // 2]
    pool = pool_of(shared_client, server)
    assert len(results) == ASYNC_CALLS
    assert len({lead.id for lead in created}) == ASYNC_CALLS // 2
    assert server.lead_count() == ASYNC_CALLS // 2
    assert server.request_count() == ASYNC_CALLS
    assert 1 <= pool.num_connections <= POOL_SIZE


def test_async_calls_never_run_more_requests_than_the_pool_allows(
    server: MockServer, shared_client: buena_sdk.ApiClient
) -> None:
    api = DefaultApi(shared_client)
    server.add_faults("GET /health", Fault.delay(0.05), times=ASYNC_CALLS)
    busy = Counter[str]()
    lock = threading.Lock()
    peak = 0

    def checked_health() -> str:
        nonlocal peak
        with lock:
            busy["now"] += 1
            peak = max(peak, busy["now"])
        try:
            return api.health_check().status
        finally:
            with lock:
                busy["now"] -= 1

    async def run_all() -> list[str]:
        calls = [shared_client.run_async(checked_health) for _ in range(ASYNC_CALLS)]
        return await asyncio.gather(*calls)

    statuses = asyncio.run(run_all())

    assert statuses == ["healthy"] * ASYNC_CALLS
    assert server.request_count("GET /health") == ASYNC_CALLS
    assert peak <= POOL_SIZE
    assert pool_of(shared_client, server).num_connections <= POOL_SIZE


def test_threads_with_transient_failures_all_succeed_through_retries(
    server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("buena_sdk._retry.time.sleep", lambda seconds: None)
    faults = 20
    server.add_faults("*", Fault.status(503), Fault.delay(0), times=faults)
    # More retries than queued 503s: no call can run out of attempts.
    configuration = buena_sdk.Configuration(
        host=server.url,
        api_key=server.api_key,
        connection_pool_maxsize=POOL_SIZE,
        retries=faults + 1,
    )
    calls = 40

    with buena_sdk.ApiClient(configuration) as client:
        api = DefaultApi(client)
        with ThreadPoolExecutor(max_workers=THREADS) as executor:
            futures = [
                executor.submit(mixed_calls, api, worker, calls)
                for worker in range(THREADS)
            ]
            made = sum((future.result(timeout=60) for future in futures), Counter())

    statuses = Counter(record.status for record in server.requests)
    assert made.total() == THREADS * calls
    assert statuses[503] == faults
    assert server.request_count() == THREADS * calls + faults
    assert server.lead_count() == made["create_lead"] - made["delete_lead"]


def test_pool_blocks_instead_of_opening_more_connections(
    shared_client: buena_sdk.ApiClient,
) -> None:
    settings = shared_client.rest_client.pool_manager.connection_pool_kw

    assert settings["maxsize"] == POOL_SIZE
    assert settings["block"] is True
    assert isinstance(shared_client.rest_client.pool_manager, urllib3.PoolManager)
