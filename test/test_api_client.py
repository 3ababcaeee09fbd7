"""ApiClient: lifecycle, headers, the low-level request path, (de)serialization."""

from __future__ import annotations

import asyncio
import datetime
import json
from collections.abc import Iterator
from typing import Any

import pytest
import urllib3
from urllib3.util.retry import Retry

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.testing import Fault, MockServer

UTC = datetime.timezone.utc
LEAD_JSON = json.dumps(
    {
        "id": "lead_123456789",
        "first_name": "John",
        "last_name": "Doe",
        "email": "john.doe@example.com",
        "status": "active",
        "created_at": "2024-06-29T10:00:00Z",
        "updated_at": "2024-06-29T10:00:00Z",
    }
)


def mock_configuration(server: MockServer, **settings: Any) -> buena_sdk.Configuration:
    """A configuration for ``server`` with its master key and no retries."""
    settings.setdefault("retries", 0)
    return buena_sdk.Configuration(host=server.url, api_key=server.api_key, **settings)


@pytest.fixture
def client(server: MockServer) -> Iterator[buena_sdk.ApiClient]:
    """An ApiClient for ``server`` without retries of its own."""
    with buena_sdk.ApiClient(mock_configuration(server)) as api_client:
        yield api_client


@pytest.fixture
def restore_default_client() -> Iterator[None]:
    """Forget any shared ApiClient a test installs."""
    try:
        yield
    finally:
        buena_sdk.ApiClient.set_default(None)


# -- lifecycle ------------------------------------------------------------------


def test_with_block_closes_the_pool(server: MockServer) -> None:
    with buena_sdk.ApiClient(mock_configuration(server)) as api_client:
        DefaultApi(api_client).health_check()
        pool = api_client.rest_client.pool_manager
        assert len(pool.pools) == 1

    assert len(pool.pools) == 0


def test_with_block_closes_the_pool_when_the_body_raises(server: MockServer) -> None:
    pools: list[urllib3.PoolManager] = []

    def fetch_missing_lead() -> None:
        with buena_sdk.ApiClient(mock_configuration(server)) as api_client:
            pools.append(api_client.rest_client.pool_manager)
            DefaultApi(api_client).get_lead("lead_000000000000")

    with pytest.raises(buena_sdk.NotFoundException):
        fetch_missing_lead()

    assert len(pools[0].pools) == 0


def test_async_with_block_closes_the_pool(server: MockServer) -> None:
    async def run() -> tuple[str, urllib3.PoolManager]:
        async with buena_sdk.ApiClient(mock_configuration(server)) as api_client:
            health = await DefaultApi(api_client).health_check_async()
            return health.status, api_client.rest_client.pool_manager

    status, pool = asyncio.run(run())

    assert status == "healthy"
    assert len(pool.pools) == 0


def test_reference_async_example_runs_against_a_mock_server(
    server: MockServer,
) -> None:
    results: list[str] = []

    async def async_example() -> None:
        configuration = buena_sdk.Configuration(host=server.url)
        configuration.api_key["ApiKeyAuth"] = server.api_key

        async with buena_sdk.ApiClient(configuration) as api_client:
            api_instance = DefaultApi(api_client)

            leads = await api_instance.list_leads_async()
            results.append(f"Found {leads.total} leads")

            lead_request = buena_sdk.CreateLeadRequest(
                first_name="Jane", last_name="Smith", email="jane@example.com"
            )
            new_lead = await api_instance.create_lead_async(lead_request)
            results.append(f"Created lead: {new_lead.id}")

    asyncio.run(async_example())

    assert results[0] == "Found 0 leads"
    assert results[1].startswith("Created lead: lead_")
    assert server.lead_count() == 1


def test_close_can_be_called_twice(server: MockServer) -> None:
    api_client = buena_sdk.ApiClient(mock_configuration(server))

    api_client.close()
    api_client.close()

    assert len(api_client.rest_client.pool_manager.pools) == 0


@pytest.mark.usefixtures("restore_default_client")
def test_default_api_without_a_client_uses_the_shared_one(server: MockServer) -> None:
    with buena_sdk.ApiClient(mock_configuration(server)) as shared:
        buena_sdk.ApiClient.set_default(shared)

        api = DefaultApi()
        status = api.health_check().status

    assert api.api_client is shared
    assert buena_sdk.ApiClient.get_default() is shared
    assert status == "healthy"


# -- headers --------------------------------------------------------------------


def test_default_user_agent_names_the_sdk(
    server: MockServer, client: buena_sdk.ApiClient
) -> None:
    DefaultApi(client).health_check()

    assert client.user_agent.startswith("buena-sdk-python/")
    assert server.requests[-1].headers["user-agent"] == client.user_agent


def test_user_agent_property_reaches_the_server(
    server: MockServer, client: buena_sdk.ApiClient
) -> None:
    client.user_agent = "my-crm-sync/2.1"

    DefaultApi(client).health_check()

    assert client.user_agent == "my-crm-sync/2.1"
    assert server.requests[-1].headers["user-agent"] == "my-crm-sync/2.1"


def test_default_header_is_sent_with_every_request(
    server: MockServer, client: buena_sdk.ApiClient
) -> None:
    client.set_default_header("X-Correlation-Id", "run-42")
    api = DefaultApi(client)

    api.health_check()
    api.list_leads()

    assert [r.headers.get("x-correlation-id") for r in server.requests] == [
        "run-42",
        "run-42",
    ]


def test_constructor_header_and_cookie_are_sent(server: MockServer) -> None:
    with buena_sdk.ApiClient(
        mock_configuration(server),
        header_name="X-Tenant",
        header_value="acme",
        cookie="theme=dark",
    ) as api_client:
        DefaultApi(api_client).health_check()

    headers = server.requests[-1].headers
    assert headers["x-tenant"] == "acme"
    assert headers["cookie"] == "theme=dark"


def test_per_call_headers_override_default_headers(
    server: MockServer, client: buena_sdk.ApiClient
) -> None:
    client.set_default_header("X-Tenant", "acme")

    DefaultApi(client).health_check(_headers={"X-Tenant": "globex"})

    assert server.requests[-1].headers["x-tenant"] == "globex"


# -- the low-level path: param_serialize, call_api, response_deserialize ---------


def test_low_level_get_with_query_parameters(
    seeded_server: MockServer,
) -> None:
    with buena_sdk.ApiClient(mock_configuration(seeded_server)) as api_client:
        method, url, headers, body, post_params = api_client.param_serialize(
            "GET",
            "/leads",
            query_params=[("limit", 3), ("offset", 1), ("search", None)],
            header_params={"Accept": "application/json"},
        )
        response_data = api_client.call_api(method, url, headers, body, post_params)
        result = api_client.response_deserialize(
            response_data, {"200": "ListLeads200Response"}
        )

    assert (method, body, post_params) == ("GET", None, [])
    assert url == f"{seeded_server.url}/leads?limit=3&offset=1"
    assert headers["x-api-key"] == seeded_server.api_key
    assert result.status_code == 200
    assert isinstance(result.data, buena_sdk.ListLeads200Response)
    assert (len(result.data.data), result.data.total) == (3, 30)
    assert result.headers is not None
    assert result.headers["x-request-id"].startswith("req_")
    assert json.loads(result.raw_data)["limit"] == 3
    assert seeded_server.requests[-1].query == {"limit": ["3"], "offset": ["1"]}


def test_low_level_post_sends_a_model_body(
    server: MockServer, client: buena_sdk.ApiClient
) -> None:
    request = buena_sdk.CreateLeadRequest(
        first_name="Jane", last_name="Smith", email="jane@example.com", tags=None
    )

    serialized = client.param_serialize(
        "POST",
        "/leads",
        header_params={"Content-Type": "application/json"},
        body=request,
    )
    response_data = client.call_api(*serialized)
    result = client.response_deserialize(response_data, {"201": buena_sdk.Lead})

    assert serialized[3] == {
        "first_name": "Jane",
        "last_name": "Smith",
        "email": "jane@example.com",
        "tags": None,
    }
    assert json.loads(server.requests[-1].body) == serialized[3]
    assert server.requests[-1].headers["content-type"] == "application/json"
    assert result.status_code == 201
    assert isinstance(result.data, buena_sdk.Lead)
    assert result.data.email == "jane@example.com"


def test_low_level_path_parameters_are_percent_encoded(
    server: MockServer, client: buena_sdk.ApiClient
) -> None:
    _, url, *_ = client.param_serialize(
        "GET", "/leads/{leadId}", path_params={"leadId": "lead/1 2"}
    )

    assert url == f"{server.url}/leads/lead%2F1%202"


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [
        ("GET", "/leads/lead_000000000000", None, buena_sdk.NotFoundException),
        ("POST", "/leads", {"first_name": "A"}, buena_sdk.BadRequestException),
        (
            "POST",
            "/keys",
            {"name": "x", "permissions": ["god"]},
            buena_sdk.UnprocessableEntityException,
        ),
    ],
)
def test_low_level_error_status_raises_its_exception(
    server: MockServer,
    client: buena_sdk.ApiClient,
    method: str,
    path: str,
    body: Any,
    expected: type[buena_sdk.ApiException],
) -> None:
    response_data = client.call_api(*client.param_serialize(method, path, body=body))

    with pytest.raises(expected) as caught:
        client.response_deserialize(response_data, {"200": "Lead", "201": "Lead"})

    assert caught.value.status == server.requests[-1].status
    assert caught.value.data is not None
    assert caught.value.request_id is not None
    assert caught.value.request_id.startswith("req_")
    assert server.api_key not in str(caught.value)


def test_low_level_conflict_raises_conflict_exception(
    server: MockServer, client: buena_sdk.ApiClient
) -> None:
    server.add_lead(first_name="A", last_name="B", email="taken@example.com")
    body = {"first_name": "C", "last_name": "D", "email": "TAKEN@example.com"}

    response_data = client.call_api(
        *client.param_serialize("POST", "/leads", body=body)
    )

    with pytest.raises(buena_sdk.ConflictException) as caught:
        client.response_deserialize(response_data, {"201": "Lead"})
    assert caught.value.code == "DUPLICATE_EMAIL"


def test_low_level_service_error_raises_service_exception(
    server: MockServer, client: buena_sdk.ApiClient
) -> None:
    server.set_health("down")

    response_data = client.call_api(*client.param_serialize("GET", "/health"))

    with pytest.raises(buena_sdk.ServiceException) as caught:
        client.response_deserialize(response_data, {"200": "HealthCheck200Response"})
    assert caught.value.status == 503


def test_low_level_response_types_accept_a_status_range(
    server: MockServer, client: buena_sdk.ApiClient
) -> None:
    response_data = client.call_api(*client.param_serialize("GET", "/health"))

    result = client.response_deserialize(response_data, {"2XX": "Dict[str, object]"})

    assert result.data["status"] == "healthy"


def test_low_level_auth_can_be_overridden_or_left_out(
    server: MockServer, client: buena_sdk.ApiClient
) -> None:
    other_key = server.add_api_key(permissions=["leads:read"])
    overridden = client.param_serialize(
        "GET",
        "/leads",
        _request_auth={"in": "header", "key": "x-api-key", "value": other_key},
    )
    without = client.param_serialize("GET", "/leads", auth_settings=[])

    client.response_deserialize(client.call_api(*overridden), {"200": None})
    response_data = client.call_api(*without)

    assert server.requests[0].headers["x-api-key"] == other_key
    assert "x-api-key" not in server.requests[1].headers
    with pytest.raises(buena_sdk.UnauthorizedException):
        client.response_deserialize(response_data, {"200": None})


def test_low_level_call_to_a_closed_port_raises_connection_error() -> None:
    with MockServer() as stopped:
        url = stopped.url
    configuration = buena_sdk.Configuration(host=url, api_key="unused-key", retries=0)

    with buena_sdk.ApiClient(configuration) as api_client:
        serialized = api_client.param_serialize("GET", "/health")
        with pytest.raises(buena_sdk.ApiConnectionError) as caught:
            api_client.call_api(*serialized)

    assert caught.value.status == 0
    assert isinstance(caught.value, buena_sdk.ApiException)


# -- sanitize_for_serialization -------------------------------------------------


def test_sanitize_serializes_only_set_fields_of_a_model(
    client: buena_sdk.ApiClient,
) -> None:
    request = buena_sdk.UpdateLeadRequest(company=None, status="contacted")

    assert client.sanitize_for_serialization(request) == {
        "company": None,
        "status": "contacted",
    }


def test_sanitize_turns_timestamps_into_iso_text(client: buena_sdk.ApiClient) -> None:
    moment = datetime.datetime(2024, 6, 29, 10, 0, tzinfo=UTC)

    assert client.sanitize_for_serialization(moment) == "2024-06-29T10:00:00+00:00"
    assert client.sanitize_for_serialization(datetime.date(2024, 6, 29)) == (
        "2024-06-29"
    )


def test_sanitize_walks_nested_containers(client: buena_sdk.ApiClient) -> None:
    lead = buena_sdk.Lead.from_json(LEAD_JSON)
    value = {
        "leads": [lead],
        "window": (datetime.date(2024, 1, 1), datetime.date(2024, 1, 31)),
        "meta": {"count": 1, "ok": True, "ratio": 0.5, "missing": None},
        "raw": b"bytes",
        7: "int key",
    }

    result = client.sanitize_for_serialization(value)
    sent_lead = result.pop("leads")[0]

    assert result == {
        "window": ["2024-01-01", "2024-01-31"],
        "meta": {"count": 1, "ok": True, "ratio": 0.5, "missing": None},
        "raw": "bytes",
        "7": "int key",
    }
    timestamps = {name: sent_lead.pop(name) for name in ("created_at", "updated_at")}
    expected_lead = json.loads(LEAD_JSON)
    del expected_lead["created_at"], expected_lead["updated_at"]
    assert sent_lead == expected_lead
    for text in timestamps.values():
        parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        assert parsed == datetime.datetime(2024, 6, 29, 10, tzinfo=UTC)


def test_sanitize_rejects_what_json_cannot_hold(client: buena_sdk.ApiClient) -> None:
    with pytest.raises(buena_sdk.ApiValueError, match="object"):
        client.sanitize_for_serialization({"x": object()})


# -- deserialize ----------------------------------------------------------------


@pytest.mark.parametrize("response_type", [buena_sdk.Lead, "Lead"])
def test_deserialize_into_a_model(
    client: buena_sdk.ApiClient, response_type: Any
) -> None:
    lead = client.deserialize(LEAD_JSON, response_type)

    assert isinstance(lead, buena_sdk.Lead)
    assert lead.created_at == datetime.datetime(2024, 6, 29, 10, tzinfo=UTC)


def test_deserialize_a_list_of_models_by_name(client: buena_sdk.ApiClient) -> None:
    leads = client.deserialize(f"[{LEAD_JSON}, {LEAD_JSON}]", "List[Lead]")

    assert [type(lead) for lead in leads] == [buena_sdk.Lead, buena_sdk.Lead]


@pytest.mark.parametrize(
    ("text", "response_type", "expected"),
    [
        ('{"database": "healthy"}', "Dict[str, str]", {"database": "healthy"}),
        ("[1, 2, 3]", "List[int]", [1, 2, 3]),
        ('"2.0.0"', "str", "2.0.0"),
        ("42", "int", 42),
        ("true", "bool", True),
        ('{"a": [1, "b"]}', "object", {"a": [1, "b"]}),
        ('"2024-06-29"', "date", datetime.date(2024, 6, 29)),
    ],
)
def test_deserialize_native_type_names(
    client: buena_sdk.ApiClient, text: str, response_type: str, expected: Any
) -> None:
    assert client.deserialize(text, response_type) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"2024-06-29T10:00:00Z"', datetime.datetime(2024, 6, 29, 10, tzinfo=UTC)),
        ('"2024-06-29T10:00:00"', datetime.datetime(2024, 6, 29, 10, tzinfo=UTC)),
        (
            '"2024-06-29T12:00:00+02:00"',
            datetime.datetime(2024, 6, 29, 10, tzinfo=UTC),
        ),
    ],
)
def test_deserialize_datetime_is_timezone_aware(
    client: buena_sdk.ApiClient, text: str, expected: datetime.datetime
) -> None:
    value = client.deserialize(text, "datetime")

    assert value == expected
    assert value.tzinfo is not None


def test_deserialize_dict_of_models(client: buena_sdk.ApiClient) -> None:
    value = client.deserialize(f'{{"first": {LEAD_JSON}}}', "Dict[str, Lead]")

    assert isinstance(value["first"], buena_sdk.Lead)


def test_deserialize_plain_text_only_as_str(client: buena_sdk.ApiClient) -> None:
    assert client.deserialize("pong", "str", "text/plain") == "pong"
    with pytest.raises(buena_sdk.ApiDecodeError, match="text/html"):
        client.deserialize("<html></html>", "Lead", "text/html")


@pytest.mark.parametrize(
    ("text", "response_type"),
    [
        ("not json", "Lead"),
        ('{"id": "lead_1"}', "Lead"),
        ('["x"]', "List[int]"),
        ('"yesterday"', "datetime"),
    ],
)
def test_deserialize_bad_text_raises_decode_error(
    client: buena_sdk.ApiClient, text: str, response_type: str
) -> None:
    with pytest.raises(buena_sdk.ApiDecodeError):
        client.deserialize(text, response_type)


def test_deserialize_unknown_type_name_is_rejected(
    client: buena_sdk.ApiClient,
) -> None:
    with pytest.raises(buena_sdk.ApiValueError, match="Leed"):
        client.deserialize("{}", "Leed")


# -- a replaced pool manager brings its own retry policy ------------------------


def replace_pool(api_client: buena_sdk.ApiClient, retry: Retry) -> urllib3.PoolManager:
    """Swap in a plain urllib3 pool with ``retry``, as the reference shows."""
    pool = urllib3.PoolManager(num_pools=10, retries=retry)
    api_client.rest_client.pool_manager = pool
    return pool


def test_replaced_pool_retries_by_its_own_policy(server: MockServer) -> None:
    server.add_faults("GET /health", Fault.status(503), times=2)

    with buena_sdk.ApiClient(mock_configuration(server, retries=0)) as api_client:
        replace_pool(
            api_client,
            Retry(
                total=3, backoff_factor=0, status_forcelist=[429, 500, 502, 503, 504]
            ),
        )
        health = DefaultApi(api_client).health_check()

    assert health.status == "healthy"
    assert server.request_count("GET /health") == 3
    assert [r.status for r in server.requests] == [503, 503, 200]


def test_replaced_pool_gives_up_after_its_own_total(server: MockServer) -> None:
    server.add_faults("GET /health", Fault.status(503), times=10)

    with buena_sdk.ApiClient(mock_configuration(server, retries=5)) as api_client:
        replace_pool(
            api_client, Retry(total=2, backoff_factor=0, status_forcelist=[503])
        )
        with pytest.raises(buena_sdk.ServiceException) as caught:
            DefaultApi(api_client).health_check()

    assert caught.value.status == 503
    assert server.request_count("GET /health") == 3


def test_replaced_pool_without_retries_sends_once(server: MockServer) -> None:
    server.add_faults("GET /health", Fault.status(503), times=3)

    with buena_sdk.ApiClient(mock_configuration(server, retries=5)) as api_client:
        replace_pool(api_client, Retry(total=0, status_forcelist=[503]))
        with pytest.raises(buena_sdk.ServiceException):
            DefaultApi(api_client).health_check()

    assert server.request_count("GET /health") == 1


def test_replaced_pool_policy_also_covers_the_low_level_path(
    server: MockServer,
) -> None:
    server.add_faults("GET /leads", Fault.status(503))

    with buena_sdk.ApiClient(mock_configuration(server)) as api_client:
        replace_pool(
            api_client, Retry(total=1, backoff_factor=0, status_forcelist=[503])
        )
        response_data = api_client.call_api(
            *api_client.param_serialize("GET", "/leads")
        )
        result = api_client.response_deserialize(
            response_data, {"200": "ListLeads200Response"}
        )

    assert result.status_code == 200
    assert server.request_count("GET /leads") == 2
