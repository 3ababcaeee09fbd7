"""Failures come out as clear `ApiException` subclasses, never raw library errors."""

from __future__ import annotations

import re
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pydantic
import pytest
import urllib3
from urllib3.exceptions import (
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    SSLError,
)

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.exceptions import (
    ApiConnectionError,
    ApiDecodeError,
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
from buena_sdk.testing import Fault, MockServer

ApiFactory = Callable[..., DefaultApi]
LEAD = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}
NEW_KEY = {"name": "ci", "permissions": ["leads:read"]}
FULL_KEY = re.compile(r"bna_[A-Za-z0-9_-]{12,}")

# name, route, success status, call
OPERATIONS: list[tuple[str, str, int, Callable[[DefaultApi, str], Any]]] = [
    ("list_leads", "GET /leads", 200, lambda api, lead: api.list_leads()),
    ("create_lead", "POST /leads", 201, lambda api, lead: api.create_lead(LEAD)),
    ("get_lead", "GET /leads/{leadId}", 200, lambda api, lead: api.get_lead(lead)),
    (
        "update_lead",
        "PUT /leads/{leadId}",
        200,
        lambda api, lead: api.update_lead(lead, {"notes": "n"}),
    ),
    (
        "delete_lead",
        "DELETE /leads/{leadId}",
        200,
        lambda api, lead: api.delete_lead(lead),
    ),
    ("list_api_keys", "GET /keys", 200, lambda api, lead: api.list_api_keys()),
    (
        "create_api_key",
        "POST /keys",
        201,
        lambda api, lead: api.create_api_key(NEW_KEY),
    ),
    ("health_check", "GET /health", 200, lambda api, lead: api.health_check()),
]
OPERATION_IDS = [operation[0] for operation in OPERATIONS]


@pytest.fixture
def make_api(server: MockServer) -> Iterator[ApiFactory]:
    """``make_api(host=None, **settings)``: a client without retries."""
    clients: list[buena_sdk.ApiClient] = []

    def build(host: str | None = None, **settings: Any) -> DefaultApi:
        settings.setdefault("retries", 0)
        configuration = buena_sdk.Configuration(
            host=host or server.url, api_key=server.api_key, **settings
        )
        clients.append(buena_sdk.ApiClient(configuration))
        return DefaultApi(clients[-1])

    yield build
    for client in clients:
        client.close()


@pytest.fixture
def lead_id(server: MockServer) -> str:
    """The id of a lead stored on ``server``."""
    lead = server.add_lead(first_name="Grace", last_name="Hopper", email="g@x.io")
    return str(lead["id"])


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def assert_no_raw_library_error(error: BaseException) -> None:
    """The error is ours; library errors appear only as its cause."""
    assert isinstance(error, ApiException)
    assert not isinstance(
        error, (urllib3.exceptions.HTTPError, pydantic.ValidationError)
    )


# -- no response ----------------------------------------------------------


def test_connection_refused_names_host_and_operation(
    make_api: ApiFactory, closed_port: int
) -> None:
    api = make_api(host=f"http://127.0.0.1:{closed_port}/api/v2")

    with pytest.raises(ApiConnectionError) as caught:
        api.list_leads()

    error = caught.value
    assert error.status == 0
    assert error.operation == "list_leads"
    assert str(error).startswith("list_leads (GET /api/v2/leads) failed: no response")
    assert f"could not connect to 127.0.0.1:{closed_port}" in str(error)
    assert "ConnectionRefusedError" in str(error)
    assert isinstance(error.__cause__, NewConnectionError)


def test_dropped_connection_is_a_connection_error(
    server: MockServer, make_api: ApiFactory, lead_id: str
) -> None:
    server.add_faults("GET /leads/{leadId}", Fault.drop())

    with pytest.raises(ApiConnectionError) as caught:
        make_api().get_lead(lead_id)

    assert caught.value.status == 0
    assert f"connection to 127.0.0.1:{server.port} broken" in str(caught.value)
    assert "get_lead (GET /api/v2/leads/" in str(caught.value)
    assert isinstance(caught.value.__cause__, ProtocolError)


def test_dns_failure_names_the_host(make_api: ApiFactory) -> None:
    api = make_api(host="http://buena-sdk-test.invalid/api/v2")

    with pytest.raises(ApiConnectionError) as caught:
        api.health_check()

    assert caught.value.status == 0
    assert "could not resolve host buena-sdk-test.invalid" in str(caught.value)
    assert "health_check (GET /api/v2/health)" in str(caught.value)
    assert isinstance(caught.value.__cause__, NameResolutionError)


def test_tls_failure_names_the_host(server: MockServer, make_api: ApiFactory) -> None:
    # The mock speaks plain HTTP, so a TLS handshake with it fails.
    api = make_api(host=server.url.replace("http://", "https://"))

    with pytest.raises(ApiConnectionError) as caught:
        api.list_api_keys()

    assert caught.value.status == 0
    assert f"TLS failure with 127.0.0.1:{server.port}" in str(caught.value)
    assert "list_api_keys (GET /api/v2/keys)" in str(caught.value)
    assert isinstance(caught.value.__cause__, SSLError)


def test_tls_failure_is_not_retried(
    server: MockServer, make_api: ApiFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    monkeypatch.setattr("buena_sdk._retry.time.sleep", waits.append)
    api = make_api(host=server.url.replace("http://", "https://"), retries=2)

    with pytest.raises(ApiConnectionError):
        api.list_leads()

    assert waits == []


# -- bad 2xx bodies -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "route", "status", "call"), OPERATIONS, ids=OPERATION_IDS
)
def test_malformed_success_body_is_a_decode_error(
    server: MockServer,
    make_api: ApiFactory,
    lead_id: str,
    name: str,
    route: str,
    status: int,
    call: Callable[[DefaultApi, str], Any],
) -> None:
    server.add_faults(route, Fault.malformed(status))

    with pytest.raises(ApiDecodeError) as caught:
        call(make_api(), lead_id)

    error = caught.value
    assert error.status == status
    assert error.operation == name
    assert str(error).startswith(f"{name} (")
    assert "Invalid JSON" in str(error)
    assert error.__cause__ is None
    assert error.__suppress_context__
    if name != "create_api_key":
        assert '{"data": [{"id": "lead_' in str(error)


@pytest.mark.parametrize(
    ("name", "route", "status", "call"), OPERATIONS, ids=OPERATION_IDS
)
def test_truncated_success_body_is_a_decode_error(
    server: MockServer,
    make_api: ApiFactory,
    lead_id: str,
    name: str,
    route: str,
    status: int,
    call: Callable[[DefaultApi, str], Any],
) -> None:
    server.add_faults(route, Fault.truncated())

    with pytest.raises(ApiDecodeError) as caught:
        call(make_api(), lead_id)

    error = caught.value
    assert error.status == status
    assert error.operation == name
    assert "response body cut off" in str(error)
    assert "body starts: {" in str(error)
    assert isinstance(error.__cause__, ProtocolError)
    assert not FULL_KEY.search(str(error))


def test_truncated_new_key_never_shows_the_key(
    server: MockServer, make_api: ApiFactory
) -> None:
    api = make_api()
    for description in (None, "d" * 40, "d" * 400):
        server.add_faults("POST /keys", Fault.truncated())

        with pytest.raises(ApiDecodeError) as caught:
            api.create_api_key({**NEW_KEY, "description": description})

        assert not FULL_KEY.search(str(caught.value))
        assert not FULL_KEY.search(repr(caught.value))


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'{"data": 1}', "data: Input should be a valid array"),
        (b"[]", "Input should be an object"),
        (b"null", "Input should be an object"),
        (b"<html>Gateway</html>", "Invalid JSON"),
        (b"", "Invalid JSON"),
        (b'{"data": [], "total": "many", "limit": 5, "offset": 0}', "total"),
    ],
)
def test_success_body_not_matching_the_schema_is_a_decode_error(
    server: MockServer, make_api: ApiFactory, body: bytes, detail: str
) -> None:
    server.add_faults("GET /leads", Fault.status(200, body=body))

    with pytest.raises(ApiDecodeError) as caught:
        make_api().list_leads()

    error = caught.value
    assert error.status == 200
    assert "list_leads (GET /api/v2/leads) failed: HTTP 200" in str(error)
    assert "not a valid ListLeads200Response" in str(error)
    assert detail in str(error)
    assert error.request_id is not None
    assert "Traceback" not in str(error)


def test_decode_error_excerpt_is_short(
    server: MockServer, make_api: ApiFactory
) -> None:
    body = b'{"data": "' + b"x" * 5000 + b'"}'
    server.add_faults("GET /leads", Fault.status(200, body=body))

    with pytest.raises(ApiDecodeError) as caught:
        make_api().list_leads()

    assert len(str(caught.value)) < 600
    assert "x" * 5000 not in str(caught.value)


def test_malformed_error_body_keeps_the_status(
    server: MockServer, make_api: ApiFactory
) -> None:
    server.add_faults("GET /leads", Fault.malformed(500))

    with pytest.raises(ServiceException) as caught:
        make_api().list_leads()

    assert caught.value.status == 500
    assert caught.value.data is None
    assert caught.value.body == '{"data": [{"id": "lead_'


# -- HTTP errors ----------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestException),
        (401, UnauthorizedException),
        (403, ForbiddenException),
        (404, NotFoundException),
        (409, ConflictException),
        (422, UnprocessableEntityException),
        (429, TooManyRequestsException),
        (500, ServiceException),
        (503, ServiceException),
        (418, ApiException),
    ],
)
def test_error_status_picks_its_exception_class(
    server: MockServer, make_api: ApiFactory, status: int, error_class: type
) -> None:
    server.add_faults("GET /keys", Fault.status(status))

    with pytest.raises(ApiException) as caught:
        make_api().list_api_keys()

    assert type(caught.value) is error_class
    assert caught.value.status == status
    assert caught.value.operation == "list_api_keys"
    assert caught.value.headers is not None
    assert caught.value.body is not None


def test_error_message_is_one_sentence_with_operation_status_and_code(
    make_api: ApiFactory,
) -> None:
    with pytest.raises(NotFoundException) as caught:
        make_api().get_lead("lead_404")

    text = str(caught.value)
    assert re.fullmatch(
        r"get_lead \(GET /api/v2/leads/lead_404\) failed: HTTP 404 Not Found: "
        r"NOT_FOUND: .+ \(request id req_[0-9a-f]{24}\)",
        text,
    )
    assert "\n" not in text


# -- never a raw library exception ----------------------------------------

FAULTS = [
    Fault.drop(),
    Fault.malformed(),
    Fault.truncated(),
    Fault.status(500),
    Fault.status(200, body=b"[1, 2]"),
    Fault.status(302, body=b"{}"),
    Fault.delay(0.3),
]


@pytest.mark.parametrize("fault", FAULTS, ids=lambda fault: fault.kind)
@pytest.mark.parametrize(
    ("name", "route", "status", "call"), OPERATIONS, ids=OPERATION_IDS
)
def test_every_operation_turns_every_fault_into_an_api_exception(
    server: MockServer,
    make_api: ApiFactory,
    lead_id: str,
    fault: Fault,
    name: str,
    route: str,
    status: int,
    call: Callable[[DefaultApi, str], Any],
) -> None:
    server.add_faults(route, fault)
    api = make_api(timeout=0.05)

    with pytest.raises(ApiException) as caught:
        call(api, lead_id)

    assert_no_raw_library_error(caught.value)
    assert caught.value.operation == name
    if fault.kind == "delay":
        assert isinstance(caught.value, ApiTimeoutError)


@pytest.mark.parametrize(
    ("call", "error_class", "message"),
    [
        (lambda api: api.get_lead("\ud800"), ApiValueError, "lead_id"),
        (lambda api: api.list_leads(search="\udfff"), ApiValueError, "query"),
        (
            lambda api: api.create_lead({**LEAD, "custom_fields": {"a": object()}}),
            ApiValueError,
            "cannot be sent as JSON",
        ),
        (
            lambda api: api.create_lead({**LEAD, "custom_fields": {"a": b"\xff"}}),
            ApiValueError,
            "cannot be sent as JSON",
        ),
        (lambda api: api.list_leads(_headers={"X-A": "a\r\nb"}), ApiValueError, "X-A"),
        (lambda api: api.list_leads(_headers={"X-A": "\u2603"}), ApiValueError, "X-A"),
        (lambda api: api.list_leads(_headers={"X A": "v"}), ApiValueError, "X A"),
        (lambda api: api.list_leads(_headers={"X-A": None}), ApiTypeError, "X-A"),
        (
            lambda api: api.health_check(
                _request_auth={"in": "header", "key": "x-api-key", "value": "k\n"}
            ),
            ApiValueError,
            "x-api-key",
        ),
    ],
)
def test_unsendable_input_is_refused_before_sending(
    server: MockServer,
    make_api: ApiFactory,
    call: Callable[[DefaultApi], Any],
    error_class: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error_class, match=re.escape(message)):
        call(make_api())

    assert server.request_count() == 0


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1:4010/api/v2",
        "ftp://127.0.0.1/api/v2",
        "http://",
        "http://[::1/api/v2",
        "http://bad host/api/v2",
        "http://127.0.0.1:99999/api/v2",
    ],
)
def test_unusable_host_is_a_value_error_naming_the_setting(
    make_api: ApiFactory, host: str
) -> None:
    with pytest.raises(ApiValueError, match=r"Configuration\.host"):
        make_api(host=host).health_check()


def test_unsendable_key_is_refused_without_showing_it(
    server: MockServer, make_api: ApiFactory
) -> None:
    api = make_api()
    api.api_client.configuration.api_key["ApiKeyAuth"] = "clé-secrète-\u2603"

    with pytest.raises(ApiValueError) as caught:
        api.list_leads()

    assert "\u2603" not in str(caught.value)
    assert "x-api-key" in str(caught.value)
    assert server.request_count() == 0
