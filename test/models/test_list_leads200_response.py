"""The ListLeads200Response model: one page of leads."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.testing import MockServer

REQUIRED = ("data", "total", "limit", "offset")


def lead_payload(number: int) -> dict[str, Any]:
    """A lead as the server sends it."""
    return {
        "id": f"lead_{number:012d}",
        "first_name": "John",
        "last_name": f"Doe {number}",
        "email": f"john{number}@example.com",
        "company": None,
        "phone": None,
        "linkedin_url": None,
        "job_title": None,
        "location": None,
        "notes": None,
        "tags": None,
        "custom_fields": None,
        "status": "active",
        "created_at": "2024-06-29T10:00:00Z",
        "updated_at": "2024-06-29T10:00:00Z",
    }


def page_payload(**changes: Any) -> dict[str, Any]:
    """A page of two leads."""
    payload: dict[str, Any] = {
        "data": [lead_payload(1), lead_payload(2)],
        "total": 7,
        "limit": 2,
        "offset": 4,
    }
    payload.update(changes)
    return payload


def test_page_reads_the_reference_fields() -> None:
    page = buena_sdk.ListLeads200Response.from_dict(page_payload())

    assert (page.total, page.limit, page.offset) == (7, 2, 4)
    assert [type(lead) for lead in page.data] == [buena_sdk.Lead, buena_sdk.Lead]
    assert [lead.last_name for lead in page.data] == ["Doe 1", "Doe 2"]


def test_page_can_be_built_from_lead_objects() -> None:
    lead = buena_sdk.Lead.from_dict(lead_payload(3))

    page = buena_sdk.ListLeads200Response(data=[lead], total=1, limit=50, offset=0)

    assert page.data == [lead]
    assert page.to_dict()["data"][0]["id"] == "lead_000000000003"


def test_empty_page_is_valid() -> None:
    page = buena_sdk.ListLeads200Response.from_dict(page_payload(data=[], total=0))

    assert page.data == []
    assert page.total == 0


@pytest.mark.parametrize("field", REQUIRED)
def test_page_missing_required_field_is_named(field: str) -> None:
    payload = page_payload()
    del payload[field]

    with pytest.raises(ValidationError) as caught:
        buena_sdk.ListLeads200Response.from_dict(payload)

    assert [item["loc"] for item in caught.value.errors()] == [(field,)]
    assert caught.value.errors()[0]["type"] == "missing"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("data", None),
        ("data", {"id": "lead_1"}),
        ("total", "many"),
        ("total", None),
        ("limit", 2.5),
        ("offset", None),
    ],
)
def test_page_rejects_a_value_of_the_wrong_type(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        buena_sdk.ListLeads200Response.from_dict(page_payload(**{field: value}))

    assert caught.value.errors()[0]["loc"][0] == field


def test_an_invalid_lead_in_the_page_is_located_by_index() -> None:
    broken = lead_payload(2)
    del broken["email"]

    with pytest.raises(ValidationError) as caught:
        buena_sdk.ListLeads200Response.from_dict(
            page_payload(data=[lead_payload(1), broken])
        )

    assert caught.value.errors()[0]["loc"] == ("data", 1, "email")


def test_page_keeps_unknown_fields_on_the_page_and_on_leads() -> None:
    first = lead_payload(1) | {"score": 3}
    page = buena_sdk.ListLeads200Response.from_dict(
        page_payload(data=[first], next_cursor="abc")
    )

    assert page.model_extra == {"next_cursor": "abc"}
    assert page.data[0].model_extra == {"score": 3}
    assert page.to_dict()["next_cursor"] == "abc"


def test_page_json_round_trip_is_lossless() -> None:
    page = buena_sdk.ListLeads200Response.from_dict(page_payload())

    again = buena_sdk.ListLeads200Response.from_json(page.to_json())

    assert again == page
    assert buena_sdk.ListLeads200Response.from_dict(page.to_dict()) == page
    assert json.loads(page.to_json())["total"] == 7


def test_page_to_str_shows_the_totals() -> None:
    text = buena_sdk.ListLeads200Response.from_dict(page_payload()).to_str()

    assert "'total': 7" in text
    assert "'offset': 4" in text


def test_page_from_a_mock_server_holds_lead_models(
    seeded_server: MockServer, seeded_api: DefaultApi
) -> None:
    response = seeded_api.list_leads_with_http_info(limit=5, offset=2)
    page = response.data

    assert isinstance(page, buena_sdk.ListLeads200Response)
    assert (page.total, page.limit, page.offset) == (30, 5, 2)
    assert len(page.data) == 5
    assert all(isinstance(lead, buena_sdk.Lead) for lead in page.data)
    assert page == buena_sdk.ListLeads200Response.from_json(response.raw_data)
    stored_ids = {lead["id"] for lead in seeded_server.leads()}
    assert {lead.id for lead in page.data} <= stored_ids
