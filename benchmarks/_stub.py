"""A urllib3 PoolManager stand-in that answers from fixed bytes.

Every client under test (the floor, buena_sdk and the generated client) gets
the same stub, so the time it takes is the same for all of them: each call
builds a real `urllib3.HTTPResponse` over an in-memory body, exactly what a
pool hands back for a response read with ``preload_content=False``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import urllib3

from benchmarks import _payloads

Answer = tuple[int, bytes] | Callable[[str], tuple[int, bytes]]
"""A fixed (status, body), or a function of the query string giving one."""

REASONS = {200: "OK", 201: "Created"}


class StubPoolManager:
    """Answers ``request`` by method and URL (query string aside)."""

    def __init__(self, routes: dict[tuple[str, str], Answer]) -> None:
        self.routes = routes
        self.requests = 0

    def request(
        self,
        method: str,
        url: str,
        body: Any = None,
        fields: Any = None,
        headers: Any = None,
        **options: Any,
    ) -> urllib3.HTTPResponse:
        """One canned response; the request itself is not looked at."""
        self.requests += 1
        target, _, query = url.partition("?")
        answer = self.routes[(method, target)]
        status, payload = answer(query) if callable(answer) else answer
        return urllib3.HTTPResponse(
            body=io.BytesIO(payload),
            headers={
                "Content-Type": "application/json",
                "Content-Length": str(len(payload)),
                "X-Request-Id": "req_0123456789abcdef01234567",
            },
            status=status,
            reason=REASONS.get(status, "OK"),
            version=11,
            preload_content=False,
            decode_content=True,
            request_method=method,
            request_url=url,
        )

    def urlopen(self, method: str, url: str, **options: Any) -> urllib3.HTTPResponse:
        """Same as `request`: some clients call this instead."""
        return self.request(method, url, **options)

    def clear(self) -> None:
        """Nothing pooled, nothing to close."""


def _offset_of(query: str) -> int:
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        if name == "offset":
            return int(value)
    return 0


def build_stub(base_url: str = _payloads.BASE_URL) -> StubPoolManager:
    """A stub that knows every endpoint the benchmark calls."""
    pages = _payloads.page_source()
    page = _payloads.page_body()
    lead = _payloads.lead_body()

    def list_leads(query: str) -> tuple[int, bytes]:
        # A query with an offset is paging through all leads; without, it
        # asks for the one fixed page.
        if "offset=" in query:
            return 200, pages.body(_offset_of(query))
        return 200, page

    return StubPoolManager(
        {
            ("GET", f"{base_url}/leads"): list_leads,
            ("GET", f"{base_url}/leads/{_payloads.LEAD_ID}"): (200, lead),
            ("POST", f"{base_url}/leads"): (201, _payloads.created_body()),
            ("GET", f"{base_url}/health"): (200, _payloads.health_body()),
        }
    )
