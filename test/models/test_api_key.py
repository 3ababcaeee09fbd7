"""The ApiKey model: an API key, whose secret must not leak when printed."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any

import pytest
from pydantic import ValidationError

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.testing import MockServer

SECRET = "bna_Qx7vN2pLr8KdT4wYs1ZcM6eJh0UaBfGiV5oXq3Rn"
REQUIRED = ("id", "name", "key_preview", "permissions", "is_active", "created_at")
NULLABLE = ("last_used", "expires_at", "description")


def payload(**changes: Any) -> dict[str, Any]:
    """A new key as createApiKey returns it (the only time ``key`` is sent)."""
    values: dict[str, Any] = {
        "id": "key_3f9a1c2b7d4e",
        "name": "Integration API Key",
        "key": SECRET,
        "key_preview": "bna_Qx7v...",
        "permissions": ["leads:read", "leads:write"],
        "last_used": None,
        "is_active": True,
        "created_at": "2024-06-29T10:00:00Z",
        "expires_at": "2030-06-29T10:00:00Z",
        "description": "For CRM integration",
    }
    values.update(changes)
    return values


def test_api_key_reads_the_reference_fields() -> None:
    key = buena_sdk.ApiKey.from_dict(payload())

    assert key.id == "key_3f9a1c2b7d4e"
    assert key.name == "Integration API Key"
    assert key.key == SECRET
    assert key.key_preview == "bna_Qx7v..."
    assert key.permissions == ["leads:read", "leads:write"]
    assert key.last_used is None
    assert key.is_active is True
    assert key.created_at == datetime(2024, 6, 29, 10, tzinfo=timezone.utc)
    assert key.expires_at is not None
    assert key.expires_at.strftime("%Y-%m-%d") == "2030-06-29"
    assert key.description == "For CRM integration"


@pytest.mark.parametrize("field", REQUIRED)
def test_missing_required_field_is_named(field: str) -> None:
    values = payload()
    del values[field]

    with pytest.raises(ValidationError) as caught:
        buena_sdk.ApiKey.from_dict(values)

    assert [item["loc"] for item in caught.value.errors()] == [(field,)]
    assert field in str(caught.value)


@pytest.mark.parametrize("field", NULLABLE)
def test_null_is_accepted_for_optional_fields(field: str) -> None:
    key = buena_sdk.ApiKey.from_dict(payload(**{field: None}))

    assert getattr(key, field) is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("permissions", "leads:read"),
        ("is_active", "sometimes"),
        ("created_at", None),
        ("last_used", "not a date"),
        ("name", 7),
    ],
)
def test_a_value_of_the_wrong_type_is_rejected(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.ApiKey.from_dict(payload(**{field: value}))

    assert caught.value.errors()[0]["loc"][0] == field


def test_key_is_optional_because_only_creation_returns_it() -> None:
    values = payload()
    del values["key"]

    key = buena_sdk.ApiKey.from_dict(values)

    assert key.key is None
    assert "key" not in key.to_dict()


def test_unknown_permissions_and_fields_are_accepted() -> None:
    key = buena_sdk.ApiKey.from_dict(
        payload(permissions=["leads:read", "reports:read"], owner="ops")
    )

    assert key.permissions == ["leads:read", "reports:read"]
    assert key.model_extra == {"owner": "ops"}


def test_timestamps_are_timezone_aware_even_without_an_offset() -> None:
    key = buena_sdk.ApiKey.from_dict(
        payload(last_used="2024-07-01 08:15:00", expires_at="2030-06-29T10:00:00")
    )

    assert key.last_used == datetime(2024, 7, 1, 8, 15, tzinfo=timezone.utc)
    assert key.expires_at == datetime(2030, 6, 29, 10, tzinfo=timezone.utc)


def test_secret_is_hidden_from_repr_and_str() -> None:
    key = buena_sdk.ApiKey.from_dict(payload())

    for text in (repr(key), str(key), f"{key}", repr([key])):
        assert SECRET not in text
        assert "key_preview='bna_Qx7v...'" in text


def test_secret_is_masked_in_to_str() -> None:
    text = buena_sdk.ApiKey.from_dict(payload()).to_str()

    assert SECRET not in text
    assert "'key': '<redacted>'" in text
    assert "'name': 'Integration API Key'" in text


def test_secret_is_present_where_it_is_explicitly_asked_for() -> None:
    key = buena_sdk.ApiKey.from_dict(payload())

    assert key.to_dict()["key"] == SECRET
    assert json.loads(key.to_json())["key"] == SECRET


def test_secret_does_not_reach_a_log_record_of_the_model(
    caplog: pytest.LogCaptureFixture,
) -> None:
    key = buena_sdk.ApiKey.from_dict(payload())

    with caplog.at_level(logging.INFO):
        logging.getLogger("app").info("created %s / %r / %s", key, key, key.to_str())

    assert SECRET not in caplog.text
    assert "Integration API Key" in caplog.text


def test_round_trips_are_lossless_and_keep_the_secret() -> None:
    key = buena_sdk.ApiKey.from_dict(payload())

    again = buena_sdk.ApiKey.from_json(key.to_json())

    assert again == key
    assert again.key == SECRET
    assert buena_sdk.ApiKey.from_dict(key.to_dict()) == key


def test_created_key_carries_its_secret_once(
    server: MockServer, api: DefaultApi
) -> None:
    created = api.create_api_key(
        buena_sdk.CreateApiKeyRequest(name="CI", permissions=["leads:read"])
    )
    listed = api.list_api_keys()

    assert created.key is not None
    assert created.key.startswith(created.key_preview.removesuffix("..."))
    assert created.key not in repr(created)
    assert created.key not in created.to_str()
    mine = next(key for key in listed.data if key.id == created.id)
    assert mine.key is None
    assert "key" not in mine.to_dict()
    assert mine.permissions == ["leads:read"]
