"""createLead, getLead and deleteLead: results, validation and conflicts."""

from __future__ import annotations

import re

import pytest

from buena_sdk.testing import MockServer

FULL_LEAD = {
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
    "custom_fields": {"lead_source": "conference", "priority": "high", "budget": 50000},
}
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


def test_create_lead_returns_201_with_every_property(raw, lead_body) -> None:
    response = raw.call("POST", "/leads", lead_body())

    assert response.status == 201
    lead = response.json()
    assert re.fullmatch(r"lead_\d{12}", lead["id"])
    assert lead["status"] == "active"
    assert lead["created_at"] == lead["updated_at"]
    assert lead["created_at"].endswith("Z")
    assert all(lead[name] is None for name in OPTIONAL)


def test_create_lead_keeps_every_optional_field(raw) -> None:
    lead = raw.call("POST", "/leads", FULL_LEAD).json()

    assert {name: lead[name] for name in FULL_LEAD} == FULL_LEAD


def test_created_lead_is_stored_and_fetchable(raw, server: MockServer, lead_body):
    created = raw.call("POST", "/leads", lead_body()).json()

    fetched = raw.call("GET", f"/leads/{created['id']}")

    assert fetched.status == 200
    assert fetched.json() == created
    assert server.get_lead(created["id"]) == created
    assert server.lead_count() == 1


def test_created_at_is_strictly_increasing(raw, lead_body) -> None:
    stamps = [
        raw.call("POST", "/leads", lead_body(index)).json()["created_at"]
        for index in range(20)
    ]

    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 20


def test_get_unknown_lead_is_404(raw) -> None:
    response = raw.call("GET", "/leads/lead_404404404404")

    assert response.status == 404
    assert response.code == "NOT_FOUND"
    assert "lead_404404404404" in response.json()["message"]


def test_lead_id_is_percent_decoded(server: MockServer, raw) -> None:
    response = raw.call("GET", "/leads/" + "lead%5F1%2F2")

    assert response.status == 404
    assert response.json()["details"] == {"lead_id": "lead_1/2"}


def test_delete_lead_confirms_and_removes_it(raw, make_lead, server) -> None:
    lead = make_lead()

    response = raw.call("DELETE", f"/leads/{lead['id']}")

    assert response.json() == {
        "success": True,
        "message": "Lead deleted successfully",
        "deleted_id": lead["id"],
    }
    assert raw.call("GET", f"/leads/{lead['id']}").status == 404
    assert raw.call("DELETE", f"/leads/{lead['id']}").status == 404
    assert server.lead_count() == 0


def test_deleted_lead_frees_its_email(raw, make_lead, lead_body) -> None:
    lead = make_lead(1)
    raw.call("DELETE", f"/leads/{lead['id']}")

    assert raw.call("POST", "/leads", lead_body(1)).status == 201


@pytest.mark.parametrize(
    "email", ["ada0@analytical.example", "ADA0@Analytical.EXAMPLE"]
)
def test_create_with_taken_email_is_409_ignoring_case(raw, make_lead, email) -> None:
    make_lead(0)

    response = raw.call(
        "POST", "/leads", {"first_name": "X", "last_name": "Y", "email": email}
    )

    assert response.status == 409
    assert response.code == "DUPLICATE_EMAIL"
    assert response.json()["details"] == {"field": "email"}


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        (
            {"last_name": "B", "email": "a@b.example"},
            "MISSING_REQUIRED_FIELD",
            "first_name",
        ),
        (
            {"first_name": "A", "email": "a@b.example"},
            "MISSING_REQUIRED_FIELD",
            "last_name",
        ),
        ({"first_name": "A", "last_name": "B"}, "MISSING_REQUIRED_FIELD", "email"),
        ({}, "MISSING_REQUIRED_FIELD", "first_name"),
        ([], "INVALID_JSON", None),
        ("lead", "INVALID_JSON", None),
        (42, "INVALID_JSON", None),
    ],
)
def test_create_malformed_or_incomplete_body_is_400(raw, body, code, field) -> None:
    response = raw.call("POST", "/leads", body)

    assert response.status == 400
    assert response.code == code
    assert response.json()["details"] == ({"field": field} if field else None)


@pytest.mark.parametrize(
    ("raw_body", "content_type", "code"),
    [
        (b'{"first_name": "A",', "application/json", "INVALID_JSON"),
        (b"", "application/json", "INVALID_JSON"),
        (b'{"first_name": NaN}', "application/json", "INVALID_JSON"),
        (b'\xff\xfe{"a": 1}', "application/json", "INVALID_JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "application/json", "INVALID_JSON"),
        (b'{"first_name": "A"}', "text/plain", "INVALID_CONTENT_TYPE"),
        (
            b'{"first_name": "A"}',
            "application/json; charset=latin-1",
            "INVALID_CONTENT_TYPE",
        ),
        (b'{"first_name": "A"}', "", "INVALID_CONTENT_TYPE"),
    ],
)
def test_create_bad_bytes_or_content_type_is_400(
    raw, server, raw_body, content_type, code
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}

    response = raw.call("POST", "/leads", raw_body=raw_body, headers=headers)

    assert response.status == 400
    assert response.code == code
    assert server.lead_count() == 0


def test_create_accepts_json_with_utf8_charset(raw) -> None:
    text = '{"first_name": "Zoë", "last_name": "B", "email": "z@b.example"}'

    response = raw.call(
        "POST",
        "/leads",
        raw_body=text.encode(),
        headers={"Content-Type": "application/json; charset=UTF-8"},
    )

    assert response.status == 201
    assert response.json()["first_name"] == "Zoë"


LONG = "x" * 101
INVALID_FIELDS = [
    ("email", "not-an-email"),
    ("email", "a@b"),
    ("email", "a b@c.example"),
    ("email", "a@" + "b" * 250 + ".example"),
    ("email", 17),
    ("email", None),
    ("first_name", ""),
    ("first_name", LONG),
    ("first_name", 5),
    ("first_name", None),
    ("last_name", ""),
    ("last_name", ["Doe"]),
    ("company", "c" * 201),
    ("company", {"name": "Acme"}),
    ("phone", "12345"),
    ("phone", "call me maybe"),
    ("phone", "+1 555 0100\n"),
    ("phone", "1" * 26),
    ("linkedin_url", "linkedin.com/in/x"),
    ("linkedin_url", "ftp://linkedin.com/in/x"),
    ("linkedin_url", "https://" + "l" * 493),
    ("job_title", "t" * 201),
    ("location", "l" * 201),
    ("notes", "n" * 5001),
    ("tags", "vip"),
    ("tags", [""]),
    ("tags", ["t" * 51]),
    ("tags", [1]),
    ("tags", ["t"] * 51),
    ("custom_fields", ["a"]),
    ("custom_fields", {f"k{index}": index for index in range(51)}),
    ("status", "active"),
    ("id", "lead_1"),
    ("unknown", 1),
]


@pytest.mark.parametrize(("field", "value"), INVALID_FIELDS)
def test_create_invalid_value_is_422_naming_the_field(
    raw, server, lead_body, field, value
) -> None:
    response = raw.call("POST", "/leads", lead_body(**{field: value}))

    assert response.status == 422, response.body
    assert response.code == "VALIDATION_ERROR"
    assert response.json()["details"] == {"field": field}
    assert server.lead_count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "o'brien+leads@mail.co.example"),
        ("email", "x@" + "d" * 63 + ".example"),
        ("first_name", "x" * 100),
        ("phone", "(030) 123.45-67"),
        ("phone", "+" + "1" * 25),
        ("linkedin_url", "http://x"),
        ("notes", "n" * 5000),
        ("tags", ["t" * 50] * 50),
        ("tags", []),
        (
            "custom_fields",
            {f"k{index}": [index, {"nested": None}] for index in range(50)},
        ),
        ("company", None),
        ("tags", None),
    ],
)
def test_create_accepts_values_at_the_limits(raw, lead_body, field, value) -> None:
    response = raw.call("POST", "/leads", lead_body(**{field: value}))

    assert response.status == 201, response.body
    assert response.json()[field] == value


def test_out_of_range_number_is_422(raw) -> None:
    body = b'{"first_name": "A", "last_name": "B", "email": "a@b.example",'
    body += b' "custom_fields": {"big": 1e400}}'

    response = raw.call(
        "POST", "/leads", raw_body=body, headers={"Content-Type": "application/json"}
    )

    assert response.status == 422
    assert response.code == "VALIDATION_ERROR"


def test_non_ascii_text_round_trips(raw, lead_body) -> None:
    created = raw.call(
        "POST", "/leads", lead_body(first_name="Zoë", notes="日本語 😀")
    ).json()

    fetched = raw.call("GET", f"/leads/{created['id']}").json()

    assert fetched["first_name"] == "Zoë"
    assert fetched["notes"] == "日本語 😀"
