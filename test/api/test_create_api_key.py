"""DefaultApi.create_api_key against a running MockServer."""

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
    BadRequestException,
    ForbiddenException,
    ServiceException,
    TooManyRequestsException,
    UnauthorizedException,
    UnprocessableEntityException,
)
from buena_sdk.models.api_key import ApiKey
from buena_sdk.models.create_api_key_request import CreateApiKeyRequest
from buena_sdk.testing import ALL_PERMISSIONS, Fault, MockServer

ApiFactory = Callable[..., DefaultApi]
ErrorCheck = Callable[[ApiException, int, str], None]

LEAD = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@engine.test"}
MINIMAL_KEY = {"name": "CRM sync", "permissions": ["leads:read"]}


def sent_body(server: MockServer) -> Any:
    return json.loads(server.requests[-1].body)


def in_a_year() -> datetime:
    return (datetime.now(timezone.utc) + timedelta(days=365)).replace(microsecond=0)


# -- success ---------------------------------------------------------------


def test_create_api_key_returns_the_key_field_by_field(
    server: MockServer, make_api: ApiFactory
) -> None:
    expiry = in_a_year()
    request = CreateApiKeyRequest(
        name="Integration API Key",
        permissions=["leads:read", "leads:write"],
        description="For CRM integration",
        expires_at=expiry,
    )

    created = make_api(server).create_api_key(request)

    assert isinstance(created, ApiKey)
    assert re.fullmatch(r"key_[0-9a-f]{12}", created.id)
    assert created.name == "Integration API Key"
    assert created.key is not None
    assert re.fullmatch(r"bna_[A-Za-z0-9_-]{40}", created.key)
    assert created.key_preview == created.key[:8] + "..."
    assert created.permissions == ["leads:read", "leads:write"]
    assert created.is_active is True
    assert created.last_used is None
    assert created.expires_at == expiry
    assert created.description == "For CRM integration"
    assert created.created_at.tzinfo is not None
    assert created.created_at <= datetime.now(timezone.utc)


def test_create_api_key_sends_only_the_fields_that_were_set(
    server: MockServer, make_api: ApiFactory
) -> None:
    created = make_api(server).create_api_key(CreateApiKeyRequest(**MINIMAL_KEY))

    assert sent_body(server) == MINIMAL_KEY
    assert created.expires_at is None
    assert created.description is None


def _parse(text: str) -> datetime:
    """An RFC 3339 timestamp; Python 3.10's fromisoformat rejects a "Z"."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_create_api_key_sends_expiry_with_its_offset(
    server: MockServer, make_api: ApiFactory
) -> None:
    expiry = in_a_year().astimezone(timezone(timedelta(hours=5, minutes=30)))

    created = make_api(server).create_api_key({**MINIMAL_KEY, "expires_at": expiry})

    sent = sent_body(server)["expires_at"]
    assert _parse(sent) == expiry
    assert sent.endswith("+05:30")
    assert created.expires_at == expiry


def test_create_api_key_takes_a_naive_expiry_as_local_time(
    server: MockServer, make_api: ApiFactory
) -> None:
    naive = datetime.now() + timedelta(days=30)

    created = make_api(server).create_api_key({**MINIMAL_KEY, "expires_at": naive})

    sent = _parse(sent_body(server)["expires_at"])
    assert sent.tzinfo is not None
    assert sent == naive.astimezone()
    assert created.expires_at == naive.astimezone()


def test_create_api_key_returns_the_full_key_only_once(
    server: MockServer, make_api: ApiFactory
) -> None:
    api = make_api(server)
    created = api.create_api_key(MINIMAL_KEY)

    listed = api.list_api_keys_with_http_info()

    assert created.key is not None
    assert created.key not in repr(created)
    assert created.key not in created.to_str()
    [again] = [key for key in listed.data.data if key.id == created.id]
    assert again.key is None
    assert again.key_preview == created.key_preview
    assert created.key.encode() not in listed.raw_data


def test_new_key_authenticates_with_exactly_its_permissions(
    server: MockServer, make_api: ApiFactory
) -> None:
    created = make_api(server).create_api_key(
        {"name": "Leads only", "permissions": ["leads:read", "leads:write"]}
    )
    assert created.key is not None
    api = make_api(server, key=created.key)

    lead = api.create_lead(LEAD)
    assert api.get_lead(lead.id).email == LEAD["email"]
    assert api.update_lead(lead.id, {"notes": "n"}).notes == "n"
    assert api.list_leads().total == 1
    assert api.health_check().status == "healthy"
    with pytest.raises(ForbiddenException):
        api.delete_lead(lead.id)
    with pytest.raises(ForbiddenException):
        api.list_api_keys()
    with pytest.raises(ForbiddenException):
        api.create_api_key(MINIMAL_KEY)
    assert server.lead_count() == 1


@pytest.mark.parametrize(
    ("permissions", "allowed", "refused"),
    [
        (["api_keys:read"], "list_api_keys", "list_leads"),
        (["leads:delete"], "health_check", "list_api_keys"),
        (["webhooks:read", "webhooks:write"], "health_check", "list_leads"),
        (["api_keys:write"], "health_check", "list_api_keys"),
    ],
)
def test_new_key_permission_sets(
    server: MockServer,
    make_api: ApiFactory,
    permissions: list[str],
    allowed: str,
    refused: str,
) -> None:
    created = make_api(server).create_api_key({"name": "k", "permissions": permissions})
    api = make_api(server, key=created.key)

    getattr(api, allowed)()
    with pytest.raises(ForbiddenException):
        getattr(api, refused)()


def test_new_key_with_every_permission_can_create_keys(
    server: MockServer, make_api: ApiFactory
) -> None:
    created = make_api(server).create_api_key(
        {"name": "Admin", "permissions": list(ALL_PERMISSIONS)}
    )

    nested = make_api(server, key=created.key).create_api_key(MINIMAL_KEY)

    assert nested.key not in (None, created.key)
    assert make_api(server).list_api_keys().total == 3


# -- server errors -------------------------------------------------------------


@pytest.mark.parametrize("missing", ["name", "permissions"])
def test_create_api_key_missing_field_is_400_from_server(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck, missing: str
) -> None:
    body = {name: value for name, value in MINIMAL_KEY.items() if name != missing}
    api = make_api(server, client_side_validation=False)

    with pytest.raises(BadRequestException) as caught:
        api.create_api_key(body)

    check_error(caught.value, 400, "MISSING_REQUIRED_FIELD")
    assert caught.value.data is not None
    assert caught.value.data.details == {"field": missing}


def test_create_api_key_wrong_content_type_is_400(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck
) -> None:
    with pytest.raises(BadRequestException) as caught:
        make_api(server).create_api_key(MINIMAL_KEY, _content_type="text/plain")

    check_error(caught.value, 400, "INVALID_CONTENT_TYPE")
    assert make_api(server).list_api_keys().total == 1


def test_create_api_key_refused_key_is_401(
    unauthorized: tuple[DefaultApi, str], check_error: ErrorCheck
) -> None:
    api, code = unauthorized

    with pytest.raises(UnauthorizedException) as caught:
        api.create_api_key(MINIMAL_KEY)

    check_error(caught.value, 401, code)


def test_create_api_key_without_write_permission_is_403(
    server: MockServer,
    make_api: ApiFactory,
    key_without: Callable[[MockServer, str], str],
    check_error: ErrorCheck,
) -> None:
    api = make_api(server, key=key_without(server, "api_keys:write"))

    with pytest.raises(ForbiddenException) as caught:
        api.create_api_key(MINIMAL_KEY)

    check_error(caught.value, 403, "INSUFFICIENT_PERMISSIONS")
    assert caught.value.data is not None
    assert caught.value.data.details == {"required_permission": "api_keys:write"}


def test_create_api_key_expiry_in_the_past_is_422(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck
) -> None:
    yesterday = datetime.now(timezone.utc) - timedelta(days=1)

    with pytest.raises(UnprocessableEntityException) as caught:
        make_api(server).create_api_key({**MINIMAL_KEY, "expires_at": yesterday})

    check_error(caught.value, 422, "VALIDATION_ERROR")
    assert caught.value.data is not None
    assert caught.value.data.details == {"field": "expires_at"}


def test_create_api_key_repeated_permission_is_422(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck
) -> None:
    request = {"name": "k", "permissions": ["leads:read", "leads:read"]}
    api = make_api(server, client_side_validation=False)

    with pytest.raises(UnprocessableEntityException) as caught:
        api.create_api_key(request)

    check_error(caught.value, 422, "VALIDATION_ERROR")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "k", "permissions": ["leads:admin"]}, "permissions"),
        ({"name": "k", "permissions": []}, "permissions"),
        ({"name": "k", "permissions": "leads:read"}, "permissions"),
        ({"name": "", "permissions": ["leads:read"]}, "name"),
        ({"name": 5, "permissions": ["leads:read"]}, "name"),
        ({**MINIMAL_KEY, "expires_at": "next week"}, "expires_at"),
        ({**MINIMAL_KEY, "scope": "all"}, "scope"),
    ],
)
def test_create_api_key_invalid_body_is_422_when_sent_unchecked(
    server: MockServer,
    make_api: ApiFactory,
    check_error: ErrorCheck,
    body: dict[str, Any],
    field: str,
) -> None:
    api = make_api(server, client_side_validation=False)

    with pytest.raises(UnprocessableEntityException) as caught:
        api.create_api_key(body)

    check_error(caught.value, 422, "VALIDATION_ERROR")
    assert caught.value.data is not None
    assert caught.value.data.details == {"field": field}


def test_create_api_key_rate_limited_is_429(
    server: MockServer,
    make_api: ApiFactory,
    rate_limited: Callable[[MockServer], None],
    check_error: ErrorCheck,
) -> None:
    rate_limited(server)

    with pytest.raises(TooManyRequestsException) as caught:
        make_api(server, retries=0).create_api_key(MINIMAL_KEY)

    check_error(caught.value, 429, "RATE_LIMIT_EXCEEDED")


def test_create_api_key_server_failure_is_500_and_not_retried(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck
) -> None:
    server.add_faults("POST /keys", Fault.status(500))

    with pytest.raises(ServiceException) as caught:
        make_api(server).create_api_key(MINIMAL_KEY)

    check_error(caught.value, 500, "INTERNAL_ERROR")
    assert server.request_count("POST /keys") == 1


# -- client-side validation ------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"permissions": ["leads:read"]}, "name"),
        ({"name": "k"}, "permissions"),
        ({"name": "", "permissions": ["leads:read"]}, "name"),
        ({"name": "n" * 101, "permissions": ["leads:read"]}, "name"),
        ({"name": "k", "permissions": []}, "permissions"),
        ({"name": "k", "permissions": ["leads:admin"]}, "permissions"),
        ({"name": "k", "permissions": "leads:read"}, "permissions"),
        ({**MINIMAL_KEY, "description": "d" * 501}, "description"),
        ({**MINIMAL_KEY, "expires_at": "next week"}, "expires_at"),
        ({**MINIMAL_KEY, "scope": "all"}, "scope"),
    ],
)
def test_create_api_key_rejects_invalid_body_before_sending(
    server: MockServer, make_api: ApiFactory, body: dict[str, Any], named: str
) -> None:
    with pytest.raises(ApiValueError) as caught:
        make_api(server).create_api_key(body)

    assert named in str(caught.value)
    assert "create_api_key_request" in str(caught.value)
    assert server.request_count() == 0


@pytest.mark.parametrize("body", [None, ["leads:read"], "CRM sync"])
def test_create_api_key_rejects_a_body_that_is_not_a_key_request(
    server: MockServer, make_api: ApiFactory, body: Any
) -> None:
    with pytest.raises(ApiTypeError, match="create_api_key_request"):
        make_api(server).create_api_key(body)

    assert server.request_count() == 0


def test_create_api_key_rejects_a_lead_request_body(
    server: MockServer, make_api: ApiFactory
) -> None:
    from buena_sdk.models.create_lead_request import CreateLeadRequest

    with pytest.raises(ApiTypeError):
        make_api(server).create_api_key(CreateLeadRequest(**LEAD))  # type: ignore[arg-type]

    assert server.request_count() == 0


def test_create_api_key_rejects_unknown_option_before_sending(
    server: MockServer, make_api: ApiFactory
) -> None:
    with pytest.raises(ApiTypeError, match="_expires"):
        make_api(server).create_api_key(MINIMAL_KEY, _expires=1)  # type: ignore[call-arg]

    assert server.request_count() == 0


# -- the four forms ---------------------------------------------------------------


def test_create_api_key_with_http_info_is_201_with_the_key_in_raw_body(
    server: MockServer, make_api: ApiFactory
) -> None:
    response = make_api(server).create_api_key_with_http_info(MINIMAL_KEY)

    assert response.status_code == 201
    assert response.headers is not None
    assert response.headers["X-Request-Id"].startswith("req_")
    assert response.data.key is not None
    assert json.loads(response.raw_data)["key"] == response.data.key


def test_create_api_key_without_preload_content_returns_unread_response(
    server: MockServer, make_api: ApiFactory
) -> None:
    response = make_api(server).create_api_key_without_preload_content(MINIMAL_KEY)

    assert isinstance(response, urllib3.BaseHTTPResponse)
    assert response.status == 201
    assert response.tell() == 0
    created = ApiKey.from_json(response.read())
    response.release_conn()
    assert created.key is not None
    assert make_api(server, key=created.key).list_leads().total == 0


def test_create_api_key_async_creates_the_key(
    server: MockServer, make_api: ApiFactory
) -> None:
    created = asyncio.run(make_api(server).create_api_key_async(MINIMAL_KEY))

    assert created.name == "CRM sync"
    assert created.key is not None


def test_create_api_key_async_raises_unprocessable(
    server: MockServer, make_api: ApiFactory
) -> None:
    past = datetime.now(timezone.utc) - timedelta(minutes=5)

    with pytest.raises(UnprocessableEntityException):
        asyncio.run(
            make_api(server).create_api_key_async({**MINIMAL_KEY, "expires_at": past})
        )


# -- per-call options -----------------------------------------------------------------


@pytest.mark.parametrize("timeout", [4, (1, 4)])
def test_create_api_key_accepts_request_timeouts(
    server: MockServer, make_api: ApiFactory, timeout: Any
) -> None:
    created = make_api(server).create_api_key(MINIMAL_KEY, _request_timeout=timeout)

    assert created.key is not None


def test_create_api_key_short_timeout_raises_timeout_error(
    server: MockServer, make_api: ApiFactory
) -> None:
    server.add_faults("POST /keys", Fault.delay(2))

    with pytest.raises(ApiTimeoutError):
        make_api(server).create_api_key(MINIMAL_KEY, _request_timeout=0.05)


def test_create_api_key_sends_extra_headers(
    server: MockServer, make_api: ApiFactory
) -> None:
    make_api(server).create_api_key(MINIMAL_KEY, _headers={"X-Audit": "ops"})

    assert server.requests[-1].headers["x-audit"] == "ops"


def test_create_api_key_request_auth_overrides_the_configured_key(
    server: MockServer, make_api: ApiFactory
) -> None:
    reader = server.add_api_key(permissions=["api_keys:read"])
    auth = {"in": "header", "key": "x-api-key", "value": reader}

    with pytest.raises(ForbiddenException):
        make_api(server).create_api_key(MINIMAL_KEY, _request_auth=auth)

    assert server.requests[-1].headers["x-api-key"] == reader


def test_create_api_key_sends_the_given_json_content_type(
    server: MockServer, make_api: ApiFactory
) -> None:
    make_api(server).create_api_key(
        MINIMAL_KEY, _content_type="application/json;charset=UTF-8"
    )

    recorded = server.requests[-1]
    assert recorded.headers["content-type"] == "application/json;charset=UTF-8"
    assert recorded.status == 201


def test_create_api_key_host_index_out_of_range_is_rejected(
    server: MockServer, make_api: ApiFactory
) -> None:
    with pytest.raises(ApiValueError, match="_host_index"):
        make_api(server).create_api_key(MINIMAL_KEY, _host_index=4)

    assert server.request_count() == 0
