"""Requests reach the right connection pool, with or without PoolManager.

A plain `urllib3.PoolManager` gets the request target straight into the
connection pool of the URL's origin; anything else gets the whole URL through
its own ``request``. Either way the server must see the same request.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
import urllib3

import buena_sdk
from buena_sdk import rest
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.rest import RESTClientObject
from buena_sdk.testing import Fault, MockServer


class CountingPoolManager(urllib3.PoolManager):
    """A PoolManager subclass that counts the requests given to it."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.calls = 0

    def request(self, method: str, url: str, *args: Any, **kw: Any) -> Any:
        self.calls += 1
        return super().request(method, url, *args, **kw)


@pytest.fixture
def api(server: MockServer) -> Iterator[DefaultApi]:
    configuration = buena_sdk.Configuration(host=server.url, api_key=server.api_key)
    with buena_sdk.ApiClient(configuration) as client:
        yield DefaultApi(client)


def test_a_plain_pool_manager_is_bypassed_for_its_connection_pool(
    server: MockServer, api: DefaultApi
) -> None:
    api.health_check()  # the origin's pool is known from here on
    manager = api.api_client.rest_client.pool_manager

    with mock.patch.object(
        manager, "connection_from_host", wraps=manager.connection_from_host
    ) as lookup:
        page = api.list_leads(limit=5, search="a b@c", status="active")
        api.health_check()

    assert lookup.call_count == 0
    assert page.limit == 5
    sent = server.requests[-2]
    assert sent.path == "/api/v2/leads"
    assert sent.query == {"limit": ["5"], "search": ["a b@c"], "status": ["active"]}


@pytest.mark.parametrize(
    ("lead_id", "path"),
    [
        ("lead 1/..", "/api/v2/leads/lead%201%2F.."),
        ("..", "/api/v2/leads/%2E%2E"),
        ("caf\u00e9", "/api/v2/leads/caf%C3%A9"),
    ],
)
def test_a_path_value_reaches_the_server_as_quoted(
    server: MockServer, api: DefaultApi, lead_id: str, path: str
) -> None:
    with pytest.raises(buena_sdk.NotFoundException):
        api.get_lead(lead_id)

    assert server.requests[-1].path == path


def test_a_host_with_dot_segments_goes_through_the_pool_manager(
    server: MockServer,
) -> None:
    # urllib3's URL parsing removes "x/.."; the connection pool alone
    # would send it as is, and the server would answer 404.
    host = server.url.replace("/api/v2", "/api/x/../v2")
    configuration = buena_sdk.Configuration(host=host, api_key=server.api_key)
    with buena_sdk.ApiClient(configuration) as client:
        health = DefaultApi(client).health_check()

    assert health.status == "healthy"
    assert server.requests[-1].path == "/api/v2/health"


def test_calls_go_on_after_close_on_fresh_connections(
    server: MockServer, api: DefaultApi
) -> None:
    api.health_check()
    api.api_client.close()

    assert api.health_check().status == "healthy"
    assert len(api.api_client.rest_client.pool_manager.pools) == 1


def test_a_replaced_pool_manager_is_used_from_the_next_call(
    server: MockServer, api: DefaultApi
) -> None:
    api.health_check()
    replacement = urllib3.PoolManager()
    api.api_client.rest_client.pool_manager = replacement

    api.health_check()

    assert len(replacement.pools) == 1


def test_a_pool_manager_subclass_gets_every_request(
    server: MockServer, api: DefaultApi
) -> None:
    manager = CountingPoolManager()
    api.api_client.rest_client.pool_manager = manager

    api.health_check()
    api.get_lead(
        api.create_lead(
            {"first_name": "A", "last_name": "B", "email": "a.b@example.com"}
        ).id
    )

    assert manager.calls == 3


def test_alternating_hosts_each_reach_their_own_server(api: DefaultApi) -> None:
    with MockServer() as first, MockServer() as second:
        configuration = api.api_client.configuration
        for target in (first, second, first, second):
            configuration.host = target.url
            configuration.api_key["ApiKeyAuth"] = target.api_key
            api.health_check()

        assert first.request_count() == 2
        assert second.request_count() == 2


def test_an_origin_that_extends_another_gets_its_own_pool() -> None:
    transport = RESTClientObject(buena_sdk.Configuration())
    first = transport._pool_for("http://127.0.0.1:80/api/v2/health")
    second = transport._pool_for("http://127.0.0.1:8080/api/v2/health")

    assert first is not None
    assert second is not None
    assert (first[0].port, first[1]) == (80, "/api/v2/health")
    assert (second[0].port, second[1]) == (8080, "/api/v2/health")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:80/api/./v2/health",
        "http://127.0.0.1:80/api/v2/health#part",
        "http://127.0.0.1:80?limit=1",
    ],
)
def test_urls_urllib3_would_rewrite_are_left_to_the_pool_manager(url: str) -> None:
    transport = RESTClientObject(buena_sdk.Configuration())

    assert transport._pool_for(url) is None


def test_a_proxy_manager_is_never_bypassed() -> None:
    configuration = buena_sdk.Configuration(proxy="http://127.0.0.1:3128")
    transport = RESTClientObject(configuration)

    assert transport._pool_for("http://127.0.0.1:80/api/v2/health") is None


def canned_health(*args: Any, **kwargs: Any) -> urllib3.HTTPResponse:
    """What a test's stand-in for PoolManager.request answers."""
    body = json.dumps(
        {
            "status": "canned",
            "timestamp": "2024-06-29T10:00:00Z",
            "version": "0",
            "services": {},
            "response_time": 0,
        }
    ).encode()
    return urllib3.HTTPResponse(
        body=io.BytesIO(body),
        headers={"Content-Type": "application/json"},
        status=200,
        preload_content=False,
    )


@pytest.mark.parametrize(
    ("on_instance", "method"),
    [(False, "request"), (True, "request"), (False, "urlopen"), (True, "urlopen")],
)
def test_a_patched_pool_manager_method_sees_every_call(
    server: MockServer, api: DefaultApi, on_instance: bool, method: str
) -> None:
    api.health_check()  # the origin's pool is known from here on
    sent = server.request_count()
    manager = api.api_client.rest_client.pool_manager
    target = manager if on_instance else urllib3.PoolManager

    with mock.patch.object(target, method, side_effect=canned_health) as patched:
        health = api.health_check()

    assert health.status == "canned"
    assert patched.call_count == 1
    assert server.request_count() == sent


def test_methods_patched_before_the_sdk_loads_turn_the_shortcut_off() -> None:
    with mock.patch.object(urllib3.PoolManager, "request"):
        assert rest._plain_pool_methods() is None

    assert rest._plain_pool_methods() is not None


def client_on(server: MockServer, manager: urllib3.PoolManager) -> DefaultApi:
    """A client of ``server`` that sends through the shared ``manager``."""
    configuration = buena_sdk.Configuration(host=server.url, api_key=server.api_key)
    client = buena_sdk.ApiClient(configuration)
    client.rest_client.pool_manager = manager
    return DefaultApi(client)


def test_the_pool_key_is_the_one_urllib3_files_the_pool_under(
    server: MockServer, api: DefaultApi
) -> None:
    api.health_check()
    manager = api.api_client.rest_client.pool_manager
    cached = api.api_client.rest_client._origin_pool

    assert cached is not None
    assert list(manager.pools.keys()) == [cached.key]
    assert manager.connection_from_url(server.url) is manager.pools[cached.key]


def test_after_the_manager_is_cleared_calls_use_a_pool_it_holds(
    server: MockServer, api: DefaultApi
) -> None:
    api.health_check()
    manager = api.api_client.rest_client.pool_manager
    manager.clear()  # what another client sharing the manager does on close

    api.health_check()

    assert len(manager.pools) == 1


def test_a_busy_origin_stays_in_a_shared_manager_when_another_is_evicted() -> None:
    manager = urllib3.PoolManager(num_pools=2)
    with MockServer() as busy, MockServer() as idle, MockServer() as third:
        busy_api = client_on(busy, manager)
        busy_api.health_check()
        client_on(idle, manager).health_check()
        busy_api.health_check()  # now the most recently used

        client_on(third, manager).health_check()

        # The container refuses plain iteration; keys() takes its lock.
        kept = {key.key_port for key in manager.pools.keys()}  # noqa: SIM118
        assert kept == {busy.port, third.port}
    manager.clear()


def test_changed_pool_settings_apply_from_the_next_call(server: MockServer) -> None:
    configuration = buena_sdk.Configuration(
        host=server.url, api_key=server.api_key, retries=0
    )
    with buena_sdk.ApiClient(configuration) as client:
        api = DefaultApi(client)
        api.health_check()
        manager = client.rest_client.pool_manager
        manager.connection_pool_kw["retries"] = urllib3.Retry(
            total=2, status_forcelist=[503], backoff_factor=0, raise_on_status=False
        )
        server.add_faults("GET /health", Fault.status(503))

        assert api.health_check().status == "healthy"
    assert [r.status for r in server.requests[-2:]] == [503, 200]


def test_a_lower_case_method_is_sent_upper_case(
    server: MockServer, api: DefaultApi
) -> None:
    response = api.api_client.rest_client.request(
        "get", f"{server.url}/health", headers={"x-api-key": server.api_key}
    )

    assert response.status == 200
    assert server.requests[-1].method == "GET"
