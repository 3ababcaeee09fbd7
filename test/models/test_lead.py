"""The Lead model: how the SDK reads a lead the server sends."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.testing import MockServer

REQUIRED = ("id", "first_name", "last_name", "email", "status", "created_at")
REQUIRED_ALL = (*REQUIRED, "updated_at")
NULLABLE = (
    "company",
    "phone",
    "linkedin_url",
    "job_title",
    "location",
    "notes",
    "tags",
    "custom_fields",
)
TEN_UTC = datetime(2024, 6, 29, 10, 0, tzinfo=timezone.utc)


def lead_payload(**changes: Any) -> dict[str, Any]:
    """A lead as the server sends it (the reference's example lead)."""
    payload: dict[str, Any] = {
        "id": "lead_123456789",
        "first_name": "John",
        "last_name": "Doe",
        "email": "john.doe@example.com",
        "company": "Example Corp",
        "phone": "+1-555-123-4567",
        "linkedin_url": "https://linkedin.com/in/johndoe",
        "job_title": "Software Engineer",
        "location": "San Francisco, CA",
        "notes": "Met at tech conference 2024",
        "tags": ["conference", "engineer", "potential"],
        "custom_fields": {
            "lead_source": "conference",
            "priority": "high",
            "budget": 50000,
        },
        "status": "active",
        "created_at": "2024-06-29T10:00:00Z",
        "updated_at": "2024-06-29T10:00:00Z",
    }
    payload.update(changes)
    return payload


def error_fields(exc: ValidationError) -> set[str]:
    """The top-level field names a validation error points at."""
    return {str(item["loc"][0]) for item in exc.errors()}


def test_lead_reads_every_field_of_the_reference() -> None:
    lead = buena_sdk.Lead.from_dict(lead_payload())

    assert lead.id == "lead_123456789"
    assert (lead.first_name, lead.last_name) == ("John", "Doe")
    assert lead.email == "john.doe@example.com"
    assert lead.company == "Example Corp"
    assert lead.phone == "+1-555-123-4567"
    assert lead.linkedin_url == "https://linkedin.com/in/johndoe"
    assert lead.job_title == "Software Engineer"
    assert lead.location == "San Francisco, CA"
    assert lead.notes == "Met at tech conference 2024"
    assert lead.tags == ["conference", "engineer", "potential"]
    assert lead.custom_fields == {
        "lead_source": "conference",
        "priority": "high",
        "budget": 50000,
    }
    assert lead.status == "active"
    assert lead.created_at == TEN_UTC
    assert lead.updated_at == TEN_UTC
    assert lead.created_at.strftime("%Y-%m-%d %H:%M:%S") == "2024-06-29 10:00:00"


def test_lead_can_be_built_with_keywords() -> None:
    lead = buena_sdk.Lead(
        id="lead_1",
        first_name="Ada",
        last_name="Lovelace",
        email="ada@example.com",
        status="active",
        created_at=TEN_UTC,
        updated_at=TEN_UTC,
    )

    assert lead.company is None
    assert lead.tags is None
    assert lead.to_dict() == {
        "id": "lead_1",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "status": "active",
        "created_at": TEN_UTC,
        "updated_at": TEN_UTC,
    }


@pytest.mark.parametrize("field", REQUIRED_ALL)
def test_lead_missing_required_field_is_named(field: str) -> None:
    payload = lead_payload()
    del payload[field]

    with pytest.raises(ValidationError) as caught:
        buena_sdk.Lead.from_dict(payload)

    assert error_fields(caught.value) == {field}
    assert caught.value.errors()[0]["type"] == "missing"
    assert field in str(caught.value)


@pytest.mark.parametrize("field", REQUIRED_ALL)
def test_lead_rejects_null_for_a_required_field(field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.Lead.from_dict(lead_payload(**{field: None}))

    assert error_fields(caught.value) == {field}


@pytest.mark.parametrize("field", NULLABLE)
def test_lead_accepts_null_for_an_optional_field(field: str) -> None:
    lead = buena_sdk.Lead.from_dict(lead_payload(**{field: None}))

    assert getattr(lead, field) is None
    assert lead.to_dict()[field] is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", 123),
        ("email", ["john@example.com"]),
        ("tags", "conference"),
        ("tags", [1, 2]),
        ("custom_fields", ["not", "an", "object"]),
        ("created_at", "yesterday-ish"),
        ("created_at", [2024, 6, 29]),
        ("status", 1),
    ],
)
def test_lead_rejects_a_value_of_the_wrong_type(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.Lead.from_dict(lead_payload(**{field: value}))

    assert error_fields(caught.value) == {field}


def test_lead_accepts_a_status_the_reference_does_not_list() -> None:
    lead = buena_sdk.Lead.from_dict(lead_payload(status="archived"))

    assert lead.status == "archived"


def test_lead_keeps_fields_it_does_not_know() -> None:
    lead = buena_sdk.Lead.from_dict(lead_payload(score=87, owner={"id": "u_1"}))

    assert lead.model_extra == {"score": 87, "owner": {"id": "u_1"}}
    assert lead.to_dict()["score"] == 87
    assert json.loads(lead.to_json())["owner"] == {"id": "u_1"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-29T10:00:00Z", TEN_UTC),
        ("2024-06-29T10:00:00+00:00", TEN_UTC),
        ("2024-06-29T12:00:00+02:00", TEN_UTC),
        ("2024-06-29T10:00:00", TEN_UTC),
        ("2024-06-29 10:00:00", TEN_UTC),
        ("2024-06-29T10:00:00.000000001Z", TEN_UTC),
        ("2024-06-29T12:00:00+0200", TEN_UTC),
        ("2024-06-29T05:00:00-05:00", TEN_UTC),
    ],
)
def test_lead_timestamps_are_always_timezone_aware(
    text: str, expected: datetime
) -> None:
    lead = buena_sdk.Lead.from_dict(lead_payload(created_at=text, updated_at=text))

    for value in (lead.created_at, lead.updated_at):
        assert value.tzinfo is not None
        assert value.utcoffset() is not None
        assert abs(value - expected) < timedelta(milliseconds=1)


def test_lead_keeps_the_offset_the_server_sent() -> None:
    lead = buena_sdk.Lead.from_dict(
        lead_payload(created_at="2024-06-29T12:00:00+02:00")
    )

    assert lead.created_at.utcoffset() == timedelta(hours=2)


def test_lead_json_round_trip_is_lossless() -> None:
    original = buena_sdk.Lead.from_dict(lead_payload())

    text = original.to_json()
    again = buena_sdk.Lead.from_json(text)

    assert again == original
    assert json.loads(text)["created_at"] in (
        "2024-06-29T10:00:00Z",
        "2024-06-29T10:00:00+00:00",
    )


def test_lead_dict_round_trip_is_lossless() -> None:
    original = buena_sdk.Lead.from_dict(lead_payload(extra_flag=True))

    again = buena_sdk.Lead.from_dict(original.to_dict())

    assert again == original
    assert again.to_dict() == original.to_dict()


def test_lead_to_dict_holds_only_what_the_server_sent() -> None:
    payload = lead_payload()
    del payload["phone"]
    payload["notes"] = None

    values = buena_sdk.Lead.from_dict(payload).to_dict()

    assert "phone" not in values
    assert values["notes"] is None
    assert set(values) == set(payload)


def test_lead_from_dict_of_none_is_none() -> None:
    assert buena_sdk.Lead.from_dict(None) is None


def test_lead_to_str_shows_the_fields() -> None:
    text = buena_sdk.Lead.from_dict(lead_payload()).to_str()

    assert "'first_name': 'John'" in text
    assert "'email': 'john.doe@example.com'" in text


def test_lead_assignment_is_validated() -> None:
    lead = buena_sdk.Lead.from_dict(lead_payload())

    lead.company = "Other Corp"
    with pytest.raises(ValidationError):
        lead.first_name = None  # type: ignore[assignment]

    assert lead.company == "Other Corp"
    assert lead.first_name == "John"


def test_lead_read_from_a_mock_server_matches_its_store(
    server: MockServer, api: DefaultApi
) -> None:
    stored = server.add_lead(
        first_name="Grace",
        last_name="Hopper",
        email="grace@example.com",
        tags=["navy"],
        custom_fields={"rank": "admiral", "ships": 1},
    )

    lead = api.get_lead(stored["id"])
    raw = api.get_lead_with_http_info(stored["id"]).raw_data

    assert lead == buena_sdk.Lead.from_json(raw)
    assert lead == buena_sdk.Lead.from_dict(stored)
    assert lead.created_at.tzinfo is not None
    assert lead.company is None
    assert set(lead.to_dict()) == set(json.loads(raw))
