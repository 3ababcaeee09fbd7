"""The DeleteLead200Response model: confirmation of a deletion."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.testing import MockServer

REQUIRED = ("success", "message", "deleted_id")


def payload(**changes: Any) -> dict[str, Any]:
    """The confirmation as the server sends it."""
    values: dict[str, Any] = {
        "success": True,
        "message": "Lead deleted successfully",
        "deleted_id": "lead_123456789",
    }
    values.update(changes)
    return values


def test_confirmation_reads_the_reference_fields() -> None:
    result = buena_sdk.DeleteLead200Response.from_dict(payload())

    assert result.success is True
    assert result.message == "Lead deleted successfully"
    assert result.deleted_id == "lead_123456789"


def test_confirmation_can_be_built_with_keywords() -> None:
    result = buena_sdk.DeleteLead200Response(
        success=False, message="nothing to do", deleted_id="lead_1"
    )

    assert result.to_dict() == {
        "success": False,
        "message": "nothing to do",
        "deleted_id": "lead_1",
    }


@pytest.mark.parametrize("field", REQUIRED)
def test_missing_required_field_is_named(field: str) -> None:
    values = payload()
    del values[field]

    with pytest.raises(ValidationError) as caught:
        buena_sdk.DeleteLead200Response.from_dict(values)

    assert [item["loc"] for item in caught.value.errors()] == [(field,)]
    assert field in str(caught.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("success", "perhaps"),
        ("success", None),
        ("message", None),
        ("deleted_id", 12345),
    ],
)
def test_a_value_of_the_wrong_type_is_rejected(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.DeleteLead200Response.from_dict(payload(**{field: value}))

    assert caught.value.errors()[0]["loc"] == (field,)


def test_unknown_fields_are_kept() -> None:
    result = buena_sdk.DeleteLead200Response.from_dict(payload(deleted_at="now"))

    assert result.model_extra == {"deleted_at": "now"}
    assert result.to_dict()["deleted_at"] == "now"


def test_round_trips_are_lossless() -> None:
    result = buena_sdk.DeleteLead200Response.from_dict(payload())

    assert buena_sdk.DeleteLead200Response.from_json(result.to_json()) == result
    assert buena_sdk.DeleteLead200Response.from_dict(result.to_dict()) == result
    assert json.loads(result.to_json()) == payload()
    assert "'deleted_id': 'lead_123456789'" in result.to_str()


def test_delete_lead_returns_the_model_as_a_dict(
    server: MockServer, api: DefaultApi
) -> None:
    stored = server.add_lead(first_name="A", last_name="B", email="ab@example.com")

    result = api.delete_lead(stored["id"])

    assert isinstance(result, dict)
    assert result.get("success") is True
    assert result.get("deleted_id") == stored["id"]
    assert isinstance(result.get("message"), str)
    assert buena_sdk.DeleteLead200Response.from_dict(result).to_dict() == result
    assert server.get_lead(stored["id"]) is None
