"""DefaultApi.list_leads against a running MockServer."""

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
    BadRequestException,
    ForbiddenException,
    ServiceException,
    TooManyRequestsException,
    UnauthorizedException,
    UnprocessableEntityException,
)
from buena_sdk.models.list_leads200_response import ListLeads200Response
from buena_sdk.testing import Fault, MockServer

ApiFactory = Callable[..., DefaultApi]
ErrorCheck = Callable[[ApiException, int, str], None]

PEOPLE = (
    ("John", "Doe", "john.doe@example.com", "Example Corp", "active"),
    ("Jane", "Smith", "jane@acme.test", "Acme Analytics", "contacted"),
    ("Johnny", "Appleseed", "ja@orchard.test", "Orchard Example Ltd", "inactive"),
    ("Maria", "Johnson", "maria@example.com", None, "active"),
    ("Zoe", "Adams", "zoe@acme.test", "ACME analytics", "contacted"),
    ("Liam", "Brown", "liam.brown@northwind.test", "Northwind Traders", "inactive"),
    ("ada", "lovelace", "ada@engine.test", "Analytical Engines", "active"),
)
"""Known leads, created oldest first in this order."""


@pytest.fixture
def people(server: MockServer) -> MockServer:
    """``server`` holding the leads of PEOPLE."""
    for first, last, email, company, status in PEOPLE:
        server.add_lead(
            first_name=first,
            last_name=last,
            email=email,
            company=company,
            status=status,
        )
    return server


def first_names(page: ListLeads200Response) -> list[str]:
    return [lead.first_name for lead in page.data]


# -- success -------------------------------------------------------------


def test_list_leads_returns_every_lead_field_by_field(
    seeded_server: MockServer,
    make_api: ApiFactory,
    check_lead: Callable[[Any, dict[str, Any]], None],
) -> None:
    page = make_api(seeded_server).list_leads()

    newest_first = seeded_server.leads()[::-1]
    assert isinstance(page, ListLeads200Response)
    assert (page.total, page.limit, page.offset) == (30, 50, 0)
    assert len(page.data) == 30
    for lead, stored in zip(page.data, newest_first, strict=True):
        check_lead(lead, stored)


def test_list_leads_without_arguments_sends_no_query(
    people: MockServer, make_api: ApiFactory
) -> None:
    make_api(people).list_leads()

    assert people.requests[-1].query == {}
    assert people.requests[-1].path == "/api/v2/leads"


def test_list_leads_sends_every_given_parameter(
    people: MockServer, make_api: ApiFactory
) -> None:
    make_api(people).list_leads(
        limit=5,
        offset=1,
        sort="last_name",
        order="asc",
        search="o'Neil & co",
        company="Ex",
        status="active",
    )

    assert people.requests[-1].query == {
        "limit": ["5"],
        "offset": ["1"],
        "sort": ["last_name"],
        "order": ["asc"],
        "search": ["o'Neil & co"],
        "company": ["Ex"],
        "status": ["active"],
    }


def test_list_leads_on_empty_account_is_an_empty_page(
    server: MockServer, make_api: ApiFactory
) -> None:
    page = make_api(server).list_leads()

    assert page.data == []
    assert page.total == 0


# -- filters, sort, order, pagination ---------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"search": "john"}, ["Maria", "Johnny", "John"]),
        ({"search": "JOHN"}, ["Maria", "Johnny", "John"]),
        ({"search": "acme.test"}, ["Zoe", "Jane"]),
        ({"search": "lovelace"}, ["ada"]),
        ({"company": "acme"}, ["Zoe", "Jane"]),
        ({"company": "EXAMPLE"}, ["Johnny", "John"]),
        ({"status": "contacted"}, ["Zoe", "Jane"]),
        ({"status": "inactive"}, ["Liam", "Johnny"]),
        ({"search": "john", "status": "active"}, ["Maria", "John"]),
        ({"search": "john", "company": "example", "status": "inactive"}, ["Johnny"]),
        ({"search": "nobody"}, []),
    ],
)
def test_list_leads_filters(
    people: MockServer,
    make_api: ApiFactory,
    filters: dict[str, str],
    expected: list[str],
) -> None:
    page = make_api(people).list_leads(**filters)

    assert first_names(page) == expected
    assert page.total == len(expected)


@pytest.mark.parametrize(
    ("sort", "order", "expected"),
    [
        (None, None, "ada Liam Zoe Maria Johnny Jane John"),
        ("created_at", "asc", "John Jane Johnny Maria Zoe Liam ada"),
        ("first_name", "asc", "ada Jane John Johnny Liam Maria Zoe"),
        ("first_name", "desc", "Zoe Maria Liam Johnny John Jane ada"),
        ("last_name", "asc", "Zoe Johnny Liam John Maria ada Jane"),
        (None, "asc", "John Jane Johnny Maria Zoe Liam ada"),
    ],
)
def test_list_leads_sorts_and_orders(
    people: MockServer,
    make_api: ApiFactory,
    sort: str | None,
    order: str | None,
    expected: str,
) -> None:
    page = make_api(people).list_leads(sort=sort, order=order)

    assert first_names(page) == expected.split()


def test_list_leads_sorts_by_updated_at(
    people: MockServer, make_api: ApiFactory
) -> None:
    api = make_api(people)
    john = api.list_leads(search="john.doe").data[0]
    api.update_lead(john.id, {"notes": "touched"})

    newest_change = api.list_leads(sort="updated_at", order="desc").data[0]
    oldest_change = api.list_leads(sort="updated_at", order="asc").data[0]

    assert newest_change.id == john.id
    assert oldest_change.first_name == "Jane"


def test_list_leads_pages_cover_every_lead_once(
    seeded_server: MockServer, make_api: ApiFactory
) -> None:
    api = make_api(seeded_server)
    everything = [lead.id for lead in api.list_leads(limit=100).data]

    pages = [api.list_leads(limit=7, offset=offset) for offset in range(0, 35, 7)]

    assert [len(page.data) for page in pages] == [7, 7, 7, 7, 2]
    assert [lead.id for page in pages for lead in page.data] == everything
    assert all(page.total == 30 for page in pages)
    assert [(page.limit, page.offset) for page in pages] == [
        (7, 0),
        (7, 7),
        (7, 14),
        (7, 21),
        (7, 28),
    ]


def test_list_leads_offset_past_the_end_is_empty_with_total(
    seeded_server: MockServer, make_api: ApiFactory
) -> None:
    page = make_api(seeded_server).list_leads(limit=10, offset=500)

    assert page.data == []
    assert (page.total, page.limit, page.offset) == (30, 10, 500)


@pytest.mark.parametrize("limit", [1, 100])
def test_list_leads_accepts_limit_bounds(
    seeded_server: MockServer, make_api: ApiFactory, limit: int
) -> None:
    page = make_api(seeded_server).list_leads(limit=limit)

    assert len(page.data) == min(limit, 30)
    assert page.limit == limit


def test_list_leads_pagination_combines_with_filters(
    people: MockServer, make_api: ApiFactory
) -> None:
    api = make_api(people)

    first = api.list_leads(search="john", order="asc", limit=2)
    second = api.list_leads(search="john", order="asc", limit=2, offset=2)

    assert first_names(first) == ["John", "Johnny"]
    assert first_names(second) == ["Maria"]
    assert first.total == second.total == 3


# -- server errors -----------------------------------------------------------


@pytest.mark.parametrize("value", ["ten", "1.5", "-"])
def test_list_leads_non_integer_limit_is_400_from_server(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck, value: str
) -> None:
    api = make_api(server, client_side_validation=False)

    with pytest.raises(BadRequestException) as caught:
        api.list_leads(limit=value)  # type: ignore[arg-type]

    check_error(caught.value, 400, "INVALID_PARAMETER")
    assert caught.value.data is not None
    assert caught.value.data.details == {"parameter": "limit"}


@pytest.mark.parametrize(
    ("arguments", "parameter"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"offset": -1}, "offset"),
        ({"sort": "email"}, "sort"),
        ({"order": "up"}, "order"),
        ({"status": "lost"}, "status"),
    ],
)
def test_list_leads_out_of_range_values_are_422_from_server(
    server: MockServer,
    make_api: ApiFactory,
    check_error: ErrorCheck,
    arguments: dict[str, Any],
    parameter: str,
) -> None:
    api = make_api(server, client_side_validation=False)

    with pytest.raises(UnprocessableEntityException) as caught:
        api.list_leads(**arguments)

    check_error(caught.value, 422, "VALIDATION_ERROR")
    assert caught.value.data is not None
    assert caught.value.data.details == {"parameter": parameter}
    assert server.request_count("GET /leads") == 1


def test_list_leads_refused_key_is_401(
    unauthorized: tuple[DefaultApi, str], check_error: ErrorCheck
) -> None:
    api, code = unauthorized

    with pytest.raises(UnauthorizedException) as caught:
        api.list_leads()

    check_error(caught.value, 401, code)


def test_list_leads_without_read_permission_is_403(
    server: MockServer,
    make_api: ApiFactory,
    key_without: Callable[[MockServer, str], str],
    check_error: ErrorCheck,
) -> None:
    api = make_api(server, key=key_without(server, "leads:read"))

    with pytest.raises(ForbiddenException) as caught:
        api.list_leads()

    check_error(caught.value, 403, "INSUFFICIENT_PERMISSIONS")
    assert caught.value.data is not None
    assert caught.value.data.details == {"required_permission": "leads:read"}


def test_list_leads_rate_limited_is_429(
    server: MockServer,
    make_api: ApiFactory,
    rate_limited: Callable[[MockServer], None],
    check_error: ErrorCheck,
) -> None:
    rate_limited(server)

    with pytest.raises(TooManyRequestsException) as caught:
        make_api(server, retries=0).list_leads()

    check_error(caught.value, 429, "RATE_LIMIT_EXCEEDED")
    assert caught.value.headers is not None
    assert int(caught.value.headers["Retry-After"]) >= 1


def test_list_leads_server_failure_is_500(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck
) -> None:
    server.add_faults("GET /leads", Fault.status(500))

    with pytest.raises(ServiceException) as caught:
        make_api(server, retries=0).list_leads()

    check_error(caught.value, 500, "INTERNAL_ERROR")


def test_list_leads_500_surfaces_after_the_retries(
    server: MockServer, make_api: ApiFactory, check_error: ErrorCheck
) -> None:
    server.add_faults("GET /leads", Fault.status(500), times=3)

    with pytest.raises(ServiceException) as caught:
        make_api(server).list_leads()

    check_error(caught.value, 500, "INTERNAL_ERROR")
    assert server.request_count("GET /leads") == 3


def test_list_leads_recovers_when_a_retry_succeeds(
    people: MockServer, make_api: ApiFactory
) -> None:
    people.add_faults("GET /leads", Fault.status(500), Fault.status(503))

    page = make_api(people).list_leads()

    assert page.total == len(PEOPLE)
    assert people.request_count("GET /leads") == 3


# -- client-side validation ----------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "error", "named"),
    [
        ({"limit": 0}, ApiValueError, "limit"),
        ({"limit": 101}, ApiValueError, "limit"),
        ({"offset": -1}, ApiValueError, "offset"),
        ({"sort": "email"}, ApiValueError, "sort"),
        ({"order": "ascending"}, ApiValueError, "order"),
        ({"status": "lost"}, ApiValueError, "status"),
        ({"status": "Active"}, ApiValueError, "status"),
        ({"limit": "10"}, ApiTypeError, "limit"),
        ({"limit": True}, ApiTypeError, "limit"),
        ({"limit": 2.0}, ApiTypeError, "limit"),
        ({"offset": "0"}, ApiTypeError, "offset"),
        ({"search": 42}, ApiTypeError, "search"),
        ({"company": ["Acme"]}, ApiTypeError, "company"),
        ({"_timeout": 5}, ApiTypeError, "_timeout"),
        ({"_host_index": 1}, ApiValueError, "_host_index"),
        ({"_request_timeout": -1}, ApiValueError, "_request_timeout"),
        ({"_request_timeout": (1, 2, 3)}, ApiValueError, "_request_timeout"),
        ({"_request_auth": {"in": "query", "value": "k"}}, ApiValueError, "auth"),
    ],
)
def test_list_leads_rejects_bad_arguments_before_sending(
    server: MockServer,
    make_api: ApiFactory,
    arguments: dict[str, Any],
    error: type[Exception],
    named: str,
) -> None:
    api = make_api(server)

    with pytest.raises(error) as caught:
        api.list_leads(**arguments)

    assert named in str(caught.value)
    assert not isinstance(caught.value, ApiException)
    assert server.request_count() == 0


def test_list_leads_rejects_positional_surplus(
    server: MockServer, make_api: ApiFactory
) -> None:
    with pytest.raises(TypeError):
        make_api(server).list_leads(1, 0, "created_at", "asc", None, None, None, 9)  # type: ignore[call-arg]

    assert server.request_count() == 0


# -- the four forms --------------------------------------------------------------


def test_list_leads_with_http_info_returns_status_headers_and_raw_body(
    people: MockServer, make_api: ApiFactory
) -> None:
    response = make_api(people).list_leads_with_http_info(limit=3, order="asc")

    assert response.status_code == 200
    assert response.headers is not None
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["X-Request-Id"].startswith("req_")
    assert isinstance(response.data, ListLeads200Response)
    assert first_names(response.data) == ["John", "Jane", "Johnny"]
    raw = json.loads(response.raw_data)
    assert raw["total"] == 7
    assert [lead["id"] for lead in raw["data"]] == [
        lead.id for lead in response.data.data
    ]


def test_list_leads_without_preload_content_returns_unread_response(
    people: MockServer, make_api: ApiFactory
) -> None:
    response = make_api(people).list_leads_without_preload_content(
        limit=2, sort="first_name", order="asc"
    )

    assert isinstance(response, urllib3.BaseHTTPResponse)
    assert response.status == 200
    assert response.tell() == 0
    body = response.read()
    response.release_conn()
    page = ListLeads200Response.from_json(body)
    assert first_names(page) == ["ada", "Jane"]
    assert people.requests[-1].query["limit"] == ["2"]


def test_list_leads_without_preload_content_does_not_raise_on_error(
    server: MockServer,
    make_api: ApiFactory,
    key_without: Callable[[MockServer, str], str],
) -> None:
    api = make_api(server, key=key_without(server, "leads:read"))

    response = api.list_leads_without_preload_content()

    assert response.status == 403
    assert json.loads(response.read())["code"] == "INSUFFICIENT_PERMISSIONS"
    response.release_conn()


def test_list_leads_async_returns_the_page(
    people: MockServer, make_api: ApiFactory
) -> None:
    api = make_api(people)

    page = asyncio.run(api.list_leads_async(status="contacted", order="asc"))

    assert first_names(page) == ["Jane", "Zoe"]


def test_list_leads_async_raises_the_api_error(
    server: MockServer,
    make_api: ApiFactory,
    key_without: Callable[[MockServer, str], str],
) -> None:
    api = make_api(server, key=key_without(server, "leads:read"))

    with pytest.raises(ForbiddenException):
        asyncio.run(api.list_leads_async())


def test_list_leads_async_rejects_bad_arguments_before_sending(
    server: MockServer, make_api: ApiFactory
) -> None:
    with pytest.raises(ApiValueError):
        asyncio.run(make_api(server).list_leads_async(limit=1000))

    assert server.request_count() == 0


# -- per-call options ---------------------------------------------------------------


@pytest.mark.parametrize("timeout", [5, 2.5, (2, 5), (0.5, 3.0)])
def test_list_leads_accepts_request_timeouts(
    people: MockServer, make_api: ApiFactory, timeout: Any
) -> None:
    page = make_api(people).list_leads(_request_timeout=timeout)

    assert page.total == 7


@pytest.mark.parametrize("timeout", [0.05, (5, 0.05)])
def test_list_leads_short_read_timeout_raises_timeout_error(
    server: MockServer, make_api: ApiFactory, timeout: Any
) -> None:
    server.add_faults("GET /leads", Fault.delay(2))

    with pytest.raises(ApiTimeoutError) as caught:
        make_api(server, retries=0).list_leads(_request_timeout=timeout)

    assert isinstance(caught.value, ApiException)
    assert caught.value.status == 0
    assert "read timeout" in str(caught.value)


def test_list_leads_sends_extra_headers(
    server: MockServer, make_api: ApiFactory
) -> None:
    make_api(server).list_leads(_headers={"X-Correlation-Id": "trace-42"})

    assert server.requests[-1].headers["x-correlation-id"] == "trace-42"
    assert server.requests[-1].headers["x-api-key"] == server.api_key


def test_list_leads_request_auth_overrides_the_configured_key(
    server: MockServer,
    make_api: ApiFactory,
    key_without: Callable[[MockServer, str], str],
) -> None:
    other = key_without(server, "leads:read")
    auth = {"in": "header", "key": "x-api-key", "value": other}

    with pytest.raises(ForbiddenException):
        make_api(server).list_leads(_request_auth=auth)

    assert server.requests[-1].headers["x-api-key"] == other


def test_list_leads_request_auth_authenticates_a_keyless_client(
    people: MockServer, make_api: ApiFactory
) -> None:
    api = make_api(people, key="")
    auth = {"in": "header", "key": "x-api-key", "value": people.api_key}

    page = api.list_leads(_request_auth=auth)

    assert page.total == 7
    assert people.requests[-1].headers["x-api-key"] == people.api_key


def test_list_leads_ignores_content_type_option_without_body(
    server: MockServer, make_api: ApiFactory
) -> None:
    make_api(server).list_leads(_content_type="text/plain")

    assert "content-type" not in server.requests[-1].headers


def test_list_leads_host_index_out_of_range_is_rejected(
    server: MockServer, make_api: ApiFactory
) -> None:
    with pytest.raises(ApiValueError, match="_host_index"):
        make_api(server).list_leads(_host_index=3)

    assert server.request_count() == 0
