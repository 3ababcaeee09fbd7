"""DefaultApi.get_lead against a running MockServer."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
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
    NotFoundException,
    ServiceException,
    TooManyRequestsException,
    UnauthorizedException,
)
from buena_sdk.models.lead import Lead
from buena_sdk.testing import Fault, MockServer

ApiFactory = Callable[..., DefaultApi]
ErrorCheck = Callable[[ApiException, int, str], None]
LeadCheck = Callable[[Any, dict[str, Any]], None]

MISSING_ID = "lead_404404404404"


@pytest.fixture
def lead(server: MockServer) -> dict[str, Any]:
    """A lead with every optional field set, stored on ``server``."""
    return server.add_lead(
        first_name="Grace",
        last_name="Hopper",
        email="grace@navy.test",
        company="Eckert-Mauchly",
        phone="+1 (555) 010-2030",
        linkedin_url="https://linkedin.com/in/grace",
        job_title="Rear Admiral",
        location="Arlington, VA",
        notes="Found the first bug.",
        tags=["compiler", "cobol"],
        custom_fields={"priority": "high", "budget": 1200.5, "nested": {"a": [1]}},
        status="contacted",
    )


# -- success ---------------------------------------------------------------


def test_get_lead_returns_the_lead_field_by_field(
    server: MockServer,
    make_api: ApiFactory,
    lead: dict[str, Any],
    check_lead: LeadCheck,
) -> None:
    fetched = make_api(server).get_lead(lead["id"])

    assert isinstance(fetched, Lead)
    check_lead(fetched, lead)
    assert fetched.custom_fields == {
        "priority": "high",
        "budget": 1200.5,
        "nested": {"a": [1]},
    }
    assert fetched.status == "contacted"
    assert server.requests[-1].path == f"/api/v2/leads/{lead['id']}"


def test_get_lead_returns_each_seeded_lead(
    seeded_server: MockServer, make_api: ApiFactory, check_lead: LeadCheck
) -> None:
    api = make_api(seeded_server)

    for stored in seeded_server.leads()[:10]:
        check_lead(api.get_lead(stored["id"]), stored)


def test_get_lead_sends_no_body(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    make_api(server).get_lead(lead["id"])

    recorded = server.requests[-1]
    assert recorded.method == "GET"
    assert recorded.body == b""
    assert "content-type" not in recorded.headers
    assert recorded.headers["accept"] == "application/json"


# -- server errors -------------------------------------------------------------


def test_get_lead_refused_key_is_401(
    unauthorized: tuple[DefaultApi, str], check_error: ErrorCheck
) -> None:
    api, code = unauthorized

    with pytest.raises(UnauthorizedException) as caught:
        api.get_lead(MISSING_ID)

    check_error(caught.value, 401, code)


def test_get_lead_without_read_permission_is_403(
    server: MockServer,
    make_api: ApiFactory,
    key_without: Callable[[MockServer, str], str],
    check_error: ErrorCheck,
    lead: dict[str, Any],
) -> None:
    api = make_api(server, key=key_without(server, "leads:read"))

    with pytest.raises(ForbiddenException) as caught:
        api.get_lead(lead["id"])

    check_error(caught.value, 403, "INSUFFICIENT_PERMISSIONS")


def test_get_lead_unknown_id_is_404(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck
) -> None:
    with pytest.raises(NotFoundException) as caught:
        make_api(server).get_lead(MISSING_ID)

    check_error(caught.value, 404, "NOT_FOUND")
    assert caught.value.data is not None
    assert caught.value.data.details == {"lead_id": MISSING_ID}
    assert MISSING_ID in str(caught.value)


def test_get_lead_deleted_lead_is_404(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    api = make_api(server)
    api.delete_lead(lead["id"])

    with pytest.raises(NotFoundException):
        api.get_lead(lead["id"])


@pytest.mark.parametrize(
    ("lead_id", "wire_path"),
    [
        ("lead with/slash", "/api/v2/leads/lead%20with%2Fslash"),
        ("lead?x=1#y", "/api/v2/leads/lead%3Fx%3D1%23y"),
        ("lead_ü", "/api/v2/leads/lead_%C3%BC"),
        (".", "/api/v2/leads/%2E"),
        ("..", "/api/v2/leads/%2E%2E"),
    ],
)
def test_get_lead_escapes_the_id_in_the_path(
    server: MockServer, make_api: ApiFactory, lead_id: str, wire_path: str
) -> None:
    with pytest.raises(NotFoundException) as caught:
        make_api(server).get_lead(lead_id)

    assert server.requests[-1].path == wire_path
    assert caught.value.data is not None
    assert caught.value.data.details == {"lead_id": lead_id}


def test_get_lead_rate_limited_is_429(
    server: MockServer,
    make_api: ApiFactory,
    rate_limited: Callable[[MockServer], None],
    check_error: ErrorCheck,
) -> None:
    rate_limited(server)

    with pytest.raises(TooManyRequestsException) as caught:
        make_api(server, retries=0).get_lead(MISSING_ID)

    check_error(caught.value, 429, "RATE_LIMIT_EXCEEDED")


def test_get_lead_scripted_429_is_raised_without_retries(
    server: MockServer,
    make_api: ApiFactory,
    check_error: ErrorCheck,
    lead: dict[str, Any],
) -> None:
    server.add_faults("GET /leads/{leadId}", Fault.status(429, retry_after=3))

    with pytest.raises(TooManyRequestsException) as caught:
        make_api(server, retries=0).get_lead(lead["id"])

    check_error(caught.value, 429, "RATE_LIMIT_EXCEEDED")
    assert isinstance(caught.value, TooManyRequestsException)
    assert caught.value.retry_after == 3


def test_get_lead_server_failure_is_500(
    server: MockServer,
    make_api: ApiFactory,
    check_error: ErrorCheck,
    lead: dict[str, Any],
) -> None:
    server.add_faults("GET /leads/{leadId}", Fault.status(500))

    with pytest.raises(ServiceException) as caught:
        make_api(server, retries=0).get_lead(lead["id"])

    check_error(caught.value, 500, "INTERNAL_ERROR")


def test_get_lead_500_is_retried_until_it_succeeds(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    server.add_faults("GET /leads/{leadId}", Fault.status(500), times=2)

    fetched = make_api(server).get_lead(lead["id"])

    assert fetched.id == lead["id"]
    assert server.request_count("GET /leads/{leadId}") == 3


# -- client-side validation ------------------------------------------------------


@pytest.mark.parametrize(
    ("lead_id", "error"),
    [
        (None, ApiTypeError),
        (123, ApiTypeError),
        (b"lead_1", ApiTypeError),
        ("", ApiValueError),
    ],
)
def test_get_lead_rejects_bad_id_before_sending(
    server: MockServer, make_api: ApiFactory, lead_id: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="lead_id"):
        make_api(server).get_lead(lead_id)

    assert server.request_count() == 0


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"timeout": 5}, ApiTypeError),
        ({"_host_index": 2}, ApiValueError),
        ({"_request_timeout": "5"}, ApiValueError),
        ({"_request_auth": {"in": "header"}}, ApiValueError),
    ],
)
def test_get_lead_rejects_bad_options_before_sending(
    server: MockServer,
    make_api: ApiFactory,
    options: dict[str, Any],
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        make_api(server).get_lead(MISSING_ID, **options)

    assert server.request_count() == 0


# -- the four forms ---------------------------------------------------------------


def test_get_lead_with_http_info_returns_status_headers_and_raw_body(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    response = make_api(server).get_lead_with_http_info(lead["id"])

    assert response.status_code == 200
    assert response.headers is not None
    assert response.headers["X-Request-Id"].startswith("req_")
    assert response.data.id == lead["id"]
    assert json.loads(response.raw_data) == lead


def test_get_lead_without_preload_content_returns_unread_response(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    response = make_api(server).get_lead_without_preload_content(lead["id"])

    assert isinstance(response, urllib3.BaseHTTPResponse)
    assert response.status == 200
    assert response.tell() == 0
    body = response.read()
    response.release_conn()
    assert json.loads(body) == lead
    assert Lead.from_json(body).email == "grace@navy.test"


def test_get_lead_without_preload_content_returns_404_unraised(
    server: MockServer, make_api: ApiFactory
) -> None:
    response = make_api(server).get_lead_without_preload_content(MISSING_ID)

    assert response.status == 404
    assert json.loads(response.read())["code"] == "NOT_FOUND"
    response.release_conn()


def test_get_lead_async_returns_the_lead(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    fetched = asyncio.run(make_api(server).get_lead_async(lead["id"]))

    assert fetched.id == lead["id"]
    assert fetched.tags == ["compiler", "cobol"]


def test_get_lead_async_raises_not_found(
    server: MockServer, make_api: ApiFactory
) -> None:
    with pytest.raises(NotFoundException):
        asyncio.run(make_api(server).get_lead_async(MISSING_ID))


# -- per-call options -----------------------------------------------------------------


@pytest.mark.parametrize("timeout", [3, 0.5, (1, 3)])
def test_get_lead_accepts_request_timeouts(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any], timeout: Any
) -> None:
    assert make_api(server).get_lead(lead["id"], _request_timeout=timeout).id


def test_get_lead_short_timeout_raises_timeout_error(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    server.add_faults("GET /leads/{leadId}", Fault.delay(2))

    with pytest.raises(ApiTimeoutError):
        make_api(server, retries=0).get_lead(lead["id"], _request_timeout=0.05)


def test_get_lead_sends_extra_headers(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    make_api(server).get_lead(lead["id"], _headers={"X-Trace": "t1", "X-Other": "2"})

    headers = server.requests[-1].headers
    assert (headers["x-trace"], headers["x-other"]) == ("t1", "2")


def test_get_lead_request_auth_overrides_the_configured_key(
    server: MockServer,
    make_api: ApiFactory,
    key_without: Callable[[MockServer, str], str],
    lead: dict[str, Any],
) -> None:
    reader = server.add_api_key(permissions=["leads:read"])
    writer_only = key_without(server, "leads:read")
    api = make_api(server, key=writer_only)

    fetched = api.get_lead(
        lead["id"], _request_auth={"in": "header", "key": "x-api-key", "value": reader}
    )

    assert fetched.id == lead["id"]
    assert server.requests[-1].headers["x-api-key"] == reader


def test_get_lead_ignores_content_type_option(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    make_api(server).get_lead(lead["id"], _content_type="text/plain")

    assert "content-type" not in server.requests[-1].headers


def test_get_lead_host_index_out_of_range_is_rejected(
    server: MockServer, make_api: ApiFactory
) -> None:
    with pytest.raises(ApiValueError, match="_host_index"):
        make_api(server).get_lead(MISSING_ID, _host_index=-1)

    assert server.request_count() == 0
