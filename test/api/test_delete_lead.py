"""DefaultApi.delete_lead against a running MockServer."""

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
from buena_sdk.models.delete_lead200_response import DeleteLead200Response
from buena_sdk.testing import Fault, MockServer

ApiFactory = Callable[..., DefaultApi]
ErrorCheck = Callable[[ApiException, int, str], None]

MISSING_ID = "lead_404404404404"


@pytest.fixture
def lead_id(server: MockServer) -> str:
    """The id of a lead stored on ``server`` next to one other lead."""
    server.add_lead(first_name="Keep", last_name="Me", email="keep@example.com")
    lead = server.add_lead(first_name="Drop", last_name="Me", email="drop@example.com")
    return str(lead["id"])


# -- success ---------------------------------------------------------------


def test_delete_lead_returns_a_dict_and_removes_the_lead(
    server: MockServer, make_api: ApiFactory, lead_id: str
) -> None:
    result = make_api(server).delete_lead(lead_id)

    assert type(result) is dict
    assert result == {
        "success": True,
        "message": "Lead deleted successfully",
        "deleted_id": lead_id,
    }
    assert result.get("success") is True
    assert server.get_lead(lead_id) is None
    assert [lead["email"] for lead in server.leads()] == ["keep@example.com"]


def test_delete_lead_sends_delete_without_body(
    server: MockServer, make_api: ApiFactory, lead_id: str
) -> None:
    make_api(server).delete_lead(lead_id)

    recorded = server.requests[-1]
    assert (recorded.method, recorded.path) == ("DELETE", f"/api/v2/leads/{lead_id}")
    assert recorded.body == b""
    assert "content-type" not in recorded.headers


def test_delete_lead_frees_the_email(
    server: MockServer, make_api: ApiFactory, lead_id: str
) -> None:
    api = make_api(server)
    api.delete_lead(lead_id)

    again = api.create_lead(
        {"first_name": "Drop", "last_name": "Again", "email": "DROP@example.com"}
    )

    assert again.id != lead_id


# -- server errors -------------------------------------------------------------


def test_delete_lead_refused_key_is_401(
    unauthorized: tuple[DefaultApi, str], check_error: ErrorCheck
) -> None:
    api, code = unauthorized

    with pytest.raises(UnauthorizedException) as caught:
        api.delete_lead(MISSING_ID)

    check_error(caught.value, 401, code)


@pytest.mark.parametrize("held", [["leads:read", "leads:write"], ["api_keys:write"]])
def test_delete_lead_without_delete_permission_is_403(
    server: MockServer,
    make_api: ApiFactory,
    check_error: ErrorCheck,
    lead_id: str,
    held: list[str],
) -> None:
    api = make_api(server, key=server.add_api_key(permissions=held))

    with pytest.raises(ForbiddenException) as caught:
        api.delete_lead(lead_id)

    check_error(caught.value, 403, "INSUFFICIENT_PERMISSIONS")
    assert caught.value.data is not None
    assert caught.value.data.details == {"required_permission": "leads:delete"}
    assert server.get_lead(lead_id) is not None


def test_delete_lead_with_only_delete_permission_succeeds(
    server: MockServer, make_api: ApiFactory, lead_id: str
) -> None:
    api = make_api(server, key=server.add_api_key(permissions=["leads:delete"]))

    assert api.delete_lead(lead_id)["deleted_id"] == lead_id


def test_delete_lead_unknown_id_is_404(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck
) -> None:
    with pytest.raises(NotFoundException) as caught:
        make_api(server).delete_lead(MISSING_ID)

    check_error(caught.value, 404, "NOT_FOUND")
    assert caught.value.data is not None
    assert caught.value.data.details == {"lead_id": MISSING_ID}


def test_delete_lead_twice_is_404_the_second_time(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck, lead_id: str
) -> None:
    api = make_api(server)
    api.delete_lead(lead_id)

    with pytest.raises(NotFoundException) as caught:
        api.delete_lead(lead_id)

    check_error(caught.value, 404, "NOT_FOUND")
    assert server.lead_count() == 1


def test_delete_lead_rate_limited_is_429(
    server: MockServer,
    make_api: ApiFactory,
    rate_limited: Callable[[MockServer], None],
    check_error: ErrorCheck,
    lead_id: str,
) -> None:
    rate_limited(server)

    with pytest.raises(TooManyRequestsException) as caught:
        make_api(server, retries=0).delete_lead(lead_id)

    check_error(caught.value, 429, "RATE_LIMIT_EXCEEDED")
    assert server.get_lead(lead_id) is not None


def test_delete_lead_server_failure_is_500(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck, lead_id: str
) -> None:
    server.add_faults("DELETE /leads/{leadId}", Fault.status(500))

    with pytest.raises(ServiceException) as caught:
        make_api(server, retries=0).delete_lead(lead_id)

    check_error(caught.value, 500, "INTERNAL_ERROR")
    assert server.get_lead(lead_id) is not None


def test_delete_lead_500_then_success_is_retried(
    server: MockServer, make_api: ApiFactory, lead_id: str
) -> None:
    server.add_faults("DELETE /leads/{leadId}", Fault.status(500))

    result = make_api(server).delete_lead(lead_id)

    assert result["success"] is True
    assert server.request_count("DELETE /leads/{leadId}") == 2


# -- client-side validation ------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "options", "error"),
    [
        ((None,), {}, ApiTypeError),
        ((12,), {}, ApiTypeError),
        (("",), {}, ApiValueError),
        ((MISSING_ID,), {"_force": True}, ApiTypeError),
        ((MISSING_ID,), {"_host_index": 9}, ApiValueError),
        ((MISSING_ID,), {"_request_timeout": 0}, ApiValueError),
    ],
)
def test_delete_lead_rejects_bad_arguments_before_sending(
    server: MockServer,
    make_api: ApiFactory,
    arguments: tuple[Any, ...],
    options: dict[str, Any],
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        make_api(server).delete_lead(*arguments, **options)

    assert server.request_count() == 0


# -- the four forms ---------------------------------------------------------------


def test_delete_lead_with_http_info_carries_a_dict(
    server: MockServer, make_api: ApiFactory, lead_id: str
) -> None:
    response = make_api(server).delete_lead_with_http_info(lead_id)

    assert response.status_code == 200
    assert response.headers is not None
    assert response.headers["X-Request-Id"].startswith("req_")
    assert response.data == json.loads(response.raw_data)
    assert response.data["deleted_id"] == lead_id


def test_delete_lead_without_preload_content_returns_unread_response(
    server: MockServer, make_api: ApiFactory, lead_id: str
) -> None:
    response = make_api(server).delete_lead_without_preload_content(lead_id)

    assert isinstance(response, urllib3.BaseHTTPResponse)
    assert response.status == 200
    assert response.tell() == 0
    result = DeleteLead200Response.from_json(response.read())
    response.release_conn()
    assert (result.success, result.deleted_id) == (True, lead_id)
    assert server.get_lead(lead_id) is None


def test_delete_lead_async_returns_a_dict(
    server: MockServer, make_api: ApiFactory, lead_id: str
) -> None:
    result = asyncio.run(make_api(server).delete_lead_async(lead_id))

    assert result["deleted_id"] == lead_id
    assert server.get_lead(lead_id) is None


def test_delete_lead_async_raises_not_found(
    server: MockServer, make_api: ApiFactory
) -> None:
    with pytest.raises(NotFoundException):
        asyncio.run(make_api(server).delete_lead_async(MISSING_ID))


# -- per-call options -----------------------------------------------------------------


@pytest.mark.parametrize("timeout", [4, (1, 4)])
def test_delete_lead_accepts_request_timeouts(
    server: MockServer, make_api: ApiFactory, lead_id: str, timeout: Any
) -> None:
    result = make_api(server).delete_lead(lead_id, _request_timeout=timeout)

    assert result["success"] is True


def test_delete_lead_short_timeout_raises_timeout_error(
    server: MockServer, make_api: ApiFactory, lead_id: str
) -> None:
    server.add_faults("DELETE /leads/{leadId}", Fault.delay(2))

    with pytest.raises(ApiTimeoutError):
        make_api(server, retries=0).delete_lead(lead_id, _request_timeout=0.05)


def test_delete_lead_sends_extra_headers(
    server: MockServer, make_api: ApiFactory, lead_id: str
) -> None:
    make_api(server).delete_lead(lead_id, _headers={"X-Reason": "gdpr"})

    assert server.requests[-1].headers["x-reason"] == "gdpr"


def test_delete_lead_request_auth_overrides_the_configured_key(
    server: MockServer, make_api: ApiFactory, lead_id: str
) -> None:
    deleter = server.add_api_key(permissions=["leads:delete"])
    api = make_api(server, key=server.add_api_key(permissions=["leads:read"]))

    result = api.delete_lead(
        lead_id, _request_auth={"in": "header", "key": "x-api-key", "value": deleter}
    )

    assert result["success"] is True
    assert server.requests[-1].headers["x-api-key"] == deleter


def test_delete_lead_ignores_content_type_option(
    server: MockServer, make_api: ApiFactory, lead_id: str
) -> None:
    make_api(server).delete_lead(lead_id, _content_type="application/xml")

    assert "content-type" not in server.requests[-1].headers


def test_delete_lead_host_index_out_of_range_is_rejected(
    server: MockServer, make_api: ApiFactory, lead_id: str
) -> None:
    with pytest.raises(ApiValueError, match="_host_index"):
        make_api(server).delete_lead(lead_id, _host_index=1)

    assert server.request_count() == 0
    assert server.get_lead(lead_id) is not None
