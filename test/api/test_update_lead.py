"""DefaultApi.update_lead against a running MockServer."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pydantic
import pytest
import urllib3

from buena_sdk.api.default_api import DefaultApi
from buena_sdk.exceptions import (
    ApiException,
    ApiTimeoutError,
    ApiTypeError,
    ApiValueError,
    BadRequestException,
    ConflictException,
    ForbiddenException,
    NotFoundException,
    ServiceException,
    TooManyRequestsException,
    UnauthorizedException,
    UnprocessableEntityException,
)
from buena_sdk.models.lead import Lead
from buena_sdk.models.update_lead_request import UpdateLeadRequest
from buena_sdk.testing import Fault, MockServer

ApiFactory = Callable[..., DefaultApi]
ErrorCheck = Callable[[ApiException, int, str], None]
LeadCheck = Callable[[Any, dict[str, Any]], None]

MISSING_ID = "lead_404404404404"
ORIGINAL: dict[str, Any] = {
    "first_name": "Grace",
    "last_name": "Hopper",
    "email": "grace@navy.test",
    "company": "Eckert-Mauchly",
    "phone": "+1 (555) 010-2030",
    "linkedin_url": "https://linkedin.com/in/grace",
    "job_title": "Rear Admiral",
    "location": "Arlington, VA",
    "notes": "Found the first bug.",
    "tags": ["compiler", "cobol"],
    "custom_fields": {"priority": "high", "budget": 1000, "region": "east"},
}


@pytest.fixture
def lead(server: MockServer) -> dict[str, Any]:
    """A lead with every field set, stored on ``server``."""
    return server.add_lead(**ORIGINAL)


def sent_body(server: MockServer) -> Any:
    return json.loads(server.requests[-1].body)


def unchanged_except(
    before: dict[str, Any], after: dict[str, Any], *changed: str
) -> None:
    """Every field but ``changed`` and ``updated_at`` kept its value."""
    for name, value in before.items():
        if name not in (*changed, "updated_at"):
            assert after[name] == value, name


# -- success and partial semantics --------------------------------------------------


def test_update_lead_returns_the_updated_lead_field_by_field(
    server: MockServer,
    make_api: ApiFactory,
    lead: dict[str, Any],
    check_lead: LeadCheck,
) -> None:
    request = UpdateLeadRequest(
        company="New Company Inc", job_title="Senior Engineer", status="contacted"
    )

    updated = make_api(server).update_lead(lead["id"], request)

    assert isinstance(updated, Lead)
    assert (updated.company, updated.job_title, updated.status) == (
        "New Company Inc",
        "Senior Engineer",
        "contacted",
    )
    stored = server.get_lead(lead["id"])
    assert stored is not None
    check_lead(updated, stored)
    unchanged_except(lead, stored, "company", "job_title", "status")
    assert updated.updated_at > updated.created_at


def test_update_lead_sends_only_the_fields_that_were_set(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    make_api(server).update_lead(lead["id"], UpdateLeadRequest(notes="Call back"))

    assert sent_body(server) == {"notes": "Call back"}
    recorded = server.requests[-1]
    assert recorded.method == "PUT"
    assert recorded.path == f"/api/v2/leads/{lead['id']}"


def test_update_lead_sends_fields_assigned_after_construction(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    request = UpdateLeadRequest()
    request.location = "Boston, MA"

    updated = make_api(server).update_lead(lead["id"], request)

    assert sent_body(server) == {"location": "Boston, MA"}
    assert updated.location == "Boston, MA"


@pytest.mark.parametrize(
    "field", ["company", "phone", "linkedin_url", "job_title", "location", "notes"]
)
def test_update_lead_explicit_none_is_sent_as_null_and_clears(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any], field: str
) -> None:
    updated = make_api(server).update_lead(
        lead["id"], UpdateLeadRequest(**{field: None})
    )

    assert (
        server.requests[-1].body == json.dumps({field: None}).replace(" ", "").encode()
    )
    assert getattr(updated, field) is None
    stored = server.get_lead(lead["id"])
    assert stored is not None
    assert stored[field] is None
    unchanged_except(lead, stored, field)


def test_update_lead_dict_body_keeps_explicit_nulls(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    updated = make_api(server).update_lead(lead["id"], {"company": None, "notes": "x"})

    assert sent_body(server) == {"company": None, "notes": "x"}
    assert (updated.company, updated.notes) == (None, "x")
    assert updated.phone == ORIGINAL["phone"]


def test_update_lead_empty_request_sends_empty_object_and_keeps_values(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    updated = make_api(server).update_lead(lead["id"], UpdateLeadRequest())

    assert sent_body(server) == {}
    stored = server.get_lead(lead["id"])
    assert stored is not None
    unchanged_except(lead, stored)
    assert updated.tags == ORIGINAL["tags"]


def test_update_lead_tags_replace_the_list(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    api = make_api(server)

    replaced = api.update_lead(lead["id"], UpdateLeadRequest(tags=["hot-lead"]))
    emptied = api.update_lead(lead["id"], UpdateLeadRequest(tags=[]))
    cleared = api.update_lead(lead["id"], UpdateLeadRequest(tags=None))

    assert replaced.tags == ["hot-lead"]
    assert emptied.tags == []
    assert cleared.tags is None
    assert cleared.custom_fields == ORIGINAL["custom_fields"]


def test_update_lead_custom_fields_merge_key_by_key(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    api = make_api(server)

    merged = api.update_lead(
        lead["id"],
        UpdateLeadRequest(
            custom_fields={"budget": 75000, "last_contacted": "2024-06-29"}
        ),
    )

    assert sent_body(server) == {
        "custom_fields": {"budget": 75000, "last_contacted": "2024-06-29"}
    }
    assert merged.custom_fields == {
        "priority": "high",
        "budget": 75000,
        "region": "east",
        "last_contacted": "2024-06-29",
    }
    assert merged.tags == ORIGINAL["tags"]


def test_update_lead_custom_field_set_to_none_is_removed(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    updated = make_api(server).update_lead(
        lead["id"], UpdateLeadRequest(custom_fields={"region": None})
    )

    assert sent_body(server) == {"custom_fields": {"region": None}}
    assert updated.custom_fields == {"priority": "high", "budget": 1000}


def test_update_lead_custom_fields_none_clears_them_all(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    updated = make_api(server).update_lead(
        lead["id"], UpdateLeadRequest(custom_fields=None)
    )

    assert sent_body(server) == {"custom_fields": None}
    assert updated.custom_fields is None


@pytest.mark.parametrize("status", ["active", "inactive", "contacted"])
def test_update_lead_sets_each_status(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any], status: str
) -> None:
    updated = make_api(server).update_lead(lead["id"], {"status": status})

    assert updated.status == status


def test_update_lead_email_change_frees_the_old_address(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    api = make_api(server)

    updated = api.update_lead(lead["id"], {"email": "grace@cobol.test"})
    newcomer = api.create_lead(
        {"first_name": "G", "last_name": "H", "email": ORIGINAL["email"]}
    )

    assert updated.email == "grace@cobol.test"
    assert newcomer.email == ORIGINAL["email"]


def test_update_lead_to_its_own_email_in_other_case_is_allowed(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    updated = make_api(server).update_lead(lead["id"], {"email": "GRACE@navy.test"})

    assert updated.email == "GRACE@navy.test"


# -- server errors -------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/json; charset=latin-1"]
)
def test_update_lead_wrong_content_type_is_400(
    server: MockServer,
    make_api: ApiFactory,
    check_error: ErrorCheck,
    lead: dict[str, Any],
    content_type: str,
) -> None:
    with pytest.raises(BadRequestException) as caught:
        make_api(server).update_lead(
            lead["id"], {"notes": "x"}, _content_type=content_type
        )

    check_error(caught.value, 400, "INVALID_CONTENT_TYPE")
    assert server.get_lead(lead["id"]) == lead


def test_update_lead_scripted_400_carries_its_code(
    server: MockServer,
    make_api: ApiFactory,
    check_error: ErrorCheck,
    lead: dict[str, Any],
) -> None:
    server.add_faults(
        "PUT /leads/{leadId}", Fault.status(400, code_word="MISSING_REQUIRED_FIELD")
    )

    with pytest.raises(BadRequestException) as caught:
        make_api(server).update_lead(lead["id"], {"notes": "x"})

    check_error(caught.value, 400, "MISSING_REQUIRED_FIELD")


def test_update_lead_refused_key_is_401(
    unauthorized: tuple[DefaultApi, str], check_error: ErrorCheck
) -> None:
    api, code = unauthorized

    with pytest.raises(UnauthorizedException) as caught:
        api.update_lead(MISSING_ID, {"notes": "x"})

    check_error(caught.value, 401, code)


def test_update_lead_without_write_permission_is_403(
    server: MockServer,
    make_api: ApiFactory,
    key_without: Callable[[MockServer, str], str],
    check_error: ErrorCheck,
    lead: dict[str, Any],
) -> None:
    api = make_api(server, key=key_without(server, "leads:write"))

    with pytest.raises(ForbiddenException) as caught:
        api.update_lead(lead["id"], {"notes": "x"})

    check_error(caught.value, 403, "INSUFFICIENT_PERMISSIONS")
    assert server.get_lead(lead["id"]) == lead


def test_update_lead_unknown_id_is_404(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck
) -> None:
    with pytest.raises(NotFoundException) as caught:
        make_api(server).update_lead(MISSING_ID, {"notes": "x"})

    check_error(caught.value, 404, "NOT_FOUND")
    assert caught.value.data is not None
    assert caught.value.data.details == {"lead_id": MISSING_ID}


@pytest.mark.parametrize("email", ["other@example.com", "OTHER@Example.com"])
def test_update_lead_to_another_leads_email_is_409(
    server: MockServer,
    make_api: ApiFactory,
    check_error: ErrorCheck,
    lead: dict[str, Any],
    email: str,
) -> None:
    server.add_lead(first_name="O", last_name="T", email="other@example.com")

    with pytest.raises(ConflictException) as caught:
        make_api(server).update_lead(lead["id"], {"email": email})

    check_error(caught.value, 409, "DUPLICATE_EMAIL")
    assert server.get_lead(lead["id"]) == lead


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"linkedin_url": "ftp://x.test"}, "linkedin_url"),
    ],
)
def test_update_lead_badly_formatted_value_is_422(
    server: MockServer,
    make_api: ApiFactory,
    check_error: ErrorCheck,
    lead: dict[str, Any],
    body: dict[str, Any],
    field: str,
) -> None:
    with pytest.raises(UnprocessableEntityException) as caught:
        make_api(server).update_lead(lead["id"], body)

    check_error(caught.value, 422, "VALIDATION_ERROR")
    assert caught.value.data is not None
    assert caught.value.data.details == {"field": field}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": None}, "email"),
        ({"first_name": None}, "first_name"),
        ({"status": None}, "status"),
        ({"status": "lost"}, "status"),
        ({"nickname": "Amazing Grace"}, "nickname"),
        ({"tags": "cobol"}, "tags"),
        ({"first_name": ""}, "first_name"),
    ],
)
def test_update_lead_invalid_body_is_422_when_sent_unchecked(
    server: MockServer,
    make_api: ApiFactory,
    check_error: ErrorCheck,
    lead: dict[str, Any],
    body: dict[str, Any],
    field: str,
) -> None:
    api = make_api(server, client_side_validation=False)

    with pytest.raises(UnprocessableEntityException) as caught:
        api.update_lead(lead["id"], body)

    check_error(caught.value, 422, "VALIDATION_ERROR")
    assert caught.value.data is not None
    assert caught.value.data.details == {"field": field}
    assert server.get_lead(lead["id"]) == lead


def test_update_lead_rate_limited_is_429(
    server: MockServer,
    make_api: ApiFactory,
    rate_limited: Callable[[MockServer], None],
    check_error: ErrorCheck,
) -> None:
    rate_limited(server)

    with pytest.raises(TooManyRequestsException) as caught:
        make_api(server, retries=0).update_lead(MISSING_ID, {"notes": "x"})

    check_error(caught.value, 429, "RATE_LIMIT_EXCEEDED")


def test_update_lead_server_failure_is_500(
    server: MockServer,
    make_api: ApiFactory,
    check_error: ErrorCheck,
    lead: dict[str, Any],
) -> None:
    server.add_faults("PUT /leads/{leadId}", Fault.status(500))

    with pytest.raises(ServiceException) as caught:
        make_api(server, retries=0).update_lead(lead["id"], {"notes": "x"})

    check_error(caught.value, 500, "INTERNAL_ERROR")
    assert server.get_lead(lead["id"]) == lead


def test_update_lead_500_is_retried_because_put_is_idempotent(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    server.add_faults("PUT /leads/{leadId}", Fault.status(500))

    updated = make_api(server).update_lead(lead["id"], {"notes": "retried"})

    assert updated.notes == "retried"
    assert server.request_count("PUT /leads/{leadId}") == 2


# -- client-side validation ------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"email": None}, "email"),
        ({"first_name": None}, "first_name"),
        ({"last_name": None}, "last_name"),
        ({"status": None}, "status"),
        ({"status": "lost"}, "status"),
        ({"first_name": ""}, "first_name"),
        ({"company": "c" * 201}, "company"),
        ({"nickname": "Amazing Grace"}, "nickname"),
        ({"tags": "cobol"}, "tags"),
        ({"tags": ["ok", 3]}, "tags"),
        ({"custom_fields": "x"}, "custom_fields"),
    ],
)
def test_update_lead_rejects_invalid_body_before_sending(
    server: MockServer,
    make_api: ApiFactory,
    lead: dict[str, Any],
    body: dict[str, Any],
    named: str,
) -> None:
    with pytest.raises(ApiValueError) as caught:
        make_api(server).update_lead(lead["id"], body)

    assert named in str(caught.value)
    assert "update_lead_request" in str(caught.value)
    assert server.request_count() == 0


@pytest.mark.parametrize("field", ["first_name", "last_name", "email", "status"])
def test_update_lead_request_model_refuses_none_for_required_fields(field: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=field):
        UpdateLeadRequest(**{field: None})


@pytest.mark.parametrize(
    ("lead_id", "body", "error"),
    [
        (None, {"notes": "x"}, ApiTypeError),
        (7, {"notes": "x"}, ApiTypeError),
        ("", {"notes": "x"}, ApiValueError),
        ("lead_1", None, ApiTypeError),
        ("lead_1", [("notes", "x")], ApiTypeError),
        ("lead_1", "notes=x", ApiTypeError),
    ],
)
def test_update_lead_rejects_bad_arguments_before_sending(
    server: MockServer,
    make_api: ApiFactory,
    lead_id: Any,
    body: Any,
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        make_api(server).update_lead(lead_id, body)

    assert server.request_count() == 0


def test_update_lead_rejects_unknown_option_before_sending(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    with pytest.raises(ApiTypeError, match="_partial"):
        make_api(server).update_lead(lead["id"], {}, _partial=True)  # type: ignore[call-arg]

    assert server.request_count() == 0


# -- the four forms ---------------------------------------------------------------


def test_update_lead_with_http_info_returns_status_headers_and_raw_body(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    response = make_api(server).update_lead_with_http_info(lead["id"], {"notes": "n"})

    assert response.status_code == 200
    assert response.headers is not None
    assert response.headers["X-Request-Id"].startswith("req_")
    assert response.data.notes == "n"
    assert json.loads(response.raw_data) == server.get_lead(lead["id"])


def test_update_lead_without_preload_content_returns_unread_response(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    response = make_api(server).update_lead_without_preload_content(
        lead["id"], UpdateLeadRequest(status="inactive")
    )

    assert isinstance(response, urllib3.BaseHTTPResponse)
    assert response.status == 200
    assert response.tell() == 0
    updated = Lead.from_json(response.read())
    response.release_conn()
    assert updated.status == "inactive"


def test_update_lead_async_updates_the_lead(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    updated = asyncio.run(
        make_api(server).update_lead_async(lead["id"], UpdateLeadRequest(tags=["a"]))
    )

    assert updated.tags == ["a"]
    stored = server.get_lead(lead["id"])
    assert stored is not None
    assert stored["tags"] == ["a"]


def test_update_lead_async_raises_not_found(
    server: MockServer, make_api: ApiFactory
) -> None:
    with pytest.raises(NotFoundException):
        asyncio.run(make_api(server).update_lead_async(MISSING_ID, {"notes": "x"}))


# -- per-call options -----------------------------------------------------------------


@pytest.mark.parametrize("timeout", [4, (1, 4)])
def test_update_lead_accepts_request_timeouts(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any], timeout: Any
) -> None:
    updated = make_api(server).update_lead(
        lead["id"], {"notes": "t"}, _request_timeout=timeout
    )

    assert updated.notes == "t"


def test_update_lead_short_timeout_raises_timeout_error(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    server.add_faults("PUT /leads/{leadId}", Fault.delay(2))

    with pytest.raises(ApiTimeoutError):
        make_api(server, retries=0).update_lead(
            lead["id"], {"notes": "t"}, _request_timeout=(3, 0.05)
        )


def test_update_lead_sends_extra_headers(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    make_api(server).update_lead(lead["id"], {}, _headers={"If-Match": "v1"})

    assert server.requests[-1].headers["if-match"] == "v1"


def test_update_lead_request_auth_overrides_the_configured_key(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    reader = server.add_api_key(permissions=["leads:read"])
    auth = {"in": "header", "key": "x-api-key", "value": reader}

    with pytest.raises(ForbiddenException):
        make_api(server).update_lead(lead["id"], {"notes": "x"}, _request_auth=auth)

    assert server.requests[-1].headers["x-api-key"] == reader


def test_update_lead_sends_the_given_json_content_type(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    make_api(server).update_lead(
        lead["id"], {"notes": "x"}, _content_type="application/json; charset=utf-8"
    )

    recorded = server.requests[-1]
    assert recorded.headers["content-type"] == "application/json; charset=utf-8"
    assert recorded.status == 200


def test_update_lead_host_index_out_of_range_is_rejected(
    server: MockServer, make_api: ApiFactory, lead: dict[str, Any]
) -> None:
    with pytest.raises(ApiValueError, match="_host_index"):
        make_api(server).update_lead(lead["id"], {}, _host_index=5)

    assert server.request_count() == 0
