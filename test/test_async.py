"""The ``*_async`` methods: many calls at once through one client, loop kept free."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.exceptions import ApiValueError, NotFoundException
from buena_sdk.testing import Fault, MockServer

MAX_TICKS = 1000
"""Upper bound on the ticker's turns; far more than any test needs."""


def configuration_for(mock: MockServer, **settings: Any) -> buena_sdk.Configuration:
    configuration = buena_sdk.Configuration(host=mock.url, retries=0, **settings)
    configuration.api_key["ApiKeyAuth"] = mock.api_key
    return configuration


@pytest.fixture
def client(seeded_server: MockServer) -> Iterator[buena_sdk.ApiClient]:
    """One ApiClient for ``seeded_server`` (30 leads), shared by every call."""
    with buena_sdk.ApiClient(configuration_for(seeded_server)) as api_client:
        yield api_client


# -- many calls at once ------------------------------------------------------------


@pytest.mark.parametrize("count", [20, 50])
def test_concurrent_get_lead_calls_are_all_answered_correctly(
    seeded_server: MockServer, client: buena_sdk.ApiClient, count: int
) -> None:
    api = DefaultApi(client)
    stored = seeded_server.leads()
    wanted = [stored[index % len(stored)] for index in range(count)]

    async def fetch_all() -> list[Any]:
        return await asyncio.gather(
            *(api.get_lead_async(lead["id"]) for lead in wanted)
        )

    leads = asyncio.run(fetch_all())

    assert [lead.id for lead in leads] == [lead["id"] for lead in wanted]
    assert [lead.email for lead in leads] == [lead["email"] for lead in wanted]
    assert seeded_server.request_count("GET /leads/{leadId}") == count


@pytest.mark.parametrize("count", [20, 50])
def test_concurrent_mixed_calls_are_all_answered_correctly(
    seeded_server: MockServer, client: buena_sdk.ApiClient, count: int
) -> None:
    api = DefaultApi(client)
    newest_first = [lead["id"] for lead in seeded_server.leads()[::-1]]

    async def call_all() -> list[Any]:
        calls = []
        for index in range(count):
            if index % 3 == 0:
                calls.append(api.health_check_async())
            elif index % 3 == 1:
                calls.append(api.list_leads_async(limit=1, offset=index % 30))
            else:
                calls.append(api.list_api_keys_async())
        return await asyncio.gather(*calls)

    results = asyncio.run(call_all())

    for index, result in enumerate(results):
        if index % 3 == 0:
            assert result.status == "healthy"
        elif index % 3 == 1:
            assert [lead.id for lead in result.data] == [newest_first[index % 30]]
            assert result.offset == index % 30
        else:
            assert result.total == 1
    assert seeded_server.request_count() == count


def test_concurrent_creates_each_make_one_lead(
    server: MockServer,
) -> None:
    async def create_all(api: DefaultApi) -> list[Any]:
        return await asyncio.gather(
            *(
                api.create_lead_async(
                    {"first_name": "P", "last_name": str(n), "email": f"p{n}@x.test"}
                )
                for n in range(20)
            )
        )

    with buena_sdk.ApiClient(configuration_for(server)) as api_client:
        created = asyncio.run(create_all(DefaultApi(api_client)))

    assert [lead.email for lead in created] == [f"p{n}@x.test" for n in range(20)]
    assert len({lead.id for lead in created}) == 20
    assert sorted(lead["id"] for lead in server.leads()) == sorted(
        lead.id for lead in created
    )


def test_concurrent_failures_stay_with_their_own_call(
    seeded_server: MockServer, client: buena_sdk.ApiClient
) -> None:
    api = DefaultApi(client)
    real = [lead["id"] for lead in seeded_server.leads()[:10]]
    asked = [
        lead_id if n % 2 else f"lead_00000000000{n}" for n, lead_id in enumerate(real)
    ]

    async def fetch_all() -> list[Any]:
        calls = (api.get_lead_async(lead_id) for lead_id in asked)
        return await asyncio.gather(*calls, return_exceptions=True)

    results = asyncio.run(fetch_all())

    for n, result in enumerate(results):
        if n % 2:
            assert result.id == asked[n]
        else:
            assert isinstance(result, NotFoundException)
            assert result.data is not None
            assert result.data.details == {"lead_id": asked[n]}


def test_more_calls_than_connections_all_complete(seeded_server: MockServer) -> None:
    configuration = configuration_for(seeded_server, connection_pool_maxsize=2)

    async def fetch_all(api: DefaultApi) -> list[Any]:
        return await asyncio.gather(*(api.list_leads_async(limit=2) for _ in range(20)))

    with buena_sdk.ApiClient(configuration) as api_client:
        pages = asyncio.run(fetch_all(DefaultApi(api_client)))

    assert len({tuple(lead.id for lead in page.data) for page in pages}) == 1
    assert seeded_server.request_count() == 20


# -- the event loop stays free ---------------------------------------------------------


def test_event_loop_keeps_running_while_a_request_waits(
    server: MockServer,
) -> None:
    server.add_faults("GET /health", Fault.delay(0.3))

    async def main(api: DefaultApi) -> tuple[int, str]:
        call = asyncio.ensure_future(api.health_check_async())
        ticks = 0
        for _ in range(MAX_TICKS):
            if call.done():
                break
            ticks += 1
            await asyncio.sleep(0.01)
        health = await call
        return ticks, health.status

    with buena_sdk.ApiClient(configuration_for(server)) as api_client:
        ticks, status = asyncio.run(main(DefaultApi(api_client)))

    assert status == "healthy"
    # A call that blocked the loop would finish before the ticker's second turn.
    assert ticks >= 3


def test_other_calls_finish_while_one_is_stalled(
    seeded_server: MockServer, client: buena_sdk.ApiClient
) -> None:
    api = DefaultApi(client)
    seeded_server.add_faults("GET /health", Fault.delay(0.3))
    finished: list[str] = []

    async def track(name: str, call: Any) -> None:
        await call
        finished.append(name)

    async def main() -> None:
        await asyncio.gather(
            track("stalled health", api.health_check_async()),
            track("list", api.list_leads_async(limit=5)),
            track("keys", api.list_api_keys_async()),
        )

    asyncio.run(main())

    assert finished[-1] == "stalled health"
    assert sorted(finished[:2]) == ["keys", "list"]


# -- async with, errors, and loops ------------------------------------------


def test_async_with_api_client_serves_calls_and_closes_the_pool(
    seeded_server: MockServer,
) -> None:
    async def main() -> tuple[buena_sdk.ApiClient, int, int]:
        async with buena_sdk.ApiClient(configuration_for(seeded_server)) as api_client:
            api = DefaultApi(api_client)
            page = await api.list_leads_async(limit=3)
            open_pools = len(api_client.rest_client.pool_manager.pools)
        return api_client, page.total, open_pools

    api_client, total, open_pools = asyncio.run(main())

    assert isinstance(api_client, buena_sdk.ApiClient)
    assert total == 30
    assert open_pools == 1
    assert len(api_client.rest_client.pool_manager.pools) == 0


def test_async_with_closes_the_client_when_a_call_fails(server: MockServer) -> None:
    async def main() -> buena_sdk.ApiClient:
        async with buena_sdk.ApiClient(configuration_for(server)) as api_client:
            try:
                await DefaultApi(api_client).get_lead_async("lead_404404404404")
            except NotFoundException:
                return api_client
        raise AssertionError("get_lead_async did not raise")

    api_client = asyncio.run(main())

    assert len(api_client.rest_client.pool_manager.pools) == 0


def test_async_call_rejects_bad_arguments_without_sending(
    server: MockServer,
) -> None:
    with buena_sdk.ApiClient(configuration_for(server)) as api_client:
        api = DefaultApi(api_client)
        with pytest.raises(ApiValueError):
            asyncio.run(api.list_leads_async(limit=0))
        with pytest.raises(ApiValueError):
            asyncio.run(api.create_lead_async({"first_name": "only"}))

    assert server.request_count() == 0


def test_one_client_serves_several_event_loops(
    seeded_server: MockServer, client: buena_sdk.ApiClient
) -> None:
    api = DefaultApi(client)

    first = asyncio.run(api.list_leads_async(limit=1))
    second = asyncio.run(api.list_leads_async(limit=1, offset=1))

    assert first.data[0].id != second.data[0].id
    assert first.total == second.total == 30


def test_async_call_is_a_coroutine_that_sends_only_when_awaited(
    server: MockServer,
) -> None:
    with buena_sdk.ApiClient(configuration_for(server)) as api_client:
        api = DefaultApi(api_client)
        call = api.health_check_async()
        assert asyncio.iscoroutine(call)
        assert server.request_count() == 0

        health = asyncio.run(call)

    assert health.status == "healthy"
    assert server.request_count() == 1
