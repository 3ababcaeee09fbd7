"""DefaultApi.list_api_keys against a running MockServer."""

from __future__ import annotations

import asyncio
import json
import re
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
    ForbiddenException,
    ServiceException,
    TooManyRequestsException,
    UnauthorizedException,
)
from buena_sdk.models.api_key import ApiKey
from buena_sdk.models.list_api_keys_response import ListApiKeysResponse
from buena_sdk.testing import ALL_PERMISSIONS, Fault, MockServer

ApiFactory = Callable[..., DefaultApi]
ErrorCheck = Callable[[ApiException, int, str], None]

EXPIRY = datetime(2099, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


@pytest.fixture
def keys(server: MockServer) -> dict[str, str]:
    """Two extra keys on ``server``: name -> secret."""
    return {
        "Reader": server.add_api_key(permissions=["leads:read"], name="Reader"),
        "Old": server.add_api_key(
            permissions=["leads:read", "leads:write"],
            name="Old",
            is_active=False,
            expires_at=EXPIRY,
        ),
    }


# -- success ---------------------------------------------------------------


def test_list_api_keys_returns_every_key_field_by_field(
    server: MockServer, make_api: ApiFactory, keys: dict[str, str]
) -> None:
    result = make_api(server).list_api_keys()

    assert isinstance(result, ListApiKeysResponse)
    assert result.total == 3
    by_name = {key.name: key for key in result.data}
    assert set(by_name) == {"Master key", "Reader", "Old"}
    secrets = {"Master key": server.api_key, **keys}
    for name, key in by_name.items():
        assert isinstance(key, ApiKey)
        assert re.fullmatch(r"key_[0-9a-f]{12}", key.id)
        assert key.key_preview == secrets[name][:8] + "..."
        assert key.key is None
        assert key.description is None
        assert key.created_at.tzinfo is not None

    master, reader, old = by_name["Master key"], by_name["Reader"], by_name["Old"]
    assert master.permissions == list(ALL_PERMISSIONS)
    assert (master.is_active, master.expires_at) == (True, None)
    assert master.last_used is not None
    assert master.last_used.tzinfo is not None
    assert reader.permissions == ["leads:read"]
    assert (reader.is_active, reader.last_used, reader.expires_at) == (True, None, None)
    assert old.permissions == ["leads:read", "leads:write"]
    assert (old.is_active, old.expires_at) == (False, EXPIRY)
    assert master.created_at <= reader.created_at <= old.created_at


def test_list_api_keys_never_returns_a_full_key(
    server: MockServer, make_api: ApiFactory, keys: dict[str, str]
) -> None:
    api = make_api(server)
    created = api.create_api_key({"name": "New", "permissions": ["leads:read"]})

    response = api.list_api_keys_with_http_info()

    assert created.key is not None
    for secret in [server.api_key, created.key, *keys.values()]:
        assert secret.encode() not in response.raw_data
    assert all("key" not in item for item in json.loads(response.raw_data)["data"])
    assert response.data.total == 4


def test_list_api_keys_marks_a_key_used_after_it_authenticates(
    server: MockServer, make_api: ApiFactory, keys: dict[str, str]
) -> None:
    make_api(server, key=keys["Reader"]).list_leads()

    listed = {key.name: key for key in make_api(server).list_api_keys().data}

    assert listed["Reader"].last_used is not None


# -- server errors -------------------------------------------------------------


def test_list_api_keys_refused_key_is_401(
    unauthorized: tuple[DefaultApi, str], check_error: ErrorCheck
) -> None:
    api, code = unauthorized

    with pytest.raises(UnauthorizedException) as caught:
        api.list_api_keys()

    check_error(caught.value, 401, code)


@pytest.mark.parametrize("held", [["leads:read"], ["api_keys:write"]])
def test_list_api_keys_without_read_permission_is_403(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck, held: list[str]
) -> None:
    api = make_api(server, key=server.add_api_key(permissions=held))

    with pytest.raises(ForbiddenException) as caught:
        api.list_api_keys()

    check_error(caught.value, 403, "INSUFFICIENT_PERMISSIONS")
    assert caught.value.data is not None
    assert caught.value.data.details == {"required_permission": "api_keys:read"}


def test_list_api_keys_rate_limited_is_429(
    server: MockServer,
    make_api: ApiFactory,
    rate_limited: Callable[[MockServer], None],
    check_error: ErrorCheck,
) -> None:
    rate_limited(server)

    with pytest.raises(TooManyRequestsException) as caught:
        make_api(server, retries=0).list_api_keys()

    check_error(caught.value, 429, "RATE_LIMIT_EXCEEDED")


def test_list_api_keys_server_failure_is_500(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck
) -> None:
    server.add_faults("GET /keys", Fault.status(500))

    with pytest.raises(ServiceException) as caught:
        make_api(server, retries=0).list_api_keys()

    check_error(caught.value, 500, "INTERNAL_ERROR")


def test_list_api_keys_500_is_retried(server: MockServer, make_api: ApiFactory) -> None:
    server.add_faults("GET /keys", Fault.status(500))

    assert make_api(server).list_api_keys().total == 1
    assert server.request_count("GET /keys") == 2


# -- client-side validation ------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"limit": 5}, ApiTypeError),
        ({"_preload": False}, ApiTypeError),
        ({"_host_index": 1}, ApiValueError),
        ({"_request_timeout": (1,)}, ApiValueError),
        ({"_request_auth": {"in": "cookie", "value": "k"}}, ApiValueError),
    ],
)
def test_list_api_keys_rejects_bad_options_before_sending(
    server: MockServer,
    make_api: ApiFactory,
    options: dict[str, Any],
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        make_api(server).list_api_keys(**options)

    assert server.request_count() == 0


def test_list_api_keys_takes_no_positional_argument(
    server: MockServer, make_api: ApiFactory
) -> None:
    with pytest.raises(TypeError):
        make_api(server).list_api_keys(10)  # type: ignore[call-arg]

    assert server.request_count() == 0


# -- the four forms ---------------------------------------------------------------


def test_list_api_keys_with_http_info_returns_status_headers_and_raw_body(
    server: MockServer, make_api: ApiFactory
) -> None:
    response = make_api(server).list_api_keys_with_http_info()

    assert response.status_code == 200
    assert response.headers is not None
    assert response.headers["X-Request-Id"].startswith("req_")
    raw = json.loads(response.raw_data)
    assert raw["total"] == response.data.total == 1
    assert raw["data"][0]["id"] == response.data.data[0].id


def test_list_api_keys_without_preload_content_returns_unread_response(
    server: MockServer, make_api: ApiFactory, keys: dict[str, str]
) -> None:
    response = make_api(server).list_api_keys_without_preload_content()

    assert isinstance(response, urllib3.BaseHTTPResponse)
    assert response.status == 200
    assert response.tell() == 0
    listed = ListApiKeysResponse.from_json(response.read())
    response.release_conn()
    assert listed.total == 3


def test_list_api_keys_async_returns_the_keys(
    server: MockServer, make_api: ApiFactory, keys: dict[str, str]
) -> None:
    listed = asyncio.run(make_api(server).list_api_keys_async())

    assert sorted(key.name for key in listed.data) == ["Master key", "Old", "Reader"]


def test_list_api_keys_async_raises_forbidden(
    server: MockServer, make_api: ApiFactory, keys: dict[str, str]
) -> None:
    api = make_api(server, key=keys["Reader"])

    with pytest.raises(ForbiddenException):
        asyncio.run(api.list_api_keys_async())


# -- per-call options -----------------------------------------------------------------


@pytest.mark.parametrize("timeout", [4, (1, 4)])
def test_list_api_keys_accepts_request_timeouts(
    server: MockServer, make_api: ApiFactory, timeout: Any
) -> None:
    assert make_api(server).list_api_keys(_request_timeout=timeout).total == 1


def test_list_api_keys_short_timeout_raises_timeout_error(
    server: MockServer, make_api: ApiFactory
) -> None:
    server.add_faults("GET /keys", Fault.delay(2))

    with pytest.raises(ApiTimeoutError):
        make_api(server, retries=0).list_api_keys(_request_timeout=(2, 0.05))


def test_list_api_keys_sends_extra_headers(
    server: MockServer, make_api: ApiFactory
) -> None:
    make_api(server).list_api_keys(_headers={"Accept-Language": "de"})

    assert server.requests[-1].headers["accept-language"] == "de"


def test_list_api_keys_request_auth_overrides_the_configured_key(
    server: MockServer, make_api: ApiFactory, keys: dict[str, str]
) -> None:
    auth = {"in": "header", "key": "x-api-key", "value": keys["Reader"]}

    with pytest.raises(ForbiddenException):
        make_api(server).list_api_keys(_request_auth=auth)

    assert server.requests[-1].headers["x-api-key"] == keys["Reader"]


def test_list_api_keys_ignores_content_type_option(
    server: MockServer, make_api: ApiFactory
) -> None:
    make_api(server).list_api_keys(_content_type="text/csv")

    assert "content-type" not in server.requests[-1].headers


def test_list_api_keys_host_index_out_of_range_is_rejected(
    server: MockServer, make_api: ApiFactory
) -> None:
    with pytest.raises(ApiValueError, match="_host_index"):
        make_api(server).list_api_keys(_host_index=2)

    assert server.request_count() == 0


def test_list_api_keys_expiry_in_the_past_shows_as_expired_key(
    server: MockServer, make_api: ApiFactory
) -> None:
    past = datetime.now(timezone.utc) - timedelta(hours=1)
    server.add_api_key(name="Expired", expires_at=past)

    listed = {key.name: key for key in make_api(server).list_api_keys().data}

    assert listed["Expired"].expires_at is not None
    assert listed["Expired"].expires_at < datetime.now(timezone.utc)
