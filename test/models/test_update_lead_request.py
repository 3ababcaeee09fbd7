"""The UpdateLeadRequest model: a partial update that stays partial."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.testing import MockServer

NOT_NULLABLE = ("first_name", "last_name", "email", "status")
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
STATUSES = ("active", "inactive", "contacted")
MAX_LENGTHS = {
    "first_name": 100,
    "last_name": 100,
    "email": 254,
    "company": 200,
    "phone": 26,
    "linkedin_url": 500,
    "job_title": 200,
    "location": 200,
    "notes": 5000,
}


def reference_request() -> buena_sdk.UpdateLeadRequest:
    """The update_lead example of the API reference, verbatim."""
    return buena_sdk.UpdateLeadRequest(
        company="New Company Inc",
        job_title="Senior Software Engineer",
        status="contacted",
        tags=["contacted", "promoted", "hot-lead"],
        notes="Promoted to senior role, very interested in our product",
        custom_fields={
            "priority": "very_high",
            "last_contacted": "2024-06-29",
            "budget": 75000,
        },
    )


def error_fields(exc: ValidationError) -> set[str]:
    """The top-level field names a validation error points at."""
    return {str(item["loc"][0]) for item in exc.errors()}


def test_reference_example_serializes_exactly_the_fields_given() -> None:
    assert json.loads(reference_request().to_json()) == {
        "company": "New Company Inc",
        "job_title": "Senior Software Engineer",
        "status": "contacted",
        "tags": ["contacted", "promoted", "hot-lead"],
        "notes": "Promoted to senior role, very interested in our product",
        "custom_fields": {
            "priority": "very_high",
            "last_contacted": "2024-06-29",
            "budget": 75000,
        },
    }


def test_empty_update_serializes_to_an_empty_object() -> None:
    request = buena_sdk.UpdateLeadRequest()

    assert request.to_dict() == {}
    assert request.to_json() == "{}"
    assert request.first_name is None


@pytest.mark.parametrize("field", NULLABLE)
def test_explicit_none_is_serialized_as_null(field: str) -> None:
    request = buena_sdk.UpdateLeadRequest(**{field: None})

    assert request.to_dict() == {field: None}
    assert json.loads(request.to_json()) == {field: None}


@pytest.mark.parametrize("field", NOT_NULLABLE)
def test_none_is_rejected_for_fields_that_cannot_be_cleared(field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.UpdateLeadRequest(**{field: None})

    assert error_fields(caught.value) == {field}
    assert "cannot be set to None" in str(caught.value)


@pytest.mark.parametrize("field", NOT_NULLABLE)
def test_none_is_rejected_on_assignment_too(field: str) -> None:
    request = buena_sdk.UpdateLeadRequest()

    with pytest.raises(ValidationError) as caught:
        setattr(request, field, None)

    assert error_fields(caught.value) == {field}
    assert request.to_dict() == {}


@pytest.mark.parametrize("field", NOT_NULLABLE)
def test_none_is_rejected_from_a_dict(field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.UpdateLeadRequest.from_dict({field: None})

    assert error_fields(caught.value) == {field}


@pytest.mark.parametrize("status", STATUSES)
def test_every_documented_status_is_accepted(status: str) -> None:
    assert buena_sdk.UpdateLeadRequest(status=status).to_dict() == {"status": status}


@pytest.mark.parametrize("status", ["archived", "ACTIVE", "", "Active "])
def test_an_unknown_status_is_rejected(status: str) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.UpdateLeadRequest(status=status)

    assert error_fields(caught.value) == {"status"}
    assert caught.value.errors()[0]["type"] == "literal_error"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", 1),
        ("company", ["Acme"]),
        ("tags", "solo"),
        ("custom_fields", "priority=high"),
        ("status", True),
    ],
)
def test_a_value_of_the_wrong_type_is_rejected(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.UpdateLeadRequest(**{field: value})

    assert error_fields(caught.value) == {field}


@pytest.mark.parametrize(("field", "limit"), sorted(MAX_LENGTHS.items()))
def test_text_length_limits(field: str, limit: int) -> None:
    accepted = buena_sdk.UpdateLeadRequest(**{field: "9" * limit})

    with pytest.raises(ValidationError) as caught:
        buena_sdk.UpdateLeadRequest(**{field: "9" * (limit + 1)})

    assert accepted.to_dict() == {field: "9" * limit}
    assert caught.value.errors()[0]["type"] == "string_too_long"


@pytest.mark.parametrize("field", ["first_name", "last_name", "email"])
def test_empty_names_and_email_are_rejected(field: str) -> None:
    with pytest.raises(ValidationError):
        buena_sdk.UpdateLeadRequest(**{field: ""})


def test_more_than_fifty_tags_are_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.UpdateLeadRequest(tags=["t"] * 51)

    assert error_fields(caught.value) == {"tags"}


def test_unknown_field_is_rejected_by_name() -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.UpdateLeadRequest(stage="won")  # type: ignore[call-arg]

    assert caught.value.errors()[0]["loc"] == ("stage",)


def test_round_trips_keep_the_update_partial() -> None:
    request = buena_sdk.UpdateLeadRequest(company=None, status="inactive")

    from_dict = buena_sdk.UpdateLeadRequest.from_dict(request.to_dict())
    from_json = buena_sdk.UpdateLeadRequest.from_json(request.to_json())

    assert from_dict.to_dict() == {"company": None, "status": "inactive"}
    assert from_json.to_dict() == {"company": None, "status": "inactive"}
    assert from_json == request


def test_to_str_shows_only_the_set_fields() -> None:
    text = buena_sdk.UpdateLeadRequest(company=None).to_str()

    assert text == "{'company': None}"


def test_partial_update_on_a_mock_server_changes_only_the_fields_sent(
    server: MockServer, api: DefaultApi
) -> None:
    stored = server.add_lead(
        first_name="John",
        last_name="Doe",
        email="john.doe@example.com",
        company="Example Corp",
        phone="+1-555-123-4567",
        custom_fields={"lead_source": "conference", "priority": "high"},
    )

    updated = api.update_lead(stored["id"], reference_request())

    assert json.loads(server.requests[-1].body) == reference_request().to_dict()
    assert updated.company == "New Company Inc"
    assert updated.status == "contacted"
    assert updated.phone == "+1-555-123-4567"
    assert updated.first_name == "John"
    assert updated.custom_fields == {
        "lead_source": "conference",
        "priority": "very_high",
        "last_contacted": "2024-06-29",
        "budget": 75000,
    }


def test_none_clears_a_field_on_a_mock_server(
    server: MockServer, api: DefaultApi
) -> None:
    stored = server.add_lead(
        first_name="John",
        last_name="Doe",
        email="john.doe@example.com",
        company="Example Corp",
        notes="keep me",
    )

    updated = api.update_lead(stored["id"], buena_sdk.UpdateLeadRequest(company=None))

    assert server.requests[-1].body == b'{"company":null}'
    assert updated.company is None
    assert updated.notes == "keep me"
