"""The Error model: the body of every error response, read leniently."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
from pydantic import ValidationError

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.testing import Fault, MockServer


def payload(**changes: Any) -> dict[str, Any]:
    """A 422 error body as documented."""
    values: dict[str, Any] = {
        "error": True,
        "code": "VALIDATION_ERROR",
        "message": "email must be a valid email address.",
        "timestamp": "2024-06-29T10:00:00Z",
        "details": {"field": "email"},
        "request_id": "req_5f2c9a0e7b1d4c3a8e6f0b2d",
    }
    values.update(changes)
    return values


def test_error_reads_the_documented_fields() -> None:
    error = buena_sdk.Error.from_dict(payload())

    assert error.error is True
    assert error.code == "VALIDATION_ERROR"
    assert error.message == "email must be a valid email address."
    assert error.timestamp == datetime(2024, 6, 29, 10, tzinfo=timezone.utc)
    assert error.details == {"field": "email"}
    assert error.request_id == "req_5f2c9a0e7b1d4c3a8e6f0b2d"
    assert error.retry_after is None


def test_rate_limit_error_carries_retry_after() -> None:
    error = buena_sdk.Error.from_dict(
        payload(code="RATE_LIMIT_EXCEEDED", details=None, retry_after=30)
    )

    assert error.retry_after == 30
    assert error.details is None


@pytest.mark.parametrize("field", ["code", "message"])
def test_missing_code_or_message_is_named(field: str) -> None:
    values = payload()
    del values[field]

    with pytest.raises(ValidationError) as caught:
        buena_sdk.Error.from_dict(values)

    assert [item["loc"] for item in caught.value.errors()] == [(field,)]


def test_error_without_flag_and_timestamp_is_still_read() -> None:
    error = buena_sdk.Error.from_dict({"code": "INTERNAL_ERROR", "message": "boom"})

    assert error.error is True
    assert error.timestamp is None
    assert error.to_dict() == {"code": "INTERNAL_ERROR", "message": "boom"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("code", None),
        ("message", 404),
        ("details", "email"),
        ("retry_after", "soon"),
        ("timestamp", "a while ago"),
    ],
)
def test_a_value_of_the_wrong_type_is_rejected(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.Error.from_dict(payload(**{field: value}))

    assert caught.value.errors()[0]["loc"][0] == field


def test_unknown_codes_and_fields_are_accepted() -> None:
    error = buena_sdk.Error.from_dict(payload(code="QUOTA_EXHAUSTED", docs_url="x"))

    assert error.code == "QUOTA_EXHAUSTED"
    assert error.model_extra == {"docs_url": "x"}


def test_naive_timestamp_is_read_as_utc() -> None:
    error = buena_sdk.Error.from_dict(payload(timestamp="2024-06-29 10:00:00"))

    assert error.timestamp == datetime(2024, 6, 29, 10, tzinfo=timezone.utc)


def test_round_trips_are_lossless() -> None:
    error = buena_sdk.Error.from_dict(payload())

    assert buena_sdk.Error.from_json(error.to_json()) == error
    assert buena_sdk.Error.from_dict(error.to_dict()) == error
    assert json.loads(error.to_json())["details"] == {"field": "email"}
    assert "'code': 'VALIDATION_ERROR'" in error.to_str()


def test_error_body_from_a_mock_server_becomes_exception_data(
    server: MockServer, api: DefaultApi
) -> None:
    with pytest.raises(buena_sdk.NotFoundException) as caught:
        api.get_lead("lead_000000000000")

    error = caught.value.data
    assert isinstance(error, buena_sdk.Error)
    assert error.code == "NOT_FOUND"
    assert error.error is True
    assert error.timestamp is not None
    assert error.timestamp.tzinfo is not None
    assert error.request_id == caught.value.request_id
    assert caught.value.body is not None
    assert error == buena_sdk.Error.from_json(caught.value.body)


def test_validation_error_names_the_field_in_details(
    server: MockServer, api: DefaultApi
) -> None:
    request = {"first_name": "A", "last_name": "B", "email": "not-an-email"}

    with pytest.raises(buena_sdk.UnprocessableEntityException) as caught:
        api.create_lead(request)

    assert caught.value.data is not None
    assert caught.value.data.code == "VALIDATION_ERROR"
    assert caught.value.data.details == {"field": "email"}


def test_rate_limit_body_from_a_mock_server_carries_retry_after(
    server: MockServer,
) -> None:
    server.add_faults("GET /health", Fault.status(429, retry_after=3))
    configuration = buena_sdk.Configuration(
        host=server.url, api_key=server.api_key, retries=0
    )

    with (
        buena_sdk.ApiClient(configuration) as client,
        pytest.raises(buena_sdk.TooManyRequestsException) as caught,
    ):
        DefaultApi(client).health_check()

    assert caught.value.data is not None
    assert caught.value.data.retry_after == 3
    assert caught.value.data.code == "RATE_LIMIT_EXCEEDED"
