"""The ListApiKeysResponse model: the account's keys."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.testing import MockServer

REQUIRED = ("data", "total")


def key_payload(number: int, **changes: Any) -> dict[str, Any]:
    """A key as listApiKeys returns it: no ``key``, nulls for unset values."""
    values: dict[str, Any] = {
        "id": f"key_{number:012x}",
        "name": f"Key {number}",
        "key_preview": "bna_Lm3R...",
        "permissions": ["leads:read"],
        "last_used": None,
        "is_active": number % 2 == 0,
        "created_at": "2024-05-14T09:30:00Z",
        "expires_at": None,
        "description": None,
    }
    values.update(changes)
    return values


def payload(**changes: Any) -> dict[str, Any]:
    """Two keys, as in the reference."""
    values: dict[str, Any] = {"data": [key_payload(1), key_payload(2)], "total": 2}
    values.update(changes)
    return values


def test_list_reads_the_reference_fields() -> None:
    keys = buena_sdk.ListApiKeysResponse.from_dict(payload())

    assert keys.total == 2
    assert [type(key) for key in keys.data] == [buena_sdk.ApiKey] * 2
    assert [key.is_active for key in keys.data] == [False, True]
    assert all(key.key is None for key in keys.data)


@pytest.mark.parametrize("field", REQUIRED)
def test_missing_required_field_is_named(field: str) -> None:
    values = payload()
    del values[field]

    with pytest.raises(ValidationError) as caught:
        buena_sdk.ListApiKeysResponse.from_dict(values)

    assert [item["loc"] for item in caught.value.errors()] == [(field,)]


@pytest.mark.parametrize(
    ("field", "value"),
    [("data", None), ("data", "keys"), ("total", None), ("total", "two")],
)
def test_a_value_of_the_wrong_type_is_rejected(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.ListApiKeysResponse.from_dict(payload(**{field: value}))

    assert caught.value.errors()[0]["loc"][0] == field


def test_an_invalid_key_is_located_by_index() -> None:
    broken = key_payload(2)
    del broken["key_preview"]

    with pytest.raises(ValidationError) as caught:
        buena_sdk.ListApiKeysResponse.from_dict(payload(data=[key_payload(1), broken]))

    assert caught.value.errors()[0]["loc"] == ("data", 1, "key_preview")


def test_unknown_fields_are_kept() -> None:
    keys = buena_sdk.ListApiKeysResponse.from_dict(payload(page=1))

    assert keys.model_extra == {"page": 1}


def test_round_trips_are_lossless() -> None:
    keys = buena_sdk.ListApiKeysResponse.from_dict(payload())

    assert buena_sdk.ListApiKeysResponse.from_json(keys.to_json()) == keys
    assert buena_sdk.ListApiKeysResponse.from_dict(keys.to_dict()) == keys
    assert json.loads(keys.to_json())["data"][0]["expires_at"] is None
    assert "'total': 2" in keys.to_str()


def test_list_from_a_mock_server(server: MockServer, api: DefaultApi) -> None:
    server.add_api_key(permissions=["leads:read"], name="Reporting")

    response = api.list_api_keys_with_http_info()
    keys = response.data

    assert keys.total == len(keys.data) == 2
    assert "Reporting" in {key.name for key in keys.data}
    assert all(key.key is None for key in keys.data)
    assert all(key.created_at.tzinfo is not None for key in keys.data)
    assert keys == buena_sdk.ListApiKeysResponse.from_json(response.raw_data)
