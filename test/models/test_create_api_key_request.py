"""The CreateApiKeyRequest model: the body of create_api_key."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.testing import MockServer

REFERENCE_PERMISSIONS = [
    "leads:read",
    "leads:write",
    "leads:delete",
    "api_keys:read",
    "api_keys:write",
    "webhooks:read",
    "webhooks:write",
]
# POSIX TZ strings count west of Greenwich as positive: this zone is UTC+02:00.
TWO_HOURS_EAST = "TEST-02"


@pytest.fixture
def local_time_two_hours_east() -> Iterator[None]:
    """Run the test with the process's local time zone at UTC+02:00."""
    if not hasattr(time, "tzset"):
        pytest.skip("changing the local time zone needs time.tzset")
    previous = os.environ.get("TZ")
    os.environ["TZ"] = TWO_HOURS_EAST
    time.tzset()
    try:
        yield
    finally:
        if previous is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = previous
        time.tzset()


def error_fields(exc: ValidationError) -> set[str]:
    """The top-level field names a validation error points at."""
    return {str(item["loc"][0]) for item in exc.errors()}


def test_reference_example_works_verbatim() -> None:
    # Create API key that expires in 1 year
    expiry_date = datetime.now() + timedelta(days=365)

    key_request = buena_sdk.CreateApiKeyRequest(
        name="Integration API Key",
        permissions=["leads:read", "leads:write"],
        description="For CRM integration",
        expires_at=expiry_date,
    )

    assert key_request.name == "Integration API Key"
    assert key_request.permissions == ["leads:read", "leads:write"]
    assert key_request.expires_at is not None
    assert key_request.expires_at.tzinfo is not None
    assert key_request.expires_at == expiry_date.astimezone()


def test_permissions_match_the_reference_list() -> None:
    assert list(buena_sdk.PERMISSIONS) == REFERENCE_PERMISSIONS


def test_every_permission_is_accepted_together() -> None:
    request = buena_sdk.CreateApiKeyRequest(
        name="All", permissions=list(REFERENCE_PERMISSIONS)
    )

    assert request.to_dict() == {"name": "All", "permissions": REFERENCE_PERMISSIONS}


@pytest.mark.parametrize("field", ["name", "permissions"])
def test_missing_required_field_is_named(field: str) -> None:
    values: dict[str, Any] = {"name": "CI", "permissions": ["leads:read"]}
    del values[field]

    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateApiKeyRequest(**values)

    assert error_fields(caught.value) == {field}
    assert caught.value.errors()[0]["type"] == "missing"
    assert field in str(caught.value)


@pytest.mark.parametrize("field", ["name", "permissions"])
def test_none_for_a_required_field_is_rejected(field: str) -> None:
    values: dict[str, Any] = {"name": "CI", "permissions": ["leads:read"]}
    values[field] = None

    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateApiKeyRequest(**values)

    assert error_fields(caught.value) == {field}


@pytest.mark.parametrize(
    "permissions",
    [["leads:admin"], ["LEADS:READ"], ["leads:read", "everything"], ["webhooks"]],
)
def test_an_unknown_permission_is_rejected(permissions: list[str]) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateApiKeyRequest(name="CI", permissions=permissions)

    assert error_fields(caught.value) == {"permissions"}
    assert caught.value.errors()[0]["type"] == "literal_error"


def test_no_permission_at_all_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateApiKeyRequest(name="CI", permissions=[])

    assert error_fields(caught.value) == {"permissions"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", 12),
        ("permissions", "leads:read"),
        ("expires_at", "next year"),
        ("description", ["CRM"]),
    ],
)
def test_a_value_of_the_wrong_type_is_rejected(field: str, value: Any) -> None:
    values: dict[str, Any] = {"name": "CI", "permissions": ["leads:read"]}
    values[field] = value

    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateApiKeyRequest(**values)

    assert error_fields(caught.value) == {field}


@pytest.mark.parametrize(
    ("field", "minimum", "maximum"), [("name", 1, 100), ("description", 0, 500)]
)
def test_text_length_limits(field: str, minimum: int, maximum: int) -> None:
    values: dict[str, Any] = {"name": "CI", "permissions": ["leads:read"]}

    shortest = buena_sdk.CreateApiKeyRequest(**(values | {field: "n" * minimum}))
    longest = buena_sdk.CreateApiKeyRequest(**(values | {field: "n" * maximum}))
    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateApiKeyRequest(**(values | {field: "n" * (maximum + 1)}))

    assert getattr(shortest, field) == "n" * minimum
    assert getattr(longest, field) == "n" * maximum
    assert error_fields(caught.value) == {field}


def test_empty_name_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateApiKeyRequest(name="", permissions=["leads:read"])

    assert caught.value.errors()[0]["type"] == "string_too_short"


def test_unknown_field_is_rejected_by_name() -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateApiKeyRequest(
            name="CI",
            permissions=["leads:read"],
            scope="x",  # type: ignore[call-arg]
        )

    assert caught.value.errors()[0]["loc"] == ("scope",)


def test_only_fields_that_were_set_are_serialized() -> None:
    request = buena_sdk.CreateApiKeyRequest(name="CI", permissions=["leads:read"])

    assert json.loads(request.to_json()) == {
        "name": "CI",
        "permissions": ["leads:read"],
    }


@pytest.mark.parametrize("field", ["expires_at", "description"])
def test_explicit_none_is_sent_as_null(field: str) -> None:
    request = buena_sdk.CreateApiKeyRequest(
        name="CI", permissions=["leads:read"], **{field: None}
    )

    assert json.loads(request.to_json())[field] is None


@pytest.mark.usefixtures("local_time_two_hours_east")
def test_naive_expiry_is_taken_as_local_time_and_sent_with_its_offset() -> None:
    request = buena_sdk.CreateApiKeyRequest(
        name="CI", permissions=["leads:read"], expires_at=datetime(2030, 1, 1, 9, 30)
    )

    sent = json.loads(request.to_json())["expires_at"]

    assert sent == "2030-01-01T09:30:00+02:00"
    assert request.expires_at == datetime(2030, 1, 1, 7, 30, tzinfo=timezone.utc)


@pytest.mark.usefixtures("local_time_two_hours_east")
def test_aware_expiry_is_sent_unchanged() -> None:
    moment = datetime(2030, 1, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))

    request = buena_sdk.CreateApiKeyRequest(
        name="CI", permissions=["leads:read"], expires_at=moment
    )

    assert json.loads(request.to_json())["expires_at"] == "2030-01-01T09:30:00-05:00"


def test_round_trips_are_lossless() -> None:
    request = buena_sdk.CreateApiKeyRequest(
        name="CI",
        permissions=["leads:read", "webhooks:write"],
        expires_at=datetime(2030, 6, 29, 10, tzinfo=timezone.utc),
        description=None,
    )

    assert buena_sdk.CreateApiKeyRequest.from_json(request.to_json()) == request
    assert buena_sdk.CreateApiKeyRequest.from_dict(request.to_dict()) == request
    assert "'permissions': ['leads:read', 'webhooks:write']" in request.to_str()


@pytest.mark.usefixtures("local_time_two_hours_east")
def test_naive_expiry_reaches_a_mock_server_as_the_same_instant(
    server: MockServer, api: DefaultApi
) -> None:
    expiry_date = datetime.now() + timedelta(days=365)

    new_api_key = api.create_api_key(
        buena_sdk.CreateApiKeyRequest(
            name="Integration API Key",
            permissions=["leads:read", "leads:write"],
            description="For CRM integration",
            expires_at=expiry_date,
        )
    )

    sent = json.loads(server.requests[-1].body)["expires_at"]
    assert sent.endswith("+02:00")
    assert new_api_key.expires_at is not None
    assert new_api_key.expires_at == expiry_date.astimezone()
    assert new_api_key.permissions == ["leads:read", "leads:write"]
    assert new_api_key.description == "For CRM integration"
    assert new_api_key.is_active is True
