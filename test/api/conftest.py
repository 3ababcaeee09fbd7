"""Fixtures for the per-operation tests: clients, bad keys and error checks."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import buena_sdk
from buena_sdk._retry import build_default_retry
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.exceptions import ApiException, TooManyRequestsException
from buena_sdk.models.error import Error
from buena_sdk.testing import ALL_PERMISSIONS, MockServer

REQUEST_ID = re.compile(r"req_[0-9a-f]{24}")
NO_KEY = ""
"""The ``key`` that makes `make_api` build a client sending no API key."""

ApiFactory = Callable[..., DefaultApi]
ErrorCheck = Callable[[ApiException, int, str], None]


@pytest.fixture
def make_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ApiFactory]:
    """Build DefaultApi clients for a mock; every client is closed afterwards.

    ``make_api(mock, key=None, **settings)``: ``key`` defaults to the mock's
    master key and ``key=""`` sends none; ``retries`` defaults to the SDK's
    policy with no backoff, so retried calls stay fast.
    """
    clients: list[buena_sdk.ApiClient] = []
    monkeypatch.delenv("BUENA_API_KEY", raising=False)

    def build(mock: MockServer, key: str | None = None, **settings: Any) -> DefaultApi:
        settings.setdefault(
            "retries",
            build_default_retry(2, 60.0).new(backoff_factor=0, backoff_jitter=0),
        )
        configuration = buena_sdk.Configuration(host=mock.url, **settings)
        if key != NO_KEY:
            configuration.api_key["ApiKeyAuth"] = key or mock.api_key
        client = buena_sdk.ApiClient(configuration)
        clients.append(client)
        return DefaultApi(client)

    yield build
    for client in clients:
        client.close()


@pytest.fixture(params=["missing", "unknown", "inactive", "expired"])
def unauthorized(
    request: pytest.FixtureRequest, server: MockServer, make_api: ApiFactory
) -> tuple[DefaultApi, str]:
    """A client for ``server`` whose key is refused, and the expected 401 code."""
    kind: str = request.param
    if kind == "missing":
        return make_api(server, key=NO_KEY), "MISSING_API_KEY"
    if kind == "unknown":
        return make_api(server, key="bna_" + "x" * 40), "INVALID_API_KEY"
    if kind == "inactive":
        key = server.add_api_key(is_active=False)
        return make_api(server, key=key), "API_KEY_INACTIVE"
    past = datetime.now(timezone.utc) - timedelta(days=1)
    return make_api(server, key=server.add_api_key(expires_at=past)), "API_KEY_EXPIRED"


@pytest.fixture
def key_without() -> Callable[[MockServer, str], str]:
    """``key_without(mock, permission)``: a new key holding all but one permission."""

    def build(mock: MockServer, permission: str) -> str:
        granted = [name for name in ALL_PERMISSIONS if name != permission]
        return mock.add_api_key(permissions=granted, name=f"No {permission}")

    return build


@pytest.fixture
def rate_limited() -> Callable[[MockServer], None]:
    """``rate_limited(mock)``: use up a one-request window so the next call is 429."""

    def limit(mock: MockServer) -> None:
        mock.set_rate_limit(1, per_seconds=60)
        request = urllib.request.Request(
            mock.url + "/health", headers={"x-api-key": mock.api_key}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200

    return limit


@pytest.fixture
def check_error() -> ErrorCheck:
    """``check_error(error, status, code)``: the exception carries the server's body.

    Checks the status, the code (on the exception and in ``data``), the raw
    body, and that the request id matches the response header.
    """

    def check(error: ApiException, status: int, code: str) -> None:
        assert isinstance(error, ApiException)
        assert error.status == status
        assert error.code == code
        assert isinstance(error.data, Error)
        assert error.data.code == code
        assert error.data.error is True
        assert error.data.message
        assert error.server_message == error.data.message
        assert error.body is not None
        assert json.loads(error.body)["code"] == code
        assert error.headers is not None
        assert error.request_id is not None
        assert REQUEST_ID.fullmatch(error.request_id)
        assert error.request_id == error.headers["X-Request-Id"]
        assert code in str(error)
        assert str(status) in str(error)
        if status == 429:
            assert isinstance(error, TooManyRequestsException)
            assert error.retry_after is not None
            assert error.retry_after >= 1

    return check


@pytest.fixture
def check_lead() -> Callable[[Any, dict[str, Any]], None]:
    """``check_lead(lead, stored)``: a `Lead` equals the server's copy, per field."""

    def check(lead: Any, stored: dict[str, Any]) -> None:
        assert isinstance(lead, buena_sdk.Lead)
        for name in LEAD_VALUE_FIELDS:
            assert getattr(lead, name) == stored[name], name
        for name in ("created_at", "updated_at"):
            moment = getattr(lead, name)
            assert isinstance(moment, datetime)
            assert moment.tzinfo is not None
            assert moment == parse_timestamp(stored[name]), name

    return check


LEAD_VALUE_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "company",
    "phone",
    "linkedin_url",
    "job_title",
    "location",
    "notes",
    "tags",
    "custom_fields",
    "status",
)


def parse_timestamp(text: str) -> datetime:
    """An RFC 3339 timestamp as the mock writes it, as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
