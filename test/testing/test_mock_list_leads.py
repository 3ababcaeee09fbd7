"""listLeads: filters, sorting, ordering, pagination and query validation."""

from __future__ import annotations

import itertools
from urllib.parse import quote

import pytest

from buena_sdk.testing import MockServer


def _list(raw, query: str = "") -> dict:
    response = raw.call("GET", "/leads" + query)
    assert response.status == 200, response.body
    return response.json()


def _ids(document: dict) -> list[str]:
    return [lead["id"] for lead in document["data"]]


def test_list_defaults_to_50_newest_first(seeded_raw) -> None:
    document = _list(seeded_raw)

    assert (document["total"], document["limit"], document["offset"]) == (30, 50, 0)
    created = [lead["created_at"] for lead in document["data"]]
    assert len(created) == 30
    assert created == sorted(created, reverse=True)
    assert len(set(created)) == 30


def test_pages_cover_every_lead_once_in_order(seeded_raw) -> None:
    everything = _ids(_list(seeded_raw, "?limit=100"))

    pages = [
        _list(seeded_raw, f"?limit=7&offset={offset}") for offset in range(0, 35, 7)
    ]

    assert [page["total"] for page in pages] == [30] * 5
    assert [len(page["data"]) for page in pages] == [7, 7, 7, 7, 2]
    assert [lead_id for page in pages for lead_id in _ids(page)] == everything


def test_offset_past_the_end_gives_empty_page_with_total(seeded_raw) -> None:
    document = _list(seeded_raw, "?offset=500&limit=10")

    assert document == {"data": [], "total": 30, "limit": 10, "offset": 500}


@pytest.mark.parametrize(
    "field", ["created_at", "updated_at", "first_name", "last_name"]
)
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_sort_orders_by_field_with_ties_broken_by_id_ascending(
    seeded_raw, field, order
) -> None:
    leads = _list(seeded_raw, f"?limit=100&sort={field}&order={order}")["data"]

    def primary(lead: dict) -> str:
        value = lead[field]
        return value.casefold() if field.endswith("name") else value

    for before, after in itertools.pairwise(leads):
        if primary(before) == primary(after):
            assert before["id"] < after["id"]
        elif order == "asc":
            assert primary(before) < primary(after)
        else:
            assert primary(before) > primary(after)


def test_name_sort_has_ties_in_seeded_data(seeded_raw) -> None:
    names = [lead["first_name"] for lead in _list(seeded_raw, "?limit=100")["data"]]

    assert len(set(names)) < len(names)


def test_equal_names_are_ordered_by_id(server: MockServer, raw) -> None:
    for index in range(5):
        server.add_lead(first_name="Sam", last_name="Lee", email=f"s{index}@l.example")

    for order in ("asc", "desc"):
        ids = _ids(_list(raw, f"?sort=first_name&order={order}"))
        assert ids == sorted(ids)


@pytest.fixture
def people(server: MockServer) -> dict[str, str]:
    """Four leads chosen to test search, company and status; name -> id."""
    rows = [
        ("Zed", "Alpha", "z.alpha@x.example", "Acme Corp", "active"),
        ("Amy", "Zedson", "amy@y.example", "ACME Labs", "contacted"),
        ("Bob", "Brown", "bob.ZED@x.example", None, "inactive"),
        ("Carl", "Other", "carl@x.example", "Globex", "active"),
    ]
    ids = {}
    for first, last, email, company, status in rows:
        lead = server.add_lead(
            first_name=first,
            last_name=last,
            email=email,
            company=company,
            status=status,
        )
        ids[first] = lead["id"]
    return ids


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("?search=zed", {"Zed", "Amy", "Bob"}),
        ("?search=ZED", {"Zed", "Amy", "Bob"}),
        ("?search=y.example", {"Amy"}),
        ("?search=nobody", set()),
        ("?company=acme", {"Zed", "Amy"}),
        ("?company=LABS", {"Amy"}),
        ("?company=globex", {"Carl"}),
        ("?status=active", {"Zed", "Carl"}),
        ("?status=inactive", {"Bob"}),
        ("?search=zed&company=acme", {"Zed", "Amy"}),
        ("?search=zed&status=contacted", {"Amy"}),
        ("?company=acme&status=inactive", set()),
        ("?search=" + quote("ö ü&="), set()),
    ],
)
def test_filters_keep_matching_leads_only(raw, people, query, names) -> None:
    document = _list(raw, query)

    assert set(_ids(document)) == {people[name] for name in names}
    assert document["total"] == len(names)


def test_total_counts_all_matches_not_just_the_page(raw, people) -> None:
    document = _list(raw, "?search=zed&limit=1")

    assert len(document["data"]) == 1
    assert document["total"] == 3


@pytest.mark.parametrize(
    ("query", "status", "code", "parameter"),
    [
        ("?limit=ten", 400, "INVALID_PARAMETER", "limit"),
        ("?limit=", 400, "INVALID_PARAMETER", "limit"),
        ("?limit=2.5", 400, "INVALID_PARAMETER", "limit"),
        ("?offset=x", 400, "INVALID_PARAMETER", "offset"),
        ("?limit=1&limit=2", 400, "INVALID_PARAMETER", "limit"),
        ("?limit=0", 422, "VALIDATION_ERROR", "limit"),
        ("?limit=101", 422, "VALIDATION_ERROR", "limit"),
        ("?limit=-1", 422, "VALIDATION_ERROR", "limit"),
        ("?limit=" + "9" * 5000, 422, "VALIDATION_ERROR", "limit"),
        ("?offset=-1", 422, "VALIDATION_ERROR", "offset"),
        ("?sort=email", 422, "VALIDATION_ERROR", "sort"),
        ("?order=up", 422, "VALIDATION_ERROR", "order"),
        ("?status=lost", 422, "VALIDATION_ERROR", "status"),
        ("?status=", 422, "VALIDATION_ERROR", "status"),
    ],
)
def test_bad_query_values_are_400_or_422(raw, query, status, code, parameter) -> None:
    response = raw.call("GET", "/leads" + query)

    assert response.status == status
    assert response.code == code
    assert response.json()["details"] == {"parameter": parameter}


@pytest.mark.parametrize("limit", [1, 100])
def test_limit_bounds_are_accepted(seeded_raw, limit) -> None:
    document = _list(seeded_raw, f"?limit={limit}")

    assert document["limit"] == limit
    assert len(document["data"]) == min(limit, 30)


def test_unknown_query_parameters_are_ignored(seeded_raw) -> None:
    assert _list(seeded_raw, "?page=3&foo=bar")["total"] == 30
