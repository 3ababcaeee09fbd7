"""The transport's remembered checks never let a bad value through later."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.testing import MockServer

BAD_VALUE = "line one\r\nX-Injected: yes"


@pytest.fixture
def api(server: MockServer) -> Iterator[DefaultApi]:
    """A client that has already made one good call, so its checks are warm."""
    configuration = buena_sdk.Configuration(
        host=server.url, api_key=server.api_key, retries=0
    )
    with buena_sdk.ApiClient(configuration) as client:
        api = DefaultApi(client)
        api.health_check(_headers={"X-Trace": "good"})
        yield api


def test_a_header_that_turns_bad_after_a_good_call_is_refused(
    server: MockServer, api: DefaultApi
) -> None:
    sent = server.request_count()

    with pytest.raises(buena_sdk.ApiValueError, match="X-Trace"):
        api.health_check(_headers={"X-Trace": BAD_VALUE})

    assert server.request_count() == sent
    assert all("x-injected" not in r.headers for r in server.requests)


def test_an_api_key_that_turns_bad_after_a_good_call_is_refused(
    server: MockServer, api: DefaultApi
) -> None:
    sent = server.request_count()
    api.api_client.configuration.api_key["ApiKeyAuth"] = BAD_VALUE

    with pytest.raises(buena_sdk.ApiValueError) as caught:
        api.health_check()

    assert server.request_count() == sent
    assert "X-Injected" not in str(caught.value)


@pytest.mark.parametrize(
    "host",
    ["http://127.0.0.1:99999/api/v2", "ftp://127.0.0.1/api/v2", "no-scheme/api"],
)
def test_a_host_that_turns_bad_after_a_good_call_is_refused(
    server: MockServer, api: DefaultApi, host: str
) -> None:
    sent = server.request_count()
    api.api_client.configuration.host = host

    with pytest.raises(buena_sdk.ApiValueError, match="host"):
        api.health_check()

    assert server.request_count() == sent


def test_a_good_header_is_still_sent_after_a_bad_one_was_refused(
    server: MockServer, api: DefaultApi
) -> None:
    with pytest.raises(buena_sdk.ApiValueError):
        api.health_check(_headers={"X-Trace": BAD_VALUE})

    api.health_check(_headers={"X-Trace": "good again"})

    assert server.requests[-1].headers["x-trace"] == "good again"


def test_request_sends_a_dict_body_as_json_and_leaves_the_headers_given_alone(
    server: MockServer, api: DefaultApi
) -> None:
    rest = api.api_client.rest_client
    headers = {"x-api-key": server.api_key, "X-Attempt": 2}
    body = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}

    response = rest.request("POST", f"{server.url}/leads", headers=headers, body=body)

    assert response.status == 201
    assert json.loads(response.read())["first_name"] == "Ada"
    sent = server.requests[-1]
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["x-attempt"] == "2"
    assert json.loads(sent.body) == body
    assert headers == {"x-api-key": server.api_key, "X-Attempt": 2}


def test_request_sends_form_fields_url_encoded(
    server: MockServer, api: DefaultApi
) -> None:
    rest = api.api_client.rest_client

    rest.request(
        "POST",
        f"{server.url}/leads",
        headers={"x-api-key": server.api_key},
        post_params=[("first_name", "A B")],
    )

    sent = server.requests[-1]
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert sent.body == b"first_name=A+B"
