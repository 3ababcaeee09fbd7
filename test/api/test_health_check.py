"""DefaultApi.health_check against a running MockServer."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import urllib3

from buena_sdk.api.default_api import DefaultApi
from buena_sdk.exceptions import (
    ApiException,
    ApiTimeoutError,
    ApiTypeError,
    ApiValueError,
    ServiceException,
    TooManyRequestsException,
    UnauthorizedException,
)
from buena_sdk.models.health_check200_response import HealthCheck200Response
from buena_sdk.testing import ALL_PERMISSIONS, Fault, MockServer

ApiFactory = Callable[..., DefaultApi]
ErrorCheck = Callable[[ApiException, int, str], None]


# -- success ---------------------------------------------------------------


def test_health_check_returns_every_field(
    server: MockServer, make_api: ApiFactory
) -> None:
    before = datetime.now(timezone.utc) - timedelta(seconds=1)

    health = make_api(server).health_check()

    assert isinstance(health, HealthCheck200Response)
    assert health.status == "healthy"
    assert health.version == "2.0.0"
    assert health.services == {
        "database": "healthy",
        "redis": "healthy",
        "api": "healthy",
    }
    assert isinstance(health.response_time, int)
    assert health.response_time >= 0
    assert health.timestamp.tzinfo is not None
    assert (
        before <= health.timestamp <= datetime.now(timezone.utc) + timedelta(seconds=1)
    )


def test_health_check_reports_degraded_with_200(
    server: MockServer, make_api: ApiFactory
) -> None:
    server.set_health("degraded")

    response = make_api(server).health_check_with_http_info()

    assert response.status_code == 200
    assert response.data.status == "degraded"
    assert response.data.services == {
        "database": "healthy",
        "redis": "degraded",
        "api": "healthy",
    }


def test_health_check_reports_the_services_given(
    server: MockServer, make_api: ApiFactory
) -> None:
    services = {"database": "down", "redis": "healthy", "api": "degraded", "queue": "x"}
    server.set_health("degraded", services)

    health = make_api(server).health_check()

    assert health.services == services


def test_health_check_keeps_an_unknown_status_value(
    server: MockServer, make_api: ApiFactory
) -> None:
    server.set_health("maintenance", {"api": "maintenance"})

    health = make_api(server).health_check()

    assert (health.status, health.services) == ("maintenance", {"api": "maintenance"})


@pytest.mark.parametrize("permission", ALL_PERMISSIONS)
def test_health_check_accepts_any_valid_key(
    server: MockServer, make_api: ApiFactory, permission: str
) -> None:
    api = make_api(server, key=server.add_api_key(permissions=[permission]))

    assert api.health_check().status == "healthy"


def test_health_check_sends_the_key(server: MockServer, make_api: ApiFactory) -> None:
    make_api(server).health_check()

    recorded = server.requests[-1]
    assert (recorded.method, recorded.path) == ("GET", "/api/v2/health")
    assert recorded.headers["x-api-key"] == server.api_key


# -- server errors -------------------------------------------------------------


def test_health_check_refused_key_is_401(
    unauthorized: tuple[DefaultApi, str], check_error: ErrorCheck
) -> None:
    api, code = unauthorized

    with pytest.raises(UnauthorizedException) as caught:
        api.health_check()

    check_error(caught.value, 401, code)


def test_health_check_rate_limited_is_429(
    server: MockServer,
    make_api: ApiFactory,
    rate_limited: Callable[[MockServer], None],
    check_error: ErrorCheck,
) -> None:
    rate_limited(server)

    with pytest.raises(TooManyRequestsException) as caught:
        make_api(server, retries=0).health_check()

    check_error(caught.value, 429, "RATE_LIMIT_EXCEEDED")


def test_health_check_429_is_retried_after_the_servers_wait(
    server: MockServer, make_api: ApiFactory
) -> None:
    server.add_faults("GET /health", Fault.status(429, retry_after=0))

    assert make_api(server).health_check().status == "healthy"
    assert server.request_count("GET /health") == 2


def test_health_check_server_failure_is_500(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck
) -> None:
    server.add_faults("GET /health", Fault.status(500))

    with pytest.raises(ServiceException) as caught:
        make_api(server, retries=0).health_check()

    check_error(caught.value, 500, "INTERNAL_ERROR")


def test_health_check_down_is_503(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck
) -> None:
    server.set_health("down")

    with pytest.raises(ServiceException) as caught:
        make_api(server, retries=0).health_check()

    check_error(caught.value, 503, "SERVICE_UNAVAILABLE")
    assert caught.value.data is not None
    assert caught.value.data.details == {
        "services": {"database": "down", "redis": "down", "api": "down"}
    }
    assert server.request_count("GET /health") == 1


def test_health_check_down_is_503_after_the_retries(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck
) -> None:
    server.set_health("down")

    with pytest.raises(ServiceException) as caught:
        make_api(server).health_check()

    check_error(caught.value, 503, "SERVICE_UNAVAILABLE")
    assert server.request_count("GET /health") == 3


def test_health_check_scripted_503_is_retried(
    server: MockServer, make_api: ApiFactory
) -> None:
    server.add_faults("GET /health", Fault.status(503), times=2)

    assert make_api(server).health_check().status == "healthy"
    assert server.request_count("GET /health") == 3


# -- client-side validation ------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"verbose": True}, ApiTypeError),
        ({"_retries": 0}, ApiTypeError),
        ({"_host_index": 1}, ApiValueError),
        ({"_request_timeout": "fast"}, ApiValueError),
        ({"_request_timeout": (1, -1)}, ApiValueError),
        ({"_request_auth": {"in": "header", "value": 123}}, ApiValueError),
    ],
)
def test_health_check_rejects_bad_options_before_sending(
    server: MockServer,
    make_api: ApiFactory,
    options: dict[str, Any],
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        make_api(server).health_check(**options)

    assert server.request_count() == 0


# -- the four forms ---------------------------------------------------------------


def test_health_check_with_http_info_returns_status_headers_and_raw_body(
    server: MockServer, make_api: ApiFactory
) -> None:
    response = make_api(server).health_check_with_http_info()

    assert response.status_code == 200
    assert response.headers is not None
    assert response.headers["X-Request-Id"].startswith("req_")
    raw = json.loads(response.raw_data)
    assert raw["version"] == response.data.version
    assert raw["services"] == response.data.services


def test_health_check_without_preload_content_returns_unread_response(
    server: MockServer, make_api: ApiFactory
) -> None:
    response = make_api(server).health_check_without_preload_content()

    assert isinstance(response, urllib3.BaseHTTPResponse)
    assert response.status == 200
    assert response.tell() == 0
    health = HealthCheck200Response.from_json(response.read())
    response.release_conn()
    assert health.status == "healthy"


def test_health_check_without_preload_content_returns_503_unraised(
    server: MockServer, make_api: ApiFactory
) -> None:
    server.set_health("down")

    response = make_api(server, retries=0).health_check_without_preload_content()

    assert response.status == 503
    assert json.loads(response.read())["code"] == "SERVICE_UNAVAILABLE"
    response.release_conn()


def test_health_check_async_returns_the_status(
    server: MockServer, make_api: ApiFactory
) -> None:
    health = asyncio.run(make_api(server).health_check_async())

    assert health.status == "healthy"


def test_health_check_async_raises_service_exception(
    server: MockServer, make_api: ApiFactory
) -> None:
    server.set_health("down")

    with pytest.raises(ServiceException) as caught:
        asyncio.run(make_api(server, retries=0).health_check_async())

    assert caught.value.status == 503


# -- per-call options -----------------------------------------------------------------


@pytest.mark.parametrize("timeout", [4, 0.75, (1, 4)])
def test_health_check_accepts_request_timeouts(
    server: MockServer, make_api: ApiFactory, timeout: Any
) -> None:
    assert make_api(server).health_check(_request_timeout=timeout).status == "healthy"


@pytest.mark.parametrize("timeout", [0.05, (3, 0.05)])
def test_health_check_short_timeout_raises_timeout_error(
    server: MockServer, make_api: ApiFactory, timeout: Any
) -> None:
    server.add_faults("GET /health", Fault.delay(2))

    with pytest.raises(ApiTimeoutError) as caught:
        make_api(server, retries=0).health_check(_request_timeout=timeout)

    assert caught.value.status == 0


def test_health_check_sends_extra_headers(
    server: MockServer, make_api: ApiFactory
) -> None:
    make_api(server).health_check(_headers={"User-Agent": "probe/1.0"})

    assert server.requests[-1].headers["user-agent"] == "probe/1.0"


def test_health_check_request_auth_overrides_the_configured_key(
    server: MockServer, make_api: ApiFactory
) -> None:
    auth = {"in": "header", "key": "x-api-key", "value": "bna_not_a_real_key"}

    with pytest.raises(UnauthorizedException) as caught:
        make_api(server).health_check(_request_auth=auth)

    assert caught.value.code == "INVALID_API_KEY"
    assert server.requests[-1].headers["x-api-key"] == "bna_not_a_real_key"


def test_health_check_ignores_content_type_option(
    server: MockServer, make_api: ApiFactory
) -> None:
    make_api(server).health_check(_content_type="application/json")

    assert "content-type" not in server.requests[-1].headers


def test_health_check_host_index_out_of_range_is_rejected(
    server: MockServer, make_api: ApiFactory
) -> None:
    with pytest.raises(ApiValueError, match="_host_index"):
        make_api(server).health_check(_host_index=1)

    assert server.request_count() == 0
