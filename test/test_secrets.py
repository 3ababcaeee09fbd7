"""The API key never shows: not in logs, reprs, exception text or debug output.

A fake key is planted as the mock server's master key; every path the client
can take (success, HTTP error, retry, timeout, undecodable body, debug) is
driven, and every text a user could see or log is searched for it.
"""

from __future__ import annotations

import http.client
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import urllib3

import buena_sdk
from buena_sdk._redact import MASK, redact_body_excerpt, redact_headers
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.exceptions import (
    ApiDecodeError,
    OpenApiException,
    ServiceException,
    UnauthorizedException,
    body_excerpt,
)
from buena_sdk.models.api_key import ApiKey
from buena_sdk.testing import Fault, MockServer

FAKE_KEY = "bna_PLANTED_fake_key_0123456789abcdefghijKLMN"
PREFIXED = "Bearer"
SDK_LOGGER = logging.getLogger("buena_sdk")
LEAD = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}


@pytest.fixture
def keyed_server() -> Iterator[MockServer]:
    """A mock server whose master key is the planted fake key."""
    with MockServer(api_key=FAKE_KEY, seed_leads=3, random_seed=1) as mock:
        yield mock


@pytest.fixture
def restore_sdk_logger() -> Iterator[None]:
    """Put the ``buena_sdk`` logger back as it was after the test."""
    level, handlers = SDK_LOGGER.level, list(SDK_LOGGER.handlers)
    yield
    for handler in SDK_LOGGER.handlers:
        if handler not in handlers:
            SDK_LOGGER.removeHandler(handler)
    SDK_LOGGER.setLevel(level)


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries do not wait."""
    monkeypatch.setattr("buena_sdk._retry.time.sleep", lambda seconds: None)


def configuration_for(mock: MockServer, **settings: Any) -> buena_sdk.Configuration:
    configuration = buena_sdk.Configuration(host=mock.url, **settings)
    configuration.api_key["ApiKeyAuth"] = FAKE_KEY
    return configuration


def log_texts(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Every record's message, arguments and formatted traceback."""
    formatter = logging.Formatter()
    texts = []
    for record in caplog.records:
        texts.append(record.getMessage())
        texts.append(repr(record.args))
        if record.exc_info:
            texts.append(formatter.formatException(record.exc_info))
    return texts


def exception_texts(error: BaseException) -> list[str]:
    """str() and repr() of an exception and of everything it chains to."""
    texts = []
    current: BaseException | None = error
    for _ in range(10):
        if current is None:
            break
        texts += [str(current), repr(current)]
        current = current.__cause__ or current.__context__
    return texts


def drive_every_path(api: DefaultApi, mock: MockServer) -> list[BaseException]:
    """Successes, HTTP errors, retries, timeouts, decode errors; the errors."""
    errors: list[BaseException] = []

    def attempt(call: Callable[[], object]) -> None:
        try:
            call()
        except OpenApiException as error:
            errors.append(error)

    lead = api.create_lead(LEAD)
    api.list_leads(search="ada")
    api.update_lead(lead.id, {"notes": "called"})
    api.health_check()
    api.list_api_keys()
    attempt(lambda: api.get_lead("lead_missing"))
    attempt(lambda: api.create_lead(LEAD))  # duplicate email: 409

    mock.add_faults("GET /leads", Fault.status(503), Fault.drop())
    api.list_leads()
    mock.add_faults("GET /health", Fault.status(500), times=3)
    attempt(api.health_check)
    mock.add_faults("GET /keys", Fault.delay(0.3), times=3)
    attempt(lambda: api.list_api_keys(_request_timeout=0.05))
    mock.add_faults("GET /leads/{leadId}", Fault.malformed())
    attempt(lambda: api.get_lead(lead.id))
    mock.add_faults("GET /leads", Fault.truncated())
    attempt(api.list_leads)
    mock.add_faults("POST /leads", Fault.drop())
    attempt(lambda: api.create_lead({**LEAD, "email": "b@example.com"}))
    attempt(lambda: api.list_leads(_headers={"x-api-key": FAKE_KEY + "\n"}))
    attempt(lambda: api.delete_lead(lead.id, _request_timeout=-1))
    return errors


@pytest.mark.usefixtures("restore_sdk_logger", "no_sleep")
def test_planted_key_appears_nowhere(
    keyed_server: MockServer,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    configuration = configuration_for(keyed_server, debug=True)
    with buena_sdk.ApiClient(configuration) as client:
        api = DefaultApi(client)
        errors = drive_every_path(api, keyed_server)
        keys = api.list_api_keys().data

    texts = log_texts(caplog)
    texts += [repr(configuration), str(configuration.api_key)]
    texts.append(configuration.to_debug_report())
    texts += [repr(key) for key in keys] + [key.to_str() for key in keys]
    for error in errors:
        texts += exception_texts(error)
    captured = capsys.readouterr()
    texts += [captured.out, captured.err]

    assert len(errors) >= 8
    assert any("Retrying" in text for text in texts)
    assert keyed_server.requests[0].headers["x-api-key"] == FAKE_KEY
    leaks = [text for text in texts if FAKE_KEY in text]
    assert leaks == []


@pytest.mark.usefixtures("restore_sdk_logger", "no_sleep")
def test_new_key_from_create_api_key_appears_nowhere_but_its_attribute(
    keyed_server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with buena_sdk.ApiClient(configuration_for(keyed_server, debug=True)) as client:
        api = DefaultApi(client)
        response = api.create_api_key_with_http_info(
            {"name": "ci", "permissions": ["leads:read"]}
        )
        created = response.data
        new_key = created.key
        assert new_key is not None

        # The new key used as the client's key, on error paths too.
        client.configuration.api_key["ApiKeyAuth"] = new_key
        keyed_server.add_faults("GET /keys", Fault.malformed())
        with pytest.raises(ApiDecodeError) as caught:
            api.list_api_keys()

    texts = log_texts(caplog) + exception_texts(caught.value)
    texts += [repr(created), str(created), created.to_str(), repr(response)]
    assert new_key.encode() in response.raw_data
    assert [text for text in texts if new_key in text] == []
    assert MASK in created.to_str()


def test_key_echoed_by_the_server_is_masked_in_messages(
    keyed_server: MockServer,
) -> None:
    echo = {
        "error": True,
        "code": "INVALID_API_KEY",
        "message": f"Key {FAKE_KEY} is not valid",
        "timestamp": "2024-06-29T10:00:00Z",
    }
    keyed_server.add_faults(
        "GET /leads", Fault.status(401, body=json.dumps(echo).encode())
    )
    keyed_server.add_faults(
        "GET /health", Fault.status(200, body=json.dumps({"echo": FAKE_KEY}).encode())
    )
    with buena_sdk.ApiClient(configuration_for(keyed_server, retries=0)) as client:
        api = DefaultApi(client)
        with pytest.raises(UnauthorizedException) as unauthorized:
            api.list_leads()
        with pytest.raises(ApiDecodeError) as undecodable:
            api.health_check()

    for error in (unauthorized.value, undecodable.value):
        assert FAKE_KEY not in str(error)
        assert FAKE_KEY not in repr(error)
        assert MASK in str(error)


def test_prefixed_key_is_masked(keyed_server: MockServer) -> None:
    configuration = configuration_for(
        keyed_server, api_key_prefix={"ApiKeyAuth": PREFIXED}, retries=0
    )
    keyed_server.add_faults("GET /health", Fault.status(500))

    with (
        buena_sdk.ApiClient(configuration) as client,
        pytest.raises(ServiceException) as caught,
    ):
        DefaultApi(client).health_check()

    sent = keyed_server.requests[-1].headers["x-api-key"]
    assert sent == f"{PREFIXED} {FAKE_KEY}"
    assert FAKE_KEY not in repr(configuration)
    assert FAKE_KEY not in str(caught.value)


def test_per_call_key_is_masked_too(keyed_server: MockServer) -> None:
    other = keyed_server.add_api_key(name="other")
    auth = {"in": "header", "key": "x-api-key", "value": other}
    keyed_server.add_faults(
        "GET /health",
        Fault.status(500, body=json.dumps({"message": other}).encode()),
    )

    with (
        buena_sdk.ApiClient(configuration_for(keyed_server, retries=0)) as client,
        pytest.raises(ServiceException) as caught,
    ):
        DefaultApi(client).health_check(_request_auth=auth)

    assert keyed_server.requests[-1].headers["x-api-key"] == other
    assert other not in str(caught.value)


def test_environment_key_is_masked(
    keyed_server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUENA_API_KEY", FAKE_KEY)
    configuration = buena_sdk.Configuration(host=keyed_server.url, retries=0)

    with buena_sdk.ApiClient(configuration) as client:
        assert DefaultApi(client).health_check().status == "healthy"

    assert FAKE_KEY not in repr(configuration)
    assert FAKE_KEY not in configuration.to_debug_report()


@pytest.mark.usefixtures("restore_sdk_logger")
def test_debug_logs_method_path_status_and_duration(
    keyed_server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with buena_sdk.ApiClient(configuration_for(keyed_server, debug=True)) as client:
        DefaultApi(client).list_leads(search="private-search-term", limit=5)

    (line,) = [
        record.getMessage()
        for record in caplog.records
        if record.name == "buena_sdk.rest" and record.levelno == logging.DEBUG
    ]
    assert line.startswith("GET /api/v2/leads -> 200 in ")
    assert " ms (request id req_" in line
    assert "private-search-term" not in line
    assert "limit" not in line


@pytest.mark.usefixtures("restore_sdk_logger")
def test_debug_logs_failures_without_bodies(
    keyed_server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    keyed_server.add_faults("GET /leads", Fault.truncated())

    with (
        buena_sdk.ApiClient(configuration_for(keyed_server, debug=True)) as client,
        pytest.raises(ApiDecodeError) as caught,
    ):
        DefaultApi(client).list_leads()

    (line,) = [
        record.getMessage()
        for record in caplog.records
        if record.name == "buena_sdk.rest" and record.levelno == logging.DEBUG
    ]
    first_name = keyed_server.leads()[-1]["first_name"]
    assert "body starts" in str(caught.value)
    assert line.startswith("GET /api/v2/leads failed in ")
    assert "ApiDecodeError after HTTP 200" in line
    assert "{" not in line
    assert first_name not in line


@pytest.mark.usefixtures("restore_sdk_logger")
def test_debug_never_switches_on_http_client_printing(
    keyed_server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    configuration = configuration_for(keyed_server, debug=True)

    with buena_sdk.ApiClient(configuration) as client:
        DefaultApi(client).health_check()
        DefaultApi(client).list_leads()

    out = capsys.readouterr().out
    assert http.client.HTTPConnection.debuglevel == 0
    assert urllib3.connection.HTTPConnection.debuglevel == 0
    assert "send:" not in out
    assert "header:" not in out
    assert FAKE_KEY not in out


def test_configuration_repr_and_key_store_hide_the_key() -> None:
    configuration = buena_sdk.Configuration(api_key=FAKE_KEY)
    configuration.api_key["Other"] = FAKE_KEY[::-1]

    texts = [repr(configuration), str(configuration), repr(configuration.api_key)]

    for text in texts:
        assert FAKE_KEY not in text
        assert FAKE_KEY[::-1] not in text
        assert MASK in text


def test_api_key_model_hides_its_key() -> None:
    model = ApiKey(
        id="key_1",
        name="ci",
        key=FAKE_KEY,
        key_preview=FAKE_KEY[:8] + "...",
        permissions=["leads:read"],
        is_active=True,
        created_at="2024-06-29T10:00:00Z",
    )

    assert FAKE_KEY not in repr(model)
    assert FAKE_KEY not in str(model)
    assert FAKE_KEY not in model.to_str()
    assert model.key == FAKE_KEY


@pytest.mark.parametrize(
    ("body", "hidden"),
    [
        ('{"id":"key_1","key":"bna_NOT_REGISTERED_123456"}', "bna_NOT_REGISTERED"),
        ('{"api_key": "bna_NOT_REGISTERED_123456", "x": 1}', "bna_NOT_REGISTERED"),
        ('{"token":"abcdefghijk"', "abcdefghijk"),
        ('{"id":"key_1","key":"bna_cut_off_mid_va', "bna_cut_off"),
        (f'{{"note": "{FAKE_KEY}"}}', FAKE_KEY),
    ],
)
def test_body_excerpts_mask_secret_fields_and_known_keys(
    body: str, hidden: str
) -> None:
    buena_sdk.Configuration(api_key=FAKE_KEY)  # registers the planted key

    assert hidden not in redact_body_excerpt(body)
    assert hidden not in body_excerpt(body.encode())
    assert MASK in body_excerpt(body)


def test_body_excerpt_keeps_harmless_fields_and_drops_control_characters() -> None:
    excerpt = body_excerpt(b'{"key_preview": "bna_abcd...",\r\n"name":"x\x00"}')

    assert '"key_preview": "bna_abcd..."' in excerpt
    assert "\n" not in excerpt
    assert "\x00" not in excerpt


def test_secret_headers_are_masked() -> None:
    headers = {
        "X-Api-Key": FAKE_KEY,
        "Authorization": "Bearer t",
        "Accept": "application/json",
    }

    redacted = redact_headers(headers)

    assert redacted == {
        "X-Api-Key": MASK,
        "Authorization": MASK,
        "Accept": "application/json",
    }
