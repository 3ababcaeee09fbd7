"""updateLead: partial update, tags, custom_fields merge, nulls and conflicts."""

from __future__ import annotations

import pytest

from buena_sdk.testing import MockServer


@pytest.fixture
def lead(make_lead) -> dict:
    """A lead with every optional field set."""
    return make_lead(
        0,
        company="Acme",
        phone="+1 555 0100",
        linkedin_url="https://linkedin.com/in/ada",
        job_title="Engineer",
        location="London",
        notes="First note",
        tags=["a", "b"],
        custom_fields={"keep": 1, "change": "old", "drop": True},
    )


def _update(raw, lead_id: str, body):
    return raw.call("PUT", f"/leads/{lead_id}", body)


def test_update_changes_only_the_fields_sent(raw, lead) -> None:
    response = _update(raw, lead["id"], {"job_title": "CTO", "status": "contacted"})

    assert response.status == 200
    updated = response.json()
    assert updated["job_title"] == "CTO"
    assert updated["status"] == "contacted"
    expected = {**lead, "job_title": "CTO", "status": "contacted"}
    assert updated == {**expected, "updated_at": updated["updated_at"]}


def test_update_moves_updated_at_but_not_created_at(raw, lead) -> None:
    updated = _update(raw, lead["id"], {"notes": "Second"}).json()

    assert updated["updated_at"] > lead["updated_at"]
    assert updated["created_at"] == lead["created_at"]


def test_empty_update_still_touches_updated_at(raw, lead) -> None:
    updated = _update(raw, lead["id"], {}).json()

    assert updated["updated_at"] > lead["updated_at"]
    assert {**updated, "updated_at": None} == {**lead, "updated_at": None}


def test_update_is_persisted(raw, server: MockServer, lead) -> None:
    updated = _update(raw, lead["id"], {"company": "Globex"}).json()

    assert raw.call("GET", f"/leads/{lead['id']}").json() == updated
    assert server.get_lead(lead["id"]) == updated


def test_tags_replace_the_whole_list(raw, lead) -> None:
    assert _update(raw, lead["id"], {"tags": ["c"]}).json()["tags"] == ["c"]
    assert _update(raw, lead["id"], {"tags": []}).json()["tags"] == []


def test_custom_fields_merge_key_by_key_and_null_removes(raw, lead) -> None:
    body = {"custom_fields": {"change": "new", "drop": None, "add": [1, 2]}}

    updated = _update(raw, lead["id"], body).json()

    assert updated["custom_fields"] == {"keep": 1, "change": "new", "add": [1, 2]}


def test_custom_fields_merge_into_none(raw, make_lead) -> None:
    lead = make_lead(3)

    updated = _update(raw, lead["id"], {"custom_fields": {"a": 1, "b": None}}).json()

    assert updated["custom_fields"] == {"a": 1}


@pytest.mark.parametrize(
    "field",
    [
        "company",
        "phone",
        "linkedin_url",
        "job_title",
        "location",
        "notes",
        "tags",
        "custom_fields",
    ],
)
def test_null_clears_a_nullable_field(raw, lead, field) -> None:
    updated = _update(raw, lead["id"], {field: None}).json()

    assert updated[field] is None


@pytest.mark.parametrize("field", ["first_name", "last_name", "email", "status"])
def test_null_for_a_required_field_is_422(raw, lead, field) -> None:
    response = _update(raw, lead["id"], {field: None})

    assert response.status == 422
    assert response.code == "VALIDATION_ERROR"
    assert response.json()["details"] == {"field": field}
    assert raw.call("GET", f"/leads/{lead['id']}").json() == lead


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "won"),
        ("email", "nope"),
        ("first_name", ""),
        ("phone", "12"),
        ("tags", "a,b"),
        ("custom_fields", [1]),
        ("id", "lead_000000000001"),
        ("created_at", "2024-01-01T00:00:00Z"),
    ],
)
def test_update_invalid_value_is_422_and_changes_nothing(
    raw, lead, field, value
) -> None:
    response = _update(raw, lead["id"], {"notes": "changed", field: value})

    assert response.status == 422
    assert response.json()["details"] == {"field": field}
    assert raw.call("GET", f"/leads/{lead['id']}").json() == lead


@pytest.mark.parametrize(
    ("raw_body", "code"),
    [(b"{", "INVALID_JSON"), (b"[]", "INVALID_JSON"), (b"null", "INVALID_JSON")],
)
def test_update_malformed_body_is_400(raw, lead, raw_body, code) -> None:
    response = raw.call(
        "PUT",
        f"/leads/{lead['id']}",
        raw_body=raw_body,
        headers={"Content-Type": "application/json"},
    )

    assert response.status == 400
    assert response.code == code


def test_update_unknown_lead_is_404(raw) -> None:
    response = _update(raw, "lead_111111111111", {"notes": "x"})

    assert response.status == 404
    assert response.code == "NOT_FOUND"


def test_validation_comes_before_existence(raw) -> None:
    response = _update(raw, "lead_111111111111", {"status": None})

    assert response.status == 422


def test_update_to_another_leads_email_is_409_ignoring_case(
    raw, make_lead, lead
) -> None:
    other = make_lead(1)

    response = _update(raw, lead["id"], {"email": other["email"].upper()})

    assert response.status == 409
    assert response.code == "DUPLICATE_EMAIL"
    assert raw.call("GET", f"/leads/{lead['id']}").json() == lead


def test_update_own_email_in_other_case_is_allowed(raw, lead) -> None:
    response = _update(raw, lead["id"], {"email": lead["email"].upper()})

    assert response.status == 200
    assert response.json()["email"] == lead["email"].upper()


def test_changed_email_frees_the_old_one(raw, make_lead, lead, lead_body) -> None:
    _update(raw, lead["id"], {"email": "moved@new.example"})

    assert raw.call("POST", "/leads", lead_body(0)).status == 201
    assert (
        raw.call("POST", "/leads", lead_body(9, email="MOVED@new.example")).status
        == 409
    )


def test_update_with_unknown_lead_and_taken_email_is_404(raw, make_lead) -> None:
    other = make_lead(1)

    response = _update(raw, "lead_111111111111", {"email": other["email"]})

    assert response.status == 404
