"""DefaultApi.iter_leads: every matching lead exactly once, page by page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import buena_sdk
from buena_sdk.api.default_api import DefaultApi
from buena_sdk.exceptions import ApiTypeError, ApiValueError, ServiceException
from buena_sdk.models.lead import Lead
from buena_sdk.testing import Fault, MockServer

PAGE_SIZE = 7
MAX_STEPS = 2000
"""Upper bound on next() calls in a test; far above any lead count used."""


@pytest.fixture(scope="module")
def crowd() -> Iterator[MockServer]:
    """250 seeded leads, shared by the read-only tests of this module."""
    with MockServer(seed_leads=250, random_seed=11) as mock:
        yield mock


@pytest.fixture
def crowd_api(crowd: MockServer) -> Iterator[DefaultApi]:
    """A client for ``crowd`` that never retries; its request log starts empty."""
    crowd.clear_requests()
    with buena_sdk.ApiClient(configuration_for(crowd)) as api_client:
        yield DefaultApi(api_client)


@pytest.fixture
def fresh() -> Iterator[MockServer]:
    """250 seeded leads on a server of the test's own, free to change."""
    with MockServer(seed_leads=250, random_seed=12) as mock:
        yield mock


@pytest.fixture
def fresh_api(fresh: MockServer) -> Iterator[DefaultApi]:
    with buena_sdk.ApiClient(configuration_for(fresh)) as api_client:
        yield DefaultApi(api_client)


def configuration_for(mock: MockServer) -> buena_sdk.Configuration:
    configuration = buena_sdk.Configuration(host=mock.url, retries=0)
    configuration.api_key["ApiKeyAuth"] = mock.api_key
    return configuration


def ids(leads: Any) -> list[str]:
    return [lead["id"] if isinstance(lead, dict) else lead.id for lead in leads]


def drain(iterator: Iterator[Lead]) -> list[Lead]:
    """Every item of ``iterator``, refusing to run away."""
    items = []
    for _ in range(MAX_STEPS):
        item = next(iterator, None)
        if item is None:
            return items
        items.append(item)
    raise AssertionError("iter_leads did not stop")


def page_queries(mock: MockServer) -> list[dict[str, list[str]]]:
    return [record.query for record in mock.requests if record.route == "GET /leads"]


# -- every lead once ------------------------------------------------------------


def test_iter_leads_yields_every_lead_once_oldest_first(
    crowd: MockServer, crowd_api: DefaultApi
) -> None:
    yielded = drain(crowd_api.iter_leads(page_size=PAGE_SIZE))

    assert ids(yielded) == ids(crowd.leads())
    assert len(set(ids(yielded))) == 250
    assert all(isinstance(lead, Lead) for lead in yielded)


def test_iter_leads_stops_after_the_short_last_page(
    crowd: MockServer, crowd_api: DefaultApi
) -> None:
    drain(crowd_api.iter_leads(page_size=PAGE_SIZE))

    queries = page_queries(crowd)
    assert len(queries) == 36  # 35 full pages of 7, then one of 5
    assert [query["offset"] for query in queries] == [
        [str(offset)] for offset in range(0, 250, PAGE_SIZE)
    ]
    assert all(query["limit"] == [str(PAGE_SIZE)] for query in queries)
    assert all(query["sort"] == ["created_at"] for query in queries)
    assert all(query["order"] == ["asc"] for query in queries)


@pytest.mark.parametrize(("count", "pages"), [(0, 1), (21, 3), (22, 4), (1, 1)])
def test_iter_leads_sends_no_request_past_the_end(count: int, pages: int) -> None:
    with MockServer(seed_leads=count) as mock:
        with buena_sdk.ApiClient(configuration_for(mock)) as api_client:
            yielded = drain(DefaultApi(api_client).iter_leads(page_size=PAGE_SIZE))

        assert ids(yielded) == ids(mock.leads())
        assert mock.request_count("GET /leads") == pages


def test_iter_leads_fetches_pages_lazily(
    crowd: MockServer, crowd_api: DefaultApi
) -> None:
    iterator = crowd_api.iter_leads(page_size=PAGE_SIZE)
    assert crowd.request_count() == 0

    first_page = [next(iterator) for _ in range(PAGE_SIZE)]
    assert crowd.request_count() == 1

    next(iterator)
    assert crowd.request_count() == 2
    assert ids(first_page) == ids(crowd.leads()[:PAGE_SIZE])


def test_iter_leads_default_page_size_is_100(
    crowd: MockServer, crowd_api: DefaultApi
) -> None:
    yielded = drain(crowd_api.iter_leads())

    assert len(yielded) == 250
    assert [query["limit"] for query in page_queries(crowd)] == [["100"]] * 3


def test_iter_leads_in_descending_order(
    crowd: MockServer, crowd_api: DefaultApi
) -> None:
    yielded = drain(crowd_api.iter_leads(page_size=PAGE_SIZE, order="desc"))

    assert ids(yielded) == ids(crowd.leads())[::-1]
    assert page_queries(crowd)[0]["order"] == ["desc"]


def test_iter_leads_by_another_sort_field(
    crowd: MockServer, crowd_api: DefaultApi
) -> None:
    yielded = drain(crowd_api.iter_leads(page_size=PAGE_SIZE, sort="last_name"))

    by_id = sorted(crowd.leads(), key=lambda lead: lead["id"])
    expected = sorted(by_id, key=lambda lead: lead["last_name"].casefold())
    assert ids(yielded) == ids(expected)


# -- filters ------------------------------------------------------------------------


def matching(mock: MockServer, **filters: str) -> list[dict[str, Any]]:
    """The mock's leads passing ``filters``, oldest first (computed here)."""
    result = []
    for lead in mock.leads():
        if "status" in filters and lead["status"] != filters["status"]:
            continue
        company = (lead["company"] or "").casefold()
        if "company" in filters and filters["company"].casefold() not in company:
            continue
        names = (lead["first_name"], lead["last_name"], lead["email"])
        needle = filters.get("search", "").casefold()
        if any(needle in text.casefold() for text in names):
            result.append(lead)
    return result


@pytest.mark.parametrize(
    "filters",
    [
        {"status": "contacted"},
        {"status": "inactive"},
        {"company": "example corp"},
        {"company": "LABS"},
        {"search": "an"},
        {"search": "an", "status": "active", "company": "a"},
    ],
)
def test_iter_leads_respects_filters(
    crowd: MockServer, crowd_api: DefaultApi, filters: dict[str, str]
) -> None:
    expected = matching(crowd, **filters)

    yielded = drain(crowd_api.iter_leads(page_size=PAGE_SIZE, **filters))

    assert expected
    assert ids(yielded) == ids(expected)
    for query in page_queries(crowd):
        for name, value in filters.items():
            assert query[name] == [value]


def test_iter_leads_with_no_match_sends_one_request(
    crowd: MockServer, crowd_api: DefaultApi
) -> None:
    assert drain(crowd_api.iter_leads(search="no such person")) == []
    assert crowd.request_count() == 1


# -- argument checks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"page_size": 0}, ApiValueError),
        ({"page_size": 101}, ApiValueError),
        ({"page_size": -7}, ApiValueError),
        ({"page_size": "7"}, ApiTypeError),
        ({"page_size": 7.0}, ApiTypeError),
        ({"page_size": True}, ApiTypeError),
        ({"sort": "email"}, ApiValueError),
        ({"order": "newest"}, ApiValueError),
        ({"status": "lost"}, ApiValueError),
        ({"search": 3}, ApiTypeError),
        ({"company": b"Acme"}, ApiTypeError),
        ({"_page": 2}, ApiTypeError),
    ],
)
def test_iter_leads_checks_arguments_before_iterating(
    crowd: MockServer,
    crowd_api: DefaultApi,
    arguments: dict[str, Any],
    error: type[Exception],
) -> None:
    with pytest.raises(error, match="iter_leads") as caught:
        crowd_api.iter_leads(**arguments)

    assert crowd.request_count() == 0
    named = next(iter(arguments)).lstrip("_")
    assert named in str(caught.value)


@pytest.mark.parametrize("page_size", [1, 100])
def test_iter_leads_accepts_page_size_bounds(
    crowd: MockServer, crowd_api: DefaultApi, page_size: int
) -> None:
    iterator = crowd_api.iter_leads(page_size=page_size, status="contacted")

    assert ids(drain(iterator)) == ids(matching(crowd, status="contacted"))


# -- changes while iterating ----------------------------------------------------------


def new_lead(mock: MockServer, index: int) -> dict[str, Any]:
    return mock.add_lead(
        first_name="Late", last_name=f"Comer{index}", email=f"late{index}@new.test"
    )


def test_leads_created_while_iterating_come_last_and_once(
    fresh: MockServer, fresh_api: DefaultApi
) -> None:
    originals = ids(fresh.leads())
    iterator = fresh_api.iter_leads(page_size=PAGE_SIZE)
    yielded: list[Lead] = []
    created: list[dict[str, Any]] = []

    for step in range(MAX_STEPS):
        lead = next(iterator, None)
        if lead is None:
            break
        yielded.append(lead)
        if step < 30:
            created.append(new_lead(fresh, step))

    assert ids(yielded) == originals + ids(created)
    assert len(set(ids(yielded))) == len(yielded)


def test_leads_created_while_iterating_newest_first_are_not_repeated(
    fresh: MockServer, fresh_api: DefaultApi
) -> None:
    originals = ids(fresh.leads())[::-1]
    iterator = fresh_api.iter_leads(page_size=PAGE_SIZE, order="desc")
    yielded: list[Lead] = []

    # Up to two new leads per page of seven shift later pages by as many:
    # the already-seen leads they push onto the next page are skipped.
    for step in range(MAX_STEPS):
        lead = next(iterator, None)
        if lead is None:
            break
        yielded.append(lead)
        if step % 4 == 0:
            new_lead(fresh, step)

    assert ids(yielded) == originals
    assert fresh.lead_count() > 250


def test_a_full_page_of_new_leads_between_pages_repeats_nothing(
    fresh: MockServer, fresh_api: DefaultApi
) -> None:
    originals = ids(fresh.leads())[::-1]
    iterator = fresh_api.iter_leads(page_size=PAGE_SIZE, order="desc")
    yielded = [next(iterator) for _ in range(PAGE_SIZE)]

    for index in range(PAGE_SIZE):
        new_lead(fresh, index)
    yielded += drain(iterator)

    assert ids(yielded) == originals


def test_deleting_yielded_leads_while_iterating_skips_as_many_unseen_ones(
    fresh: MockServer, fresh_api: DefaultApi
) -> None:
    # A documented limitation of offset paging, pinned so the docs stay true.
    originals = ids(fresh.leads())
    iterator = fresh_api.iter_leads(page_size=PAGE_SIZE)
    yielded = [next(iterator) for _ in range(PAGE_SIZE)]

    for lead in yielded[:2]:
        fresh_api.delete_lead(lead.id)
    yielded += drain(iterator)

    assert len(set(ids(yielded))) == len(yielded)
    assert len(yielded) == len(originals) - 2
    assert set(ids(yielded)) < set(originals)


# -- failures and options ------------------------------------------------------------


def test_iter_leads_raises_a_failing_page(
    fresh: MockServer, fresh_api: DefaultApi
) -> None:
    fresh.add_faults("GET /leads", Fault.delay(0), Fault.status(500))
    iterator = fresh_api.iter_leads(page_size=PAGE_SIZE)
    first_page = [next(iterator) for _ in range(PAGE_SIZE)]

    with pytest.raises(ServiceException) as caught:
        next(iterator)

    assert caught.value.status == 500
    assert ids(first_page) == ids(fresh.leads()[:PAGE_SIZE])


def test_iter_leads_sends_per_call_options_with_every_page(
    crowd: MockServer, crowd_api: DefaultApi
) -> None:
    drain(crowd_api.iter_leads(page_size=50, _headers={"X-Export": "nightly"}))

    headers = [record.headers for record in crowd.requests]
    assert len(headers) == 5
    assert all(header["x-export"] == "nightly" for header in headers)


def test_iter_leads_request_auth_applies_to_every_page(
    crowd: MockServer, crowd_api: DefaultApi
) -> None:
    reader = crowd.add_api_key(permissions=["leads:read"])
    auth = {"in": "header", "key": "x-api-key", "value": reader}

    yielded = drain(crowd_api.iter_leads(page_size=100, _request_auth=auth))

    assert len(yielded) == 250
    assert [record.headers["x-api-key"] for record in crowd.requests] == [reader] * 3


def test_iter_leads_reads_the_api_key_for_every_page(
    crowd: MockServer, crowd_api: DefaultApi
) -> None:
    rotated = crowd.add_api_key(permissions=["leads:read"])
    iterator = crowd_api.iter_leads(page_size=100)
    first_page = [next(iterator) for _ in range(100)]

    crowd_api.api_client.configuration.api_key["ApiKeyAuth"] = rotated
    rest = drain(iterator)

    assert len(first_page) + len(rest) == 250
    keys = [record.headers["x-api-key"] for record in crowd.requests]
    assert keys == [crowd.api_key, rotated, rotated]


def test_iter_leads_keeps_the_host_of_its_first_page(
    crowd: MockServer, crowd_api: DefaultApi
) -> None:
    iterator = crowd_api.iter_leads(page_size=100, order="desc")
    next(iterator)

    crowd_api.api_client.configuration.host = "http://127.0.0.1:9/api/v2"
    yielded = 1 + len(drain(iterator))

    assert yielded == 250
    assert [query["offset"] for query in page_queries(crowd)] == [
        ["0"],
        ["100"],
        ["200"],
    ]
    assert all(query["order"] == ["desc"] for query in page_queries(crowd))


def test_iter_leads_is_an_iterator(crowd_api: DefaultApi) -> None:
    iterator = crowd_api.iter_leads()

    assert iter(iterator) is iterator
