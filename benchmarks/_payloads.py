"""The fixed bytes every client decodes, and the values they send.

The leads come from the SDK's own mock server (seeded, so every run sees the
same bytes), encoded the way a server would send them: compact JSON.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from buena_sdk.testing import MockServer

API_KEY = "bna_" + "b" * 40
BASE_URL = "http://127.0.0.1:9/api/v2"
"""Where stubbed clients believe they send requests; nothing is contacted."""

PAGE_SIZE = 100
ITER_TOTAL = 20_000
LEAD_ID = "lead_100000000042"
RANDOM_SEED = 2024

CREATE_FIELDS: dict[str, Any] = {
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
"""The create_lead request of the API reference's example."""

HEALTH: dict[str, Any] = {
    "status": "healthy",
    "timestamp": "2026-06-29T10:00:00.123456Z",
    "version": "2.0.0",
    "services": {"database": "healthy", "redis": "healthy", "api": "healthy"},
    "response_time": 12,
}

_ID_MARK = "@@@@"


def encode(document: Any) -> bytes:
    """Compact JSON, as a server sends it."""
    return json.dumps(document, separators=(",", ":")).encode()


@lru_cache(maxsize=1)
def seeded_leads() -> tuple[dict[str, Any], ...]:
    """One page of realistic, distinct leads (every property present)."""
    return tuple(MockServer(seed_leads=PAGE_SIZE, random_seed=RANDOM_SEED).leads())


def lead_body() -> bytes:
    """The body of get_lead: one seeded lead with tags and custom fields."""
    lead = dict(seeded_leads()[0])
    lead["id"] = LEAD_ID
    lead["tags"] = ["conference", "engineer"]
    lead["custom_fields"] = {"lead_source": "conference", "priority": "high"}
    return encode(lead)


def created_body() -> bytes:
    """The body of create_lead: the request's fields plus id, status, times."""
    lead = dict(seeded_leads()[1])
    lead.update(CREATE_FIELDS)
    lead["id"] = LEAD_ID
    lead["status"] = "active"
    return encode(lead)


def health_body() -> bytes:
    """The body of health_check."""
    return encode(HEALTH)


def page_body(total: int = 250) -> bytes:
    """The body of list_leads(limit=100): the first of ``total`` leads."""
    page = {"data": list(seeded_leads()), "total": total, "limit": PAGE_SIZE}
    page["offset"] = 0
    return encode(page)


class PageSource:
    """Pages of ``ITER_TOTAL`` distinct leads, made once from one template.

    Every page is encoded up front, so a request costs the client no more
    than receiving bytes does: the same for every client, and nothing that
    grows with the number of pages read.
    """

    def __init__(self, total: int = ITER_TOTAL) -> None:
        self.total = total
        leads = []
        for index, seeded in enumerate(seeded_leads()):
            lead = dict(seeded)
            lead["id"] = f"lead_{_ID_MARK}{index:08d}"
            leads.append(lead)
        template = encode(leads)
        tail = b',"total":%d,"limit":%d,"offset":' % (total, PAGE_SIZE)
        self._pages = [
            b'{"data":'
            + template.replace(_ID_MARK.encode(), b"%04d" % (offset // PAGE_SIZE))
            + tail
            + b"%d}" % offset
            for offset in range(0, total, PAGE_SIZE)
        ]
        self._past_the_end = b'{"data":[]' + tail + b"%d}" % total

    def body(self, offset: int) -> bytes:
        """The page starting at ``offset``: its ids are unique to that page."""
        if offset % PAGE_SIZE or not 0 <= offset < self.total:
            return self._past_the_end
        return self._pages[offset // PAGE_SIZE]


@lru_cache(maxsize=1)
def page_source() -> PageSource:
    """The one `PageSource` every stub shares."""
    return PageSource()
