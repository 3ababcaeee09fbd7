"""DefaultApi.create_lead against a running MockServer."""

from __future__ import annotations

import asyncio
import json
import re
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
    BadRequestException,
    ConflictException,
    ForbiddenException,
    ServiceException,
    TooManyRequestsException,
    UnauthorizedException,
    UnprocessableEntityException,
)
from buena_sdk.models.create_lead_request import CreateLeadRequest
from buena_sdk.models.lead import Lead
from buena_sdk.testing import Fault, MockServer

ApiFactory = Callable[..., DefaultApi]
ErrorCheck = Callable[[ApiException, int, str], None]

FULL_LEAD: dict[str, Any] = {
    "first_name": "John",
    "last_name": "Doe",
    "email": "john.doe@example.com",
    "company": "Example Corp",
    "phone": "+1-555-123-4567",
    "linkedin_url": "https://linkedin.com/in/johndoe",
    "job_title": "Software Engineer",
    "location": "San Francisco, CA",
    "notes": "Met at tech conference 2024",
    "tags": ["conference", "engineer", "potential"],
    "custom_fields": {"lead_source": "conference", "priority": "high", "budget": 50000},
}
MINIMAL_LEAD = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "ada@engine.test",
}
OPTIONAL_FIELDS = (
    "company",
    "phone",
    "linkedin_url",
    "job_title",
    "location",
    "notes",
    "tags",
    "custom_fields",
)


def sent_body(server: MockServer) -> Any:
    return json.loads(server.requests[-1].body)


# -- success ---------------------------------------------------------------


def test_create_lead_returns_the_new_lead_field_by_field(
    server: MockServer,
    make_api: ApiFactory,
    check_lead: Callable[[Any, dict[str, Any]], None],
) -> None:
    lead = make_api(server).create_lead(CreateLeadRequest(**FULL_LEAD))

    assert isinstance(lead, Lead)
    assert re.fullmatch(r"lead_\d{12}", lead.id)
    for name, value in FULL_LEAD.items():
        assert getattr(lead, name) == value, name
    assert lead.status == "active"
    assert lead.created_at == lead.updated_at
    assert lead.created_at.tzinfo is not None
    stored = server.get_lead(lead.id)
    assert stored is not None
    check_lead(lead, stored)


def test_create_lead_sends_only_the_fields_that_were_set(
    server: MockServer, make_api: ApiFactory
) -> None:
    lead = make_api(server).create_lead(CreateLeadRequest(**MINIMAL_LEAD))

    assert sent_body(server) == MINIMAL_LEAD
    assert server.requests[-1].headers["content-type"] == "application/json"
    for name in OPTIONAL_FIELDS:
        assert getattr(lead, name) is None, name


def test_create_lead_accepts_a_dict(server: MockServer, make_api: ApiFactory) -> None:
    lead = make_api(server).create_lead(dict(FULL_LEAD))

    assert sent_body(server) == FULL_LEAD
    assert lead.custom_fields == FULL_LEAD["custom_fields"]
    assert server.lead_count() == 1


def test_create_lead_sends_explicit_nulls(
    server: MockServer, make_api: ApiFactory
) -> None:
    request = CreateLeadRequest(**MINIMAL_LEAD, company=None, tags=None)

    lead = make_api(server).create_lead(request)

    assert sent_body(server) == {**MINIMAL_LEAD, "company": None, "tags": None}
    assert lead.company is None
    assert lead.tags is None


def test_create_lead_keeps_non_ascii_text(
    server: MockServer, make_api: ApiFactory
) -> None:
    request = CreateLeadRequest(
        first_name="Zoë", last_name="Ōkubo", email="zoe@example.com", notes="☕ ok"
    )

    lead = make_api(server).create_lead(request)

    assert (lead.first_name, lead.last_name, lead.notes) == ("Zoë", "Ōkubo", "☕ ok")


# -- server errors -------------------------------------------------------------


@pytest.mark.parametrize("missing", ["first_name", "last_name", "email"])
def test_create_lead_missing_field_is_400_from_server(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck, missing: str
) -> None:
    body = {name: value for name, value in MINIMAL_LEAD.items() if name != missing}
    api = make_api(server, client_side_validation=False)

    with pytest.raises(BadRequestException) as caught:
        api.create_lead(body)

    check_error(caught.value, 400, "MISSING_REQUIRED_FIELD")
    assert caught.value.data is not None
    assert caught.value.data.details == {"field": missing}
    assert server.lead_count() == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml"])
def test_create_lead_wrong_content_type_is_400(
    server: MockServer,
    make_api: ApiFactory,
    check_error: ErrorCheck,
    content_type: str,
) -> None:
    with pytest.raises(BadRequestException) as caught:
        make_api(server).create_lead(MINIMAL_LEAD, _content_type=content_type)

    check_error(caught.value, 400, "INVALID_CONTENT_TYPE")
    assert server.requests[-1].headers["content-type"] == content_type


def test_create_lead_scripted_400_carries_its_code(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck
) -> None:
    server.add_faults("POST /leads", Fault.status(400, code_word="INVALID_JSON"))

    with pytest.raises(BadRequestException) as caught:
        make_api(server).create_lead(MINIMAL_LEAD)

    check_error(caught.value, 400, "INVALID_JSON")


def test_create_lead_refused_key_is_401(
    unauthorized: tuple[DefaultApi, str], check_error: ErrorCheck
) -> None:
    api, code = unauthorized

    with pytest.raises(UnauthorizedException) as caught:
        api.create_lead(MINIMAL_LEAD)

    check_error(caught.value, 401, code)


def test_create_lead_without_write_permission_is_403(
    server: MockServer,
    make_api: ApiFactory,
    key_without: Callable[[MockServer, str], str],
    check_error: ErrorCheck,
) -> None:
    api = make_api(server, key=key_without(server, "leads:write"))

    with pytest.raises(ForbiddenException) as caught:
        api.create_lead(MINIMAL_LEAD)

    check_error(caught.value, 403, "INSUFFICIENT_PERMISSIONS")
    assert server.lead_count() == 0


@pytest.mark.parametrize("email", ["ada@engine.test", "ADA@Engine.TEST"])
def test_create_lead_duplicate_email_is_409(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck, email: str
) -> None:
    api = make_api(server)
    api.create_lead(MINIMAL_LEAD)

    with pytest.raises(ConflictException) as caught:
        api.create_lead({**MINIMAL_LEAD, "first_name": "Other", "email": email})

    check_error(caught.value, 409, "DUPLICATE_EMAIL")
    assert caught.value.data is not None
    assert caught.value.data.details == {"field": "email"}
    assert server.lead_count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-email"),
        ("email", "ada@localhost"),
        ("phone", "call me maybe"),
        ("linkedin_url", "linkedin.com/in/ada"),
    ],
)
def test_create_lead_badly_formatted_value_is_422(
    server: MockServer,
    make_api: ApiFactory,
    check_error: ErrorCheck,
    field: str,
    value: str,
) -> None:
    with pytest.raises(UnprocessableEntityException) as caught:
        make_api(server).create_lead({**MINIMAL_LEAD, field: value})

    check_error(caught.value, 422, "VALIDATION_ERROR")
    assert caught.value.data is not None
    assert caught.value.data.details == {"field": field}
    assert server.lead_count() == 0


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"nickname": "Countess"}, "nickname"),
        ({"first_name": 5}, "first_name"),
        ({"tags": "vip"}, "tags"),
        ({"custom_fields": ["a"]}, "custom_fields"),
        ({"status": "active"}, "status"),
    ],
)
def test_create_lead_invalid_body_is_422_when_sent_unchecked(
    server: MockServer,
    make_api: ApiFactory,
    check_error: ErrorCheck,
    extra: dict[str, Any],
    field: str,
) -> None:
    api = make_api(server, client_side_validation=False)

    with pytest.raises(UnprocessableEntityException) as caught:
        api.create_lead({**MINIMAL_LEAD, **extra})

    check_error(caught.value, 422, "VALIDATION_ERROR")
    assert caught.value.data is not None
    assert caught.value.data.details == {"field": field}


def test_create_lead_rate_limited_is_429(
    server: MockServer,
    make_api: ApiFactory,
    rate_limited: Callable[[MockServer], None],
    check_error: ErrorCheck,
) -> None:
    rate_limited(server)

    with pytest.raises(TooManyRequestsException) as caught:
        make_api(server, retries=0).create_lead(MINIMAL_LEAD)

    check_error(caught.value, 429, "RATE_LIMIT_EXCEEDED")
    assert server.lead_count() == 0


def test_create_lead_429_is_retried_and_creates_once(
    server: MockServer, make_api: ApiFactory
) -> None:
    server.add_faults("POST /leads", Fault.status(429, retry_after=0))

    lead = make_api(server).create_lead(MINIMAL_LEAD)

    assert server.request_count("POST /leads") == 2
    assert [stored["id"] for stored in server.leads()] == [lead.id]


def test_create_lead_server_failure_is_500_and_not_retried(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck
) -> None:
    server.add_faults("POST /leads", Fault.status(500))

    with pytest.raises(ServiceException) as caught:
        make_api(server).create_lead(MINIMAL_LEAD)

    check_error(caught.value, 500, "INTERNAL_ERROR")
    assert server.request_count("POST /leads") == 1


# -- client-side validation ------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"first_name": "Ada", "last_name": "Lovelace"}, "email"),
        ({"last_name": "Lovelace", "email": "ada@engine.test"}, "first_name"),
        ({**MINIMAL_LEAD, "first_name": ""}, "first_name"),
        ({**MINIMAL_LEAD, "first_name": 5}, "first_name"),
        ({**MINIMAL_LEAD, "last_name": "x" * 101}, "last_name"),
        ({**MINIMAL_LEAD, "nickname": "Countess"}, "nickname"),
        ({**MINIMAL_LEAD, "status": "active"}, "status"),
        ({**MINIMAL_LEAD, "tags": "vip"}, "tags"),
        ({**MINIMAL_LEAD, "tags": ["t"] * 51}, "tags"),
        ({**MINIMAL_LEAD, "tags": [1]}, "tags"),
        ({**MINIMAL_LEAD, "notes": "n" * 5001}, "notes"),
        ({**MINIMAL_LEAD, "custom_fields": ["a"]}, "custom_fields"),
        ({**MINIMAL_LEAD, "email": None}, "email"),
    ],
)
def test_create_lead_rejects_invalid_body_before_sending(
    server: MockServer, make_api: ApiFactory, body: dict[str, Any], named: str
) -> None:
    with pytest.raises(ApiValueError) as caught:
        make_api(server).create_lead(body)

    assert named in str(caught.value)
    assert "create_lead_request" in str(caught.value)
    assert server.request_count() == 0


@pytest.mark.parametrize("body", [None, [MINIMAL_LEAD], "ada", 42])
def test_create_lead_rejects_a_body_that_is_not_a_lead(
    server: MockServer, make_api: ApiFactory, body: Any
) -> None:
    with pytest.raises(ApiTypeError, match="create_lead_request"):
        make_api(server).create_lead(body)

    assert server.request_count() == 0


def test_create_lead_rejects_unknown_option_before_sending(
    server: MockServer, make_api: ApiFactory
) -> None:
    with pytest.raises(ApiTypeError, match="_retries"):
        make_api(server).create_lead(MINIMAL_LEAD, _retries=3)  # type: ignore[call-arg]

    assert server.request_count() == 0


def test_create_lead_requires_the_request_argument(
    server: MockServer, make_api: ApiFactory
) -> None:
    with pytest.raises(TypeError):
        make_api(server).create_lead()  # type: ignore[call-arg]

    assert server.request_count() == 0


# -- the four forms ---------------------------------------------------------------


def test_create_lead_with_http_info_is_201_with_headers_and_raw_body(
    server: MockServer, make_api: ApiFactory
) -> None:
    response = make_api(server).create_lead_with_http_info(MINIMAL_LEAD)

    assert response.status_code == 201
    assert response.headers is not None
    assert response.headers["X-Request-Id"].startswith("req_")
    assert isinstance(response.data, Lead)
    raw = json.loads(response.raw_data)
    assert raw["id"] == response.data.id
    assert raw["email"] == MINIMAL_LEAD["email"]


def test_create_lead_without_preload_content_returns_unread_response(
    server: MockServer, make_api: ApiFactory
) -> None:
    response = make_api(server).create_lead_without_preload_content(MINIMAL_LEAD)

    assert isinstance(response, urllib3.BaseHTTPResponse)
    assert response.status == 201
    assert response.tell() == 0
    lead = Lead.from_json(response.read())
    response.release_conn()
    assert lead.email == MINIMAL_LEAD["email"]
    assert server.get_lead(lead.id) is not None


def test_create_lead_without_preload_content_returns_error_responses(
    server: MockServer, make_api: ApiFactory
) -> None:
    api = make_api(server)
    api.create_lead(MINIMAL_LEAD)

    response = api.create_lead_without_preload_content(MINIMAL_LEAD)

    assert response.status == 409
    assert json.loads(response.read())["code"] == "DUPLICATE_EMAIL"
    response.release_conn()


def test_create_lead_async_creates_the_lead(
    server: MockServer, make_api: ApiFactory
) -> None:
    lead = asyncio.run(make_api(server).create_lead_async(MINIMAL_LEAD))

    assert lead.first_name == "Ada"
    assert server.lead_count() == 1


def test_create_lead_async_raises_the_api_error(
    server: MockServer, make_api: ApiFactory
) -> None:
    api = make_api(server)
    api.create_lead(MINIMAL_LEAD)

    with pytest.raises(ConflictException):
        asyncio.run(api.create_lead_async(MINIMAL_LEAD))


# -- per-call options -----------------------------------------------------------------


@pytest.mark.parametrize("timeout", [5, (2, 5)])
def test_create_lead_accepts_request_timeouts(
    server: MockServer, make_api: ApiFactory, timeout: Any
) -> None:
    make_api(server).create_lead(MINIMAL_LEAD, _request_timeout=timeout)

    assert server.lead_count() == 1


def test_create_lead_read_timeout_is_not_retried(
    server: MockServer, make_api: ApiFactory
) -> None:
    server.add_faults("POST /leads", Fault.delay(2))

    # With the default retry policy a retried POST would succeed on the second
    # attempt; the timeout surfacing shows the POST was sent only once.
    with pytest.raises(ApiTimeoutError) as caught:
        make_api(server).create_lead(MINIMAL_LEAD, _request_timeout=(5, 0.05))

    assert caught.value.status == 0


def test_create_lead_sends_extra_headers(
    server: MockServer, make_api: ApiFactory
) -> None:
    make_api(server).create_lead(MINIMAL_LEAD, _headers={"Idempotency-Key": "abc"})

    assert server.requests[-1].headers["idempotency-key"] == "abc"


def test_create_lead_request_auth_overrides_the_configured_key(
    server: MockServer,
    make_api: ApiFactory,
    key_without: Callable[[MockServer, str], str],
) -> None:
    other = key_without(server, "leads:write")
    auth = {"in": "header", "key": "x-api-key", "value": other}

    with pytest.raises(ForbiddenException):
        make_api(server).create_lead(MINIMAL_LEAD, _request_auth=auth)

    assert server.requests[-1].headers["x-api-key"] == other
    assert server.lead_count() == 0


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "Application/JSON"]
)
def test_create_lead_sends_the_given_json_content_type(
    server: MockServer, make_api: ApiFactory, content_type: str
) -> None:
    make_api(server).create_lead(MINIMAL_LEAD, _content_type=content_type)

    assert server.requests[-1].headers["content-type"] == content_type
    assert server.lead_count() == 1


def test_create_lead_host_index_out_of_range_is_rejected(
    server: MockServer, make_api: ApiFactory
) -> None:
    with pytest.raises(ApiValueError, match="_host_index"):
        make_api(server).create_lead(MINIMAL_LEAD, _host_index=1)

    assert server.request_count() == 0
