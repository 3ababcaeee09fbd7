"""The floor: what bare urllib3 + pydantic does for each scenario.

Plain pydantic models (defaults everywhere) mirror the schemas, and each call
is one urllib3 request with headers built once, the body read, then
``TypeAdapter(...).validate_json``. Nothing an SDK adds is here: no argument
checks, no error classification, no retry policy, no logging.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import urllib3
from pydantic import BaseModel, TypeAdapter

from benchmarks import _payloads


class Lead(BaseModel):
    """A lead, as bare pydantic would declare it."""

    id: str
    first_name: str
    last_name: str
    email: str
    company: str | None = None
    phone: str | None = None
    linkedin_url: str | None = None
    job_title: str | None = None
    location: str | None = None
    notes: str | None = None
    tags: list[str] | None = None
    custom_fields: dict[str, Any] | None = None
    status: str
    created_at: datetime
    updated_at: datetime


class ListLeads200Response(BaseModel):
    """A page of leads."""

    data: list[Lead]
    total: int
    limit: int
    offset: int


class HealthCheck200Response(BaseModel):
    """The API's health."""

    status: str
    timestamp: datetime
    version: str
    services: dict[str, str]
    response_time: int


class CreateLeadRequest(BaseModel):
    """The create_lead body."""

    first_name: str
    last_name: str
    email: str
    company: str | None = None
    phone: str | None = None
    linkedin_url: str | None = None
    job_title: str | None = None
    location: str | None = None
    notes: str | None = None
    tags: list[str] | None = None
    custom_fields: dict[str, Any] | None = None


LEAD = TypeAdapter(Lead)
PAGE = TypeAdapter(ListLeads200Response)
HEALTH = TypeAdapter(HealthCheck200Response)


class FloorClient:
    """Bare urllib3 + pydantic against ``base_url`` through ``pool``."""

    def __init__(self, pool: Any, base_url: str = _payloads.BASE_URL) -> None:
        self.pool = pool
        self.base_url = base_url
        self.headers = {
            "Accept": "application/json",
            "User-Agent": "bench-floor",
            "x-api-key": _payloads.API_KEY,
        }
        self.json_headers = {**self.headers, "Content-Type": "application/json"}

    def _get(self, url: str) -> bytes:
        response = self.pool.request("GET", url, headers=self.headers)
        return bytes(response.data)

    def list_leads(self) -> ListLeads200Response:
        """GET /leads?limit=100 and decode the page."""
        url = f"{self.base_url}/leads?limit={_payloads.PAGE_SIZE}"
        return PAGE.validate_json(self._get(url))

    def list_page(self, offset: int) -> ListLeads200Response:
        """GET /leads?limit=100&offset=N and decode the page."""
        url = f"{self.base_url}/leads?limit={_payloads.PAGE_SIZE}&offset={offset}"
        return PAGE.validate_json(self._get(url))

    def get_lead(self) -> Lead:
        """GET /leads/{id} and decode the lead."""
        return LEAD.validate_json(
            self._get(f"{self.base_url}/leads/{_payloads.LEAD_ID}")
        )

    def health_check(self) -> HealthCheck200Response:
        """GET /health and decode it."""
        return HEALTH.validate_json(self._get(f"{self.base_url}/health"))

    def create_lead(self) -> Lead:
        """Validate the request, encode it, POST it, decode the new lead."""
        request = CreateLeadRequest(**_payloads.CREATE_FIELDS)
        response = self.pool.request(
            "POST",
            f"{self.base_url}/leads",
            body=request.model_dump_json(exclude_unset=True),
            headers=self.json_headers,
        )
        return LEAD.validate_json(response.data)

    def iter_leads(self) -> Iterator[Lead]:
        """Every lead, page by page: the loop a user of bare urllib3 writes."""
        offset = 0
        while True:
            page = self.list_page(offset)
            yield from page.data
            offset += len(page.data)
            if len(page.data) < _payloads.PAGE_SIZE or offset >= page.total:
                return


def new_stub_client() -> FloorClient:
    """A floor client over the stub transport."""
    from benchmarks._stub import build_stub

    return FloorClient(build_stub())


def new_http_client(base_url: str) -> FloorClient:
    """A floor client over a real keep-alive urllib3 pool.

    It sets the same connect and read timeouts as the SDK's defaults: a
    client without them can hang forever, so they are part of the least a
    client must do, and a socket timeout costs a poll() per read.
    """
    timeout = urllib3.Timeout(connect=10.0, read=30.0)
    return FloorClient(urllib3.PoolManager(maxsize=1, timeout=timeout), base_url)
