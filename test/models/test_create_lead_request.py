"""The CreateLeadRequest model: the body of create_lead, checked before sending."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.testing import MockServer

REQUIRED = ("first_name", "last_name", "email")
OPTIONAL = (
    "company",
    "phone",
    "linkedin_url",
    "job_title",
    "location",
    "notes",
    "tags",
    "custom_fields",
)
# Longest accepted length of each text field (openapi.yaml; the phone pattern
# allows a "+" and then 25 characters).
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
MAX_TAGS = 50


def reference_request() -> buena_sdk.CreateLeadRequest:
    """The create_lead example of the API reference, verbatim."""
    return buena_sdk.CreateLeadRequest(
        first_name="John",
        last_name="Doe",
        email="john.doe@example.com",
        company="Example Corp",
        phone="+1-555-123-4567",
        linkedin_url="https://linkedin.com/in/johndoe",
        job_title="Software Engineer",
        location="San Francisco, CA",
        notes="Met at tech conference 2024",
        tags=["conference", "engineer", "potential"],
        custom_fields={
            "lead_source": "conference",
            "priority": "high",
            "budget": 50000,
        },
    )


def minimal(**changes: Any) -> dict[str, Any]:
    """The required fields, plus ``changes``."""
    values: dict[str, Any] = {
        "first_name": "Jane",
        "last_name": "Smith",
        "email": "jane@example.com",
    }
    values.update(changes)
    return values


def error_fields(exc: ValidationError) -> set[str]:
    """The top-level field names a validation error points at."""
    return {str(item["loc"][0]) for item in exc.errors()}


def fill_value(field: str, length: int) -> str:
    """A text of ``length`` characters that fits the field's format."""
    if field == "phone":
        return "+" + "1" * (length - 1)
    if field == "email":
        return "a" * (length - len("@example.com")) + "@example.com"
    if field == "linkedin_url":
        return "https://" + "a" * (length - len("https://"))
    return "x" * length


def test_reference_example_builds_and_serializes_every_field() -> None:
    values = reference_request().to_dict()

    assert values == {
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
    }


def test_the_reference_async_example_request_needs_only_three_fields() -> None:
    lead_request = buena_sdk.CreateLeadRequest(
        first_name="Jane", last_name="Smith", email="jane@example.com"
    )

    assert json.loads(lead_request.to_json()) == minimal()


@pytest.mark.parametrize("field", REQUIRED)
def test_missing_required_field_is_named(field: str) -> None:
    values = minimal()
    del values[field]

    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateLeadRequest(**values)

    assert error_fields(caught.value) == {field}
    assert caught.value.errors()[0]["type"] == "missing"
    assert field in str(caught.value)


@pytest.mark.parametrize("field", REQUIRED)
def test_none_for_a_required_field_is_rejected(field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateLeadRequest(**minimal(**{field: None}))

    assert error_fields(caught.value) == {field}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", 42),
        ("email", {"address": "jane@example.com"}),
        ("company", 3.5),
        ("tags", "one-tag"),
        ("tags", ["ok", 7]),
        ("custom_fields", [("a", 1)]),
        ("notes", ["a", "b"]),
    ],
)
def test_a_value_of_the_wrong_type_is_rejected(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateLeadRequest(**minimal(**{field: value}))

    assert error_fields(caught.value) == {field}


@pytest.mark.parametrize(("field", "limit"), sorted(MAX_LENGTHS.items()))
def test_text_at_the_length_limit_is_accepted(field: str, limit: int) -> None:
    value = fill_value(field, limit)

    request = buena_sdk.CreateLeadRequest(**minimal(**{field: value}))

    assert getattr(request, field) == value


@pytest.mark.parametrize(("field", "limit"), sorted(MAX_LENGTHS.items()))
def test_text_over_the_length_limit_is_rejected(field: str, limit: int) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateLeadRequest(**minimal(**{field: fill_value(field, limit + 1)}))

    assert error_fields(caught.value) == {field}
    assert caught.value.errors()[0]["type"] == "string_too_long"


@pytest.mark.parametrize("field", ["first_name", "last_name", "email"])
def test_empty_required_text_is_rejected(field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateLeadRequest(**minimal(**{field: ""}))

    assert caught.value.errors()[0]["type"] == "string_too_short"


def test_tag_count_is_limited_to_fifty() -> None:
    accepted = buena_sdk.CreateLeadRequest(
        **minimal(tags=[f"t{i}" for i in range(MAX_TAGS)])
    )

    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateLeadRequest(
            **minimal(tags=[f"t{i}" for i in range(MAX_TAGS + 1)])
        )

    assert accepted.tags is not None
    assert len(accepted.tags) == MAX_TAGS
    assert error_fields(caught.value) == {"tags"}


@pytest.mark.parametrize("tag", ["", "x" * 51], ids=["empty", "51 chars"])
def test_each_tag_must_be_one_to_fifty_characters(tag: str) -> None:
    buena_sdk.CreateLeadRequest(**minimal(tags=["x", "y" * 50]))

    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateLeadRequest(**minimal(tags=["fine", tag]))

    assert [item["loc"] for item in caught.value.errors()] == [("tags", 1)]


def test_custom_fields_hold_at_most_fifty_keys() -> None:
    fifty = {f"k{i}": i for i in range(50)}
    buena_sdk.CreateLeadRequest(**minimal(custom_fields=fifty))

    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateLeadRequest(**minimal(custom_fields={**fifty, "k50": 50}))

    assert error_fields(caught.value) == {"custom_fields"}


def test_unknown_field_is_rejected_by_name() -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.CreateLeadRequest(**minimal(nickname="JJ"))

    assert caught.value.errors()[0]["loc"] == ("nickname",)
    assert caught.value.errors()[0]["type"] == "extra_forbidden"


def test_only_fields_that_were_set_are_serialized() -> None:
    request = buena_sdk.CreateLeadRequest(**minimal(company="Acme"))

    assert request.to_dict() == minimal(company="Acme")
    assert json.loads(request.to_json()) == minimal(company="Acme")
    assert request.phone is None


@pytest.mark.parametrize("field", OPTIONAL)
def test_explicit_none_for_an_optional_field_is_sent_as_null(field: str) -> None:
    request = buena_sdk.CreateLeadRequest(**minimal(**{field: None}))

    assert request.to_dict() == minimal(**{field: None})
    assert json.loads(request.to_json())[field] is None


def test_assignment_is_validated_and_marks_the_field_as_set() -> None:
    request = buena_sdk.CreateLeadRequest(**minimal())

    request.job_title = "CTO"
    with pytest.raises(ValidationError):
        request.first_name = ""

    assert request.to_dict() == minimal(job_title="CTO")


def test_format_checks_are_left_to_the_server() -> None:
    request = buena_sdk.CreateLeadRequest(
        **minimal(email="not-an-email", linkedin_url="ftp://x")
    )

    assert request.email == "not-an-email"


def test_dict_and_json_round_trips_are_lossless() -> None:
    request = reference_request()

    assert buena_sdk.CreateLeadRequest.from_dict(request.to_dict()) == request
    assert buena_sdk.CreateLeadRequest.from_json(request.to_json()) == request
    assert buena_sdk.CreateLeadRequest.from_dict(None) is None


def test_from_dict_keeps_exactly_the_keys_given() -> None:
    request = buena_sdk.CreateLeadRequest.from_dict(minimal(notes=None))

    assert request.to_dict() == minimal(notes=None)


def test_to_str_shows_the_fields() -> None:
    text = reference_request().to_str()

    assert "'company': 'Example Corp'" in text
    assert "'tags': ['conference', 'engineer', 'potential']" in text


def test_reference_example_creates_a_lead_on_a_mock_server(
    server: MockServer, api: DefaultApi
) -> None:
    new_lead = api.create_lead(reference_request())

    sent = json.loads(server.requests[-1].body)
    assert sent == reference_request().to_dict()
    assert new_lead.email == "john.doe@example.com"
    assert new_lead.custom_fields == {
        "lead_source": "conference",
        "priority": "high",
        "budget": 50000,
    }
    assert new_lead.status == "active"
    assert server.get_lead(new_lead.id) is not None


def test_longest_phone_is_accepted_by_sdk_and_server(
    server: MockServer, api: DefaultApi
) -> None:
    phone = fill_value("phone", MAX_LENGTHS["phone"])

    new_lead = api.create_lead(buena_sdk.CreateLeadRequest(**minimal(phone=phone)))

    assert new_lead.phone == phone


def test_unset_fields_are_absent_from_the_body_sent(
    server: MockServer, api: DefaultApi
) -> None:
    api.create_lead(buena_sdk.CreateLeadRequest(**minimal(tags=None)))

    assert json.loads(server.requests[-1].body) == minimal(tags=None)
